// Read-model writes for a conversation's life, as activities of its workflow. Each is idempotent:
// an activity retried after a crash writes the same rows once. The statements live in db/conversation-lifecycle.ts,
// db/messages.ts and db/calls.ts; an activity decides what happens in one transaction.
import type { EntityManager } from '@mikro-orm/postgresql';
import { segmentCount } from '../domain/assistant-safety';
import type { ConversationMode } from '../contracts/live-events';
import type { LeadStatus } from '../domain/lead-status';
import type { ConversationSettings } from '../domain/settings';
import { closeConversationRow, openConversationRecord, updateConversationLead } from '../db/conversation-lifecycle';
import { toConversationSummary } from '../db/conversations';
import { publishLiveEvent } from '../db/live-events';
import { messageBySid, moveCallerText, storeMessage } from '../db/messages';
import type { LeadFields } from '../contracts/conversation-workflow';
import { setOptOut as saveOptOut } from '../db/opt-outs';
import { countOptOut } from '../observability/metrics';

export interface OpenConversationInput {
  conversationId: string;
  workflowId: string;
  tenantId: string;
  callerPhone: string;
  businessPhone: string;
  /** The missed call that opened it; absent when the caller texted first. */
  call?: { callSid: string; dialStatus: string };
}

export interface OpenedConversation {
  settings: ConversationSettings;
  /** The caller opted out of this business's texts earlier (STOP): send nothing. */
  optedOut: boolean;
  /** The caller's previous, closed conversation with this business, if any. */
  previousConversationId: string | null;
}

export async function openConversation(em: EntityManager, input: OpenConversationInput): Promise<OpenedConversation> {
  return em.transactional(async (tx) => {
    const { row, settings, optedOut } = await openConversationRecord(tx, input);
    await publishLiveEvent(tx, input.tenantId, 'conversation.updated', { conversation: toConversationSummary(row) });
    return { settings, optedOut, previousConversationId: row.previous_conversation_id ?? null };
  });
}

export interface InboundSmsInput {
  conversationId: string;
  tenantId: string;
  messageSid: string;
  body: string;
  receivedAt: string;
  /** As Twilio reported it; counted from the body when missing. */
  numSegments?: number;
}

/** Stores what the caller wrote, once per MessageSid, and shows it on the dashboard. */
export async function recordInboundSms(em: EntityManager, input: InboundSmsInput): Promise<{ messageId: string }> {
  return em.transactional(async (tx) => {
    const stored = await storeMessage(tx, {
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      direction: 'inbound',
      author: 'caller',
      body: input.body,
      twilioSid: input.messageSid,
      status: 'received',
      numSegments: input.numSegments ?? segmentCount(input.body),
      createdAt: input.receivedAt,
    });
    if (stored) return { messageId: stored.id };
    // Stored before (a retried activity, or the api's webhook showed it at once): it belongs to
    // this conversation unless it is already in another open, real one.
    await moveCallerText(tx, { tenantId: input.tenantId, twilioSid: input.messageSid, conversationId: input.conversationId });
    return { messageId: (await messageBySid(tx, input.messageSid))!.id };
  });
}

export interface ConversationChange {
  conversationId: string;
  leadStatus: LeadStatus;
  mode: ConversationMode;
  lead: LeadFields;
}

export async function updateConversation(em: EntityManager, change: ConversationChange): Promise<void> {
  await em.transactional((tx) => updateConversationLead(tx, change));
}

/** STOP and START: per business and number, so every conversation with this caller honours it. */
export async function setOptOut(em: EntityManager, input: { tenantId: string; callerPhone: string; optedOut: boolean }): Promise<void> {
  await saveOptOut(em, input);
  countOptOut(input.optedOut);
}

export async function closeConversation(em: EntityManager, input: { conversationId: string; leadStatus: LeadStatus }): Promise<void> {
  await em.transactional((tx) => closeConversationRow(tx, input));
}
