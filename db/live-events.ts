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

export async function publishLiveEvent<N extends LiveEventName>(
  em: EntityManager,
  tenantId: string,
  name: N,
  data: LiveEvents[N],
): Promise<void> {
  // PostgreSQL caps a payload at 8000 bytes; a message body is at most 1,600 characters, so an
  // event stays well below it.
  const payload = JSON.stringify({ tenantId, name, data } satisfies LiveEventEnvelope<N>);
  await sql(em, 'select pg_notify(?, ?)', [LIVE_EVENTS_CHANNEL, payload]);
}
