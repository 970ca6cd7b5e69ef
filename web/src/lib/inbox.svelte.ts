// The live inbox's state: the conversation list, the conversations the owner has opened (messages
// in threads.svelte.ts; lead details here), kept current by fetches and live events. The folding
// rules live in conversations.ts.
import { ownerSetLeadStatus } from '$domain/lead-status';
import type { LiveEvents } from '$contracts/live-events';
import { api, describeError } from './api';
import type { ConversationDetails, ConversationFilters, ConversationListItem, LeadStatus, MessageView } from './api-types';
import { matchesFilters, mergeConversationSnapshot, noteNewMessage, toListItem, upsertConversation } from './conversations';
import { Threads, type LoadStatus, type Thread } from './threads.svelte';

export type { LoadStatus, Thread };

export interface Details {
  conversation: ConversationDetails | null;
  status: LoadStatus;
  error: string | null;
}

/** The result of an owner action, for the page to announce. */
export type ActionResult = { ok: true } | { ok: false; message: string };

export class Inbox {
  conversations = $state.raw<ConversationListItem[]>([]);
  listStatus = $state<LoadStatus>('loading');
  /** Set when the latest refresh failed; the list may still show what was loaded before. */
  listError = $state<string | null>(null);
  nextCursor = $state<string | null>(null);
  loadingMore = $state(false);
  filters = $state.raw<ConversationFilters>({});
  details = $state.raw<Record<string, Details>>({});

  #threads = new Threads();
  #openId: string | null = null;
  #listRequest = 0;
  /** The latest request per conversation; an older response that arrives late is dropped. */
  #detailRequests: Record<string, number> = {};
  #requestCounter = 0;
  #detailTimer: ReturnType<typeof setTimeout> | undefined;
  #listTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether the owner is looking at this conversation now (its new texts are read, not unread). */
  isWatching: (conversationId: string) => boolean = (conversationId) =>
    this.#openId === conversationId && (typeof document === 'undefined' || document.visibilityState !== 'hidden');

  get openId(): string | null {
    return this.#openId;
  }

  /** The opened conversations' messages and pending owner messages, by conversation id. */
  get threads(): Record<string, Thread> {
    return this.#threads.all;
  }

