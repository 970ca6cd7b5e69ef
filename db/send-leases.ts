// The send lease on an outbound text's row (sms_outbox) or an owner alert's (alerts): the
// statements behind activities/send-lease.ts (docs/decisions/0014-send-once.md). Each is one
// compare-and-set, so two attempts can never both believe they hold the lease.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from './sql';

/** Whose lease: a caller's text by conversation and sequence number, or an owner alert by id. */
export type LeasedRow = { kind: 'text'; conversationId: string; seq: number } | { kind: 'alert'; alertId: string };

const ms = "* interval '1 millisecond'";

function rowOf(target: LeasedRow): { table: string; where: string; params: unknown[] } {
  return target.kind === 'text'
    ? { table: 'sms_outbox', where: 'conversation_id = ? and seq = ?', params: [target.conversationId, target.seq] }
    : { table: 'alerts', where: 'id = ?', params: [target.alertId] };
}

/**
 * Takes the lease when it is free or ran out (the attempt counter goes up); undefined when another
 * attempt holds it or the text was sent. `settle_wait_ms`: how long an unsettled earlier send can
 * still land (settleMs after it was marked).
 */
export async function takeLease(
  em: EntityManager,
  target: LeasedRow,
  { owner, leaseMs, settleMs }: { owner: string; leaseMs: number; settleMs: number },
): Promise<{ attempt: number; attempted_at: Date | null; settle_wait_ms: number } | undefined> {
  const { table, where, params } = rowOf(target);
  const [row] = await sql<{ attempt: number; attempted_at: Date | null; settle_wait_ms: number }[]>(
    em,
    `update ${table} set lease_owner = ?, lease_until = now() + ? ${ms}, attempt = attempt + 1
      where ${where} and twilio_sid is null and (lease_until is null or lease_until < now())
      returning attempt, attempted_at,
                coalesce(greatest(0, ceil(extract(epoch from unsettled_since + ? ${ms} - now()) * 1000)), 0)::int as settle_wait_ms`,
    [owner, leaseMs, ...params, settleMs],
  );
  return row;
}

/** The row's SID (sent) and lease, when a claim failed. */
export async function leaseState(
  em: EntityManager,
  target: LeasedRow,
): Promise<{ twilio_sid: string | null; lease_until: Date | null } | undefined> {
  const { table, where, params } = rowOf(target);
  const [row] = await sql<{ twilio_sid: string | null; lease_until: Date | null }[]>(
    em,
    `select twilio_sid, lease_until from ${table} where ${where}`,
    params,
  );
  return row;
}

/** Extends the lease if `owner` still holds it; false when another attempt took it or it ran out. */
export async function extendLease(em: EntityManager, target: LeasedRow, owner: string, leaseMs: number): Promise<boolean> {
  const { table, where, params } = rowOf(target);
  const rows = await sql(
    em,
    `update ${table} set lease_until = now() + ? ${ms}
      where ${where} and lease_owner = ? and lease_until > now() and twilio_sid is null returning 1 as ok`,
    [leaseMs, ...params, owner],
  );
  return rows.length > 0;
}

/** The fence before a send: still `owner`'s, and from now on the outcome is unknown until an answer settles it. */
export async function fenceLease(em: EntityManager, target: LeasedRow, owner: string, leaseMs: number): Promise<boolean> {
  const { table, where, params } = rowOf(target);
  const rows = await sql(
    em,
    `update ${table} set lease_until = now() + ? ${ms}, attempted_at = now(), unsettled_since = now()
      where ${where} and lease_owner = ? and lease_until > now() and twilio_sid is null returning 1 as ok`,
    [leaseMs, ...params, owner],
  );
  return rows.length > 0;
}

/** Gives the lease up; `settled`: Twilio answered, so nothing of this attempt can land any more. */
export async function dropLease(em: EntityManager, target: LeasedRow, owner: string, { settled }: { settled: boolean }): Promise<void> {
  const { table, where, params } = rowOf(target);
  await sql(
    em,
    `update ${table} set lease_owner = null, lease_until = null${settled ? ', unsettled_since = null' : ''}
      where ${where} and lease_owner = ?`,
    [...params, owner],
  );
}

/** A text as the outbox keeps it: the conversation's sequence number is its idempotency key. */
export interface OutboxText {
  workflowId: string;
  /** Position of this text in its conversation workflow: the idempotency key with workflowId. */
  seq: number;
  tenantId: string;
  conversationId: string;
  to: string;
  from: string;
  body: string;
  author: string;
}

/**
 * The normal case, in one statement: the text's outbox row is new, so this attempt is the first,
 * holds the lease and is about to send (what takeLease and fenceLease do for a retry). False when
 * the row exists: an earlier attempt ran.
 */
export async function insertAsFirstAttempt(em: EntityManager, text: OutboxText, owner: string, leaseMs: number): Promise<boolean> {
  const rows = await sql(
    em,
    `insert into sms_outbox (workflow_id, seq, tenant_id, conversation_id, to_phone, from_phone, body, author,
                             lease_owner, lease_until, attempt, attempted_at, unsettled_since)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, now() + ? ${ms}, 1, now(), now())
     on conflict (conversation_id, seq) do nothing returning 1 as ok`,
    [text.workflowId, text.seq, text.tenantId, text.conversationId, text.to, text.from, text.body, text.author, owner, leaseMs],
  );
  return rows.length > 0;
}

/** SIDs this conversation already recorded for its texts. */
export async function outboxSids(em: EntityManager, conversationId: string): Promise<Set<string>> {
  const rows = await sql<{ twilio_sid: string }[]>(
    em,
    'select twilio_sid from sms_outbox where conversation_id = ? and twilio_sid is not null',
    [conversationId],
  );
  return new Set(rows.map((row) => row.twilio_sid));
}

/** The text went: its SID is recorded, which also gives the lease up (a sent row is never claimed again). */
export async function recordOutboxSid(em: EntityManager, target: LeasedRow, sid: string): Promise<void> {
  const { table, where, params } = rowOf(target);
  const releases = target.kind === 'text' ? ', lease_owner = null, lease_until = null, unsettled_since = null' : '';
  await sql(em, `update ${table} set twilio_sid = ?${releases} where ${where}`, [sid, ...params]);
}
