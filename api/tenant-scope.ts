// Tenant isolation in one place (issue #6 point 2): every query a dashboard request makes runs
// through a TenantScope built from the verified token, and every statement here names the business
// as `:tenant`, which the scope binds itself; a statement without it is refused before it reaches
// PostgreSQL. Route handlers never see the EntityManager or raw SQL (test/unit/api-tenant-scope.test.ts
// checks that), and a conversation's workflow is reachable only after its row proved it belongs to
// the business. Why a repository rather than a MikroORM filter or row-level security:
// docs/decisions/0009-tenant-scope.md.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client, WorkflowHandle } from '@temporalio/client';
import * as accounts from '../db/accounts';
import * as alerts from '../db/alerts';
import * as appointments from '../db/appointments';
import * as businessSettings from '../db/business-settings';
import { loadSettings } from '../db/business-settings';
import * as businesses from '../db/businesses';
import type { OwnerNotifications } from '../db/entities';
import * as phoneNumbers from '../db/phone-numbers';
import { sql } from '../db/sql';
import { toConversationListItem, toMessageView, type ConversationListItem, type ConversationListRow, type MessageRow } from '../db/views';
import type { BusinessProfile } from '../domain/business-profile';
import type { ConversationMode, MessageView } from '../contracts/live-events';
import type { LeadStatus } from '../domain/lead-status';
import type { ConversationSettings } from '../domain/settings';
import type { LeadFields } from '../contracts/conversation-workflow';
import { badRequest, conflict, notFound } from './errors';

const TENANT = /:tenant\b/g;
const PLACEHOLDER = /\?|:tenant\b/g;

export interface ScopeIdentity {
  tenantId: string;
  /** The signed-in owner; absent for the calendar feed, which is read with its own secret. */
  userId?: string;
}

export type OwnerAccountRow = accounts.OwnerAccountRow;

export type PhoneNumberRow = phoneNumbers.PhoneNumberRecord;

export interface ConversationRecord {
  id: string;
  workflowId: string;
  callerPhone: string;
  leadStatus: LeadStatus;
  mode: ConversationMode;
  closed: boolean;
}

export interface ConversationFilter {
  status?: LeadStatus | undefined;
  mode?: ConversationMode | undefined;
  q?: string | undefined;
  cursor?: { activityUs: string; id: string } | undefined;
  limit: number;
}

export interface CallRow {
  id: string;
  call_sid: string;
  created_at: Date;
  dial_status: string | null;
  owner_accepted_at: Date | null;
  recording_url: string | null;
  recording_duration_s: number | null;
  transcription: string | null;
}

export type AppointmentRow = appointments.AppointmentRow;

export interface ConversationFactsRow {
  id: string;
  lead_status: LeadStatus;
  lead: LeadFields | null;
  missed_call: boolean;
  first_text_at: Date | null;
  first_reply_at: Date | null;
  ever_booked: boolean;
}

export interface MissedCallFactsRow {
  call_sid: string;
  missed_at: Date;
  first_text_at: Date | null;
}

