// What every webhook route does last: answer Twilio with TwiML; and where it is mounted (the
// router's prefix is WEBHOOK_PREFIX, so a route is its full path minus the prefix).
import type { Context } from 'koa';
import { WEBHOOK_PREFIX } from '../../contracts/webhook-paths';

export function twiml(ctx: Context, response: { toString(): string }) {
  ctx.type = 'text/xml';
  ctx.body = response.toString();
}

export const path = (full: string) => full.slice(WEBHOOK_PREFIX.length);
