// A page that loads one thing from the api and keeps it fresh while live events arrive. What stays
// on screen after a failed refresh is the last good answer; only a first load that fails shows the
// error in place of the page.
import { describeError } from './api';
import type { LiveConnection } from './live';

export type LoadStatus = 'loading' | 'ready' | 'error';

export class PageData<T> {
  value: T = $state.raw() as T;
  status = $state<LoadStatus>('loading');
  error = $state<string | null>(null);
  #request = 0;

  constructor(initial: T) {
    this.value = initial;
  }

  /** Fetches again; an answer that arrives after a newer request was made is dropped. */
  async load(fetch: () => Promise<T>): Promise<void> {
    const mine = ++this.#request;
    try {
      const result = await fetch();
      if (mine !== this.#request) return;
      this.value = result;
      this.status = 'ready';
      this.error = null;
    } catch (failure) {
      if (mine !== this.#request) return;
      this.error = describeError(failure);
      if (this.status !== 'ready') this.status = 'error';
    }
  }
}

/**
 * Calls `refresh` once per burst of conversation updates, and after every (re)connection, so a page
 * of derived numbers catches up without a request per event. Returns the clean-up for `$effect`.
 */
export function refreshOnLiveUpdates(live: LiveConnection, refresh: () => void, quietMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, quietMs);
  };
  const stops = [live.on('conversation.updated', soon), live.onConnect(soon)];
  return () => {
    clearTimeout(timer);
    stops.forEach((stop) => stop());
  };
}
