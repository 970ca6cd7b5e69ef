// The app's Google Calendar client (providers/google-calendar.ts) through the real
// `@googleapis/calendar` SDK and its OAuth 2.0 client against the emulator on a free local port:
// if the emulator's JSON, its statuses or the SDK's URL and token handling drifted, these notice.
import { createGoogleCalendar, googleChangeOf, type GoogleCalendarSession } from '../../providers/google-calendar';
import type { CalendarResult } from '../../providers/calendar-results';
import {
  DEMO_ACCOUNT,
  deleteEventAsOwner,
  makeAllDayAsOwner,
  moveEventAsOwner,
  seedDemoCalendar,
  serveCalendars,
  type ServedCalendars,
} from '.';

const CLIENT = { id: 'google-client-id', secret: 'google-client-secret' };
let emulator: ServedCalendars;
let google: ReturnType<typeof createGoogleCalendar>;

beforeAll(async () => {
  emulator = await serveCalendars();
  emulator.google.client = CLIENT;
  google = createGoogleCalendar({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    redirectUri: 'http://127.0.0.1/callback',
    baseUrl: emulator.googleBaseUrl,
  });
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.google.store.clear();
  emulator.google.grants.clear();
  emulator.google.faults = [];
});

const value = <T>(result: CalendarResult<T>): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.failure)}`);
  return result.value;
};

/** A connected session for `account` and the refresh token behind it. */
async function connect(account = DEMO_ACCOUNT): Promise<{ session: GoogleCalendarSession; refreshToken: string }> {
  const grant = value(await google.exchangeCode(emulator.google.grants.grantCode(account)));
  return { session: google.session(grant.refreshToken), refreshToken: grant.refreshToken };
}

const at = (iso: string) => new Date(iso);
const appointment = (key: string, start: string, end: string) => ({
  idempotencyKey: key,
  title: `Job ${key}`,
  start: at(start),
  end: at(end),
});

test('the code exchange gives a refresh token, and a refresh gives a new access token', async () => {
  const grant = value(await google.exchangeCode(emulator.google.grants.grantCode(DEMO_ACCOUNT)));
  expect(grant.refreshToken).toMatch(/^refresh\./);
  const refreshed = value(await google.refresh(grant.refreshToken));
  expect(refreshed.accessToken).not.toBe(grant.accessToken);
  expect(refreshed.refreshToken).toBe(grant.refreshToken);
  expect(await google.exchangeCode('code.never-issued')).toEqual({ ok: false, failure: { kind: 'reconnect' } });
});

test("the demo calendar's busy blocks come back from free/busy, and calendars are listed", async () => {
  const blocks = seedDemoCalendar(emulator.google.store, DEMO_ACCOUNT, at('2026-12-01T12:00:00Z'));
  const { session } = await connect();
  expect(value(await session.listCalendars())).toEqual([{ id: DEMO_ACCOUNT, name: DEMO_ACCOUNT, primary: true }]);
  const busy = value(await session.freeBusy(['primary'], at('2026-12-02T00:00:00Z'), at('2026-12-03T00:00:00Z')));
  expect(busy).toEqual([
    { start: at('2026-12-02T09:00:00Z'), end: at('2026-12-02T10:00:00Z') },
    { start: at('2026-12-02T13:00:00Z'), end: at('2026-12-02T15:00:00Z') },
  ]);
  expect(blocks).toHaveLength(5);
});

test('a create retried with the same key makes one event', async () => {
  const { session } = await connect();
  const first = value(await session.createEvent('primary', appointment('appt-1', '2026-12-02T16:00:00Z', '2026-12-02T17:00:00Z')));
  const retry = value(await session.createEvent('primary', appointment('appt-1', '2026-12-02T16:00:00Z', '2026-12-02T17:00:00Z')));
  expect(retry.eventId).toBe(first.eventId);
  const { changes } = value(await session.changesSince('primary'));
  expect(changes).toEqual([
    { kind: 'upserted', eventId: first.eventId, title: 'Job appt-1', start: at('2026-12-02T16:00:00Z'), end: at('2026-12-02T17:00:00Z') },
  ]);
});

test('a move and a delete made by the owner are seen by the next incremental sync', async () => {
  const { session } = await connect();
  const a = value(await session.createEvent('primary', appointment('a', '2026-12-02T16:00:00Z', '2026-12-02T17:00:00Z')));
  const b = value(await session.createEvent('primary', appointment('b', '2026-12-03T16:00:00Z', '2026-12-03T17:00:00Z')));
  const full = value(await session.changesSince('primary'));
  expect(full.changes).toHaveLength(2);
  moveEventAsOwner(emulator.google.store, DEMO_ACCOUNT, DEMO_ACCOUNT, a.eventId, at('2026-12-04T08:00:00Z'), at('2026-12-04T09:00:00Z'));
  deleteEventAsOwner(emulator.google.store, DEMO_ACCOUNT, DEMO_ACCOUNT, b.eventId);
  const next = value(await session.changesSince('primary', full.nextSyncToken));
  expect(next.changes).toEqual([
    { kind: 'upserted', eventId: a.eventId, title: 'Job a', start: at('2026-12-04T08:00:00Z'), end: at('2026-12-04T09:00:00Z') },
    { kind: 'deleted', eventId: b.eventId },
  ]);
  expect(value(await session.changesSince('primary', next.nextSyncToken)).changes).toEqual([]);
  // Our own move and cancel go through too; cancelling twice is still cancelled.
  expect(await session.moveEvent('primary', a.eventId, at('2026-12-05T08:00:00Z'), at('2026-12-05T09:00:00Z'))).toEqual({
    ok: true,
    value: undefined,
  });
  expect(await session.cancelEvent('primary', a.eventId)).toEqual({ ok: true, value: undefined });
  expect(await session.cancelEvent('primary', a.eventId)).toEqual({ ok: true, value: undefined });
});

test('an event the owner makes all-day comes back dated, marked allDay, and timed again after our own move', async () => {
  const { session } = await connect();
  const a = value(await session.createEvent('primary', appointment('a', '2026-12-02T16:00:00Z', '2026-12-02T17:00:00Z')));
  const full = value(await session.changesSince('primary'));
  makeAllDayAsOwner(emulator.google.store, DEMO_ACCOUNT, DEMO_ACCOUNT, a.eventId);
  const next = value(await session.changesSince('primary', full.nextSyncToken));
  expect(next.changes).toEqual([expect.objectContaining({ kind: 'upserted', eventId: a.eventId, allDay: true })]);
  value(await session.moveEvent('primary', a.eventId, at('2026-12-05T08:00:00Z'), at('2026-12-05T09:00:00Z')));
  const timed = value(await session.changesSince('primary', next.nextSyncToken));
  expect(timed.changes).toEqual([
    { kind: 'upserted', eventId: a.eventId, title: 'Job a', start: at('2026-12-05T08:00:00Z'), end: at('2026-12-05T09:00:00Z') },
  ]);
});

test('a sync token gone (410) asks for a full resync', async () => {
  const { session } = await connect();
  const { nextSyncToken } = value(await session.changesSince('primary'));
  emulator.google.faults = [{ kind: 'sync_token_gone' }];
  expect(await session.changesSince('primary', nextSyncToken)).toEqual({ ok: false, failure: { kind: 'full_resync_needed' } });
  expect(value(await session.changesSince('primary')).changes).toEqual([]);
});

test('an expired access token is refreshed by the SDK; a revoked grant means reconnect', async () => {
  const { session, refreshToken } = await connect();
  emulator.google.faults = [{ kind: 'expired_token' }];
  expect(value(await session.listCalendars())).toHaveLength(1);
  emulator.google.grants.revoke(DEMO_ACCOUNT);
  expect(await session.listCalendars()).toEqual({ ok: false, failure: { kind: 'reconnect' } });
  expect(await google.refresh(refreshToken)).toEqual({ ok: false, failure: { kind: 'reconnect' } });
});

test("429 surfaces Retry-After; 500 is retryable; neither is retried behind the caller's back", async () => {
  const { session } = await connect();
  emulator.google.faults = [{ kind: 'rate_limited', retryAfterSeconds: 7 }];
  expect(await session.freeBusy(['primary'], at('2026-12-02T00:00:00Z'), at('2026-12-03T00:00:00Z'))).toEqual({
    ok: false,
    failure: { kind: 'rate_limited', retryAfterMs: 7000 },
  });
  emulator.google.faults = [{ kind: 'server_error' }];
  expect(await session.listCalendars()).toEqual({ ok: false, failure: { kind: 'retryable', status: 500 } });
  expect(value(await session.listCalendars())).toHaveLength(1);
});

test('no failure quotes a token: every failed call answers with a plain result, never a thrown error', async () => {
  const { session, refreshToken } = await connect();
  const results: unknown[] = [];
  for (const kind of ['rate_limited', 'server_error', 'sync_token_gone', 'expired_token'] as const) {
    emulator.google.faults = [{ kind, count: 3 }];
    results.push(await session.listCalendars(), await session.changesSince('primary', 'not-a-token'));
  }
  emulator.google.grants.revoke(DEMO_ACCOUNT);
  results.push(
    await session.createEvent('primary', appointment('x', '2026-12-02T16:00:00Z', '2026-12-02T17:00:00Z')),
    await google.refresh(refreshToken),
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

test('a listing longer than a page is followed to its end', async () => {
  const calendar = emulator.google.store.calendar(DEMO_ACCOUNT, 'primary')!;
  for (let i = 0; i < 260; i++)
    emulator.google.store.insert(DEMO_ACCOUNT, calendar, {
      summary: `e${i}`,
      start: new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString(),
      end: new Date(Date.UTC(2026, 11, 1, 1, i)).toISOString(),
    });
  const { session } = await connect();
  const full = value(await session.changesSince('primary'));
  expect(new Set(full.changes.map((change) => change.eventId)).size).toBe(260);
  expect(value(await session.changesSince('primary', full.nextSyncToken)).changes).toEqual([]);
});

test("the owner's consent, as the sandbox's browser would follow it, ends in a working grant", async () => {
  const consent = await fetch(google.authorizationUrl('state-1'), { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location')!);
  expect(callback.searchParams.get('state')).toBe('state-1');
  const grant = value(await google.exchangeCode(callback.searchParams.get('code')!));
  expect(value(await google.session(grant.refreshToken).listCalendars())).toEqual([
    { id: DEMO_ACCOUNT, name: DEMO_ACCOUNT, primary: true },
  ]);
});

test('a wrong client secret is rejected, not blamed on the owner', async () => {
  const misconfigured = createGoogleCalendar({
    clientId: CLIENT.id,
    clientSecret: 'wrong',
    redirectUri: 'http://127.0.0.1/callback',
    baseUrl: emulator.googleBaseUrl,
  });
  expect(await misconfigured.exchangeCode(emulator.google.grants.grantCode(DEMO_ACCOUNT))).toEqual({
    ok: false,
    failure: { kind: 'rejected', status: 401, reason: 'invalid_client' },
  });
});

test('an all-day (date-only) event is marked so, not read as a move to UTC midnight', () => {
  const allDay = { id: 'e1', summary: 'Closed', start: { date: '2026-12-01' }, end: { date: '2026-12-02' } };
  expect(googleChangeOf(allDay)).toMatchObject({ kind: 'upserted', eventId: 'e1', allDay: true });
  const timed = { ...allDay, start: { dateTime: '2026-12-01T15:00:00-05:00' }, end: { dateTime: '2026-12-01T16:00:00-05:00' } };
  expect(googleChangeOf(timed)).toEqual({
    kind: 'upserted',
    eventId: 'e1',
    title: 'Closed',
    start: new Date('2026-12-01T20:00:00Z'),
    end: new Date('2026-12-01T21:00:00Z'),
  });
  expect(googleChangeOf({ id: 'e1', status: 'cancelled' })).toEqual({ kind: 'deleted', eventId: 'e1' });
});
