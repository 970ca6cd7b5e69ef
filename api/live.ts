// Live updates: browsers connect with their access token, checked exactly as the REST api checks it
// (api/auth.ts: passport-jwt, open session), and join only their business's room, which the
// server picks from the token; browsers cannot join rooms themselves. Events published with
// NOTIFY (db/live-events.ts) are relayed to that room. Each api process listens on its own, so any
// number of them can run behind a load balancer.
import { retryStartup } from './startup-retry';
import type { Server as HttpServer } from 'node:http';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { LIVE_EVENT_NAMES, type LiveEvents } from '../contracts/live-events';
import { LIVE_EVENTS_CHANNEL, type LiveEventEnvelope } from '../db/live-events';
import type { Auth } from './auth';
import { liveSocketClosed, liveSocketOpened } from '../observability/metrics';

export const tenantRoom = (tenantId: string) => `tenant:${tenantId}`;

export interface LiveServer {
  io: Server<Record<string, never>, { [K in keyof LiveEvents]: (data: LiveEvents[K]) => void }>;
  close(): Promise<void>;
}

export async function startLiveServer({
  httpServer,
  databaseUrl,
  auth,
  log,
  corsOrigin,
  sessionRecheckMs = 30_000,
}: {
  httpServer: HttpServer;
  databaseUrl: string;
  auth: Auth;
  log: Logger;
  corsOrigin?: string | undefined;
  /** How often an open socket's session is checked again (logout, revoked refresh family). */
  sessionRecheckMs?: number;
}): Promise<LiveServer> {
  const io: LiveServer['io'] = new Server(httpServer, { serveClient: false, ...(corsOrigin ? { cors: { origin: corsOrigin } } : {}) });

  io.use((socket, next) => {
    const token: unknown = socket.handshake.auth?.token;
    auth.authenticateToken(typeof token === 'string' ? token : '').then(
      (owner) => {
        if (!owner) return next(new Error('unauthorized'));
        socket.data.tenantId = owner.tenantId;
        socket.data.token = token as string;
        next();
      },
      (error: unknown) => {
        log.warn({ err: error }, 'live events: could not check a handshake token');
        next(new Error('unavailable'));
      },
    );
  });
  io.on('connection', (socket) => {
    liveSocketOpened();
    void socket.join(tenantRoom(socket.data.tenantId as string));
    // A socket lives no longer than its token, and not past a logout or a revoked session: it is
    // dropped, and the dashboard reconnects with a fresh token (or signs in again).
    const token = socket.data.token as string;
    const expiresAt = ((jwt.decode(token) as { exp?: number } | null)?.exp ?? 0) * 1000;
    const expiry = setTimeout(() => socket.disconnect(true), Math.max(0, expiresAt - Date.now()));
    const recheck = setInterval(() => {
      auth.authenticateToken(token).then(
        (owner) => {
          if (!owner) socket.disconnect(true);
        },
        () => undefined, // a database hiccup is not a reason to drop the owner; the next check decides
      );
    }, sessionRecheckMs);
    socket.once('disconnect', () => {
      liveSocketClosed();
      clearTimeout(expiry);
      clearInterval(recheck);
    });
  });

  let closing = false;
  let listener: pg.Client | undefined;
  const known = new Set<string>(LIVE_EVENT_NAMES);

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('notification', (notification) => {
      if (notification.channel !== LIVE_EVENTS_CHANNEL || !notification.payload) return;
      let event: LiveEventEnvelope;
      try {
        event = JSON.parse(notification.payload) as LiveEventEnvelope;
      } catch {
        return log.warn({ channel: notification.channel }, 'live events: ignored a payload that is not JSON');
      }
      if (!known.has(event.name) || typeof event.tenantId !== 'string') return;
      io.to(tenantRoom(event.tenantId)).emit(event.name, event.data as never);
    });
    client.on('error', (error) => {
      void client.end().catch(() => undefined);
      // Stopping (Ctrl-C stops PostgreSQL too): the listener going away is expected, not news. A
      // client that never became the listener is retried by whoever was connecting it.
      if (closing || listener !== client) return;
      // One line, no stack: the database going away is an operational event, not a bug here.
      log.warn({ reason: error.message }, 'live events: lost the database listener; reconnecting');
      // Events during the gap would be lost: disconnect browsers so they reconnect and refetch.
      io.disconnectSockets();
      reconnectLater();
    });
    try {
      await client.connect();
      await client.query(`listen ${LIVE_EVENTS_CHANNEL}`);
    } catch (error) {
      void client.end().catch(() => undefined);
      throw error;
    }
    listener = client;
  }
  function reconnectLater(): void {
    setTimeout(() => {
      if (closing) return;
      listen().then(
        () => log.info('live events: database listener back'),
        (error: unknown) => {
          if (closing) return;
          log.warn({ reason: (error as Error).message }, 'live events: database still unreachable; retrying');
          reconnectLater();
        },
      );
    }, 1_000);
  }
  // At start-up the database may be restarting too: tried again for a while before giving up.
  await retryStartup('listening for live events', listen, { log });

  return {
    io,
    async close() {
      closing = true;
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await listener?.end().catch(() => undefined);
    },
  };
}
