// The conversation part of the TenantScope (api/tenant-scope.ts, docs/decisions/0009-tenant-scope.md):
// what a dashboard request reads of the business's conversations, messages and calls, and the one
// way it reaches a conversation's workflow. Each method passes the scope's business to the db
// module that holds the query (db/conversations.ts, db/messages.ts, db/calls.ts, db/ai-turns.ts),
// which limits every statement to it. The scope's identity and its statement binder live here too,
// as the base the rest of TenantScope builds on.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { conversationAiUsage, type ConversationAiUsage } from '../db/ai-turns';
import type { CallView } from '../contracts/http/conversations';
import { callRecordingUrl, conversationCalls, toCallView, withheldMissedCalls } from '../db/calls';
import {
  findConversation,
  listConversations,
  markConversationRead,
  toConversationListItem,
  type ConversationFilter,
} from '../db/conversations';
import { messagePage } from '../db/messages';
import { tenantSql } from '../db/tenant-sql';
import type { ConversationListItem } from '../contracts/http/conversations';
import type { ConversationMode } from '../contracts/live-events';
import type { LeadStatus } from '../domain/lead-status';
import type { LeadFields } from '../contracts/conversation-workflow';
import { conversationHandle } from '../temporal/conversation-gateway';
import { badRequest, notFound } from './errors';

export type { ConversationFilter } from '../db/conversations';

export interface ScopeIdentity {
  tenantId: string;
  /** The signed-in owner; absent for the calendar feed, which is read with its own secret. */
  userId?: string;
}

export interface ConversationRecord {
  id: string;
  workflowId: string;
  callerPhone: string;
  leadStatus: LeadStatus;
  mode: ConversationMode;
  closed: boolean;
}

export abstract class ConversationScope {
  constructor(
    protected readonly em: EntityManager,
    readonly identity: ScopeIdentity,
    protected readonly temporal?: Client,
  ) {}

  get tenantId(): string {
    return this.identity.tenantId;
  }

  protected get userId(): string {
    if (!this.identity.userId) throw new Error('tenant scope: this operation needs a signed-in owner');
    return this.identity.userId;
  }

  /** Runs a statement that names the business as `:tenant`; the scope binds it, positional `?` bind `params`. */
  protected sql<T extends object[] = Record<string, unknown>[]>(text: string, params: unknown[] = []): Promise<T> {
    return tenantSql<T>(this.em, this.tenantId, text, params);
  }

  // ---- conversations, messages and calls (db/conversations.ts, db/messages.ts, db/calls.ts) --

  listConversations(filter: ConversationFilter) {
    return listConversations(this.em, this.tenantId, filter);
  }

  /** The conversation, proven to belong to this business (404 otherwise, also for another business's id). */
  async conversation(id: string): Promise<ConversationRecord & { item: ConversationListItem; lead: LeadFields; createdAt: Date }> {
    const row = await findConversation(this.em, this.tenantId, id);
    if (!row) throw notFound('that conversation');
    return {
      id: row.id,
      workflowId: row.workflow_id,
      callerPhone: row.caller_phone,
      leadStatus: row.lead_status as LeadStatus,
      mode: row.mode as ConversationMode,
      closed: row.closed_at != null,
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
    return { conversation, handle: conversationHandle(this.temporal, conversation.workflowId) };
  }

  /** A page of messages, oldest first, ending just before `before` (a message id) or at the newest. */
  async messages(conversationId: string, page: { before?: string | undefined; limit: number }) {
    if (!(await findConversation(this.em, this.tenantId, conversationId))) throw notFound('that conversation');
    const found = await messagePage(this.em, this.tenantId, conversationId, page);
    if ('invalidCursor' in found) throw badRequest('invalid_cursor', 'before: that message is not in this conversation');
    return found;
  }

  async markConversationRead(id: string): Promise<void> {
    if (!(await markConversationRead(this.em, this.tenantId, id))) throw notFound('that conversation');
  }

  /** The conversation's calls (with their voicemails), oldest first. */
  async conversationCalls(id: string, voicemailLink: (callId: string) => string): Promise<CallView[]> {
    return (await conversationCalls(this.em, this.tenantId, id)).map((call) => toCallView(call, voicemailLink));
  }

  /** Missed calls from withheld or unusable caller IDs, newest first (they have no conversation). */
  async withheldMissedCalls(limit: number, voicemailLink: (callId: string) => string): Promise<CallView[]> {
    return (await withheldMissedCalls(this.em, this.tenantId, limit)).map((call) => toCallView(call, voicemailLink));
  }

  /** Where Twilio keeps a call's voicemail, if the call is this business's and left one. */
  callRecordingUrl(callId: string): Promise<string | undefined> {
    return callRecordingUrl(this.em, this.tenantId, callId);
  }

  conversationAiUsage(id: string): Promise<ConversationAiUsage> {
    return conversationAiUsage(this.em, this.tenantId, id);
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
    return conversationHandle(this.temporal, workflowId);
  }
}
