// The emulator's own routes under each provider's base, for the sandbox and tests:
// - `GET  <base>/sandbox/authorize?redirect_uri=&state=&login_hint=` (also Google's
//   `/o/oauth2/v2/auth` and Microsoft's `/{tenant}/oauth2/v2.0/authorize`): the consent screen,
//   approved at once, redirecting with a code for the hinted account (the demo owner by default);
// - `POST <base>/sandbox/faults` with a JSON array of faults (faults.ts), replacing pending ones;
// - `POST <base>/sandbox/demo` seeds the demo owner's calendar with busy blocks;
// - `POST <base>/sandbox/revoke?account=` takes the account's access away (as the owner would);
// - `POST <base>/sandbox/events?account=` with `{ start, end, summary?, calendarId? }` puts an
//   event in the account's calendar (its primary one by default), as the owner would: a busy time;
// - `GET  <base>/sandbox/events?account=` lists the account's live events, as the owner sees them;
// - `GET  <base>/sandbox/channels?account=` lists the account's live push channels (Google's
//   channels, Graph's subscriptions): id, calendar and expiry;
// - `POST <base>/sandbox/calendars?account=` with `{ name }` adds a calendar to the account (the
//   owner makes a "Jobs" calendar) and answers its id.
// - `POST <base>/sandbox/owner/delete` `{ account?, calendarId?, eventId }`,
//   `POST <base>/sandbox/owner/move` `{ account?, calendarId?, eventId, start, end }` and
//   `POST <base>/sandbox/owner/all-day` `{ account?, calendarId?, eventId }`: the owner deletes,
//   drags or makes all-day an event in their calendar app (the calendar sync must see it); 404 when
//   no such live event.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CalendarEmulatorState } from './emulator-state';
import { parseFaults } from './faults';
import { readBody, sendEmpty, sendJson } from './http';
import { DEMO_ACCOUNT, deleteEventAsOwner, makeAllDayAsOwner, moveEventAsOwner, seedDemoCalendar } from './owner-calendar';

/** The owner's own deletion or move of an event, over HTTP. */
interface OwnerChange {
  account?: string;
  calendarId?: string;
  eventId?: unknown;
  start?: string;
  end?: string;
}

const AUTHORIZE_ROUTES = [/^\/sandbox\/authorize$/, /^\/o\/oauth2\/v2\/auth$/, /^\/[^/]+\/oauth2\/v2\.0\/authorize$/];

