// The app's Microsoft 365 calendar client (providers/microsoft-calendar.ts) through the real MSAL
// (`@azure/msal-node`) and Graph client (`@microsoft/microsoft-graph-client`) against the emulator
// on a free local port: MSAL's metadata discovery and token requests, and Graph's request building
// and error handling, all run as they would against Microsoft.
import type { CalendarResult } from '../../providers/calendar-results';
import { createMicrosoftCalendar, type MicrosoftCalendarSession } from '../../providers/microsoft-calendar';
import { graphChangeOf, GRAPH_DELTA_WINDOW } from '../../providers/microsoft-calendar-delta';
import {
  DEMO_ACCOUNT,
  deleteEventAsOwner,
  makeAllDayAsOwner,
  moveEventAsOwner,
  seedDemoCalendar,
  serveCalendars,
  type ServedCalendars,
} from '.';

const CLIENT = { id: 'microsoft-client-id', secret: 'microsoft-client-secret' };
let emulator: ServedCalendars;
let microsoft: ReturnType<typeof createMicrosoftCalendar>;

beforeAll(async () => {
  emulator = await serveCalendars();
  emulator.microsoft.client = CLIENT;
  microsoft = createMicrosoftCalendar({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUri: 'http://127.0.0.1/callback',
    baseUrl: emulator.microsoftBaseUrl,
  });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.microsoft.store.clear();
  emulator.microsoft.grants.clear();
  emulator.microsoft.faults = [];
});

