// The calendar providers' push notifications (issue #16; docs/decisions/0025-owner-calendars.md):
// Google's channel messages and Microsoft Graph's change notifications for the channels the sync
// registered (activities/calendar-push.ts). Each carries the secret we gave at registration
// (Google: the channel token; Graph: the clientState), derived from the connection's id, so it is
// checked without a lookup. A good one only signals the connection's sync to run now; nothing in
// the body is trusted beyond "something changed" (the sync reads the changes itself). Anything
// unsigned or forged is refused with 403 and signals nothing.
import { timingSafeEqual } from 'node:crypto';
import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { Context } from 'koa';
import type { Logger } from 'pino';
import { calendarPushPath, connectionOfChannel, type OwnerCalendars } from '../../providers/owner-calendars';
import { syncCalendarNow } from '../../temporal/calendar-sync';

const same = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

export function calendarWebhookRoutes({ calendars, temporal, log }: { calendars: OwnerCalendars; temporal: Client; log: Logger }) {
  const router = new Router();
  /** The connection a channel id (or clientState's front) names, when `secret` is the one we gave it. */
  const verified = (channelId: string, secret: string): string | undefined => {
    const connectionId = connectionOfChannel(channelId);
    return connectionId && secret && same(secret, calendars.pushSecret(connectionId)) ? connectionId : undefined;
  };
  const refuse = (ctx: Context, provider: string) => {
    log.warn({ requestId: ctx.state.requestId, provider, ip: ctx.ip }, 'rejected calendar notification: bad channel secret');
    ctx.status = 403;
    ctx.body = {
      error: { code: 'invalid_channel', message: 'This notification does not come from a channel we registered', details: null },
    };
  };

  router.post(calendarPushPath('google'), async (ctx) => {
    const connectionId = verified(ctx.get('x-goog-channel-id'), ctx.get('x-goog-channel-token'));
    if (!connectionId) return refuse(ctx, 'google');
    // "sync" only announces the new channel; "exists" (and "not_exists") say the calendar changed.
    if (ctx.get('x-goog-resource-state') !== 'sync') await syncCalendarNow(temporal, connectionId);
    ctx.status = 200;
  });

  router.post(calendarPushPath('microsoft'), async (ctx) => {
    // Graph's validation handshake when a subscription is made: echo the token as text, at once.
    const validationToken = ctx.query.validationToken;
    if (typeof validationToken === 'string') {
      ctx.type = 'text/plain';
      ctx.body = validationToken;
      return;
    }
    const value = (ctx.request.body as { value?: unknown } | undefined)?.value;
    const notifications: unknown[] = Array.isArray(value) ? value : [];
    const connections = new Set<string>();
    for (const notification of notifications) {
      // Our clientState is `<channel id>.<secret>` (providers/owner-calendars.ts).
      const clientState = String((notification as { clientState?: unknown } | null)?.clientState ?? '');
      const dot = clientState.lastIndexOf('.');
      const connectionId = dot > 0 ? verified(clientState.slice(0, dot), clientState.slice(dot + 1)) : undefined;
      if (!connectionId) return refuse(ctx, 'microsoft');
      connections.add(connectionId);
    }
    if (connections.size === 0) return refuse(ctx, 'microsoft');
    for (const connectionId of connections) await syncCalendarNow(temporal, connectionId);
    ctx.status = 202;
  });
  return router;
}
