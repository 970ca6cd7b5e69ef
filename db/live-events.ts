// Live events travel from whoever changed the read model (usually an activity in the worker) to
// every api process through PostgreSQL NOTIFY; each api relays them to its browsers in the
// business's Socket.IO room. NOTIFY issued inside a transaction is delivered only if it commits,
// so the dashboard never hears of a row that was rolled back. Why not the Socket.IO Postgres
// emitter: docs/decisions/0004-live-events-over-postgres-notify.md.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LiveEventName, LiveEvents } from '../contracts/live-events';
import { sql } from './sql';

export const LIVE_EVENTS_CHANNEL = 'nmc_live_events';

export interface LiveEventEnvelope<N extends LiveEventName = LiveEventName> {
  tenantId: string;
  name: N;
  data: LiveEvents[N];
}

/**
 * PostgreSQL refuses a NOTIFY payload over 8,000 bytes, and the refusal fails the transaction it is
 * in — a webhook, or a read-model activity that would then retry forever. 1,600 characters of a
 * caller's text can pass it (a control character is six bytes of JSON), so an event above this
 * bound travels without its text: ids only, and the browser fetches the rest.
 */
export const LIVE_EVENT_MAX_BYTES = 7_000;

export async function publishLiveEvent<N extends LiveEventName>(
  em: EntityManager,
  tenantId: string,
  name: N,
  data: LiveEvents[N],
): Promise<void> {
  await sql(em, 'select pg_notify(?, ?)', [LIVE_EVENTS_CHANNEL, livePayload(tenantId, name, data)]);
}

/** The NOTIFY payload, within LIVE_EVENT_MAX_BYTES whatever a caller wrote. */
export function livePayload<N extends LiveEventName>(tenantId: string, name: N, data: LiveEvents[N]): string {
  const payload = JSON.stringify({ tenantId, name, data } satisfies LiveEventEnvelope<N>);
  if (Buffer.byteLength(payload) <= LIVE_EVENT_MAX_BYTES) return payload;
  return JSON.stringify({ tenantId, name, data: withoutTexts(name, data) } satisfies LiveEventEnvelope<N>);
}

/** The event with its free texts left out (a message's body) or cut short (previews, alerts). */
function withoutTexts<N extends LiveEventName>(name: N, data: LiveEvents[N]): LiveEvents[N] {
  const short = (text: string | null) => (text === null ? null : text.slice(0, 80));
  switch (name) {
    case 'message.created': {
      const { message } = data as LiveEvents['message.created'];
      return { message: { ...message, body: '', bodyOmitted: true } } as LiveEvents[N];
    }
    case 'conversation.updated': {
      const { conversation } = data as LiveEvents['conversation.updated'];
      return {
        conversation: {
          ...conversation,
          lastMessagePreview: short(conversation.lastMessagePreview),
          callerName: short(conversation.callerName),
        },
      } as LiveEvents[N];
    }
    case 'alert.created': {
      const { alert } = data as LiveEvents['alert.created'];
      return { alert: { ...alert, body: alert.body.slice(0, 200) } } as LiveEvents[N];
    }
    default:
      return data; // ids, statuses and numbers only
  }
}
