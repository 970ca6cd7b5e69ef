// Conversations (docs/decisions/0017-data-layer.md): the rows the dashboard lists, their shape on
// the dashboard and its reads, each taking the business's id and limited to it (tenantSql). The
// conversation workflow's activities write the rows: db/conversation-lifecycle.ts.
import type { EntityManager } from '@mikro-orm/postgresql';
import { OFFLINE_ASSISTANT_MODEL } from '../domain/assistant-safety';
import type { ConversationMode, ConversationSummary } from '../contracts/live-events';
import type { LeadStatus } from '../domain/lead-status';
import type { LeadFields } from '../contracts/conversation-workflow';
import { Conversation } from './entities';
import { sql } from './sql';
import { tenantSql } from './tenant-sql';
import type { ConversationListItem } from '../contracts/http/conversations';

/** A conversations row as `returning *` and `select c.*` give it. */
export interface ConversationRow {
  id: string;
  tenant_id: string;
  caller_phone: string;
  workflow_id: string;
  lead_status: string;
  mode: string;
  created_at: Date | string;
  last_message_at: Date | string | null;
  last_message_preview: string | null;
  lead?: LeadFields | null;
  assistant_model?: string | null;
  previous_conversation_id?: string | null;
  closed_at?: Date | string | null;
}

