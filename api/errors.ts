// Errors are values with a code and a message a person can act on, in one shape for every route:
// `{ error: { code, message, details } }`. Anything the client got wrong is a 4xx, never a 5xx.
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { z } from 'zod';
import { redactedPath } from './logging';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new HttpError(400, code, message, details);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found`);
export const unauthorized = (message = 'sign in to continue', code = 'unauthorized') => new HttpError(401, code, message);
export const conflict = (code: string, message: string, details?: unknown) => new HttpError(409, code, message, details);
export const unprocessable = (code: string, message: string, details?: unknown) => new HttpError(422, code, message, details);
export const tooManyRequests = (message: string, retryAfterSeconds: number, code = 'too_many_attempts') =>
  new HttpError(429, code, message, { retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
export const unavailable = (code: string, message: string) => new HttpError(503, code, message, undefined, { 'retry-after': '5' });
export const badGateway = (code: string, message: string) => new HttpError(502, code, message);

/** Parses `value` with `schema` or throws a 400 naming the first wrong field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where = 'body'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidRequest(result.error, where);
}

export function invalidRequest(error: z.ZodError, where: string): HttpError {
  const issue = error.issues[0]!;
  const field = issue.path.length ? `${where === 'body' ? '' : `${where}.`}${issue.path.join('.')}` : where;
  const details = error.issues.map(({ code, path, message }) => ({ code, path, message }));
  // A malformed phone number has its own code, so the dashboard can point at the field.
  const code = error.issues.some((candidate) => candidate.code === 'custom' && candidate.params?.phone === true)
    ? 'invalid_phone_number'
    : 'invalid_request';
  return new HttpError(400, code, `${field}: ${issue.message}`, details);
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'body_too_large',
  415: 'unsupported_media_type',
};

export function errorHandler(log: Logger) {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      // The router answers unknown paths and methods without a body: give them the one shape too.
      if (ctx.status === 404 && ctx.body == null) throw notFound(`${ctx.method} ${ctx.path}`);
      if ((ctx.status === 405 || ctx.status === 501) && (ctx.body == null || ctx.body === '')) {
        throw new HttpError(405, 'method_not_allowed', `${ctx.method} is not allowed on ${ctx.path}`, undefined, {
          allow: String(ctx.response.get('allow') || ''),
        });
      }
    } catch (error) {
      const known = toHttpError(error);
      // A failure we did not foresee is an error to look at; a foreseen 5xx (not ready, Twilio down) a warning.
      if (known.status >= 500 && !(error instanceof HttpError))
        log.error({ err: error, path: redactedPath(ctx.path), method: ctx.method }, 'request failed');
      else if (known.status >= 500) log.warn({ code: known.code, path: redactedPath(ctx.path), method: ctx.method }, known.message);
      ctx.status = known.status;
      for (const [name, value] of Object.entries(known.headers)) if (value) ctx.set(name, value);
      // Always the three keys: a client can read `details` without checking it is there.
      ctx.body = { error: { code: known.code, message: known.message, details: known.details ?? null } };
    }
  };
}

export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof z.ZodError) return invalidRequest(error, 'body');
  const status = (error as { status?: unknown } | null)?.status;
  // Koa and its body parser throw errors with a 4xx status for broken JSON, oversized bodies...
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const type = (error as { type?: string }).type;
    if (type === 'entity.too.large') return new HttpError(413, 'body_too_large', 'the request body is larger than 64 kB');
    if (status === 400) return new HttpError(400, 'invalid_body', `the request body is not valid JSON: ${(error as Error).message}`);
    return new HttpError(status, STATUS_CODES[status] ?? 'bad_request', (error as Error).message);
  }
  return new HttpError(500, 'internal', 'something went wrong on our side; try again in a moment');
}
