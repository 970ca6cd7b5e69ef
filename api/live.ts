// Live updates: browsers connect with their JWT and join only their business's room; events
// published with NOTIFY (db/live-events.ts) are relayed to that room. Each api process listens
// on its own, so any number of them can run behind a load balancer.
import type { Server as HttpServer } from 'node:http';
import pg from 'pg';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { LIVE_EVENT_NAMES, type LiveEvents } from '../domain/live-events';
import { LIVE_EVENTS_CHANNEL, type LiveEventEnvelope } from '../db/live-events';
import type { Tokens } from './auth';

const tenantRoom = (tenantId: string) => `tenant:${tenantId}`;

export interface LiveServer {
  io: Server<Record<string, never>, { [K in keyof LiveEvents]: (data: LiveEvents[K]) => void }>;
  close(): Promise<void>;
}

export async function startLiveServer({
  httpServer,
  databaseUrl,
  tokens,
  log,
  corsOrigin,
}: {
  httpServer: HttpServer;
  databaseUrl: string;
  tokens: Tokens;
  log: Logger;
  corsOrigin?: string | undefined;
}): Promise<LiveServer> {
  const io: LiveServer['io'] = new Server(httpServer, { serveClient: false, ...(corsOrigin ? { cors: { origin: corsOrigin } } : {}) });

  io.use((socket, next) => {
    try {
      const owner = tokens.verify(String(socket.handshake.auth?.token ?? ''));
      socket.data.tenantId = owner.tenantId;
      next();
    } catch {
      next(new Error('unauthorized'));
    }
  });
  io.on('connection', (socket) => {
    void socket.join(tenantRoom(socket.data.tenantId as string));
  });

  let closing = false;
  let listener: pg.Client | undefined;
  const known = new Set<string>(LIVE_EVENT_NAMES);

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (notification) => {
      if (notification.channel !== LIVE_EVENTS_CHANNEL || !notification.payload) return;
      const event = JSON.parse(notification.payload) as LiveEventEnvelope;
      if (!known.has(event.name)) return;
      io.to(tenantRoom(event.tenantId)).emit(event.name, event.data as never);
    });
    client.on('error', (error) => {
      log.warn({ err: error }, 'live events: lost the database listener; reconnecting');
      // Events during the gap would be lost: disconnect browsers so they reconnect and refetch.
      io.disconnectSockets();
      void client.end().catch(() => undefined);
      if (!closing) setTimeout(() => void listen().catch((err: unknown) => log.error({ err }, 'live events: reconnect failed')), 1_000);
    });
    await client.connect();
    await client.query(`listen ${LIVE_EVENTS_CHANNEL}`);
    listener = client;
  }
  await listen();

  return {
    io,
    async close() {
      closing = true;
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await listener?.end().catch(() => undefined);
    },
  };
}