export interface AiUsageDayRow {
  date: string;
  turns: number | string;
  prompt_tokens: number | string;
  completion_tokens: number | string;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
const likeFragment = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export class TenantScope {
  constructor(
    private readonly em: EntityManager,
    readonly identity: ScopeIdentity,
    private readonly temporal?: Client,
  ) {}

  get tenantId(): string {
    return this.identity.tenantId;
  }

  private get userId(): string {
    if (!this.identity.userId) throw new Error('tenant scope: this operation needs a signed-in owner');
    return this.identity.userId;
  }

  /** Runs a statement that names the business as `:tenant`; the scope binds it, positional `?` bind `params`. */
  private async sql<T extends object[] = Record<string, unknown>[]>(text: string, params: unknown[] = []): Promise<T> {
    if (!TENANT.test(text)) throw new Error(`tenant scope: a statement must be limited to :tenant: ${text.slice(0, 80)}`);
    TENANT.lastIndex = 0;
    const bound: unknown[] = [];
    let next = 0;
    const query = text.replace(PLACEHOLDER, (token) => {
      if (token === '?') {
        if (next >= params.length) throw new Error('tenant scope: fewer parameters than placeholders');
        bound.push(params[next++]);
      } else bound.push(this.tenantId);
      return '?';
    });
    if (next !== params.length) throw new Error('tenant scope: more parameters than placeholders');
    return sql<T>(this.em, query, bound);
  }

  /** Several statements that must all happen or none. */
  transaction<T>(work: (scope: TenantScope) => Promise<T>): Promise<T> {
    return this.em.transactional((tx) => work(new TenantScope(tx, this.identity, this.temporal)));
  }

  // ---- the owner and the business -----------------------------------------------------------

  async ownerAccount(): Promise<OwnerAccountRow> {
    const found = await accounts.ownerAccount(this.em, this.tenantId, this.userId);
    if (!found) throw notFound('your account');
    return found;
  }

  async updateOwner(patch: { name?: string | null | undefined; notifications?: OwnerNotifications | undefined }): Promise<void> {
    await accounts.updateOwner(this.em, this.tenantId, this.userId, patch);
  }

  async updateBusiness(patch: {
    name?: string | undefined;
    trade?: string | undefined;
    timeZone?: string | undefined;
    ownerPhone?: string | undefined;
    profile?: Partial<Omit<BusinessProfile, 'name' | 'trade'>> | undefined;
  }): Promise<void> {
    await businesses.updateBusiness(this.em, this.tenantId, patch);
  }

  async markOnboarded(): Promise<void> {
    await businesses.markOnboarded(this.em, this.tenantId);
  }

  /** Merges top-level conversation settings (hours, appointments, calls, timings) into the stored ones. */
  async patchSettings(stored: Partial<ConversationSettings>): Promise<void> {
    await businessSettings.patchSettings(this.em, this.tenantId, stored);
  }

  /** The business's conversation settings with every default filled in. */
  conversationSettings(): Promise<ConversationSettings> {
    return loadSettings(this.em, this.tenantId);
  }

  // ---- phone numbers ------------------------------------------------------------------------

  phoneNumbers(): Promise<PhoneNumberRow[]> {
    return phoneNumbers.listPhoneNumbers(this.em, this.tenantId);
  }

  async phoneNumber(id: string): Promise<PhoneNumberRow> {
    const found = await phoneNumbers.findPhoneNumber(this.em, this.tenantId, id);
    if (!found) throw notFound('that phone number');
    return found;
  }

  /** Reserves a number for this business before Twilio is asked for it; a number is never in two businesses. */
  async claimPhoneNumber(e164: string): Promise<PhoneNumberRow> {
    const claimed = await phoneNumbers.claimPhoneNumber(this.em, this.tenantId, e164);
    if (!claimed) throw conflict('number_taken', `${e164} is already in use by a business on NeverMissCall`);
    return claimed;
  }

  async recordPhoneNumberSid(id: string, twilioSid: string): Promise<PhoneNumberRow> {
    const found = await phoneNumbers.recordPhoneNumberSid(this.em, this.tenantId, id, twilioSid);
    if (!found) throw notFound('that phone number');
    return found;
  }

  async deletePhoneNumber(id: string): Promise<void> {
    await phoneNumbers.deletePhoneNumber(this.em, this.tenantId, id);
  }

  // ---- conversations ------------------------------------------------------------------------

  async listConversations(filter: ConversationFilter): Promise<{ items: (ConversationListItem & { cursor: string })[]; more: boolean }> {
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
      where.push('(((extract(epoch from coalesce(c.last_message_at, c.created_at)) * 1000000)::bigint, c.id) < (?::bigint, ?::uuid))');
      params.push(filter.cursor.activityUs, filter.cursor.id);
    }
    const rows = await this.sql<(ConversationListRow & { activity_us: string })[]>(
      `select c.*, ((extract(epoch from coalesce(c.last_message_at, c.created_at)) * 1000000)::bigint)::text as activity_us,
              (select count(*) from messages m where m.tenant_id = :tenant and m.conversation_id = c.id and m.direction = 'inbound'
                  and m.created_at > coalesce(c.owner_read_at, '-infinity'::timestamptz))::int as unread_count
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

  private async conversationRow(
    id: string,
  ): Promise<ConversationListRow & { workflow_id: string; closed_at: Date | null; lead: LeadFields }> {
    const [row] = await this.sql<(ConversationListRow & { workflow_id: string; closed_at: Date | null; lead: LeadFields })[]>(
      `select c.*,
              (select count(*) from messages m where m.tenant_id = :tenant and m.conversation_id = c.id and m.direction = 'inbound'
                  and m.created_at > coalesce(c.owner_read_at, '-infinity'::timestamptz))::int as unread_count
         from conversations c where c.id = ? and c.tenant_id = :tenant`,
      [id],
    );
    if (!row) throw notFound('that conversation');
    return row;
  }

  /** The conversation, proven to belong to this business (404 otherwise, also for another business's id). */
  async conversation(id: string): Promise<ConversationRecord & { item: ConversationListItem; lead: LeadFields; createdAt: Date }> {
    const row = await this.conversationRow(id);
    return {
      id: row.id,
      workflowId: row.workflow_id,
      callerPhone: row.caller_phone,
      leadStatus: row.lead_status as LeadStatus,
      mode: row.mode as ConversationMode,
      closed: row.closed_at !== null,
      item: toConversationListItem(row),
      lead: row.lead ?? {},
      createdAt: new Date(row.created_at),
    };
  }

  /**
   * The handle of the conversation's workflow, only once the conversation proved to be this
   * business's: the one way the api reaches a conversation workflow.
   */
  async conversationWorkflow(id: string): Promise<{ conversation: ConversationRecord; handle: WorkflowHandle }> {
    if (!this.temporal) throw new Error('tenant scope: no Temporal client');
    const conversation = await this.conversation(id);
    // Belt and braces: the workflow id itself names the business (domain/conversation-id.ts).
    if (!conversation.workflowId.startsWith(`conversation/${this.tenantId}/`)) throw notFound('that conversation');
    return { conversation, handle: this.temporal.workflow.getHandle(conversation.workflowId) };
  }

  /** Where Twilio keeps a call's voicemail, if the call is this business's and left one. */
  async callRecordingUrl(callId: string): Promise<string | undefined> {
    const [row] = await this.sql<{ recording_url: string | null }[]>(
      'select recording_url from calls where id = ? and tenant_id = :tenant',
      [callId],
    );
    return row?.recording_url ?? undefined;
  }

  /**
   * Missed calls from withheld or unusable caller IDs, newest first: forwarded to the owner like any
   * call, but with no number to text there is no conversation to show them in.
   */
  withheldMissedCalls(limit: number): Promise<CallRow[]> {
    return this.sql<CallRow[]>(
      `select k.id, k.call_sid, k.created_at, k.dial_status, k.owner_accepted_at, k.recording_url, k.recording_duration_s, k.transcription
         from calls k
        where k.tenant_id = :tenant and k.caller_withheld and k.owner_accepted_at is null and k.dial_status is not null
        order by k.created_at desc, k.id desc limit ?`,
      [limit],
    );
  }

  /** Calls that belong to the conversation: linked by id, or (older rows) the caller's calls while it was open. */
  conversationCalls(id: string): Promise<CallRow[]> {
    return this.sql<CallRow[]>(
      `select k.id, k.call_sid, k.created_at, k.dial_status, k.owner_accepted_at, k.recording_url, k.recording_duration_s, k.transcription
         from calls k join conversations c on c.id = ? and c.tenant_id = :tenant
        where k.tenant_id = :tenant
          and (k.conversation_id = c.id
               or (k.conversation_id is null and k.caller_phone = c.caller_phone
                   and k.created_at >= c.created_at - interval '1 minute' and k.created_at <= coalesce(c.closed_at, 'infinity'::timestamptz)))
        order by k.created_at, k.id`,
      [id],
    );
  }

  async conversationAiUsage(id: string): Promise<{
    turns: number;
    promptTokens: number;
    completionTokens: number;
    model: string | null;
    averageLatencyMs: number | null;
  }> {
    const [row] = await this.sql<
      { turns: string; prompt_tokens: string | null; completion_tokens: string | null; model: string | null; latency: string | null }[]
    >(
      `select count(*)::int as turns, sum(prompt_tokens) as prompt_tokens, sum(completion_tokens) as completion_tokens,
              (select model from ai_turns where tenant_id = :tenant and conversation_id = ? order by created_at desc limit 1) as model,
              round(avg(latency_ms)) as latency
         from ai_turns where tenant_id = :tenant and conversation_id = ?`,
      [id, id],
    );
    return {
      turns: Number(row?.turns ?? 0),
      promptTokens: Number(row?.prompt_tokens ?? 0),
      completionTokens: Number(row?.completion_tokens ?? 0),
      model: row?.model ?? null,
      averageLatencyMs: row?.latency == null ? null : Number(row.latency),
    };
  }

  async conversationAppointment(id: string): Promise<AppointmentRow | null> {
    return appointments.bookedAppointmentOf(this.em, this.tenantId, id);
  }

  /** A page of messages, oldest first, ending just before `before` (a message id) or at the newest. */
  async messages(conversationId: string, { before, limit }: { before?: string | undefined; limit: number }) {
    await this.conversationRow(conversationId);
    let cursorCondition = '';
    const params: unknown[] = [conversationId];
    if (before) {
      const [anchor] = await this.sql<{ id: string }[]>(
        'select id from messages where id = ? and conversation_id = ? and tenant_id = :tenant',
        [before, conversationId],
      );
      if (!anchor) throw badRequest('invalid_cursor', 'before: that message is not in this conversation');
      cursorCondition = 'and (m.created_at, m.id) < (select created_at, id from messages where id = ? and tenant_id = :tenant)';
      params.push(before);
    }
    const rows = await this.sql<MessageRow[]>(
      `select m.* from messages m where m.conversation_id = ? and m.tenant_id = :tenant ${cursorCondition}
        order by m.created_at desc, m.id desc limit ?`,
      [...params, limit + 1],
    );
    const page = rows.slice(0, limit).reverse();
    return { messages: page.map(toMessageView) as MessageView[], nextCursor: rows.length > limit ? (page[0]?.id ?? null) : null };
  }

  async markConversationRead(id: string): Promise<void> {
    const rows = await this.sql('update conversations set owner_read_at = now() where id = ? and tenant_id = :tenant returning id', [id]);
    if (rows.length === 0) throw notFound('that conversation');
  }

  /**
   * Workflow ids of the business's running conversations, from Temporal's visibility (so a
   * conversation whose row is not written yet is included); each id is checked to name this business.
   */
  async runningConversationWorkflowIds(): Promise<string[]> {
    if (!this.temporal) throw new Error('tenant scope: no Temporal client');
    const ids: string[] = [];
    const query = `NmcTenantId = '${this.tenantId.replace(/[^0-9a-f-]/gi, '')}' AND ExecutionStatus = 'Running'`;
    for await (const execution of this.temporal.workflow.list({ query })) {
      if (execution.workflowId.startsWith(`conversation/${this.tenantId}/`)) ids.push(execution.workflowId);
    }
    return ids;
  }

  /** A running conversation workflow of this business by id (from runningConversationWorkflowIds). */
  workflowHandle(workflowId: string): WorkflowHandle {
    if (!this.temporal) throw new Error('tenant scope: no Temporal client');
    if (!workflowId.startsWith(`conversation/${this.tenantId}/`)) throw notFound('that conversation');
    return this.temporal.workflow.getHandle(workflowId);
  }

  // ---- appointments and the calendar feed ----------------------------------------------------

  appointments(range: { from: Date; to: Date }, { includeCancelled = false } = {}): Promise<AppointmentRow[]> {
    return appointments.appointmentsBetween(this.em, this.tenantId, range, { includeCancelled });
  }

  async calendarToken(): Promise<string> {
    const found = await businesses.calendarToken(this.em, this.tenantId);
    if (!found) throw notFound('your business');
    return found;
  }

  async rotateCalendarToken(): Promise<string> {
    const found = await businesses.rotateCalendarToken(this.em, this.tenantId);
    if (!found) throw notFound('your business');
    return found;
  }

  // ---- KPIs ------------------------------------------------------------------------------------

  /** One row per conversation opened in the period: what happened to the lead (domain/kpis.ts counts the funnel). */
  conversationFacts(range: { from: Date; to: Date }): Promise<ConversationFactsRow[]> {
    return this.sql<ConversationFactsRow[]>(
      `select c.id, c.lead_status, c.lead,
              exists (select 1 from calls k where k.tenant_id = :tenant and k.owner_accepted_at is null
                        and (k.conversation_id = c.id
                             or (k.conversation_id is null and k.caller_phone = c.caller_phone
                                 and k.created_at >= c.created_at - interval '1 minute'
                                 and k.created_at <= coalesce(c.closed_at, 'infinity'::timestamptz)))) as missed_call,
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

  /**
   * Every call missed in the period, from the moment its dial result reached us (the webhook's
   * arrival, else the call's row) to the first text to that caller within the hour after it.
   */
  missedCallFacts(range: { from: Date; to: Date }): Promise<MissedCallFactsRow[]> {
    return this.sql<MissedCallFactsRow[]>(
      `select k.call_sid, k.missed_at,
              (select min(m.created_at) from messages m join conversations c on c.id = m.conversation_id and c.tenant_id = :tenant
                where m.tenant_id = :tenant and c.caller_phone = k.caller_phone and m.direction = 'outbound'
                  and m.created_at >= k.missed_at and m.created_at < k.missed_at + interval '1 hour') as first_text_at
         from (select k.call_sid, k.caller_phone, coalesce(w.received_at, k.created_at) as missed_at
                 -- Missed: the calls the webhook handed to a conversation as missed (its dedupe claim,
                 -- 'dial-result:' before screening existed); ringing or answered calls are not.
                 from calls k join webhook_events w on w.dedupe_key in ('missed:' || k.call_sid, 'dial-result:' || k.call_sid)
                      and w.tenant_id = :tenant
                where k.tenant_id = :tenant and k.created_at >= ? and k.created_at < ?) k`,
      [range.from, range.to],
    );
  }

  aiUsageByDay(range: { from: Date; to: Date }, timeZone: string): Promise<AiUsageDayRow[]> {
    return this.sql<AiUsageDayRow[]>(
      `select to_char(created_at at time zone ?, 'YYYY-MM-DD') as date, count(*)::int as turns,
              coalesce(sum(prompt_tokens), 0)::bigint as prompt_tokens, coalesce(sum(completion_tokens), 0)::bigint as completion_tokens
         from ai_turns where tenant_id = :tenant and created_at >= ? and created_at < ?
        group by 1 order by 1`,
      [timeZone, range.from, range.to],
    );
  }

  // ---- alerts ----------------------------------------------------------------------------------

  async alerts({ unread, limit }: { unread: boolean; limit: number }) {
    return alerts.listAlerts(this.em, this.tenantId, { unread, limit });
  }

  async markAlertRead(id: string): Promise<void> {
    if (!(await alerts.markAlertRead(this.em, this.tenantId, id))) throw notFound('that alert');
  }
}

/** The business whose calendar feed this secret opens, as a scope; undefined when no business has it. */
export async function scopeForCalendarToken(em: EntityManager, token: string): Promise<TenantScope | undefined> {
  const tenantId = await businesses.businessForCalendarToken(em, token);
  return tenantId ? new TenantScope(em, { tenantId }) : undefined;
}
