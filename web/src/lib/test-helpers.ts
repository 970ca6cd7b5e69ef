// Builders for the dashboard's unit tests: plain data as the api sends it, with overridable fields.
import type { ConversationListItem, MessageView } from './api-types';

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export function conversationItem(overrides: Partial<ConversationListItem> = {}): ConversationListItem {
  return {
    id: uuid(),
    callerPhone: '+15125550101',
    leadStatus: 'new',
    mode: 'ai',
    createdAt: '2026-03-02T15:00:00.000Z',
    lastMessageAt: '2026-03-02T15:00:05.000Z',
    lastMessagePreview: 'Sorry we missed your call. Reply STOP to opt out',
    callerName: null,
    unreadCount: 0,
    offline: false,
    ...overrides,
  };
}

export function message(overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: uuid(),
    conversationId: 'c1',
    direction: 'outbound',
    author: 'assistant',
    body: 'Hello',
    status: 'sent',
    createdAt: '2026-03-02T15:00:05.000Z',
    ...overrides,
  };
}

/** A Response as fetch would give it. */
export function json(status: number, body: unknown): Response {
  return new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Lets pending promises (and the effects they trigger) run. */
export async function settle(times = 5): Promise<void> {
  for (let index = 0; index < times; index += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}
