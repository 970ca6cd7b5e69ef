// Microsoft Graph v1.0 calendar endpoints as the app uses them (`<base>/graph/v1.0/me/...`,
// standing in for https://graph.microsoft.com): calendars, getSchedule (free/busy), events create /
// update / delete, and calendarView delta (microsoft-graph-delta.ts; v1.0 has no events/delta, so
// that path answers 400 as Graph does). Behaviours the sync relies on are Graph's:
// - a create carrying a `transactionId` already used in that calendar returns the event it made
//   the first time, so a retried create never makes a second event;
// - POST /subscriptions validates its notificationUrl (the validationToken handshake) before it
//   answers 201, and DELETE /subscriptions/{id} ends it (push-channels.ts sends the notifications);
// - delta pages end in `@odata.deltaLink` ($deltatoken); the next delta from it returns events
//   changed since, deletions as `@removed`, and 410 syncStateNotFound when the state is gone.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoredEvent } from './calendar-store';
import type { CalendarEmulatorState } from './emulator-state';
import { takeFault } from './faults';
import { readBody, sendEmpty, sendJson } from './http';
import { calendarViewDelta } from './microsoft-graph-delta';

export function graphError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, { error: { code, message, innerError: { date: new Date().toISOString() } } }, headers);
}

/** Graph's local date-time: no offset, seven fractional digits, with timeZone "UTC" beside it. */
const graphDateTime = (iso: string) => ({ dateTime: iso.replace(/\.(\d{3})Z$/, '.$10000').replace(/Z$/, ''), timeZone: 'UTC' });

function instant(value: unknown): string | undefined {
  const { dateTime, timeZone } = (value ?? {}) as { dateTime?: unknown; timeZone?: unknown };
  if (typeof dateTime !== 'string') return undefined;
  // Only UTC is emulated; a zone-less time is read as UTC, as the app always sends.
  if (timeZone !== undefined && timeZone !== 'UTC') return undefined;
  const parsed = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(dateTime) ? dateTime : `${dateTime}Z`);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

export function graphEvent(event: StoredEvent): Record<string, unknown> {
  if (event.cancelled) return { id: event.id, '@removed': { reason: 'deleted' } };
  return {
    id: event.id,
    subject: event.summary,
    body: { contentType: 'text', content: event.description ?? '' },
    bodyPreview: (event.description ?? '').slice(0, 255),
    start: graphDateTime(event.start),
    end: graphDateTime(event.end),
    location: { displayName: event.location ?? '' },
    showAs: 'busy',
    // All-day: Graph keeps midnights in start and end and says so here.
    isAllDay: event.allDay === true,
    isCancelled: false,
    lastModifiedDateTime: event.updated.toISOString(),
    changeKey: String(event.changedAt),
    ...(event.transactionId !== undefined ? { transactionId: event.transactionId } : {}),
  };
}

