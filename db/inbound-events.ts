// What callers did, stored before Twilio hears our answer (docs/decisions/0013-inbound-delivery.md):
// each event with its dedupe key, the signal its conversation must get, and whether it got it. Also
// the reconciliation's high-water mark per business number. Named SQL throughout: the claim and the
// event are one statement, delivery order is a row comparison.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConversationInput } from '../contracts/conversation-workflow';
import { sql } from './sql';

export interface StoredInboundEvent {
  dedupe_key: string;
  tenant_id: string;
  workflow_id: string;
  signal_name: string;
  signal_args: unknown[];
  start_input: ConversationInput | null;
  received_at: Date;
  delivered_at: Date | null;
}

export interface NewInboundEvent {
  dedupeKey: string;
  tenantId: string;
  workflowId: string;
  signalName: string;
  signalArgs: unknown[];
  startInput?: ConversationInput | undefined;
}

/** Claims the dedupe key and stores the event, in one statement; false when the key was claimed before. */
export async function claimAndStoreInbound(em: EntityManager, event: NewInboundEvent): Promise<boolean> {
  const stored = await sql(
    em,
    `with claimed as (
       insert into webhook_events (dedupe_key, tenant_id) values (?, ?) on conflict (dedupe_key) do nothing returning dedupe_key)
     insert into inbound_events (dedupe_key, tenant_id, workflow_id, signal_name, signal_args, start_input)
     select dedupe_key, ?, ?, ?, ?::jsonb, ?::jsonb from claimed returning dedupe_key`,
    [
      event.dedupeKey,
      event.tenantId,
      event.tenantId,
      event.workflowId,
      event.signalName,
      JSON.stringify(event.signalArgs),
      event.startInput ? JSON.stringify(event.startInput) : null,
    ],
  );
  return stored.length > 0;
}

/** This event (unless delivered meanwhile) and whatever is older and undelivered for its conversation, oldest first. */
export function undeliveredUpTo(em: EntityManager, dedupeKey: string): Promise<StoredInboundEvent[]> {
  return sql<StoredInboundEvent[]>(
    em,
    `select e.* from inbound_events this join inbound_events e on e.workflow_id = this.workflow_id
      where this.dedupe_key = ? and this.delivered_at is null and e.delivered_at is null
        and (e.received_at, e.dedupe_key) <= (this.received_at, this.dedupe_key)
      order by e.received_at, e.dedupe_key`,
    [dedupeKey],
  );
}

export async function inboundEvent(em: EntityManager, dedupeKey: string): Promise<StoredInboundEvent | undefined> {
  const [row] = await sql<StoredInboundEvent[]>(em, 'select * from inbound_events where dedupe_key = ?', [dedupeKey]);
  return row;
}

export async function markInboundDelivered(em: EntityManager, dedupeKey: string): Promise<void> {
  await sql(em, 'update inbound_events set attempts = attempts + 1, delivered_at = now(), last_error = null where dedupe_key = ?', [
    dedupeKey,
  ]);
}

export async function markInboundAttemptFailed(em: EntityManager, dedupeKey: string, reason: string): Promise<void> {
  await sql(em, 'update inbound_events set attempts = attempts + 1, last_error = left(?, 500) where dedupe_key = ?', [reason, dedupeKey]);
}

/**
 * Stored but not delivered for at least `olderThanMs`: the sweeper's work list, fewest attempts
 * first, so an event Temporal keeps refusing cannot hold up the ones behind it.
 */
export async function undeliveredInboundKeys(em: EntityManager, { olderThanMs, limit }: { olderThanMs: number; limit: number }) {
  const rows = await sql<{ dedupe_key: string }[]>(
    em,
    `select dedupe_key from inbound_events where delivered_at is null and received_at < now() - (? * interval '1 millisecond')
      order by attempts, received_at limit ?`,
    [olderThanMs, limit],
  );
  return rows.map((row) => row.dedupe_key);
}

/** Housekeeping, a batch at a time: the dedupe key stays in webhook_events, so a late retry is still refused. */
export async function purgeDeliveredInbound(em: EntityManager, olderThanDays: number): Promise<void> {
  await sql(
    em,
    `delete from inbound_events where dedupe_key in (select dedupe_key from inbound_events
      where delivered_at < now() - (? * interval '1 day') limit 1000)`,
    [olderThanDays],
  );
}

/** Business numbers to reconcile, with the newest text the last listing saw (null: never listed). */
export function numbersToReconcile(
  em: EntityManager,
  numbers?: string[],
): Promise<{ e164: string; tenant_id: string; created_at: Date; last_seen_at: Date | null }[]> {
  return sql(
    em,
    `select p.e164, p.tenant_id, p.created_at, w.last_seen_at from phone_numbers p left join inbound_watermarks w on w.e164 = p.e164
      ${numbers ? 'where p.e164 = any(?)' : ''} order by p.e164`,
    numbers ? [numbers] : [],
  );
}

/** Moves a number's high-water mark forward (never back). */
export async function advanceWatermark(em: EntityManager, e164: string, lastSeenAt: Date): Promise<void> {
  await sql(
    em,
    `insert into inbound_watermarks (e164, last_seen_at) values (?, ?)
     on conflict (e164) do update set last_seen_at = greatest(inbound_watermarks.last_seen_at, excluded.last_seen_at)`,
    [e164, lastSeenAt],
  );
}
