// The live inbox's state: the conversation list and the threads the owner has opened, kept current
// by fetches and live events. The folding rules live in conversations.ts.
import type { ConversationSummary, LiveEvents, MessageView } from '$domain/live-events';
import { api, describeError } from './api';
import { applyMessageStatus, mergeConversationSnapshot, mergeMessages, noteNewMessage, upsertConversation } from './conversations';

export type LoadStatus = 'loading' | 'ready' | 'error';

export interface Thread {
  messages: MessageView[];
  status: LoadStatus;
  error: string | null;
}

export class Inbox {
  conversations = $state.raw<ConversationSummary[]>([]);
  listStatus = $state<LoadStatus>('loading');
  /** Set when the latest refresh failed; the list may still show what was loaded before. */
  listError = $state<string | null>(null);
  threads = $state.raw<Record<string, Thread>>({});

  #openId: string | null = null;
  #listRequest = 0;
  #threadRequest = 0;
  /** The latest request per conversation; an older response that arrives late is dropped. */
  #threadRequests: Record<string, number> = {};

  async refreshConversations(): Promise<void> {
    const request = ++this.#listRequest;
    if (this.listStatus === 'error') this.listStatus = 'loading';
    try {
      const { conversations } = await api.conversations();
      if (request !== this.#listRequest) return;
      this.conversations = mergeConversationSnapshot(this.conversations, conversations);
      this.listStatus = 'ready';
      this.listError = null;
    } catch (error) {
      if (request !== this.#listRequest) return;
      this.listError = describeError(error);
      if (this.listStatus !== 'ready') this.listStatus = 'error';
    }
  }

  /** Show a conversation's messages: at once from memory if we have them, then fresh from the api. */
  async open(conversationId: string): Promise<void> {
    this.#openId = conversationId;
    const known = this.threads[conversationId];
    // Create the thread before fetching, so live messages arriving meanwhile are kept.
    this.#setThread(conversationId, {
      messages: known?.messages ?? [],
      status: known?.status === 'ready' ? 'ready' : 'loading',
      error: null,
    });
    const request = ++this.#threadRequest;
    this.#threadRequests[conversationId] = request;
    try {
      const { messages } = await api.messages(conversationId);
      if (request !== this.#threadRequests[conversationId]) return;
      const current = this.threads[conversationId];
      this.#setThread(conversationId, { messages: mergeMessages(current?.messages ?? [], messages), status: 'ready', error: null });
    } catch (error) {
      if (request !== this.#threadRequests[conversationId]) return;
      const current = this.threads[conversationId];
      this.#setThread(conversationId, {
        messages: current?.messages ?? [],
        status: current?.status === 'ready' ? 'ready' : 'error',
        error: describeError(error),
      });
    }
  }

  /** After a (re)connect: refetch everything that could have changed while we were offline. */
  async resync(): Promise<void> {
    // Threads not on screen are dropped rather than refetched; opening one loads it again.
    const openId = this.#openId;
    this.threads = openId && this.threads[openId] ? { [openId]: this.threads[openId] } : {};
    await Promise.all([this.refreshConversations(), openId ? this.open(openId) : undefined]);
  }

  conversationUpdated = ({ conversation }: LiveEvents['conversation.updated']): void => {
    this.conversations = upsertConversation(this.conversations, conversation);
  };

  messageCreated = ({ message }: LiveEvents['message.created']): void => {
    const thread = this.threads[message.conversationId];
    if (thread) this.#setThread(message.conversationId, { ...thread, messages: mergeMessages(thread.messages, [message]) });
    if (this.conversations.some((conversation) => conversation.id === message.conversationId)) {
      this.conversations = noteNewMessage(this.conversations, message);
    } else {
      // A conversation we have never seen (its conversation.updated may be on its way, or lost).
      void this.refreshConversations();
    }
  };

  messageStatus = ({ messageId, conversationId, status }: LiveEvents['message.status']): void => {
    const thread = this.threads[conversationId];
    if (thread) this.#setThread(conversationId, { ...thread, messages: applyMessageStatus(thread.messages, messageId, status) });
  };

  #setThread(conversationId: string, thread: Thread): void {
    this.threads = { ...this.threads, [conversationId]: thread };
  }
}