interface EventInput {
  subject?: unknown;
  body?: { content?: unknown };
  location?: { displayName?: unknown };
  start?: unknown;
  end?: unknown;
  transactionId?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Answers `route` (the path after `/v1.0`) for the account the bearer token speaks for. */
export async function answerGraph(
  state: CalendarEmulatorState,
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const auth = state.grants.authenticate(request.headers.authorization);
  if ('refused' in auth)
    return graphError(
      response,
      401,
      'InvalidAuthenticationToken',
      auth.refused === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'Access token is empty or invalid.',
    );
  const { accountId } = auth;
  const fault = takeFault(state.faults, 'microsoft', url.searchParams.has('$deltatoken'));
  if (fault?.kind === 'expired_token') {
    state.grants.expireAccess(accountId);
    return graphError(response, 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  }
  if (fault?.kind === 'sync_token_gone') return graphError(response, 410, 'syncStateNotFound', 'The sync state generation is not found.');
  if (fault?.kind === 'rate_limited')
    return graphError(response, 429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(fault.retryAfterSeconds ?? 30) });
  if (fault?.kind === 'server_error') return graphError(response, 500, 'generalException', 'An unexpected error occurred.');

  const { store } = state;
  const method = request.method ?? 'GET';
  const account = store.account(accountId);
  if (route === '/me/calendars' && method === 'GET') {
    const value = [...account.calendars.values()].map((calendar) => ({
      id: calendar.id,
      name: calendar.name,
      isDefaultCalendar: calendar.primary,
      canEdit: true,
    }));
    return sendJson(response, 200, { value });
  }
  if (route === '/me/calendar/getSchedule' && method === 'POST') {
    const body = (await readBody(request)) as { schedules?: unknown[]; startTime?: unknown; endTime?: unknown };
    const from = instant(body.startTime);
    const to = instant(body.endTime);
    if (!from || !to || !Array.isArray(body.schedules))
      return graphError(response, 400, 'ErrorInvalidRequest', 'schedules, startTime and endTime are required.');
    const value = body.schedules.map((scheduleId) => {
      // Only the signed-in owner's own schedule is known here: their default calendar.
      const calendar = scheduleId === accountId ? store.calendar(accountId, 'primary') : undefined;
      if (!calendar) return { scheduleId, error: { responseCode: 'ErrorMailRecipientNotFound', message: 'Unknown mailbox.' } };
      const scheduleItems = store
        .busy(calendar, from, to)
        .map((block) => ({ status: 'busy', start: graphDateTime(block.start), end: graphDateTime(block.end) }));
      return { scheduleId, scheduleItems };
    });
    return sendJson(response, 200, { value });
  }

  if (route === '/subscriptions' && method === 'POST') return subscribe(state, accountId, request, response);
  const subscription = /^\/subscriptions\/([^/]+)$/.exec(route);
  if (subscription && method === 'DELETE') {
    const id = decodeURIComponent(subscription[1]!);
    if (state.channels.get(id)?.accountId !== accountId || !state.channels.stop(id))
      return graphError(response, 404, 'ResourceNotFound', 'The object was not found.');
    return sendEmpty(response, 204);
  }

  const view = /^\/me\/calendars\/([^/]+)\/calendarView\/delta$/.exec(route);
  const viewed = view ? account.calendars.get(decodeURIComponent(view[1]!)) : undefined;
  if (view && viewed && method === 'GET')
    return calendarViewDelta(
      state,
      accountId,
      viewed,
      url.searchParams,
      `https://${request.headers.host ?? 'localhost'}${url.pathname}`,
      response,
    );
  const match = /^\/me\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(route);
  const calendar = match ? account.calendars.get(decodeURIComponent(match[1]!)) : undefined;
  if (!match || !calendar) return graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  const eventId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
  // Event delta without a calendarView window is a beta-only function: v1.0 refuses it.
  if (eventId === 'delta')
    return graphError(response, 400, 'BadRequest', "Resource not found for the segment 'delta'. Use calendarView/delta in v1.0.");
  if (eventId === undefined && method === 'POST') {
    const input = (await readBody(request)) as EventInput;
    const start = instant(input.start);
    const end = instant(input.end);
    if (!start || !end) return graphError(response, 400, 'ErrorInvalidRequest', 'start and end (UTC) are required.');
    const transactionId = text(input.transactionId);
    const earlier =
      transactionId === undefined ? undefined : [...calendar.events.values()].find((event) => event.transactionId === transactionId);
    if (earlier) return sendJson(response, 201, graphEvent(earlier));
    const event = store.insert(accountId, calendar, {
      summary: text(input.subject) ?? '',
      description: text(input.body?.content),
      location: text(input.location?.displayName),
      start,
      end,
      ...(transactionId !== undefined ? { transactionId } : {}),
    });
    return sendJson(response, 201, graphEvent(event));
  }
  const event = eventId === undefined ? undefined : calendar.events.get(eventId);
  if (!event || event.cancelled) return graphError(response, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
  if (method === 'GET') return sendJson(response, 200, graphEvent(event));
  if (method === 'PATCH') {
    const input = (await readBody(request)) as EventInput;
    store.update(accountId, event, {
      summary: text(input.subject),
      description: text(input.body?.content),
      location: text(input.location?.displayName),
      start: instant(input.start),
      end: instant(input.end),
    });
    return sendJson(response, 200, graphEvent(event));
  }
  if (method === 'DELETE') {
    store.cancel(accountId, event);
    return sendEmpty(response, 204);
  }
  graphError(response, 405, 'ErrorInvalidRequest', 'Method not allowed.');
}

/** Graph keeps a calendar event subscription 4230 minutes at most. */
const MAX_SUBSCRIPTION_MS = 4230 * 60_000;

/**
 * A change subscription on one calendar's events. As Graph does, the notification URL must answer
 * a POST carrying `?validationToken=` with 200 and the token as text within 10 seconds, or nothing
 * is created (400).
 */
async function subscribe(
  state: CalendarEmulatorState,
  accountId: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = (await readBody(request)) as Record<string, unknown>;
  const resource = /^\/?me\/calendars\/([^/]+)\/events$/.exec(text(body.resource) ?? '');
  const calendar = resource ? state.store.account(accountId).calendars.get(decodeURIComponent(resource[1]!)) : undefined;
  const address = text(body.notificationUrl);
  const expiration = Date.parse(text(body.expirationDateTime) ?? '');
  if (!calendar || !address || !/^https?:\/\//.test(address) || Number.isNaN(expiration) || !text(body.changeType))
    return graphError(response, 400, 'InvalidRequest', 'resource, changeType, notificationUrl and expirationDateTime are required.');
  if (expiration <= Date.now() || expiration > Date.now() + MAX_SUBSCRIPTION_MS)
    return graphError(response, 400, 'InvalidRequest', 'Subscription expiration can only be 4230 minutes in the future.');
  const clientState = text(body.clientState) ?? '';
  if (clientState.length > 128) return graphError(response, 400, 'InvalidRequest', 'clientState is longer than 128 characters.');
  const token = randomUUID();
  const validation = new URL(address);
  validation.searchParams.set('validationToken', token);
  const answer = await fetch(validation, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    signal: AbortSignal.timeout(10_000),
  }).then(
    async (reply) => (reply.status === 200 ? await reply.text() : undefined),
    () => undefined,
  );
  if (answer !== token)
    return graphError(
      response,
      400,
      'ValidationError',
      'Subscription validation request failed. Response must exactly match validationToken query parameter.',
    );
  const channel = state.channels.add({
    provider: 'microsoft',
    id: randomUUID(),
    accountId,
    calendarId: calendar.id,
    address,
    secret: clientState,
    expiration,
  });
  sendJson(response, 201, {
    id: channel.id,
    resource: text(body.resource),
    changeType: text(body.changeType),
    notificationUrl: address,
    clientState,
    expirationDateTime: new Date(expiration).toISOString(),
  });
}
