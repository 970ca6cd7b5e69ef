// Google Calendar API v3 as the app uses it (`<base>/calendar/v3/...`, standing in for
// https://www.googleapis.com): calendarList, freeBusy, and events insert / list / patch / delete,
// with Google's JSON shapes and error bodies. Behaviours the sync relies on are Google's:
// - insert takes the caller's `id`, and a second insert with that id is 409 "duplicate", so a
//   retried create never makes a second event;
// - events/watch opens a push channel (push-channels.ts) and channels/stop ends it;
// - list without syncToken returns the calendar (cancelled events only with showDeleted) and, on
//   its last page, a nextSyncToken; list with syncToken returns every event changed since,
//   deletions included as status "cancelled", and 410 fullSyncRequired when the token is gone.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredCalendar, StoredEvent } from './calendar-store';
import type { CalendarEmulatorState } from './emulator-state';
import { takeFault } from './faults';
import { decodeCursor, encodeCursor, readBody, sendEmpty, sendJson } from './http';

const DEFAULT_PAGE = 250;
/** Google's rule for caller-chosen event ids: base32hex characters, 5 to 1024 of them. */
const EVENT_ID = /^[a-v0-9]{5,1024}$/;

function googleError(response: ServerResponse, code: number, reason: string, message: string, headers: Record<string, string> = {}): void {
  const status = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    404: 'NOT_FOUND',
    409: 'ALREADY_EXISTS',
    410: 'FAILED_PRECONDITION',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
  }[code];
  sendJson(response, code, { error: { code, message, errors: [{ domain: 'global', reason, message }], status } }, headers);
}

export function eventResource(event: StoredEvent): Record<string, unknown> {
  if (event.cancelled) return { kind: 'calendar#event', id: event.id, status: 'cancelled', updated: event.updated.toISOString() };
  return {
    kind: 'calendar#event',
    etag: `"${event.changedAt}"`,
    id: event.id,
    status: 'confirmed',
    summary: event.summary,
    ...(event.description !== undefined ? { description: event.description } : {}),
    ...(event.location !== undefined ? { location: event.location } : {}),
    // All-day: dates only, as Google gives them (the end date is exclusive).
    start: event.allDay ? { date: event.start.slice(0, 10) } : { dateTime: event.start, timeZone: 'UTC' },
    end: event.allDay ? { date: event.end.slice(0, 10) } : { dateTime: event.end, timeZone: 'UTC' },
    updated: event.updated.toISOString(),
  };
}

interface EventInput {
  id?: unknown;
  summary?: unknown;
  description?: unknown;
  location?: unknown;
  start?: { dateTime?: unknown };
  end?: { dateTime?: unknown };
}

