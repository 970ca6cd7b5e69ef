// The local calendar emulators: Google Calendar (with Google's OAuth token endpoint) under
// `/google-calendar` and Microsoft (identity platform for MSAL, and Graph under `/graph`) under
// `/microsoft`, so the app's real SDKs (`@googleapis/calendar`, `@azure/msal-node`,
// `@microsoft/microsoft-graph-client`) run in the sandbox and in tests without a Google or
// Microsoft account. Paths under each base are the provider's own, so the provider clients
// (providers/google-calendar.ts, providers/microsoft-calendar.ts) are pointed at it by one URL.
// Served by the sandbox process on the Twilio emulator's port (sandbox/main.ts), like the Google
// Maps emulator. Each provider has its own state (calendars, OAuth grants, faults on demand): a
// code or token from one is worthless at the other, as with the real ones.
//
// One exception to "everything under its base": the Calendar API itself is also answered at
// `/calendar/v3/...` from the server's root, because googleapis-common resolves every API path
// against its rootUrl's origin, dropping any path the rootUrl has.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createEmulatorState, type CalendarEmulatorState } from './emulator-state';
import { answerGoogleCalendar } from './google-calendar-api';
import { answerGoogleRevoke, answerGoogleToken } from './google-oauth';
import { sendJson, type RequestHandler } from './http';
import { answerGraph } from './microsoft-graph-api';
import { answerMicrosoftIdentity } from './microsoft-identity';
import { answerSandboxControl } from './sandbox-controls';

export type { CalendarStore, StoredCalendar, StoredEvent } from './calendar-store';
export type { CalendarEmulatorState } from './emulator-state';
export type { CalendarFault, CalendarFaultKind } from './faults';
export type { RequestHandler } from './http';
export { DEMO_ACCOUNT, deleteEventAsOwner, makeAllDayAsOwner, moveEventAsOwner, seedDemoCalendar } from './owner-calendar';
export { createEmulatorState } from './emulator-state';

export const GOOGLE_CALENDAR_PATH = '/google-calendar';
export const MICROSOFT_PATH = '/microsoft';
const GOOGLE_API_ROOT_PATH = '/calendar/v3/';

export interface CalendarEmulatorOptions {
  log?: Logger;
  google?: CalendarEmulatorState;
  microsoft?: CalendarEmulatorState;
  googlePath?: string;
  microsoftPath?: string;
  /** Serves what is under neither base (e.g. the Google Maps emulator). */
  orElse?: RequestHandler;
}

const under = (pathname: string, base: string) => pathname === base || pathname.startsWith(`${base}/`);

async function answerGoogle(
  state: CalendarEmulatorState,
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (await answerSandboxControl(state, route, request, response)) return;
  if (route === '/token' && request.method === 'POST') return answerGoogleToken(state, request, response);
  if (route === '/revoke' && request.method === 'POST') return answerGoogleRevoke(state, request, response);
  if (route.startsWith('/calendar/v3/')) return answerGoogleCalendar(state, route.slice('/calendar/v3'.length), request, response);
  sendJson(response, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
}

async function answerMicrosoft(
  state: CalendarEmulatorState,
  base: string,
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (await answerSandboxControl(state, route, request, response)) return;
  if (route.startsWith('/graph/v1.0/')) return answerGraph(state, route.slice('/graph/v1.0'.length), request, response);
  if (await answerMicrosoftIdentity(state, base, route, request, response)) return;
  sendJson(response, 404, { error: { code: 'ResourceNotFound', message: 'Not Found' } });
}

/**
 * Answers requests under either base and returns true; anything else goes to `orElse`, and false
 * is returned when nobody took it (nothing read), so the caller serves it.
 */
export function createCalendarHandler({
  log = pino({ level: 'silent' }),
  google = createEmulatorState(),
  microsoft = createEmulatorState(),
  googlePath = GOOGLE_CALENDAR_PATH,
  microsoftPath = MICROSOFT_PATH,
  orElse,
}: CalendarEmulatorOptions = {}): RequestHandler {
  return (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const forGoogle = under(pathname, googlePath) || pathname.startsWith(GOOGLE_API_ROOT_PATH);
    if (!forGoogle && !under(pathname, microsoftPath)) return orElse?.(request, response) ?? false;
    const answered = forGoogle
      ? answerGoogle(google, pathname.startsWith(GOOGLE_API_ROOT_PATH) ? pathname : pathname.slice(googlePath.length), request, response)
      : answerMicrosoft(microsoft, microsoftPath, pathname.slice(microsoftPath.length), request, response);
    answered.then(
      // Paths and statuses only: tokens and event contents are never logged.
      () => log.debug({ method: request.method, path: pathname, status: response.statusCode }, 'calendar emulator answered'),
      (error: unknown) => {
        log.error({ error: (error as Error).message, path: pathname }, 'calendar emulator failed');
        if (!response.headersSent) sendJson(response, 400, { error: { code: 400, message: 'The emulator could not read this request.' } });
        else response.end();
      },
    );
    return true;
  };
}

export interface ServedCalendars {
  /** e.g. http://127.0.0.1:PORT/google-calendar */
  googleBaseUrl: string;
  /** e.g. http://127.0.0.1:PORT/microsoft */
  microsoftBaseUrl: string;
  google: CalendarEmulatorState;
  microsoft: CalendarEmulatorState;
  close(): Promise<void>;
}

/** The emulators alone on their own port (127.0.0.1 and a free port by default), for tests and scripts. */
export async function serveCalendars(
  options: Omit<CalendarEmulatorOptions, 'orElse'> & { port?: number; host?: string } = {},
): Promise<ServedCalendars> {
  const { port = 0, host = '127.0.0.1', google = createEmulatorState(), microsoft = createEmulatorState(), ...handlerOptions } = options;
  const handle = createCalendarHandler({ ...handlerOptions, google, microsoft });
  const server = createServer((request, response) => {
    if (!handle(request, response)) sendJson(response, 404, { error: { code: 404, message: 'Not Found' } });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
  return {
    googleBaseUrl: `${origin}${handlerOptions.googlePath ?? GOOGLE_CALENDAR_PATH}`,
    microsoftBaseUrl: `${origin}${handlerOptions.microsoftPath ?? MICROSOFT_PATH}`,
    google,
    microsoft,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // the SDKs keep connections alive; close() alone would wait for them
      await closed;
    },
  };
}
