// The live inbox's state: the conversation list, the conversations the owner has opened (messages,
// lead details, owner messages on their way), kept current by fetches and live events. The folding
// rules live in conversations.ts.
import { ownerSetLeadStatus } from '$domain/lead-status';
import type { LiveEvents } from '$domain/live-events';
import { api, describeError } from './api';
import { nowIso } from './format';
import type { ConversationDetails, ConversationFilters, ConversationListItem, LeadStatus, MessageView } from './api-types';
import {
  applyMessageStatus,
  confirmedPending,
  matchesFilters,
  mergeConversationSnapshot,
  mergeMessages,
  noteNewMessage,
  toListItem,
  upsertConversation,
  type PendingMessage,
} from './conversations';

export type LoadStatus = 'loading' | 'ready' | 'error';

export interface Thread {
  messages: MessageView[];
  /** Owner messages sent from this page that the api has not confirmed yet, oldest first. */
  pending: PendingMessage[];
  status: LoadStatus;
  error: string | null;
  /** Cursor for older messages; null when the whole conversation is loaded. */
  olderCursor: string | null;
  loadingOlder: boolean;
}

export interface Details {
  conversation: ConversationDetails | null;
  status: LoadStatus;
  error: string | null;
}

/** The result of an owner action, for the page to announce. */
export type ActionResult = { ok: true } | { ok: false; message: string };

const EMPTY_THREAD: Thread = { messages: [], pending: [], status: 'loading', error: null, olderCursor: null, loadingOlder: false };

function newClientId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  // Older browsers: a v4-shaped id from Math.random is unique enough for one owner's tab.
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = Math.floor(Math.random() * 16);
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

export class Inbox {
  conversations = $state.raw<ConversationListItem[]>([]);
  listStatus = $state<LoadStatus>('loading');
  /** Set when the latest refresh failed; the list may still show what was loaded before. */
  listError = $state<string | null>(null);
  nextCursor = $state<string | null>(null);
  loadingMore = $state(false);
  filters = $state.raw<ConversationFilters>({});
  threads = $state.raw<Record<string, Thread>>({});
  details = $state.raw<Record<string, Details>>({});