const instant = (value: unknown): string | undefined =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Answers `route` (the path after `/calendar/v3`) for the account the bearer token speaks for. */
export async function answerGoogleCalendar(
  state: CalendarEmulatorState,
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const auth = state.grants.authenticate(request.headers.authorization);
  if ('refused' in auth)
    return googleError(response, 401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', {
      'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
    });
  const { accountId } = auth;
  const fault = takeFault(state.faults, 'google', url.searchParams.has('syncToken'));
  if (fault?.kind === 'expired_token') {
    state.grants.expireAccess(accountId);
    return googleError(response, 401, 'authError', 'Request had invalid authentication credentials.');
  }
  if (fault?.kind === 'sync_token_gone')
    return googleError(response, 410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
  if (fault?.kind === 'rate_limited')
    return googleError(response, 429, 'rateLimitExceeded', 'Rate Limit Exceeded', { 'retry-after': String(fault.retryAfterSeconds ?? 30) });
  if (fault?.kind === 'server_error') return googleError(response, 500, 'backendError', 'Backend Error');

  const { store } = state;
  const method = request.method ?? 'GET';
  if (route === '/users/me/calendarList' && method === 'GET') {
    const items = [...store.account(accountId).calendars.values()].map((calendar) => ({
      kind: 'calendar#calendarListEntry',
      id: calendar.id,
      summary: calendar.name,
      primary: calendar.primary || undefined,
      accessRole: 'owner',
    }));
    return sendJson(response, 200, { kind: 'calendar#calendarList', items });
  }
  if (route === '/freeBusy' && method === 'POST') {
    const body = (await readBody(request)) as { timeMin?: unknown; timeMax?: unknown; items?: Array<{ id?: unknown }> };
    const timeMin = instant(body.timeMin);
    const timeMax = instant(body.timeMax);
    if (!timeMin || !timeMax) return googleError(response, 400, 'badRequest', 'Missing timeMin or timeMax.');
    const calendars: Record<string, unknown> = {};
    for (const { id } of body.items ?? []) {
      const calendar = store.calendar(accountId, String(id));
      calendars[String(id)] = calendar
        ? { busy: store.busy(calendar, timeMin, timeMax) }
        : { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] };
    }
    return sendJson(response, 200, { kind: 'calendar#freeBusy', timeMin, timeMax, calendars });
  }

  if (route === '/channels/stop' && method === 'POST') {
    const body = (await readBody(request)) as { id?: unknown; resourceId?: unknown };
    const channel = state.channels.get(String(body.id));
    if (!channel || channel.accountId !== accountId || !state.channels.stop(String(body.id), text(body.resourceId)))
      return googleError(response, 404, 'notFound', 'Channel not found.');
    return sendEmpty(response, 204);
  }
  const watched = /^\/calendars\/([^/]+)\/events\/watch$/.exec(route);
  if (watched && method === 'POST') return watchEvents(state, accountId, decodeURIComponent(watched[1]!), request, response);

  const match = /^\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(route);
  const calendar = match ? store.calendar(accountId, decodeURIComponent(match[1]!)) : undefined;
  if (!match || !calendar) return googleError(response, 404, 'notFound', 'Not Found');
  const eventId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  if (eventId === undefined && method === 'GET') return listEvents(state, accountId, calendar, url.searchParams, response);
  if (eventId === undefined && method === 'POST') {
    const input = (await readBody(request)) as EventInput;
    const start = instant(input.start?.dateTime);
    const end = instant(input.end?.dateTime);
    if (!start || !end) return googleError(response, 400, 'required', 'Missing start or end time.');
    const id = text(input.id);
    if (id !== undefined && !EVENT_ID.test(id)) return googleError(response, 400, 'invalid', 'Invalid resource id value.');
    if (id !== undefined && calendar.events.has(id))
      return googleError(response, 409, 'duplicate', 'The requested identifier already exists.');
    const event = store.insert(accountId, calendar, {
      ...(id !== undefined ? { id } : {}),
      summary: text(input.summary) ?? '',
      description: text(input.description),
      location: text(input.location),
      start,
      end,
    });
    return sendJson(response, 200, eventResource(event));
  }
  const event = eventId === undefined ? undefined : calendar.events.get(eventId);
  if (!event) return googleError(response, 404, 'notFound', 'Not Found');
  if (method === 'GET') return sendJson(response, 200, eventResource(event));
  if (event.cancelled) return googleError(response, 410, 'deleted', 'Resource has been deleted');
  if (method === 'PATCH') {
    const input = (await readBody(request)) as EventInput;
    store.update(accountId, event, {
      summary: text(input.summary),
      description: text(input.description),
      location: text(input.location),
      start: instant(input.start?.dateTime),
      end: instant(input.end?.dateTime),
    });
    return sendJson(response, 200, eventResource(event));
  }
  if (method === 'DELETE') {
    store.cancel(accountId, event);
    return sendEmpty(response, 204);
  }
  googleError(response, 405, 'methodNotAllowed', 'Method not allowed');
}