/** With what the owner has not read yet (inbound messages after owner_read_at). */
export interface ConversationListRow extends ConversationRow {
  unread_count: number | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

export function toConversationSummary(row: Omit<ConversationRow, 'tenant_id' | 'workflow_id'>): ConversationSummary {
  return {
    id: row.id,
    callerPhone: row.caller_phone,
    leadStatus: row.lead_status as LeadStatus,
    mode: row.mode as ConversationSummary['mode'],
    createdAt: iso(row.created_at),
    lastMessageAt: row.last_message_at ? iso(row.last_message_at) : null,
    lastMessagePreview: row.last_message_preview,
    callerName: row.lead?.callerName ?? null,
    offline: row.assistant_model === OFFLINE_ASSISTANT_MODEL,
  };
}

export function toConversationListItem(row: Omit<ConversationListRow, 'tenant_id' | 'workflow_id'>): ConversationListItem {
  return { ...toConversationSummary(row), unreadCount: Number(row.unread_count) };
}

// ---- the dashboard's reads (limited to one business) --------------------------------------------

export interface ConversationFilter {
  status?: LeadStatus | undefined;
  mode?: ConversationMode | undefined;
  q?: string | undefined;
  cursor?: { activityUs: string; id: string } | undefined;
  limit: number;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
const likeFragment = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

const UNREAD_COUNT = `(select count(*) from messages m where m.tenant_id = :tenant and m.conversation_id = c.id and m.direction = 'inbound'
                  and m.created_at > coalesce(c.owner_read_at, '-infinity'::timestamptz))::int as unread_count`;
// Activity in µs since the epoch: the list's order and its cursor. Compared in PostgreSQL, which
// keeps the microseconds a JavaScript Date would lose.
const ACTIVITY_US = '((extract(epoch from coalesce(c.last_message_at, c.created_at)) * 1000000)::bigint)';

/** A page of the inbox, most recent activity first; each item carries the cursor of the page after it. */
export async function listConversations(
  em: EntityManager,
  tenantId: string,
  filter: ConversationFilter,
): Promise<{ items: (ConversationListItem & { cursor: string })[]; more: boolean }> {
  const where: string[] = ['c.tenant_id = :tenant'];
  const params: unknown[] = [];
  if (filter.status) {
    where.push('c.lead_status = ?');
    params.push(filter.status);
  }
  if (filter.mode) {
    where.push('c.mode = ?');
    params.push(filter.mode);
  }
  if (filter.q) {
    const digits = filter.q.replace(/\D/g, '');
    where.push(`(c.lead->>'callerName' ilike ? escape '\\' ${digits.length >= 2 ? "or c.caller_phone like ? escape '\\'" : ''})`);
    params.push(likeFragment(filter.q.trim()));
    if (digits.length >= 2) params.push(likeFragment(digits));
  }
  if (filter.cursor) {
    where.push(`((${ACTIVITY_US}, c.id) < (?::bigint, ?::uuid))`);
    params.push(filter.cursor.activityUs, filter.cursor.id);
  }
  const rows = await tenantSql<(ConversationListRow & { activity_us: string })[]>(
    em,
    tenantId,
    `select c.*, ${ACTIVITY_US}::text as activity_us, ${UNREAD_COUNT}
       from conversations c
      where ${where.join(' and ')}
      order by coalesce(c.last_message_at, c.created_at) desc, c.id desc
      limit ?`,
    [...params, filter.limit + 1],
  );
  return {
    items: rows.slice(0, filter.limit).map((row) => ({ ...toConversationListItem(row), cursor: `${row.activity_us}.${row.id}` })),
    more: rows.length > filter.limit,
  };
}

/** The conversation as the dashboard opens it; undefined when it is not this business's. */
export async function findConversation(em: EntityManager, tenantId: string, id: string): Promise<ConversationListRow | undefined> {
  const [row] = await tenantSql<ConversationListRow[]>(
    em,
    tenantId,
    `select c.*, ${UNREAD_COUNT} from conversations c where c.id = ? and c.tenant_id = :tenant`,
    [id],
  );
  return row;
}

/** The owner opened it: inbound messages until now are read. False when it is not this business's. */
export async function markConversationRead(em: EntityManager, tenantId: string, id: string): Promise<boolean> {
  return (await em.nativeUpdate(Conversation, { id, tenantId }, { ownerReadAt: new Date() })) > 0;
}

export interface ConversationFactsRow {
  id: string;
  lead_status: LeadStatus;
  lead: LeadFields | null;
  missed_call: boolean;
  first_text_at: Date | null;
  first_reply_at: Date | null;
  ever_booked: boolean;
}

/** One row per conversation opened in the period: what happened to the lead (domain/kpis.ts counts the funnel). */
export function conversationFacts(em: EntityManager, tenantId: string, range: { from: Date; to: Date }): Promise<ConversationFactsRow[]> {
  return tenantSql<ConversationFactsRow[]>(
    em,
    tenantId,
    `select c.id, c.lead_status, c.lead,
            exists (select 1 from calls k where k.tenant_id = :tenant and k.conversation_id = c.id and k.owner_accepted_at is null)
              as missed_call,
            (select min(m.created_at) from messages m where m.tenant_id = :tenant and m.conversation_id = c.id
                and m.direction = 'outbound') as first_text_at,
            (select min(m.created_at) from messages m where m.tenant_id = :tenant and m.conversation_id = c.id
                and m.direction = 'inbound') as first_reply_at,
            exists (select 1 from appointments a where a.tenant_id = :tenant and a.conversation_id = c.id) as ever_booked
       from conversations c
      where c.tenant_id = :tenant and c.created_at >= ? and c.created_at < ?`,
    [range.from, range.to],
  );
}

/** The caller's earlier conversations with this business, newest first: a returning customer. */
export function earlierConversations(
  em: EntityManager,
  input: { tenantId: string; conversationId: string; limit: number },
): Promise<{ lead: LeadFields; lead_status: string }[]> {
  return sql<{ lead: LeadFields; lead_status: string }[]>(
    em,
    `select earlier.lead, earlier.lead_status from conversations earlier
       join conversations this_one on this_one.id = ? and this_one.tenant_id = earlier.tenant_id and this_one.caller_phone = earlier.caller_phone
      where earlier.id <> this_one.id and earlier.tenant_id = ? order by earlier.created_at desc limit ?`,
    [input.conversationId, input.tenantId, input.limit],
  );
}
