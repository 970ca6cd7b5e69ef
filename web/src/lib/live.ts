// The live connection to the business's Socket.IO room. Created in the browser by the signed-in
// layout and handed to pages through context. Listeners are typed by the events the api publishes
// (contracts/live-events.ts); a reconnect is announced so pages can refetch what they may have missed.
import { LIVE_EVENT_NAMES, type LiveEventName, type LiveEvents } from '$contracts/live-events';
import { io, type Socket } from 'socket.io-client';

export type LiveStatus = 'connecting' | 'live' | 'offline';

type Listener<E extends LiveEventName> = (payload: LiveEvents[E]) => void;

export interface LiveConnection {
  connect(): void;
  disconnect(): void;
  /** Subscribe to one event; returns the unsubscribe function (handy as an $effect teardown). */
  on<E extends LiveEventName>(event: E, listener: Listener<E>): () => void;
  /** Called on every (re)connect: whatever happened while offline must be fetched again. */
  onConnect(listener: () => void): () => void;
}

export interface LiveOptions {
  /** Read at every (re)connect, so a renewed access token is used. */
  token: () => string;
  onStatus(status: LiveStatus): void;
  /**
   * The server refused or dropped us (bad or expired token, server restart). Socket.IO does not
   * retry on its own in that case; the caller decides whether to sign out or call connect() again.
   */
  onRefused(reason: string): void;
  /** For tests: the socket to use instead of one to this page's origin. */
  socket?: Socket;
}

export function createLiveConnection({ token, onStatus, onRefused, socket: given }: LiveOptions): LiveConnection {
  const socket = given ?? io({ auth: (send) => send({ token: token() }), autoConnect: false });
  const listeners = new Map<LiveEventName, Set<(payload: never) => void>>();
  const connectListeners = new Set<() => void>();
  let wanted = false;

  for (const event of LIVE_EVENT_NAMES) {
    socket.on(event, (payload: unknown) => {
      // The api publishes LiveEvents[event] under each name; the typed on() below relies on it.
      for (const listener of listeners.get(event) ?? []) listener(payload as never);
    });
  }

  socket.on('connect', () => {
    onStatus('live');
    for (const listener of connectListeners) listener();
  });
  socket.on('disconnect', (reason) => {
    onStatus('offline');
    if (reason === 'io server disconnect') onRefused(reason);
  });
  socket.on('connect_error', (error) => {
    onStatus('offline');
    // socket.active is false only when the server itself rejected the handshake.
    if (!socket.active) onRefused(error.message);
  });

  // A phone going through a tunnel: the browser knows before the socket's heartbeat does. Drop the
  // connection at once and reconnect (and refetch) as soon as the network is back.
  const goneOffline = () => {
    if (!wanted) return;
    socket.disconnect();
    onStatus('offline');
  };
  const backOnline = () => {
    if (wanted && !socket.connected) {
      onStatus('connecting');
      socket.connect();
    }
  };

  return {
    connect() {
      if (!wanted) {
        window.addEventListener('offline', goneOffline);
        window.addEventListener('online', backOnline);
      }
      wanted = true;
      if (socket.connected) return;
      onStatus('connecting');
      socket.connect();
    },
    disconnect() {
      window.removeEventListener('offline', goneOffline);
      window.removeEventListener('online', backOnline);
      wanted = false;
      socket.disconnect();
      onStatus('offline');
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const untyped = listener as (payload: never) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
    onConnect(listener) {
      connectListeners.add(listener);
      return () => connectListeners.delete(listener);
    },
  };
}
