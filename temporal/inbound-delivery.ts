// Inbound is stored before it is acknowledged (docs/decisions/0013-inbound-delivery.md). What
// Twilio tells us about a caller (a text, a missed call, a voicemail) is written with its dedupe key
// and everything its conversation workflow must be told in ONE transaction; only then does the
// webhook answer. Delivering it (signalWithStart, or a signal to a running conversation) comes
// after, and is marked; the inbound sweeper workflow re-delivers whatever is stored but not
// delivered, and reconciliation feeds texts Twilio holds but never sent us through the same path.
// Delivering twice is harmless: the conversation workflow ignores a MessageSid / CallSid it has
// seen, and recordInboundSms stores a MessageSid once.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { segmentCount } from '../domain/assistant-safety';
import {
  claimAndStoreInbound,
  inboundEvent,
  markInboundAttemptFailed,
  markInboundDelivered,
  undeliveredInboundKeys,
  undeliveredUpTo,
  type StoredInboundEvent,
} from '../db/inbound-events';
import { openConversationForCaller } from '../db/conversation-lifecycle';
import { storeMessage } from '../db/messages';
import type { ConversationInput } from '../contracts/conversation-workflow';
import { signalRunningConversation, signalStartingConversation } from './conversation-gateway';

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
  /** Signal name of the conversation contract (contracts/conversation-workflow.ts). */
  signalName: string;
  signalArgs: unknown[];
  /** Present when the event may start a conversation (signalWithStart); absent: only a running one hears it. */
  startInput?: ConversationInput;
  /** A caller's text: also shown on the dashboard at once, before any workflow has seen it. */
  text?: { callerPhone: string; messageSid: string; body: string; receivedAt: string; numSegments?: number };
}

/**
 * Stores the event and claims its dedupe key in one transaction. False when the key was stored
 * before (Twilio retried the webhook, or reconciliation found a text we already had): nothing changes.
 */
export async function storeInbound(em: EntityManager, event: InboundEvent): Promise<boolean> {
  // A caller's text also goes on the dashboard in the same transaction; anything else is one
  // statement (atomic by itself: the claim and the event are written together or not at all).
  if (event.text) {
    const text = event.text;
    return em.fork().transactional(async (tx) => {
      if (!(await claimAndStoreInbound(tx, event))) return false;
      await storeText(tx, event.tenantId, text, { openProvisional: false });
      return true;
    });
  }
  return claimAndStoreInbound(em, event);
}

/**
 * Signals the stored event's conversation and marks it delivered, after anything stored before it
 * for that conversation and still undelivered (a voicemail after its missed call, never before it).
 * False when Temporal did not take it (the attempt and its error are kept; the sweeper tries again).
 */
export async function deliverInbound(em: EntityManager, temporal: Client, dedupeKey: string): Promise<boolean> {
  const rows = await undeliveredUpTo(em, dedupeKey);
  for (const row of rows) if (!(await deliverRow(em, temporal, row))) return false;
  return true;
}

/**
 * Runs deliveries for one conversation one after another within this process, in the order they
 * were asked for: a call's hang-up waits for its missed call's signal instead of finding it still
 * unmarked and signalling it a second time. (Across processes the stored order decides, above.)
 */
export function inOrderPerConversation() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(workflowId: string, deliver: () => Promise<T>): Promise<T> {
    const previous = tails.get(workflowId) ?? Promise.resolve();
    const next = previous.then(deliver, deliver);
    const tail = next.catch(() => undefined);
    tails.set(workflowId, tail);
    void tail.then(() => {
      if (tails.get(workflowId) === tail) tails.delete(workflowId);
    });
    return next;
  };
}

async function deliverRow(em: EntityManager, temporal: Client, row: StoredInboundEvent): Promise<boolean> {
  const dedupeKey = row.dedupe_key;
  try {
    await temporal.connection.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () => signal(temporal, row));
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    await markInboundAttemptFailed(em, dedupeKey, reason);
    return false;
  }
  await markInboundDelivered(em, dedupeKey);
  return true;
}

function signal(temporal: Client, row: StoredInboundEvent): Promise<void> {
  // Events that never start a conversation (a voicemail, a hang-up) go to a running one, or nowhere.
  if (!row.start_input) return signalRunningConversation(temporal, row.workflow_id, row.signal_name, row.signal_args);
  return signalStartingConversation(temporal, row.workflow_id, row.start_input, row.signal_name, row.signal_args);
}

/**
 * Delivery failed (Temporal unreachable): a text whose caller had no open conversation is shown
 * anyway, in a provisional conversation the workflow adopts when it opens the real one.
 */
export async function showUndeliveredText(em: EntityManager, dedupeKey: string): Promise<void> {
  await em.fork().transactional(async (tx) => {
    const row = await inboundEvent(tx, dedupeKey);
    if (!row || row.delivered_at || row.signal_name !== 'inboundSms' || !row.start_input) return;
    const sms = row.signal_args[0] as { messageSid: string; body: string; receivedAt: string; numSegments?: number };
    await storeText(tx, row.tenant_id, { ...sms, callerPhone: row.start_input.callerPhone }, { openProvisional: true });
  });
}

export { undeliveredInboundKeys as undeliveredInbound };

async function storeText(
  tx: EntityManager,
  tenantId: string,
  text: NonNullable<InboundEvent['text']>,
  { openProvisional }: { openProvisional: boolean },
): Promise<void> {
  // Locked against the workflow adopting it meanwhile (its openConversation closes provisional rows
  // first, so it waits for us, or we see its result).
  const conversation = await openConversationForCaller(tx, { tenantId, callerPhone: text.callerPhone, openProvisional });
  if (!conversation) return;
  await storeMessage(tx, {
    tenantId,
    conversationId: conversation.id,
    direction: 'inbound',
    author: 'caller',
    body: text.body,
    twilioSid: text.messageSid,
    status: 'received',
    numSegments: text.numSegments ?? segmentCount(text.body),
    createdAt: text.receivedAt,
  });
}
