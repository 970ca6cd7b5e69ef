// Read-model writes for a conversation's life. Each is idempotent: an activity retried after
// a crash writes the same rows once.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LeadStatus } from '../domain/lead-status';
import { publishLiveEvent } from '../db/live-events';
import { sql } from '../db/sql';
import { toConversationSummary, type ConversationRow } from '../db/views';

export interface OpenConversationInput {
  conversationId: string;
  workflowId: string;
  tenantId: string;
  callerPhone: string;
  businessPhone: string;
  call: { callSid: string; dialStatus: string };
}

export interface TextBackContext {
  businessName: string;
}

export async function openConversation(em: EntityManager, input: OpenConversationInput): Promise<TextBackContext> {
  return em.transactional(async (tx) => {
    const [tenant] = await sql<{ name: string }[]>(tx, 'select name from tenants where id = ?', [input.tenantId]);
    if (!tenant) throw new Error(`tenant ${input.tenantId} does not exist`);
    await sql(
      tx,
      `insert into calls (tenant_id, call_sid, caller_phone, business_phone, dial_status) values (?, ?, ?, ?, ?)
       on conflict (call_sid) do nothing`,
      [input.tenantId, input.call.callSid, input.callerPhone, input.businessPhone, input.call.dialStatus],
    );
    // A row left open by an earlier run that never closed (e.g. terminated by an operator) must
    // not block the caller's new conversation.
    await sql(
      tx,
      `update conversations set closed_at = now(), updated_at = now()
       where tenant_id = ? and caller_phone = ? and closed_at is null and id <> ?`,
      [input.tenantId, input.callerPhone, input.conversationId],
    );
    const [row] = await sql<ConversationRow[]>(
      tx,
      `insert into conversations (id, tenant_id, caller_phone, workflow_id) values (?, ?, ?, ?)
       on conflict (id) do update set updated_at = conversations.updated_at
       returning *`,
      [input.conversationId, input.tenantId, input.callerPhone, input.workflowId],
    );
    await publishLiveEvent(tx, input.tenantId, 'conversation.updated', { conversation: toConversationSummary(row!) });
    return { businessName: tenant.name };
  });
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