/** Answers a control route and returns true, or returns false when `route` is not one. */
export async function answerSandboxControl(
  state: CalendarEmulatorState,
  route: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'GET' && AUTHORIZE_ROUTES.some((pattern) => pattern.test(route))) {
    const redirect = url.searchParams.get('redirect_uri');
    if (!redirect || !/^https?:\/\//.test(redirect)) {
      sendJson(response, 400, { error: 'invalid_request', error_description: 'redirect_uri is required' });
      return true;
    }
    const target = new URL(redirect);
    target.searchParams.set('code', state.grants.grantCode(url.searchParams.get('login_hint') ?? DEMO_ACCOUNT));
    const requestState = url.searchParams.get('state');
    if (requestState !== null) target.searchParams.set('state', requestState);
    response.writeHead(302, { location: target.toString(), 'content-length': 0 });
    response.end();
    return true;
  }
  if (route === '/sandbox/events' && request.method === 'GET') {
    const account = state.store.account(url.searchParams.get('account') ?? DEMO_ACCOUNT);
    const events = [...account.calendars.values()].flatMap((calendar) =>
      [...calendar.events.values()]
        .filter((event) => !event.cancelled)
        .map(({ id, calendarId, summary, description, location, start, end }) => ({
          id,
          calendarId,
          summary,
          description,
          location,
          start,
          end,
        })),
    );
    sendJson(response, 200, { events: events.sort((a, b) => Date.parse(a.start) - Date.parse(b.start)) });
    return true;
  }
  if (route === '/sandbox/channels' && request.method === 'GET') {
    const live = state.channels.liveOf(url.searchParams.get('account') ?? DEMO_ACCOUNT);
    sendJson(response, 200, {
      channels: live.map(({ id, calendarId, expiration }) => ({ id, calendarId, expiresAt: new Date(expiration).toISOString() })),
    });
    return true;
  }
  if (request.method !== 'POST') return false;
  if (route === '/sandbox/calendars') {
    const { name } = (await readBody(request)) as { name?: unknown };
    if (typeof name !== 'string' || !name.trim()) {
      sendJson(response, 400, { error: 'a calendar needs a name' });
      return true;
    }
    const calendar = state.store.addCalendar(url.searchParams.get('account') ?? DEMO_ACCOUNT, name.trim());
    sendJson(response, 201, { id: calendar.id, name: calendar.name });
    return true;
  }
  if (route === '/sandbox/events') {
    const accountId = url.searchParams.get('account') ?? DEMO_ACCOUNT;
    const body = (await readBody(request)) as { start?: unknown; end?: unknown; summary?: unknown; calendarId?: unknown };
    const calendar = state.store.calendar(accountId, typeof body.calendarId === 'string' ? body.calendarId : 'primary');
    const start = typeof body.start === 'string' ? Date.parse(body.start) : Number.NaN;
    const end = typeof body.end === 'string' ? Date.parse(body.end) : Number.NaN;
    if (!calendar || !(start < end)) {
      sendJson(response, 400, { error: 'start and end (ISO instants, start first) and a known calendarId are required' });
      return true;
    }
    const event = state.store.insert(accountId, calendar, {
      summary: typeof body.summary === 'string' ? body.summary : 'Busy',
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    });
    sendJson(response, 201, { id: event.id, calendarId: event.calendarId, start: event.start, end: event.end });
    return true;
  }
  if (route === '/sandbox/faults') {
    try {
      state.faults = parseFaults(
        await readBody(request).then((body) => (Array.isArray(body) ? body : (body as { faults?: unknown }).faults)),
      );
    } catch (error) {
      sendJson(response, 400, { error: (error as Error).message });
      return true;
    }
    sendJson(response, 200, { faults: state.faults });
    return true;
  }
  if (route === '/sandbox/demo') {
    sendJson(response, 200, { account: DEMO_ACCOUNT, events: seedDemoCalendar(state.store).length });
    return true;
  }
  if (route === '/sandbox/owner/delete' || route === '/sandbox/owner/move' || route === '/sandbox/owner/all-day') {
    const body = ((await readBody(request).catch(() => ({}))) ?? {}) as OwnerChange;
    if (typeof body.eventId !== 'string') {
      sendJson(response, 400, { error: 'eventId is required' });
      return true;
    }
    const account = body.account ?? DEMO_ACCOUNT;
    const calendarId = body.calendarId ?? 'primary';
    try {
      if (route === '/sandbox/owner/delete') {
        deleteEventAsOwner(state.store, account, calendarId, body.eventId);
        sendEmpty(response, 204);
      } else if (route === '/sandbox/owner/all-day') {
        const made = makeAllDayAsOwner(state.store, account, calendarId, body.eventId);
        sendJson(response, 200, { eventId: made.id, start: made.start, end: made.end, allDay: true });
      } else {
        const [start, end] = [new Date(body.start ?? ''), new Date(body.end ?? '')];
        if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) {
          sendJson(response, 400, { error: 'start and end are required ISO date-times' });
          return true;
        }
        const moved = moveEventAsOwner(state.store, account, calendarId, body.eventId, start, end);
        sendJson(response, 200, { eventId: moved.id, start: moved.start, end: moved.end });
      }
    } catch (error) {
      sendJson(response, 404, { error: (error as Error).message });
    }
    return true;
  }
  if (route === '/sandbox/revoke') {
    state.grants.revoke(url.searchParams.get('account') ?? DEMO_ACCOUNT);
    sendEmpty(response, 204);
    return true;
  }
  return false;
}
