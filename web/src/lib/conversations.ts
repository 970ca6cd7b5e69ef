// How the inbox folds fetched snapshots and live events together. Pure functions over plain data:
// a snapshot and an event can arrive in either order, and the result must be the same, with no
// message lost or shown twice and no delivery status going backwards.
import type { ConversationSummary, MessageStatus, MessageView } from '$domain/live-events';

function time(iso: string | null): number {
  return iso ? Date.parse(iso) || 0 : 0;
}

function lastActivity(conversation: ConversationSummary): number {
  return time(conversation.lastMessageAt ?? conversation.createdAt);
}

/** Newest activity first, as the api sends them. */
export function byLatestActivity(a: ConversationSummary, b: ConversationSummary): number {
  return lastActivity(b) - lastActivity(a) || b.id.localeCompare(a.id);
}

/** A conversation.updated event: the event carries the whole summary, so it replaces ours. */
export function upsertConversation(list: readonly ConversationSummary[], conversation: ConversationSummary): ConversationSummary[] {
  return [...list.filter((existing) => existing.id !== conversation.id), conversation].sort(byLatestActivity);
}

/**
 * A fetched list meets what live events already told us. The fetch wins unless an event brought
 * newer activity while it was in flight; conversations only the events know about are kept.
 */
export function mergeConversationSnapshot(
  known: readonly ConversationSummary[],
  fetched: readonly ConversationSummary[],
): ConversationSummary[] {
  const byId = new Map(known.map((conversation) => [conversation.id, conversation]));
  const merged = fetched.map((conversation) => {
    const local = byId.get(conversation.id);
    byId.delete(conversation.id);
    return local && lastActivity(local) > lastActivity(conversation) ? local : conversation;
  });
  return [...merged, ...byId.values()].sort(byLatestActivity);
}

/** A message.created event also moves its conversation to the top with a fresh preview. */
export function noteNewMessage(list: readonly ConversationSummary[], message: MessageView): ConversationSummary[] {
  return list
    .map((conversation) =>
      conversation.id === message.conversationId && time(conversation.lastMessageAt) <= time(message.createdAt)
        ? { ...conversation, lastMessageAt: message.createdAt, lastMessagePreview: message.body }
        : conversation,
    )
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