const value = <T>(result: CalendarResult<T>): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.failure)}`);
  return result.value;
};

async function connect(account = DEMO_ACCOUNT): Promise<{ session: MicrosoftCalendarSession; refreshToken: string }> {
  const grant = value(await microsoft.exchangeCode(emulator.microsoft.grants.grantCode(account)));
  return { session: microsoft.session(grant.refreshToken), refreshToken: grant.refreshToken };
}

const at = (iso: string) => new Date(iso);
/** `hour` o'clock UTC, `days` after today: delta lists a window around now, so its tests use times near it. */
const ahead = (days: number, hour = 0, minute = 0) => {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days, hour, minute));
};
const iso = (days: number, hour: number) => ahead(days, hour).toISOString();
const appointment = (key: string, start: string, end: string) => ({
  idempotencyKey: key,
  title: `Job ${key}`,
  start: at(start),
  end: at(end),
});

test('MSAL exchanges the code through the emulated authority; refreshes rotate the refresh token, the old one still works until revoked', async () => {
  const grant = value(await microsoft.exchangeCode(emulator.microsoft.grants.grantCode(DEMO_ACCOUNT)));
  expect(grant.mailbox).toBe(DEMO_ACCOUNT);
  expect(grant.refreshToken).toMatch(/^refresh\./);
  const refreshed = value(await microsoft.refresh(grant.refreshToken));
  expect(refreshed.refreshToken).toMatch(/^refresh\./);
  expect(refreshed.refreshToken).not.toBe(grant.refreshToken);
  // Microsoft does not revoke a refresh token when it is used: a second activity that read the same
  // stored token before the first one's rotation was saved still gets through.
  expect((await microsoft.refresh(grant.refreshToken)).ok).toBe(true);
  emulator.microsoft.grants.revoke(DEMO_ACCOUNT);
  expect(await microsoft.refresh(grant.refreshToken)).toEqual({ ok: false, failure: { kind: 'reconnect' } });
  expect(await microsoft.refresh(refreshed.refreshToken)).toEqual({ ok: false, failure: { kind: 'reconnect' } });
  expect(await microsoft.exchangeCode('code.never-issued')).toEqual({ ok: false, failure: { kind: 'reconnect' } });
});

test('getSchedule returns the demo busy blocks; calendars are listed', async () => {
  seedDemoCalendar(emulator.microsoft.store, DEMO_ACCOUNT, at('2026-12-01T12:00:00Z'));
  const { session } = await connect();
  expect(value(await session.listCalendars())).toEqual([{ id: DEMO_ACCOUNT, name: DEMO_ACCOUNT, primary: true }]);
  expect(value(await session.freeBusy(DEMO_ACCOUNT, at('2026-12-03T00:00:00Z'), at('2026-12-04T00:00:00Z')))).toEqual([
    { start: at('2026-12-03T08:00:00Z'), end: at('2026-12-03T11:00:00Z') },
    { start: at('2026-12-03T15:00:00Z'), end: at('2026-12-03T16:00:00Z') },
  ]);
});

test('a create retried with the same key makes one event; owner moves and deletes come back in calendarView delta', async () => {
  const { session } = await connect();
  const first = value(await session.createEvent(DEMO_ACCOUNT, appointment('appt-1', iso(2, 16), iso(2, 17))));
  const retry = value(await session.createEvent(DEMO_ACCOUNT, appointment('appt-1', iso(2, 16), iso(2, 17))));
  const other = value(await session.createEvent(DEMO_ACCOUNT, appointment('appt-2', iso(3, 16), iso(3, 17))));
  expect(retry.eventId).toBe(first.eventId);
  const full = value(await session.changesSince(DEMO_ACCOUNT));
  expect(full.changes.map((change) => change.eventId)).toEqual([first.eventId, other.eventId]);
  moveEventAsOwner(emulator.microsoft.store, DEMO_ACCOUNT, DEMO_ACCOUNT, first.eventId, ahead(4, 8), ahead(4, 9));
  deleteEventAsOwner(emulator.microsoft.store, DEMO_ACCOUNT, DEMO_ACCOUNT, other.eventId);
  const next = value(await session.changesSince(DEMO_ACCOUNT, full.nextSyncToken));
  expect(next.changes).toEqual([
    { kind: 'upserted', eventId: first.eventId, title: 'Job appt-1', start: ahead(4, 8), end: ahead(4, 9) },
    { kind: 'deleted', eventId: other.eventId },
  ]);
  expect(await session.moveEvent(DEMO_ACCOUNT, first.eventId, ahead(5, 8), ahead(5, 9))).toEqual({
    ok: true,
    value: undefined,
  });
  expect(await session.cancelEvent(DEMO_ACCOUNT, first.eventId)).toEqual({ ok: true, value: undefined });
  expect(await session.cancelEvent(DEMO_ACCOUNT, first.eventId)).toEqual({ ok: true, value: undefined });
});

test('a full delta lists the window from a day ago to GRAPH_DELTA_WINDOW ahead; the window holds in later rounds', async () => {
  const { session } = await connect();
  const aheadDays = GRAPH_DELTA_WINDOW.aheadMs / 86_400_000;
  const calendar = emulator.microsoft.store.calendar(DEMO_ACCOUNT, 'primary')!;
  const put = (summary: string, start: Date) =>
    emulator.microsoft.store.insert(DEMO_ACCOUNT, calendar, {
      summary,
      start: start.toISOString(),
      end: new Date(start.getTime() + 3_600_000).toISOString(),
    });
  const bookable = put('a year ahead', ahead(365, 9)); // the furthest a business lets callers book
  const past = put('last week', ahead(-7, 9));
  const beyond = put('beyond the window', ahead(aheadDays + 2, 9));
  const full = value(await session.changesSince(DEMO_ACCOUNT));
  expect(full.changes.map((change) => change.eventId)).toEqual([bookable.id]);
  expect(full.nextSyncToken).toContain('/calendarView/delta?$deltatoken=');
  // Moved out of the window, the event leaves the view (Graph reports it removed); one moved into it appears.
  moveEventAsOwner(emulator.microsoft.store, DEMO_ACCOUNT, DEMO_ACCOUNT, bookable.id, ahead(aheadDays + 3, 9), ahead(aheadDays + 3, 10));
  moveEventAsOwner(emulator.microsoft.store, DEMO_ACCOUNT, DEMO_ACCOUNT, beyond.id, ahead(30, 9), ahead(30, 10));
  const next = value(await session.changesSince(DEMO_ACCOUNT, full.nextSyncToken));
  expect(next.changes).toEqual([
    { kind: 'deleted', eventId: bookable.id },
    { kind: 'upserted', eventId: beyond.id, title: 'beyond the window', start: ahead(30, 9), end: ahead(30, 10) },
  ]);
  expect(next.changes.some((change) => change.eventId === past.id)).toBe(false);
});

test('v1.0 has event delta only on a calendarView: events/delta, and a first calendarView/delta without its window, answer 400', async () => {
  const grant = value(await microsoft.exchangeCode(emulator.microsoft.grants.grantCode(DEMO_ACCOUNT)));
  const graph = (path: string) =>
    fetch(`${emulator.microsoftBaseUrl.replace(/^https:/, 'http:')}/graph/v1.0${path}`, {
      headers: { authorization: `Bearer ${grant.accessToken}` },
    });
  const calendar = `/me/calendars/${encodeURIComponent(DEMO_ACCOUNT)}`;
  expect((await graph(`${calendar}/events/delta`)).status).toBe(400);
  expect((await graph(`${calendar}/calendarView/delta`)).status).toBe(400);
  expect((await graph(`${calendar}/calendarView/delta?startDateTime=${iso(0, 0)}`)).status).toBe(400);
  const windowed = await graph(`${calendar}/calendarView/delta?startDateTime=${iso(-1, 0)}&endDateTime=${iso(30, 0)}`);
  expect(windowed.status).toBe(200);
  expect(((await windowed.json()) as Record<string, unknown>)['@odata.deltaLink']).toMatch(/\/calendarView\/delta\?\$deltatoken=/);
});

test('an all-day event is marked so: its midnights are no time of day to move an appointment to', () => {
  const allDay = {
    id: 'e1',
    subject: 'Closed',
    isAllDay: true,
    start: { dateTime: '2026-12-01T00:00:00.0000000' },
    end: { dateTime: '2026-12-02T00:00:00.0000000' },
  };
  expect(graphChangeOf(allDay)).toMatchObject({ kind: 'upserted', eventId: 'e1', allDay: true });
  expect(graphChangeOf({ ...allDay, isAllDay: false })).not.toHaveProperty('allDay');
});

test('an event the owner makes all-day comes back in calendarView delta marked allDay', async () => {
  const { session } = await connect();
  const first = value(await session.createEvent(DEMO_ACCOUNT, appointment('appt-9', iso(2, 16), iso(2, 17))));
  const full = value(await session.changesSince(DEMO_ACCOUNT));
  makeAllDayAsOwner(emulator.microsoft.store, DEMO_ACCOUNT, DEMO_ACCOUNT, first.eventId);
  const next = value(await session.changesSince(DEMO_ACCOUNT, full.nextSyncToken));
  expect(next.changes).toEqual([expect.objectContaining({ kind: 'upserted', eventId: first.eventId, allDay: true })]);
});

test('syncStateNotFound asks for a full resync', async () => {
  const { session } = await connect();
  const { nextSyncToken } = value(await session.changesSince(DEMO_ACCOUNT));
  emulator.microsoft.faults = [{ kind: 'sync_token_gone', provider: 'microsoft' }];
  expect(await session.changesSince(DEMO_ACCOUNT, nextSyncToken)).toEqual({ ok: false, failure: { kind: 'full_resync_needed' } });
});

test('an expired access token is refreshed once; a revoked grant means reconnect', async () => {
  const { session } = await connect();
  expect(value(await session.listCalendars())).toHaveLength(1);
  emulator.microsoft.faults = [{ kind: 'expired_token' }];
  expect(value(await session.listCalendars())).toHaveLength(1);
  emulator.microsoft.grants.revoke(DEMO_ACCOUNT);
  expect(await session.listCalendars()).toEqual({ ok: false, failure: { kind: 'reconnect' } });
});

test('429 surfaces Retry-After and 500 is retryable, with no hidden retry', async () => {
  const { session } = await connect();
  emulator.microsoft.faults = [{ kind: 'rate_limited', retryAfterSeconds: 12 }];
  expect(await session.listCalendars()).toEqual({ ok: false, failure: { kind: 'rate_limited', retryAfterMs: 12_000 } });
  emulator.microsoft.faults = [{ kind: 'server_error' }];
  expect(await session.listCalendars()).toEqual({ ok: false, failure: { kind: 'retryable', status: 500 } });
  expect(value(await session.listCalendars())).toHaveLength(1);
});

test('no failure quotes a token: every failed call answers with a plain result, never a thrown error', async () => {
  const { session, refreshToken } = await connect();
  const results: unknown[] = [];
  for (const kind of ['rate_limited', 'server_error', 'sync_token_gone'] as const) {
    emulator.microsoft.faults = [{ kind, count: 3 }];
    results.push(await session.listCalendars(), await session.changesSince(DEMO_ACCOUNT, 'https://graph.test/delta?$deltatoken=bogus'));
  }
  emulator.microsoft.grants.revoke(DEMO_ACCOUNT);
  results.push(
    await session.createEvent(DEMO_ACCOUNT, appointment('x', '2026-12-02T16:00:00Z', '2026-12-02T17:00:00Z')),
    await microsoft.refresh(refreshToken),
    await microsoft.refresh(session.refreshToken()),
  );
  const text = JSON.stringify(results);
  expect(text).not.toContain(refreshToken);
  expect(text).not.toMatch(/refresh\.|access\.|Bearer/);
  // Nothing threw (each call answered), and the failures are the typed ones.
  const failures = results.flatMap((result) =>
    (result as CalendarResult<unknown>).ok ? [] : [(result as { failure: { kind: string } }).failure.kind],
  );
  expect(new Set(failures)).toEqual(new Set(['rate_limited', 'retryable', 'full_resync_needed', 'reconnect']));
});

test('a delta longer than a page is followed through its nextLinks', async () => {
  const calendar = emulator.microsoft.store.calendar(DEMO_ACCOUNT, 'primary')!;
  for (let i = 0; i < 120; i++)
    emulator.microsoft.store.insert(DEMO_ACCOUNT, calendar, {
      summary: `e${i}`,
      start: ahead(1, 0, i).toISOString(),
      end: ahead(1, 1, i).toISOString(),
    });
  const { session } = await connect();
  const full = value(await session.changesSince(DEMO_ACCOUNT));
  expect(new Set(full.changes.map((change) => change.eventId)).size).toBe(120);
  expect(value(await session.changesSince(DEMO_ACCOUNT, full.nextSyncToken)).changes).toEqual([]);
});

test("the owner's consent, as the sandbox's browser would follow it, ends in a working grant", async () => {
  const consent = await fetch(await microsoft.authorizationUrl('state-1'), { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location')!);
  expect(callback.searchParams.get('state')).toBe('state-1');
  const grant = value(await microsoft.exchangeCode(callback.searchParams.get('code')!));
  expect(grant.mailbox).toBe(DEMO_ACCOUNT);
});

test('a wrong client secret is rejected, not blamed on the owner', async () => {
  const misconfigured = createMicrosoftCalendar({
    clientId: CLIENT.id,
    clientSecret: 'wrong',
    redirectUri: 'http://127.0.0.1/callback',
    baseUrl: emulator.microsoftBaseUrl,
  });
  expect(await misconfigured.exchangeCode(emulator.microsoft.grants.grantCode(DEMO_ACCOUNT))).toEqual({
    ok: false,
    failure: { kind: 'rejected', status: 401, reason: 'invalid_client' },
  });
});
