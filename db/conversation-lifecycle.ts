// A conversation's row through its life (docs/decisions/0017-data-layer.md): opened, changed and
// closed by the conversation workflow's activities, each write idempotent (a retried activity
// writes the same row once) and told to the dashboard in the same transaction. Also the api's
// provisional conversation, which shows a caller's text while Temporal is unreachable.
import type { EntityManager } from '@mikro-orm/postgresql';
import { conversationWorkflowId } from '../domain/conversation-id';
import type { ConversationMode } from '../contracts/live-events';
import type { LeadStatus } from '../domain/lead-status';
import type { LeadFields } from '../contracts/conversation-workflow';
import { toConversationSummary, type ConversationRow } from './conversations';
import type { ConversationSettings } from '../domain/settings';
import { publishLiveEvent } from './live-events';
import { settingsOf, settingsQuery } from './business-settings';
import { linkOpeningCallsStatements } from './calls';
import { adoptProvisionalMessagesStatement } from './messages';
import { optedOutQuery } from './opt-outs';
import { sql, sqlBatch, type Statement } from './sql';

interface OpeningRow {
  conversationId: string;
  workflowId: string;
  tenantId: string;
  callerPhone: string;
}

/**
 * Opens the read-model row of a conversation, once (a retried activity gets the same row): closes a
 * row an earlier run left open (the provisional one too) and links the caller's previous
 * conversation. Two statements; the second returns the row.
 */
function openConversationRowStatements(input: OpeningRow): Statement[] {
  const { conversationId, workflowId, tenantId, callerPhone } = input;
  return [
    // A row left open by an earlier run that never closed (e.g. terminated by an operator) must
    // not block the caller's new conversation.
    {
      text: `update conversations set closed_at = now(), updated_at = now()
     where tenant_id = ? and caller_phone = ? and closed_at is null and id <> ?`,
      params: [tenantId, callerPhone, conversationId],
    },
    {
      text: `insert into conversations (id, tenant_id, caller_phone, workflow_id, previous_conversation_id)
     values (?, ?, ?, ?, (select id from conversations where tenant_id = ? and caller_phone = ? and id <> ?
                           order by created_at desc limit 1))
     on conflict (id) do update set updated_at = conversations.updated_at
     returning *`,
      params: [conversationId, tenantId, callerPhone, workflowId, tenantId, callerPhone, conversationId],
    },
  ];
}

/** Deletes the caller's provisional conversation once its texts moved to the real one. */
function deleteProvisionalStatement(input: { tenantId: string; callerPhone: string; keep: string }): Statement {
  return {
    text: 'delete from conversations where tenant_id = ? and caller_phone = ? and provisional and id <> ?',
    params: [input.tenantId, input.callerPhone, input.keep],
  };
}

export interface OpenedRecord {
  row: ConversationRow;
  settings: ConversationSettings;
  optedOut: boolean;
}

/**
 * Everything opening a conversation writes and reads, in one round trip inside `tx`: the business's
 * settings, the row, the calls that opened it, the provisional conversation's texts adopted and
 * that conversation deleted, and whether the caller opted out. The caller's first text waits on
 * this (docs/decisions/0019); each statement is built by the module that owns its table.
 */
export async function openConversationRecord(
  tx: EntityManager,
  input: OpeningRow & { businessPhone: string; call?: { callSid: string; dialStatus: string } | undefined },
): Promise<OpenedRecord> {
  const { tenantId, callerPhone, conversationId } = input;
  const opening = openConversationRowStatements(input);
  const results = await sqlBatch(tx, [
    settingsQuery(tenantId),
    ...opening,
    ...linkOpeningCallsStatements(input),
    adoptProvisionalMessagesStatement(input),
    deleteProvisionalStatement({ tenantId, callerPhone, keep: conversationId }),
    optedOutQuery(input),
  ]);
  const settings = settingsOf(tenantId, results[0]!);
  // The row comes back from the last of the opening statements (the insert … returning).
  const row = results[opening.length]![0] as unknown as ConversationRow;
  return { row, settings, optedOut: results.at(-1)!.length > 0 };
}

/**
 * The caller's open conversation, locked against the workflow adopting it meanwhile (opening a
 * conversation closes provisional rows first, so it waits for us, or we see its result). With
 * `openProvisional`, a provisional one is opened when none is: the workflow adopts it later.
 */
export async function openConversationForCaller(
  tx: EntityManager,
  input: { tenantId: string; callerPhone: string; openProvisional: boolean },
): Promise<{ id: string } | undefined> {
  const { tenantId, callerPhone } = input;
  for (let attempt = 0; attempt < 3; attempt++) {
    const [open] = await sql<{ id: string }[]>(
      tx,
      'select id from conversations where tenant_id = ? and caller_phone = ? and closed_at is null for share',
      [tenantId, callerPhone],
    );
    if (open) return open;
    if (!input.openProvisional) return undefined;
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

/** The lead as the workflow now sees it; the dashboard hears of it. */
export async function updateConversationLead(
  tx: EntityManager,
  change: { conversationId: string; leadStatus: LeadStatus; mode: ConversationMode; lead: LeadFields },
): Promise<void> {
  const [row] = await sql<ConversationRow[]>(
    tx,
    `update conversations set lead_status = ?, mode = ?, lead = ?::jsonb, updated_at = now() where id = ? returning *`,
    [change.leadStatus, change.mode, JSON.stringify(change.lead), change.conversationId],
  );
  if (row) await publishLiveEvent(tx, row.tenant_id, 'conversation.updated', { conversation: toConversationSummary(row) });
}

/** Closed once (a retry keeps the first closing time); the dashboard hears of it. */
export async function closeConversationRow(tx: EntityManager, input: { conversationId: string; leadStatus: LeadStatus }): Promise<void> {
  const [row] = await sql<ConversationRow[]>(
    tx,
    `update conversations set lead_status = ?, closed_at = coalesce(closed_at, now()), updated_at = now() where id = ? returning *`,
    [input.leadStatus, input.conversationId],
  );
  if (row) await publishLiveEvent(tx, row.tenant_id, 'conversation.updated', { conversation: toConversationSummary(row) });
}

/** The workflow behind a conversation, while the conversation is open (for Twilio's delivery reports). */
export async function openConversationWorkflowId(em: EntityManager, conversationId: string): Promise<string | undefined> {
  const [row] = await sql<{ workflow_id: string; closed_at: Date | null }[]>(
    em,
    'select workflow_id, closed_at from conversations where id = ?',
    [conversationId],
  );
  return row && !row.closed_at ? row.workflow_id : undefined;
}
