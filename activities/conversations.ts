// Read-model writes for a conversation's life. Each is idempotent: an activity retried after
// a crash writes the same rows once.
import type { EntityManager } from '@mikro-orm/postgresql';
import { segmentCount } from '../domain/assistant-safety';
import type { ConversationMode } from '../contracts/live-events';
import type { LeadStatus } from '../domain/lead-status';
import type { ConversationSettings } from '../domain/settings';
import { loadSettings } from '../db/business-settings';
import { publishLiveEvent } from '../db/live-events';
import { sql } from '../db/sql';
import { toConversationSummary, toMessageView, type ConversationRow, type MessageRow } from '../db/views';
import type { LeadFields } from '../contracts/conversation-workflow';

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
    const settings = await loadSettings(tx, input.tenantId);
    if (input.call) {
      await sql(
        tx,
        `insert into calls (tenant_id, call_sid, caller_phone, business_phone, dial_status) values (?, ?, ?, ?, ?)
         on conflict (call_sid) do nothing`,
        [input.tenantId, input.call.callSid, input.callerPhone, input.businessPhone, input.call.dialStatus],
      );
    }
    // A row left open by an earlier run that never closed (e.g. terminated by an operator) must
    // not block the caller's new conversation.
    await sql(
      tx,
      `update conversations set closed_at = now(), updated_at = now()
       where tenant_id = ? and caller_phone = ? and closed_at is null and id <> ?`,
      [input.tenantId, input.callerPhone, input.conversationId],
    );
    const [row] = await sql<(ConversationRow & { previous_conversation_id: string | null })[]>(
      tx,
      `insert into conversations (id, tenant_id, caller_phone, workflow_id, previous_conversation_id)
       values (?, ?, ?, ?, (select id from conversations where tenant_id = ? and caller_phone = ? and id <> ?
                             order by created_at desc limit 1))
       on conflict (id) do update set updated_at = conversations.updated_at
       returning *`,
      [input.conversationId, input.tenantId, input.callerPhone, input.workflowId, input.tenantId, input.callerPhone, input.conversationId],
    );
    // Texts the api showed while Temporal was unreachable wait in a provisional conversation (closed
    // just above): this one adopts them, and the placeholder goes.
    await sql(
      tx,
      `update messages set conversation_id = ? where tenant_id = ? and conversation_id in
         (select id from conversations where tenant_id = ? and caller_phone = ? and provisional and id <> ?)`,
      [input.conversationId, input.tenantId, input.tenantId, input.callerPhone, input.conversationId],
    );
    await sql(tx, 'delete from conversations where tenant_id = ? and caller_phone = ? and provisional and id <> ?', [
      input.tenantId,
      input.callerPhone,
      input.conversationId,
    ]);
    const optedOut = await sql(tx, 'select 1 from opt_outs where tenant_id = ? and phone = ?', [input.tenantId, input.callerPhone]);
    await publishLiveEvent(tx, input.tenantId, 'conversation.updated', { conversation: toConversationSummary(row!) });
    return { settings, optedOut: optedOut.length > 0, previousConversationId: row!.previous_conversation_id };
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
    const [inserted] = await sql<MessageRow[]>(
      tx,
      `insert into messages (tenant_id, conversation_id, direction, author, body, twilio_sid, status, num_segments, created_at)
       values (?, ?, 'inbound', 'caller', ?, ?, 'received', ?, ?) on conflict (twilio_sid) do nothing returning *`,
      [input.tenantId, input.conversationId, input.body, input.messageSid, input.numSegments ?? segmentCount(input.body), input.receivedAt],
    );
    if (!inserted) {
      // Stored before (a retried activity, or the api's webhook showed it at once): it belongs to
      // this conversation unless it is already in another open, real one.
      const [moved] = await sql<MessageRow[]>(
        tx,
        `update messages m set conversation_id = ? from conversations c
          where m.twilio_sid = ? and c.id = m.conversation_id and m.conversation_id <> ? and (c.provisional or c.closed_at is not null)
          returning m.*`,
        [input.conversationId, input.messageSid, input.conversationId],
      );
      if (moved) await publishLiveEvent(tx, input.tenantId, 'message.created', { message: toMessageView(moved) });
      const [existing] = await sql<{ id: string }[]>(tx, 'select id from messages where twilio_sid = ?', [input.messageSid]);
      return { messageId: existing!.id };
    }
    const [conversation] = await sql<ConversationRow[]>(
      tx,
      `update conversations set last_message_at = greatest(coalesce(last_message_at, ?), ?), last_message_preview = left(?, 140), updated_at = now()
       where id = ? returning *`,
      [inserted.created_at, inserted.created_at, inserted.body, input.conversationId],
    );
    await publishLiveEvent(tx, input.tenantId, 'message.created', { message: toMessageView(inserted) });
    if (conversation)
      await publishLiveEvent(tx, input.tenantId, 'conversation.updated', { conversation: toConversationSummary(conversation) });
    return { messageId: inserted.id };
  });
}

export interface ConversationChange {
  conversationId: string;
  leadStatus: LeadStatus;
  mode: ConversationMode;
  lead: LeadFields;
}

export async function updateConversation(em: EntityManager, change: ConversationChange): Promise<void> {
  await em.transactional(async (tx) => {
    const [row] = await sql<(ConversationRow & { tenant_id: string })[]>(
      tx,
      `update conversations set lead_status = ?, mode = ?, lead = ?::jsonb, updated_at = now() where id = ? returning *`,
      [change.leadStatus, change.mode, JSON.stringify(change.lead), change.conversationId],
    );
    if (row) await publishLiveEvent(tx, row.tenant_id, 'conversation.updated', { conversation: toConversationSummary(row) });
  });
}

/** STOP and START: per business and number, so every conversation with this caller honours it. */
export async function setOptOut(em: EntityManager, input: { tenantId: string; callerPhone: string; optedOut: boolean }): Promise<void> {
  if (input.optedOut) {
    await sql(em, 'insert into opt_outs (tenant_id, phone) values (?, ?) on conflict do nothing', [input.tenantId, input.callerPhone]);
  } else {
    await sql(em, 'delete from opt_outs where tenant_id = ? and phone = ?', [input.tenantId, input.callerPhone]);
  }
}

export async function closeConversation(em: EntityManager, input: { conversationId: string; leadStatus: LeadStatus }): Promise<void> {
  await em.transactional(async (tx) => {
    const [row] = await sql<(ConversationRow & { tenant_id: string })[]>(
      tx,
      `update conversations set lead_status = ?, closed_at = coalesce(closed_at, now()), updated_at = now() where id = ? returning *`,
      [input.leadStatus, input.conversationId],
    );
    if (row) await publishLiveEvent(tx, row.tenant_id, 'conversation.updated', { conversation: toConversationSummary(row) });
  });
}
