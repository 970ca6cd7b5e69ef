// JSON logs (pino) where every line written while a request is handled carries its request id,
// whoever writes it (a route, a webhook, the error handler): the id travels in AsyncLocalStorage,
// and the logger's mixin adds it. The id is also the `x-request-id` response header.
import { LOG_REDACTIONS } from '../config/log-redactions';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import pino, { type DestinationStream, type Logger } from 'pino';

interface RequestContext {
  requestId: string;
}

const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

export function createLogger(options: { name: string; level: string }, destination?: DestinationStream): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      // Never write credentials, whatever object a caller logs.
      redact: {
        paths: [...LOG_REDACTIONS],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** A caller's own id is kept when it is short and plain (so it can be quoted in support requests). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFor(incoming: string | undefined): string {
  return incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Request id + one access log line per request, at the end, with its status and duration. */
export function requestLogging(log: Logger) {
  return async (ctx: Context, next: Next) => {
    const requestId = requestIdFor(ctx.get('x-request-id') || undefined);
    ctx.state.requestId = requestId;
    ctx.set('x-request-id', requestId);
    const started = performance.now();
    await requestContext.run({ requestId }, async () => {
      try {
        await next();
      } finally {
        log.info(
          { method: ctx.method, path: redactedPath(ctx.path), status: ctx.status, ms: Math.round(performance.now() - started) },
          'request',
        );
      }
    });
  };
}

/** The calendar feed's URL holds its secret: never in a log line. */
export function redactedPath(requestPath: string): string {
  return requestPath.replace(/^\/api\/calendar\/[^/]+\.ics$/, '/api/calendar/[secret].ics');
}
