// Stored message → Socket.IO event: a live client of the dashboard's kind (signed in as the demo
// owner, default transports) records every message.created event it receives; the latency is its
// arrival minus the message's created_at carried in the event (the row's timestamp, PostgreSQL's clock).
import type pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { LiveEvents } from '../contracts/live-events';
import { summarize, type Summary } from './stats';

interface Received {
  id: string;
  phase: string;
  latencyMs: number;
}

export interface SocketResult {
  /** Every message.created event received while the client listened. */
  all: Summary | null;
  /** Per phase of the benchmark (sweep, replies). */
  byPhase: Record<string, Summary | null>;
  /** Messages stored for the business while the client listened, and how many of them arrived as events. */
  storedWhileListening: number;
  receivedOfStored: number;
  disconnects: number;
}

export async function signIn(apiUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as the demo owner failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

export async function listenForMessages(apiUrl: string, token: string) {
  const received: Received[] = [];
  let phase = 'sweep';
  let disconnects = 0;
  const since = new Date();
  const socket: Socket = io(apiUrl, { auth: { token }, reconnection: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  socket.on('disconnect', () => (disconnects += 1));
  socket.on('message.created', (event: LiveEvents['message.created']) => {
    received.push({ id: event.message.id, phase, latencyMs: Date.now() - Date.parse(event.message.createdAt) });
  });
  return {
    setPhase(next: string) {
      phase = next;
    },
    async stop(db: pg.Client, tenantId: string): Promise<SocketResult> {
      // Events still on their way for the last messages.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const until = new Date(Date.now() - 1_000);
      socket.off('disconnect');
      socket.disconnect();
      const { rows } = await db.query<{ id: string }>(
        'select id from messages where tenant_id = $1 and created_at >= $2 and created_at <= $3',
        [tenantId, since, until],
      );
      const ids = new Set(received.map((event) => event.id));
      const phases = [...new Set(received.map((event) => event.phase))];
      return {
        all: summarize(received.map((event) => event.latencyMs)),
        byPhase: Object.fromEntries(
          phases.map((name) => [name, summarize(received.filter((event) => event.phase === name).map((event) => event.latencyMs))]),
        ),
        storedWhileListening: rows.length,
        receivedOfStored: rows.filter((row) => ids.has(row.id)).length,
        disconnects,
      };
    },
  };
}