  #openId: string | null = null;
  #listRequest = 0;
  /** The latest request per conversation; an older response that arrives late is dropped. */
  #threadRequests: Record<string, number> = {};
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
    const known = this.threads[conversationId];
    // Create the thread before fetching, so live messages arriving meanwhile are kept.
    this.#setThread(conversationId, {
      ...EMPTY_THREAD,
      ...known,
      status: known?.status === 'ready' ? 'ready' : 'loading',
      error: null,
    });
    await Promise.all([this.#loadMessages(conversationId), this.loadDetails(conversationId), this.markRead(conversationId)]);
  }

  /** The conversation view was closed (phone: back to the list). */
  close(): void {
    this.#openId = null;
  }

  async #loadMessages(conversationId: string): Promise<void> {
    const request = ++this.#requestCounter;
    this.#threadRequests[conversationId] = request;
    try {
      const { messages, nextCursor } = await api.messages(conversationId);
      if (request !== this.#threadRequests[conversationId]) return;
      const current = this.threads[conversationId] ?? EMPTY_THREAD;
      const pending = current.pending.filter((entry) => !messages.some((message) => confirmedPending([entry], message)));
      this.#setThread(conversationId, {
        ...current,
        messages: mergeMessages(current.messages, messages),
        pending,
        status: 'ready',
        error: null,
        // The first load decides how far back there is more; later refreshes keep what was paged in.
        olderCursor: current.status === 'ready' ? current.olderCursor : (nextCursor ?? null),
      });
    } catch (error) {
      if (request !== this.#threadRequests[conversationId]) return;
      const current = this.threads[conversationId] ?? EMPTY_THREAD;
      this.#setThread(conversationId, { ...current, status: current.status === 'ready' ? 'ready' : 'error', error: describeError(error) });
    }
  }

  async loadOlder(conversationId: string): Promise<void> {
    const thread = this.threads[conversationId];
    if (!thread?.olderCursor || thread.loadingOlder) return;
    this.#setThread(conversationId, { ...thread, loadingOlder: true });
    try {
      const { messages, nextCursor } = await api.messages(conversationId, thread.olderCursor);
      const current = this.threads[conversationId] ?? EMPTY_THREAD;
      this.#setThread(conversationId, {
        ...current,
        messages: mergeMessages(current.messages, messages),
        olderCursor: nextCursor ?? null,
        loadingOlder: false,
      });
    } catch (error) {
      const current = this.threads[conversationId] ?? EMPTY_THREAD;
      this.#setThread(conversationId, { ...current, loadingOlder: false, error: describeError(error) });
    }
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
  async send(conversationId: string, body: string, clientId = newClientId()): Promise<void> {
    const thread = this.threads[conversationId] ?? { ...EMPTY_THREAD, status: 'ready' as const };
    const existing = thread.pending.find((entry) => entry.clientId === clientId);
    const entry: PendingMessage = {
      clientId,
      body,
      createdAt: existing?.createdAt ?? nowIso(),
      state: 'sending',
      error: null,
    };
    this.#setThread(conversationId, {
      ...thread,
      pending: existing ? thread.pending.map((item) => (item.clientId === clientId ? entry : item)) : [...thread.pending, entry],
    });
    try {
      const { message } = await api.sendMessage(conversationId, body, clientId);
      const current = this.threads[conversationId] ?? EMPTY_THREAD;
      this.#setThread(conversationId, {
        ...current,
        messages: mergeMessages(current.messages, [message]),
        pending: current.pending.filter((item) => item.clientId !== clientId),
      });
      // Sending takes the conversation over from the assistant.
      this.#patchConversation(conversationId, { mode: 'human' }, message);
    } catch (error) {
      const current = this.threads[conversationId] ?? EMPTY_THREAD;
      this.#setThread(conversationId, {
        ...current,
        pending: current.pending.map((item) =>
          item.clientId === clientId ? { ...item, state: 'failed', error: describeError(error) } : item,
        ),
      });
    }
  }

  /** Sends a failed owner message again, with the same client id so it cannot be stored twice. */
  retry(conversationId: string, clientId: string): Promise<void> {
    const entry = this.threads[conversationId]?.pending.find((item) => item.clientId === clientId);
    return entry ? this.send(conversationId, entry.body, clientId) : Promise.resolve();
  }

  discard(conversationId: string, clientId: string): void {
    const thread = this.threads[conversationId];
    if (thread) this.#setThread(conversationId, { ...thread, pending: thread.pending.filter((item) => item.clientId !== clientId) });
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
    // Threads not on screen are dropped rather than refetched; opening one loads it again. Pending
    // owner messages stay wherever they are: they are this page's own and not yet on the server.
    const openId = this.#openId;
    const kept: Record<string, Thread> = {};
    for (const [id, thread] of Object.entries(this.threads)) {
      if (id === openId) kept[id] = thread;
      else if (thread.pending.length > 0) kept[id] = { ...thread, messages: [], status: 'loading' };
    }
    this.threads = kept;
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
    const thread = this.threads[message.conversationId];
    if (thread) {
      const confirmed = confirmedPending(thread.pending, message);
      this.#setThread(message.conversationId, {
        ...thread,
        messages: mergeMessages(thread.messages, [message]),
        pending: confirmed ? thread.pending.filter((item) => item !== confirmed) : thread.pending,
      });
    }
    const watching = this.isWatching(message.conversationId);
    if (this.conversations.some((conversation) => conversation.id === message.conversationId)) {
      this.conversations = noteNewMessage(this.conversations, message, { unread: !watching });
      if (watching && message.direction === 'inbound') void api.markRead(message.conversationId).catch(() => undefined);
    } else {
      // A conversation we have never seen (its conversation.updated may be on its way, or lost).
      void this.refreshConversations();
    }
  };

  messageStatus = ({ messageId, conversationId, status }: LiveEvents['message.status']): void => {
    const thread = this.threads[conversationId];
    if (thread) this.#setThread(conversationId, { ...thread, messages: applyMessageStatus(thread.messages, messageId, status) });
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

  #setThread(conversationId: string, thread: Thread): void {
    this.threads = { ...this.threads, [conversationId]: thread };
  }

  #setDetails(conversationId: string, details: Details): void {
    this.details = { ...this.details, [conversationId]: details };
  }
}
