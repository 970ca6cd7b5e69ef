// How read-model rows look to the dashboard: one shape for REST responses and live events.
// The views' types are the HTTP contract's (contracts/http); only the mapping from rows lives here.
import type { ConversationListItem } from '../contracts/http/conversations';
import type { AlertItem } from '../contracts/http/insights';
import type { ConversationSummary, MessageView } from '../contracts/live-events';
import { OFFLINE_ASSISTANT_MODEL } from '../domain/assistant-safety';
import type { LeadStatus } from '../domain/lead-status';

// Still imported from here by api/tenant-scope.ts.
export type { ConversationListItem };

export interface ConversationRow {
  id: string;
  caller_phone: string;
  lead_status: string;
  mode: string;
  created_at: Date | string;
  last_message_at: Date | string | null;
  last_message_preview: string | null;
  lead?: { callerName?: string } | null;
  assistant_model?: string | null;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  direction: string;
  author: string;
  body: string;
  status: string;
  created_at: Date | string;
}

const iso = (value: Date | string) => new Date(value).toISOString();

export function toConversationSummary(row: ConversationRow): ConversationSummary {
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

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    direction: row.direction as MessageView['direction'],
    author: row.author as MessageView['author'],
    body: row.body,
    status: row.status as MessageView['status'],
    createdAt: iso(row.created_at),
  };
}

export interface ConversationListRow extends ConversationRow {
  lead: { callerName?: string } | null;
  unread_count: number | string;
  assistant_model: string | null;
}

export function toConversationListItem(row: ConversationListRow): ConversationListItem {
  return {
    ...toConversationSummary(row),
    unreadCount: Number(row.unread_count),
  };
}

export interface AlertRow {
  id: string;
  conversation_id: string | null;
  kind: string;
  body: string;
  created_at: Date | string;
  read_at: Date | string | null;
}

export function toAlertView(row: AlertRow): AlertItem {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    kind: row.kind,
    body: row.body,
    createdAt: iso(row.created_at),
    readAt: row.read_at ? iso(row.read_at) : null,
  };
}
