// How read-model rows look to the dashboard: one shape for REST responses and live events.
import type { ConversationSummary, MessageView } from '../domain/live-events';
import type { LeadStatus } from '../domain/lead-status';

export interface ConversationRow {
  id: string;
  caller_phone: string;
  lead_status: string;
  mode: string;
  created_at: Date | string;
  last_message_at: Date | string | null;
  last_message_preview: string | null;
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
