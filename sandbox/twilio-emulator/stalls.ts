// A fault the others in state.ts cannot play: a send that stalls *before* Twilio takes it. The
// request hangs for `ms`, and then the text is accepted whether or not the sender is still
// waiting — as when a request reached Twilio over a slow path after the sender's client timed
// out. Only a sender that does not send again until such a request can no longer land (and then
// looks at the message list) avoids texting twice (docs/decisions/0014-send-once.md).
//
//   POST /sandbox/stalls { "count": 3, "ms": 9000 }   the next 3 message creates stall 9 s
//   GET  /sandbox/stalls                                what is still to fire
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { z } from 'zod';

const stallRequest = z.strictObject({ count: z.int().min(0), ms: z.int().min(0).max(120_000) });
export type Stall = z.infer<typeof stallRequest>;

export interface SendStalls {
  /** Mounted before the REST API: holds message creates while a stall is pending. */
  middleware(ctx: Context, next: Next): Promise<void>;
  routes: Router;
  set(stall: Stall): void;
  /** How many message creates are stalled right now. */
  inFlight(): number;
  reset(): void;
}

export function createSendStalls(): SendStalls {
  let pending: Stall = { count: 0, ms: 0 };
  let inFlight = 0;
  const routes = new Router();
  routes.get('/sandbox/stalls', (ctx) => {
    ctx.body = { ...pending, inFlight };
  });
  routes.post('/sandbox/stalls', (ctx) => {
    pending = stallRequest.parse(ctx.request.body ?? {});
    ctx.body = { ...pending, inFlight };
  });
  return {
    async middleware(ctx, next) {
      if (ctx.method === 'POST' && ctx.path.endsWith('/Messages.json') && pending.count > 0) {
        pending.count -= 1;
        inFlight += 1;
        try {
          await new Promise((resolve) => setTimeout(resolve, pending.ms));
        } finally {
          inFlight -= 1;
        }
      }
      await next();
    },
    routes,
    set(stall) {
      pending = stallRequest.parse(stall);
    },
    inFlight: () => inFlight,
    reset() {
      pending = { count: 0, ms: 0 };
    },
  };
}