/** Google's longest channel on events: a week. A shorter expiration asked for is kept. */
const MAX_CHANNEL_MS = 7 * 86_400_000;

/** events.watch: a web_hook channel on the calendar; Google then sends a "sync" message to its address. */
async function watchEvents(
  state: CalendarEmulatorState,
  accountId: string,
  calendarId: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const calendar = state.store.calendar(accountId, calendarId);
  if (!calendar) return googleError(response, 404, 'notFound', 'Not Found');
  const body = (await readBody(request)) as { id?: unknown; type?: unknown; address?: unknown; token?: unknown; expiration?: unknown };
  const id = text(body.id);
  const address = text(body.address);
  if (!id || !address || (body.type !== 'web_hook' && body.type !== 'webhook'))
    return googleError(response, 400, 'required', 'id, type web_hook and address are required.');
  if (!/^https?:\/\//.test(address)) return googleError(response, 400, 'invalid', 'Invalid address.');
  if (state.channels.get(id)) return googleError(response, 400, 'channelIdNotUnique', 'Channel id not unique.');
  const asked = Number(body.expiration);
  const longest = Date.now() + MAX_CHANNEL_MS;
  const channel = state.channels.add({
    provider: 'google',
    id,
    accountId,
    calendarId: calendar.id,
    address,
    secret: text(body.token) ?? '',
    expiration: Number.isFinite(asked) && asked > Date.now() && asked < longest ? asked : longest,
  });
  sendJson(response, 200, {
    kind: 'api#channel',
    id,
    resourceId: channel.resourceId,
    resourceUri: `https://www.googleapis.com/calendar/v3/calendars/${encodeURIComponent(calendar.id)}/events`,
    ...(channel.secret ? { token: channel.secret } : {}),
    expiration: String(channel.expiration),
  });
  void state.channels.notify(channel, 'sync');
}

function listEvents(
  state: CalendarEmulatorState,
  accountId: string,
  calendar: StoredCalendar,
  query: URLSearchParams,
  response: ServerResponse,
): void {
  const { store } = state;
  // A page token carries the whole listing (what it started from and where it stopped), so the
  // pages of one listing agree even if the calendar changes in between.
  const page = query.get('pageToken');
  const syncToken = query.get('syncToken');
  let cursor: { since: number | null; upTo: number; offset: number; showDeleted: boolean };
  if (page !== null) {
    const decoded = decodeCursor(page);
    if (!decoded || decoded.calendarId !== calendar.id) return googleError(response, 400, 'invalid', 'Invalid page token.');
    cursor = decoded as typeof cursor;
  } else if (syncToken !== null) {
    const decoded = decodeCursor(syncToken);
    if (!decoded || decoded.calendarId !== calendar.id || typeof decoded.sequence !== 'number')
      return googleError(response, 410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.');
    cursor = { since: decoded.sequence, upTo: store.account(accountId).sequence, offset: 0, showDeleted: true };
  } else {
    cursor = { since: null, upTo: store.account(accountId).sequence, offset: 0, showDeleted: query.get('showDeleted') === 'true' };
  }
  const all = store
    .changedSince(calendar, cursor.since ?? 0)
    .filter((event) => event.changedAt <= cursor.upTo && (cursor.showDeleted || !event.cancelled));
  const size = Math.max(1, Math.min(Number(query.get('maxResults') ?? DEFAULT_PAGE) || DEFAULT_PAGE, 2500));
  const items = all.slice(cursor.offset, cursor.offset + size).map(eventResource);
  const more = cursor.offset + size < all.length;
  sendJson(response, 200, {
    kind: 'calendar#events',
    summary: calendar.name,
    updated: new Date().toISOString(),
    items,
    ...(more
      ? { nextPageToken: encodeCursor({ ...cursor, offset: cursor.offset + size, calendarId: calendar.id }) }
      : { nextSyncToken: encodeCursor({ calendarId: calendar.id, sequence: cursor.upTo }) }),
  });
}
