// Twilio webhooks' outcomes and missed calls (docs/decisions/0024-metrics-and-traces.md), counted
// where the webhooks are mounted (api/webhooks/index.ts): what each request ended as, and whether
// the events it stored were new or Twilio's retry of one stored before (the dedupe key decides).
import type { Context, Next } from 'koa';
import { WEBHOOK_PATHS } from '../contracts/webhook-paths';
import type { InboundContext } from '../api/inbound/context';
import { countMissedCall, countWebhook, type WebhookOutcome } from './metrics';

/** voice, dial_result, sms, status, ... by path; 'other' for a path under the prefix that is none of ours. */
const KINDS = new Map<string, string>(
  Object.entries(WEBHOOK_PATHS).map(([key, path]) => [path, key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)]),
);

interface Stores {
  stored: number;
  duplicates: number;
}

const storesOf = (ctx: Context): Stores => ((ctx.state as { webhookStores?: Stores }).webhookStores ??= { stored: 0, duplicates: 0 });

/** Router middleware, before the signature check (a forged request is an outcome too). */
export function webhookOutcomes() {
  return async (ctx: Context, next: Next) => {
    const stores = storesOf(ctx);
    let status = 500;
    try {
      await next();
      status = ctx.status;
    } catch (error) {
      const thrown = (error as { status?: unknown }).status;
      status = typeof thrown === 'number' ? thrown : 500;
      throw error;
    } finally {
      countWebhook(KINDS.get(ctx.path) ?? 'other', outcomeOf(status, stores));
    }
  };
}

function outcomeOf(status: number, stores: Stores): WebhookOutcome {
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'error';
  if (status >= 400) return 'invalid';
  if (stores.stored > 0) return 'accepted';
  return stores.duplicates > 0 ? 'duplicate' : 'answered';
}

/**
 * The request's inbound store, counting what it stores: a missed call is counted once, when its
 * `missed:` event is first stored (api/inbound/calls.ts), however often Twilio repeats the webhook.
 */
export function countingStores(ctx: Context, app: InboundContext): InboundContext {
  const stores = storesOf(ctx);
  return {
    ...app,
    async store(event) {
      const stored = await app.store(event);
      if (!stored) stores.duplicates += 1;
      else {
        stores.stored += 1;
        if (event.dedupeKey.startsWith('missed:')) countMissedCall('textable');
      }
      return stored;
    },
  };
}
