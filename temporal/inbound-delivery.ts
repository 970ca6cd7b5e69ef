// Inbound is stored before it is acknowledged (docs/decisions/0013-inbound-delivery.md). What
// Twilio tells us about a caller (a text, a missed call, a voicemail) is written with its dedupe key
// and everything its conversation workflow must be told in ONE transaction; only then does the
// webhook answer. Delivering it (signalWithStart, or a signal to a running conversation) comes
// after, and is marked; the inbound sweeper workflow re-delivers whatever is stored but not
// delivered, and reconciliation feeds texts Twilio holds but never sent us through the same path.
// Delivering twice is harmless: the conversation workflow ignores a MessageSid / CallSid it has
// seen, and recordInboundSms stores a MessageSid once.
import type { EntityManager } from '@mikro-orm/postgresql';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { segmentCount } from '../domain/assistant-safety';
import { conversationWorkflowId } from '../domain/conversation-id';
import { publishLiveEvent } from '../db/live-events';
import { sql } from '../db/sql';
import { toConversationSummary, toMessageView, type ConversationRow, type MessageRow } from '../db/views';
import { CONVERSATION_WORKFLOW, type ConversationInput } from '../workflows/messages';
import { NmcCallerPhone, NmcLeadStatus, NmcMode, NmcTenantId } from './search-attributes';
import { TASK_QUEUES } from './task-queues';

/**
 * How long one delivery may wait for Temporal. Normally milliseconds; when Temporal is unreachable
 * the client would retry for about 20 s, and the text should be on the dashboard long before that.
 */
export const SIGNAL_DEADLINE_MS = 4_000;

/** What one inbound event tells its conversation. */
export interface InboundEvent {
  /** `sms:{MessageSid}`, `missed:{CallSid}`, `voicemail:{RecordingSid}`, `transcription:{RecordingSid}`. */
  dedupeKey: string;
  tenantId: string;
  workflowId: string;
  /** Signal name of the conversation contract (workflows/messages.ts). */
  signalName: string;
  signalArgs: unknown[];
  /** Present when the event may start a conversation (signalWithStart); absent: only a running one hears it. */
  startInput?: ConversationInput;
  /** A caller's text: also shown on the dashboard at once, before any workflow has seen it. */
  text?: { callerPhone: string; messageSid: string; body: string; receivedAt: string; numSegments?: number };
}

interface InboundEventRow {
  dedupe_key: string;
  tenant_id: string;
  workflow_id: string;
  signal_name: string;
  signal_args: unknown[];
  start_input: ConversationInput | null;
  received_at: Date;
}

/**
 * Stores the event and claims its dedupe key in one transaction. False when the key was stored
 * before (Twilio retried the webhook, or reconciliation found a text we already had): nothing changes.
 */
export async function storeInbound(em: EntityManager, event: InboundEvent): Promise<boolean> {
  return em.fork().transactional(async (tx) => {
    const claimed = await sql(
      tx,
      'insert into webhook_events (dedupe_key, tenant_id) values (?, ?) on conflict (dedupe_key) do nothing returning dedupe_key',
      [event.dedupeKey, event.tenantId],
    );
    if (claimed.length === 0) return false;
    await sql(
      tx,
      `insert into inbound_events (dedupe_key, tenant_id, workflow_id, signal_name, signal_args, start_input)
       values (?, ?, ?, ?, ?::jsonb, ?::jsonb)`,
      [
        event.dedupeKey,
        event.tenantId,
        event.workflowId,
        event.signalName,
        JSON.stringify(event.signalArgs),
        event.startInput ? JSON.stringify(event.startInput) : null,
      ],
    );
    // The caller's open conversation shows the text at once; with none open, it waits for its
    // delivery (the workflow opens one), or for a failed delivery (showUndeliveredText).
    if (event.text) await storeText(tx, event.tenantId, event.text, { openProvisional: false });
    return true;
  });
}

/**
 * Signals the stored event's conversation and marks it delivered. False when Temporal did not
 * take it (the attempt and its error are kept; the sweeper tries again).
 */
export async function deliverInbound(em: EntityManager, temporal: Client, dedupeKey: string): Promise<boolean> {
  const [row] = await sql<InboundEventRow[]>(
    em,
    `select dedupe_key, tenant_id, workflow_id, signal_name, signal_args, start_input, received_at
       from inbound_events where dedupe_key = ? and delivered_at is null`,
    [dedupeKey],
  );
  if (!row) return true; // delivered meanwhile (by the sweeper, or the api)
  // In order per conversation: a voicemail after its missed call, never before it.
  if (!(await deliverPendingFor(em, temporal, row.workflow_id, row.received_at))) return false;
  return deliverRow(em, temporal, row);
}

/**
 * Delivers what is stored but undelivered for this conversation (received before `before`, if
 * given), oldest first: a signal that follows them (the call ended, the owner answered) then finds
 * the conversation they start. False when one of them could not be delivered.
 */
export async function deliverPendingFor(em: EntityManager, temporal: Client, workflowId: string, before?: Date): Promise<boolean> {
  const rows = await sql<InboundEventRow[]>(
    em,
    `select dedupe_key, tenant_id, workflow_id, signal_name, signal_args, start_input, received_at
       from inbound_events where workflow_id = ? and delivered_at is null ${before ? 'and received_at < ?' : ''}
      order by received_at, dedupe_key`,
    before ? [workflowId, before] : [workflowId],
  );
  for (const row of rows) if (!(await deliverRow(em, temporal, row))) return false;
  return true;
}

