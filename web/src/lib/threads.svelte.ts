// The conversations the owner has opened: their messages, paged in from the api and kept current
// by live events, and the owner's own texts on their way (pending until the api has stored them).
// The folding rules live in conversations.ts; the inbox (inbox.svelte.ts) owns one of these.
import type { LiveEvents } from '$contracts/live-events';
import { api, describeError } from './api';
import type { MessageView } from './api-types';
import { applyMessageStatus, confirmedPending, mergeMessages, type PendingMessage } from './conversations';
import { nowIso } from './format';

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

const EMPTY_THREAD: Thread = { messages: [], pending: [], status: 'loading', error: null, olderCursor: null, loadingOlder: false };

function newClientId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  // Older browsers: a v4-shaped id from Math.random is unique enough for one owner's tab.
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = Math.floor(Math.random() * 16);
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

export class Threads {
  all = $state.raw<Record<string, Thread>>({});

  /** The latest request per conversation; an older response that arrives late is dropped. */
  #requests: Record<string, number> = {};
  #requestCounter = 0;

  /** Show a conversation at once from memory if we have it, then load it fresh from the api. */
  async open(conversationId: string): Promise<void> {
    const known = this.all[conversationId];
    // Create the thread before fetching, so live messages arriving meanwhile are kept.
    this.#set(conversationId, {
      ...EMPTY_THREAD,
      ...known,
      status: known?.status === 'ready' ? 'ready' : 'loading',
      error: null,
    });
    await this.#load(conversationId);
  }

  async #load(conversationId: string): Promise<void> {
    const request = ++this.#requestCounter;
    this.#requests[conversationId] = request;
    try {
      const { messages, nextCursor } = await api.messages(conversationId);
      if (request !== this.#requests[conversationId]) return;
      const current = this.all[conversationId] ?? EMPTY_THREAD;
      const pending = current.pending.filter((entry) => !messages.some((message) => confirmedPending([entry], message)));
      this.#set(conversationId, {
        ...current,
        messages: mergeMessages(current.messages, messages),
        pending,
        status: 'ready',
        error: null,
        // The first load decides how far back there is more; later refreshes keep what was paged in.
        olderCursor: current.status === 'ready' ? current.olderCursor : (nextCursor ?? null),
      });
    } catch (error) {
      if (request !== this.#requests[conversationId]) return;
      const current = this.all[conversationId] ?? EMPTY_THREAD;
      this.#set(conversationId, { ...current, status: current.status === 'ready' ? 'ready' : 'error', error: describeError(error) });
    }
  }

  async loadOlder(conversationId: string): Promise<void> {
    const thread = this.all[conversationId];
    if (!thread?.olderCursor || thread.loadingOlder) return;
    this.#set(conversationId, { ...thread, loadingOlder: true });
    try {
      const { messages, nextCursor } = await api.messages(conversationId, thread.olderCursor);
      const current = this.all[conversationId] ?? EMPTY_THREAD;
      this.#set(conversationId, {
        ...current,
        messages: mergeMessages(current.messages, messages),
        olderCursor: nextCursor ?? null,
        loadingOlder: false,
      });
    } catch (error) {
      const current = this.all[conversationId] ?? EMPTY_THREAD;
      this.#set(conversationId, { ...current, loadingOlder: false, error: describeError(error) });
    }
  }

  /** An owner message: shown at once as pending, confirmed when the api has stored it (then `onStored`). */
  async send(conversationId: string, body: string, clientId = newClientId(), onStored?: (message: MessageView) => void): Promise<void> {
    const thread = this.all[conversationId] ?? { ...EMPTY_THREAD, status: 'ready' as const };
    const existing = thread.pending.find((entry) => entry.clientId === clientId);
    const entry: PendingMessage = {
      clientId,
      body,
      createdAt: existing?.createdAt ?? nowIso(),
      state: 'sending',
      error: null,
    };
    this.#set(conversationId, {
      ...thread,
      pending: existing ? thread.pending.map((item) => (item.clientId === clientId ? entry : item)) : [...thread.pending, entry],
    });
    try {
      const { message } = await api.sendMessage(conversationId, body, clientId);
      const current = this.all[conversationId] ?? EMPTY_THREAD;
      this.#set(conversationId, {
        ...current,
        messages: mergeMessages(current.messages, [message]),
        pending: current.pending.filter((item) => item.clientId !== clientId),
      });
      onStored?.(message);
    } catch (error) {
      const current = this.all[conversationId] ?? EMPTY_THREAD;
      this.#set(conversationId, {
        ...current,
        pending: current.pending.map((item) =>
          item.clientId === clientId ? { ...item, state: 'failed', error: describeError(error) } : item,
        ),
      });
    }
  }

  /** The body of a pending owner message, to send again with the same client id. */
  pendingBody(conversationId: string, clientId: string): string | undefined {
    return this.all[conversationId]?.pending.find((item) => item.clientId === clientId)?.body;
  }

  discard(conversationId: string, clientId: string): void {
    const thread = this.all[conversationId];
    if (thread) this.#set(conversationId, { ...thread, pending: thread.pending.filter((item) => item.clientId !== clientId) });
  }

  /**
   * After a (re)connect: threads not on screen are dropped rather than refetched; opening one loads
   * it again. Pending owner messages stay wherever they are: they are this page's own and not yet on the server.
   */
  keepOnly(openId: string | null): void {
    const kept: Record<string, Thread> = {};
    for (const [id, thread] of Object.entries(this.all)) {
      if (id === openId) kept[id] = thread;
      else if (thread.pending.length > 0) kept[id] = { ...thread, messages: [], status: 'loading' };
    }
    this.all = kept;
  }

  messageCreated(message: MessageView): void {
    const thread = this.all[message.conversationId];
    if (!thread) return;
    const confirmed = confirmedPending(thread.pending, message);
    this.#set(message.conversationId, {
      ...thread,
      messages: mergeMessages(thread.messages, [message]),
      pending: confirmed ? thread.pending.filter((item) => item !== confirmed) : thread.pending,
    });
  }

  messageStatus({ messageId, conversationId, status }: LiveEvents['message.status']): void {
    const thread = this.all[conversationId];
    if (thread) this.#set(conversationId, { ...thread, messages: applyMessageStatus(thread.messages, messageId, status) });
  }

  #set(conversationId: string, thread: Thread): void {
    this.all = { ...this.all, [conversationId]: thread };
  }
}
