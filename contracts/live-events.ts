// The events pushed live to a business's dashboard, shared by the server (which publishes them)
// and the browser (which renders them). Plain data only: the dashboard imports these types.
import type { ConversationMode } from '../domain/conversation-facts';
import type { LeadStatus } from '../domain/lead-status';
import type { MessageAuthor, MessageDirection, MessageStatus } from '../domain/message-status';

// The words of a message and a conversation are the domain's; re-exported so the contract reads in one place.
export type { ConversationMode, MessageAuthor, MessageDirection, MessageStatus };

export interface ConversationSummary {
  id: string;
  callerPhone: string;
  leadStatus: LeadStatus;
  mode: ConversationMode;
  createdAt: string;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  /** The caller's name once they gave it. */
  callerName: string | null;
  /** Answered by the offline rules assistant rather than a language model (sandbox without a key). */
  offline: boolean;
}

export interface MessageView {
  id: string;
  conversationId: string;
  direction: MessageDirection;
  author: MessageAuthor;
  body: string;
  status: MessageStatus;
  createdAt: string;
  /** The body was too large for a live event (db/live-events.ts): fetch the message to show it. */
  bodyOmitted?: true;
}

export interface AlertView {
  id: string;
  conversationId: string | null;
  kind: string;
  body: string;
  createdAt: string;
}

export interface LiveEvents {
  'conversation.updated': { conversation: ConversationSummary };
  'alert.created': { alert: AlertView };
  'message.created': { message: MessageView };
  'message.status': { messageId: string; conversationId: string; status: MessageStatus };
  /** An assistant turn finished: its model, tokens and latency (the conversation's AI usage). */
  'ai.turn': {
    conversationId: string;
    model: string;
    promptTokens: number;
    completionTokens: number;
    latencyMs: number;
    outcome: 'ok' | 'fallback';
  };
}

export type LiveEventName = keyof LiveEvents;
export const LIVE_EVENT_NAMES: readonly LiveEventName[] = [
  'conversation.updated',
  'message.created',
  'message.status',
  'alert.created',
  'ai.turn',
];