  async refreshConversations(): Promise<void> {
    const request = ++this.#listRequest;
    if (this.listStatus === 'error') this.listStatus = 'loading';
    const filters = this.filters;
    try {
      const { conversations, nextCursor } = await api.conversations(filters);
      if (request !== this.#listRequest) return;
      const fetched = conversations.map((conversation) => toListItem(conversation));
      // Conversations only live events know of are kept, unless the filters leave them out.
      this.conversations = mergeConversationSnapshot(this.conversations, fetched).filter(
        (conversation) => fetched.some((item) => item.id === conversation.id) || matchesFilters(conversation, filters),
      );
      this.nextCursor = nextCursor ?? null;
      this.listStatus = 'ready';
      this.listError = null;
    } catch (error) {
      if (request !== this.#listRequest) return;
      this.listError = describeError(error);
      if (this.listStatus !== 'ready') this.listStatus = 'error';
    }
  }

  async loadMore(): Promise<void> {
    if (!this.nextCursor || this.loadingMore) return;
    this.loadingMore = true;
    const request = this.#listRequest;
    try {
      const { conversations, nextCursor } = await api.conversations(this.filters, this.nextCursor);
      if (request !== this.#listRequest) return;
      this.conversations = mergeConversationSnapshot(this.conversations, [
        ...this.conversations,
        ...conversations.map((item) => toListItem(item)),
      ]);
      this.nextCursor = nextCursor ?? null;
    } catch (error) {
      this.listError = describeError(error);
    } finally {
      this.loadingMore = false;
    }
  }

  /** New filters replace the list (a conversation of another status must not linger). */
  async setFilters(filters: ConversationFilters): Promise<void> {
    this.filters = filters;
    this.conversations = [];
    this.nextCursor = null;
    this.listStatus = 'loading';
    await this.refreshConversations();
  }

  /** Show a conversation: at once from memory if we have it, then fresh from the api; it is now read. */
  async open(conversationId: string): Promise<void> {
    this.#openId = conversationId;
    await Promise.all([this.#threads.open(conversationId), this.loadDetails(conversationId), this.markRead(conversationId)]);
  }

  /** The conversation view was closed (phone: back to the list). */
  close(): void {
    this.#openId = null;
  }

  loadOlder(conversationId: string): Promise<void> {
    return this.#threads.loadOlder(conversationId);
  }

  async loadDetails(conversationId: string): Promise<void> {
    const request = ++this.#requestCounter;
    this.#detailRequests[conversationId] = request;
    const known = this.details[conversationId];
    this.#setDetails(conversationId, {
      conversation: known?.conversation ?? null,
      status: known?.conversation ? 'ready' : 'loading',
      error: null,
    });
    try {
      const { conversation } = await api.conversation(conversationId);
      if (request !== this.#detailRequests[conversationId]) return;
      this.#setDetails(conversationId, { conversation, status: 'ready', error: null });
    } catch (error) {
      if (request !== this.#detailRequests[conversationId]) return;
      this.#setDetails(conversationId, {
        conversation: known?.conversation ?? null,
        status: known?.conversation ? 'ready' : 'error',
        error: describeError(error),
      });
    }
  }

  async markRead(conversationId: string): Promise<void> {
    const conversation = this.conversations.find((item) => item.id === conversationId);
    if (conversation && conversation.unreadCount === 0) return;
    this.#patchConversation(conversationId, { unreadCount: 0 });
    try {
      await api.markRead(conversationId);
    } catch {
      // The count is only a hint; the next refresh shows the api's view.
    }
  }

  /** An owner message: shown at once as pending, confirmed when the api has stored it. */
  send(conversationId: string, body: string, clientId?: string): Promise<void> {
    // Sending takes the conversation over from the assistant.
    return this.#threads.send(conversationId, body, clientId, (message) =>
      this.#patchConversation(conversationId, { mode: 'human' }, message),
    );
  }

  /** Sends a failed owner message again, with the same client id so it cannot be stored twice. */
  retry(conversationId: string, clientId: string): Promise<void> {
    const body = this.#threads.pendingBody(conversationId, clientId);
    return body === undefined ? Promise.resolve() : this.send(conversationId, body, clientId);
  }

  discard(conversationId: string, clientId: string): void {
    this.#threads.discard(conversationId, clientId);
  }

  async takeOver(conversationId: string): Promise<ActionResult> {
    return this.#modeChange(conversationId, 'human', () => api.takeOver(conversationId));
  }

  async handBack(conversationId: string): Promise<ActionResult> {
    return this.#modeChange(conversationId, 'ai', () => api.handBack(conversationId));
  }

  async #modeChange(conversationId: string, mode: 'ai' | 'human', call: () => Promise<unknown>): Promise<ActionResult> {
    try {
      await call();
      // The api accepted it; the live conversation.updated confirms it a moment later.
      this.#patchConversation(conversationId, { mode });
      return { ok: true };
    } catch (error) {
      return { ok: false, message: describeError(error) };
    }
  }

  async setLeadStatus(conversationId: string, status: LeadStatus): Promise<ActionResult> {
    const current = this.conversations.find((item) => item.id === conversationId)?.leadStatus;
    if (current) {
      // The same rule the api applies, so the owner hears why at once.
      const allowed = ownerSetLeadStatus(current, status);
      if (!allowed.ok) return { ok: false, message: allowed.reason };
    }
    try {
      await api.setLeadStatus(conversationId, status);
      this.#patchConversation(conversationId, { leadStatus: status });
      return { ok: true };
    } catch (error) {
      return { ok: false, message: describeError(error) };
    }
  }

  /** After a (re)connect: refetch everything that could have changed while we were offline. */
  async resync(): Promise<void> {
    const openId = this.#openId;
    this.#threads.keepOnly(openId);
    // The list first: it brings the unread counts the open conversation then clears.
    await this.refreshConversations();
    if (openId && this.#openId === openId) await this.open(openId);
  }

  conversationUpdated = ({ conversation }: LiveEvents['conversation.updated']): void => {
    const known = this.conversations.find((item) => item.id === conversation.id);
    this.conversations = upsertConversation(this.conversations, conversation, this.filters);
    // The event carries the summary only: a new conversation, or a lead that moved (and may now
    // have a name), is fetched again for what the list shows beyond it.
    if (!known || known.leadStatus !== conversation.leadStatus) this.#refreshListSoon();
    // The open conversation's lead fields, appointment and AI usage may have moved with it.
    if (conversation.id === this.#openId) this.#refreshDetailsSoon(conversation.id);
  };

  messageCreated = ({ message }: LiveEvents['message.created']): void => {
    if (message.bodyOmitted) {
      // Too large to travel in the event: fetched like the rest of the thread.
      if (this.#threads.all[message.conversationId]) void this.#threads.open(message.conversationId);
      this.#refreshListSoon();
      return;
    }
    this.#threads.messageCreated(message);
    const watching = this.isWatching(message.conversationId);
    if (this.conversations.some((conversation) => conversation.id === message.conversationId)) {
      this.conversations = noteNewMessage(this.conversations, message, { unread: !watching });
      if (watching && message.direction === 'inbound') void api.markRead(message.conversationId).catch(() => undefined);
    } else {
      // A conversation we have never seen (its conversation.updated may be on its way, or lost).
      void this.refreshConversations();
    }
  };

  messageStatus = (event: LiveEvents['message.status']): void => {
    this.#threads.messageStatus(event);
  };

  #refreshListSoon(): void {
    clearTimeout(this.#listTimer);
    this.#listTimer = setTimeout(() => void this.refreshConversations(), 400);
  }

  #refreshDetailsSoon(conversationId: string): void {
    // Events come in bursts (a reply, its status, the lead moving): one fetch for the burst.
    clearTimeout(this.#detailTimer);
    this.#detailTimer = setTimeout(() => void this.loadDetails(conversationId), 250);
  }

  #patchConversation(conversationId: string, patch: Partial<ConversationListItem>, message?: MessageView): void {
    let list = this.conversations.map((item) => (item.id === conversationId ? { ...item, ...patch } : item));
    if (message) list = noteNewMessage(list, message);
    this.conversations = list;
    const details = this.details[conversationId];
    if (details?.conversation) this.#setDetails(conversationId, { ...details, conversation: { ...details.conversation, ...patch } });
  }

  #setDetails(conversationId: string, details: Details): void {
    this.details = { ...this.details, [conversationId]: details };
  }
}