async function deliverRow(em: EntityManager, temporal: Client, row: InboundEventRow): Promise<boolean> {
  const dedupeKey = row.dedupe_key;
  try {
    await temporal.connection.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () => signal(temporal, row));
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await sql(em, 'update inbound_events set attempts = attempts + 1, last_error = left(?, 500) where dedupe_key = ?', [reason, dedupeKey]);
    return false;
  }
  await sql(em, 'update inbound_events set attempts = attempts + 1, delivered_at = now(), last_error = null where dedupe_key = ?', [
    dedupeKey,
  ]);
  return true;
}

async function signal(temporal: Client, row: InboundEventRow): Promise<void> {
  if (!row.start_input) {
    // Events that never start a conversation (a voicemail) go to a running one, or nowhere.
    try {
      await temporal.workflow.getHandle(row.workflow_id).signal(row.signal_name, ...row.signal_args);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    return;
  }
  const input = row.start_input;
  const options = {
    workflowId: row.workflow_id,
    taskQueue: TASK_QUEUES.conversations,
    args: [input],
    signal: row.signal_name,
    signalArgs: row.signal_args,
    typedSearchAttributes: [
      { key: NmcTenantId, value: input.tenantId },
      { key: NmcCallerPhone, value: input.callerPhone },
      { key: NmcLeadStatus, value: 'new' },
      { key: NmcMode, value: 'ai' },
    ],
  };
  // The workflow is named, not imported (the api never loads workflow code), so its types are given here.
  await temporal.workflow.signalWithStart(CONVERSATION_WORKFLOW, options as Parameters<typeof temporal.workflow.signalWithStart>[1]);
}

/**
 * Delivery failed (Temporal unreachable): a text whose caller had no open conversation is shown
 * anyway, in a provisional conversation the workflow adopts when it opens the real one.
 */
export async function showUndeliveredText(em: EntityManager, dedupeKey: string): Promise<void> {
  await em.fork().transactional(async (tx) => {
    const [row] = await sql<(InboundEventRow & { delivered_at: Date | null })[]>(
      tx,
      'select tenant_id, signal_name, signal_args, start_input, delivered_at from inbound_events where dedupe_key = ?',
      [dedupeKey],
    );
    if (!row || row.delivered_at || row.signal_name !== 'inboundSms' || !row.start_input) return;
    const sms = row.signal_args[0] as { messageSid: string; body: string; receivedAt: string; numSegments?: number };
    await storeText(tx, row.tenant_id, { ...sms, callerPhone: row.start_input.callerPhone }, { openProvisional: true });
  });
}

/**
 * Stored but not delivered for at least `olderThanMs`: the sweeper's work list, fewest attempts
 * first, so an event Temporal keeps refusing cannot hold up the ones behind it.
 */
export async function undeliveredInbound(em: EntityManager, { olderThanMs, limit }: { olderThanMs: number; limit: number }) {
  const rows = await sql<{ dedupe_key: string }[]>(
    em,
    `select dedupe_key from inbound_events where delivered_at is null and received_at < now() - (? * interval '1 millisecond')
      order by attempts, received_at limit ?`,
    [olderThanMs, limit],
  );
  return rows.map((row) => row.dedupe_key);
}

async function storeText(
  tx: EntityManager,
  tenantId: string,
  text: NonNullable<InboundEvent['text']>,
  { openProvisional }: { openProvisional: boolean },
): Promise<void> {
  const conversation = await openConversationFor(tx, tenantId, text.callerPhone, openProvisional);
  if (!conversation) return;
  const [inserted] = await sql<MessageRow[]>(
    tx,
    `insert into messages (tenant_id, conversation_id, direction, author, body, twilio_sid, status, num_segments, created_at)
     values (?, ?, 'inbound', 'caller', ?, ?, 'received', ?, ?) on conflict (twilio_sid) do nothing returning *`,
    [tenantId, conversation.id, text.body, text.messageSid, text.numSegments ?? segmentCount(text.body), text.receivedAt],
  );
  if (!inserted) return;
  const [updated] = await sql<ConversationRow[]>(
    tx,
    `update conversations set last_message_at = greatest(coalesce(last_message_at, ?), ?), last_message_preview = left(?, 140), updated_at = now()
     where id = ? returning *`,
    [inserted.created_at, inserted.created_at, inserted.body, conversation.id],
  );
  await publishLiveEvent(tx, tenantId, 'message.created', { message: toMessageView(inserted) });
  if (updated) await publishLiveEvent(tx, tenantId, 'conversation.updated', { conversation: toConversationSummary(updated) });
}

/**
 * The caller's open conversation, locked against the workflow adopting it meanwhile (its
 * openConversation closes provisional rows first, so it waits for us, or we see its result).
 */
async function openConversationFor(
  tx: EntityManager,
  tenantId: string,
  callerPhone: string,
  openProvisional: boolean,
): Promise<{ id: string } | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [open] = await sql<{ id: string }[]>(
      tx,
      'select id from conversations where tenant_id = ? and caller_phone = ? and closed_at is null for share',
      [tenantId, callerPhone],
    );
    if (open) return open;
    if (!openProvisional) return undefined;
    const [created] = await sql<{ id: string }[]>(
      tx,
      `insert into conversations (id, tenant_id, caller_phone, workflow_id, provisional, previous_conversation_id)
       values (gen_random_uuid(), ?, ?, ?, true,
               (select id from conversations where tenant_id = ? and caller_phone = ? order by created_at desc limit 1))
       on conflict (tenant_id, caller_phone) where closed_at is null do nothing returning id`,
      [tenantId, callerPhone, conversationWorkflowId(tenantId, callerPhone), tenantId, callerPhone],
    );
    if (created) return created;
  }
  return undefined;
}
