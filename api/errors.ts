// Errors are values with a code and a message a person can act on, in one shape for every route:
// `{ error: { code, message, details } }`. Anything the client got wrong is a 4xx, never a 5xx.
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found`);
export const unauthorized = (message = 'sign in to continue') => new HttpError(401, 'unauthorized', message);

/** Parses `value` with `schema` or throws a 400 naming the first wrong field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  throw new HttpError(400, 'invalid_request', `${field}: ${issue.message}`, result.error.issues);
}

export function errorHandler(log: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw notFound(`${ctx.method} ${ctx.path}`);
    } catch (error) {
      const known = toHttpError(error);
      if (known.status >= 500) log.error({ err: error, requestId: ctx.state.requestId }, 'request failed');
      ctx.status = known.status;
      ctx.body = { error: { code: known.code, message: known.message, ...(known.details ? { details: known.details } : {}) } };
    }
  };
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const status = (error as { status?: unknown }).status;
  // Koa and its body parser throw errors with a 4xx status for broken JSON, oversized bodies...
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (error as { type?: string }).type;
    const code = type === 'entity.too.large' ? 'body_too_large' : status === 400 ? 'invalid_body' : 'bad_request';
    return new HttpError(status, code, (error as Error).message);
  }
  return new HttpError(500, 'internal', 'something went wrong on our side; try again in a moment');
}
