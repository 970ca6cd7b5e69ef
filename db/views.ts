// How read-model rows look to the dashboard: one shape for REST responses and live events.
// The views' types are the HTTP contract's (contracts/http). Each table family maps its own rows
// (db/conversations.ts, db/messages.ts, db/calls.ts); these re-exports keep older imports working.
import type { ConversationListItem } from '../contracts/http/conversations';
import type { AlertItem } from '../contracts/http/insights';

export { toConversationListItem, toConversationSummary } from './conversations';
export { toMessageView } from './messages';

// Still imported from here by api/conversation-scope.ts and db/conversations.ts.
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
