// An api app in this test process: with stub dependencies (unit tests of the HTTP edge) or with
// the shared stack's PostgreSQL and Temporal (integration tests that need to know the JWT secret,
// walk the routers, or point provisioning at their own Twilio emulator).
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Client } from '@temporalio/client';
import { createApp, type ApiApp } from '../../api/app';
import { createAuth, type Auth } from '../../api/auth';
import { startLiveServer, type LiveServer } from '../../api/live';
import { createLogger } from '../../api/logging';
import type { OwnerCalendars } from '../../providers/owner-calendars';
import type { TwilioClient } from '../../providers/twilio-client';
import { apiSchema, parseConfig, type ApiConfig } from '../../config';
import type { Orm } from '../../db/orm';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export function testConfig(overrides: Record<string, string> = {}): ApiConfig {
  return parseConfig(apiSchema, {
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'a'.repeat(32),
    TWILIO_API_URL: 'http://127.0.0.1:1',
    PUBLIC_URL: 'http://127.0.0.1:3999',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'info',
    TRUST_PROXY: 'true',
    ...overrides,
  });
}

/** Log lines written by the app, parsed. */
export class LogLines extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void) {
    for (const line of chunk.toString().split('\n')) if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

export interface RunningApi {
  app: ApiApp;
  auth: Auth;
  url: string;
  logs: LogLines;
  live?: LiveServer;
  close(): Promise<void>;
}

export async function startApi({
  orm,
  temporal,
  config = testConfig(),
  twilio,
  calendars,
  live = false,
  liveSessionRecheckMs,
}: {
  orm: Orm;
  temporal: Client;
  config?: ApiConfig;
  twilio?: TwilioClient;
  /** The owners' calendar providers; built from `config` (the sandbox's emulators) when not given. */
  calendars?: OwnerCalendars;
  live?: boolean;
  /** How often open sockets' sessions are checked again (short in tests). */
  liveSessionRecheckMs?: number;
}): Promise<RunningApi> {
  const logs = new LogLines();
  const log = createLogger({ name: 'api', level: config.LOG_LEVEL }, logs);
  const auth = createAuth({ secret: config.JWT_SECRET, orm, accessTokenLifetimeSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
  const app = createApp({
    config,
    orm,
    temporal,
    auth,
    log,
    checkResponses: true,
    ...(twilio ? { twilio } : {}),
    ...(calendars ? { calendars } : {}),
  });
  const handle = app.callback();
  const server: Server = createServer((req, res) => void handle(req, res));
  const liveServer = live
    ? await startLiveServer({
        httpServer: server,
        databaseUrl: config.DATABASE_URL,
        auth,
        log,
        ...(liveSessionRecheckMs ? { sessionRecheckMs: liveSessionRecheckMs } : {}),
      })
    : undefined;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    auth,
    url,
    logs,
    ...(liveServer ? { live: liveServer } : {}),
    async close() {
      await liveServer?.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** Any request at all, bodies on GET and broken bytes included (fetch refuses some of these). */
export function rawRequest(
  url: string,
  { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method, headers: { ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

/** Stub dependencies for the HTTP edge: any database or Temporal use fails like an outage would. */
export function unreachableBackends(): { orm: Orm; temporal: Client } {
  const down = () => Promise.reject(new Error('backend unreachable (stub)'));
  const em = { getConnection: () => ({ execute: down }), getTransactionContext: () => undefined, transactional: down, fork: () => em };
  const orm = { em } as unknown as Orm;
  const temporal = {
    connection: { withDeadline: (_deadline: number, work: () => Promise<unknown>) => work(), workflowService: { getSystemInfo: down } },
    workflow: { getHandle: () => ({ signal: down, query: down, executeUpdate: down }), list: down },
  } as unknown as Client;
  return { orm, temporal };
}
