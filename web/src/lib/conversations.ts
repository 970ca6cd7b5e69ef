// How the inbox folds fetched snapshots and live events together. Pure functions over plain data:
// a snapshot and an event can arrive in either order, and the result must be the same, with no
// message lost or shown twice and no delivery status going backwards.
import type { ConversationFilters, ConversationListItem } from './api-types';
import type { ConversationSummary, MessageStatus, MessageView } from '$contracts/live-events';

function time(iso: string | null | undefined): number {
  return iso ? Date.parse(iso) || 0 : 0;
}

export function lastActivity(conversation: ConversationSummary): number {
  return time(conversation.lastMessageAt ?? conversation.createdAt);
}

/** Newest activity first, as the api sends them. */
export function byLatestActivity(a: ConversationSummary, b: ConversationSummary): number {
  return lastActivity(b) - lastActivity(a) || b.id.localeCompare(a.id);
}

/**
 * Live events carry the summary; what only the list knows (the unread count) is kept, and so is a
 * name learned earlier when an event has none.
 */
export function toListItem(
  summary: ConversationSummary & Partial<ConversationListItem>,
  known?: ConversationListItem,
): ConversationListItem {
  return {
    unreadCount: 0,
    ...known,
    ...summary,
    callerName: summary.callerName ?? known?.callerName ?? null,
    offline: summary.offline ?? known?.offline ?? false,
  };
}

/** Whether a conversation belongs in a list shown with these filters. */
export function matchesFilters(conversation: ConversationListItem, filters: ConversationFilters): boolean {
  if (filters.status && conversation.leadStatus !== filters.status) return false;
  if (filters.mode && conversation.mode !== filters.mode) return false;
  const query = filters.q?.trim().toLowerCase();
  if (!query) return true;
  const digits = query.replace(/\D/g, '');
  return (
    (digits.length > 0 && conversation.callerPhone.replace(/\D/g, '').includes(digits)) ||
    (conversation.callerName ?? '').toLowerCase().includes(query)
  );
}

/** A conversation.updated event: the event's fields replace ours; one that no longer matches the filters leaves the list. */
export function upsertConversation(
  list: readonly ConversationListItem[],
  conversation: ConversationSummary & Partial<ConversationListItem>,
  filters: ConversationFilters = {},
): ConversationListItem[] {
  const known = list.find((existing) => existing.id === conversation.id);
  const item = toListItem(conversation, known);
  const others = list.filter((existing) => existing.id !== conversation.id);
  return (matchesFilters(item, filters) ? [...others, item] : others).sort(byLatestActivity);
}

/**
 * A fetched list meets what live events already told us. The fetch wins unless an event brought
 * newer activity while it was in flight; conversations only the events know about are kept.
 */
export function mergeConversationSnapshot(
  known: readonly ConversationListItem[],
  fetched: readonly ConversationListItem[],
): ConversationListItem[] {
  const byId = new Map(known.map((conversation) => [conversation.id, conversation]));
  const merged = fetched.map((conversation) => {
    const local = byId.get(conversation.id);
    byId.delete(conversation.id);
    return local && lastActivity(local) > lastActivity(conversation) ? { ...conversation, ...local } : toListItem(conversation);
  });
  return [...merged, ...byId.values()].sort(byLatestActivity);
}

/** A message.created event also moves its conversation to the top with a fresh preview; a caller's text counts as unread. */
export function noteNewMessage(
  list: readonly ConversationListItem[],
  message: MessageView,
  { unread }: { unread: boolean } = { unread: false },
): ConversationListItem[] {
  return list
    .map((conversation) => {
      if (conversation.id !== message.conversationId) return conversation;
      const newer = time(conversation.lastMessageAt) <= time(message.createdAt);
      return {
        ...conversation,
        ...(newer ? { lastMessageAt: message.createdAt, lastMessagePreview: message.body } : {}),
        unreadCount: conversation.unreadCount + (unread && message.direction === 'inbound' ? 1 : 0),
      };
    })
    .sort(byLatestActivity);
}

// Statuses only move forward; a late snapshot must not turn "delivered" back into "sent".
const STATUS_RANK: Record<MessageStatus, number> = { received: 0, queued: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3 };

function laterStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus {
  return STATUS_RANK[incoming] >= STATUS_RANK[current] ? incoming : current;
}

function byCreation(a: MessageView, b: MessageView): number {
  return time(a.createdAt) - time(b.createdAt) || a.id.localeCompare(b.id);
}

/** Union by id, oldest first. */
export function mergeMessages(known: readonly MessageView[], incoming: readonly MessageView[]): MessageView[] {
  const byId = new Map(known.map((message) => [message.id, message]));
  for (const message of incoming) {
    const existing = byId.get(message.id);
    byId.set(message.id, existing ? { ...message, status: laterStatus(existing.status, message.status) } : message);
  }
  return [...byId.values()].sort(byCreation);
}

export function applyMessageStatus(messages: readonly MessageView[], messageId: string, status: MessageStatus): MessageView[] {
  return messages.map((message) => (message.id === messageId ? { ...message, status: laterStatus(message.status, status) } : message));
}

/** An owner message typed in this browser and not yet confirmed stored by the api. */
export interface PendingMessage {
  clientId: string;
  body: string;
  createdAt: string;
  state: 'sending' | 'failed';
  error: string | null;
}

/**
 * The pending message a stored owner message confirms: the one with its clientId when the api
 * echoes it, else the oldest pending one with the same text (the live event may beat the api's answer).
 */
export function confirmedPending(
  pending: readonly PendingMessage[],
  message: MessageView & { clientId?: string },
): PendingMessage | undefined {
  if (message.author !== 'owner') return undefined;
  if (message.clientId) return pending.find((entry) => entry.clientId === message.clientId);
  return pending.find((entry) => entry.body === message.body);
}
