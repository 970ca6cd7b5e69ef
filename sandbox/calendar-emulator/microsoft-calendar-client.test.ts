// The app's Microsoft 365 calendar client (providers/microsoft-calendar.ts) through the real MSAL
// (`@azure/msal-node`) and Graph client (`@microsoft/microsoft-graph-client`) against the emulator
// on a free local port: MSAL's metadata discovery and token requests, and Graph's request building
// and error handling, all run as they would against Microsoft.
import type { CalendarResult } from '../../providers/calendar-results';
import { createMicrosoftCalendar, type MicrosoftCalendarSession } from '../../providers/microsoft-calendar';
import { DEMO_ACCOUNT, deleteEventAsOwner, moveEventAsOwner, seedDemoCalendar, serveCalendars, type ServedCalendars } from '.';

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
const appointment = (key: string, start: string, end: string) => ({
  idempotencyKey: key,
  title: `Job ${key}`,
  start: at(start),
  end: at(end),
});

test('MSAL exchanges the code through the emulated authority; refreshes rotate the refresh token', async () => {
  const grant = value(await microsoft.exchangeCode(emulator.microsoft.grants.grantCode(DEMO_ACCOUNT)));
  expect(grant.mailbox).toBe(DEMO_ACCOUNT);
  expect(grant.refreshToken).toMatch(/^refresh\./);
  const refreshed = value(await microsoft.refresh(grant.refreshToken));
  expect(refreshed.refreshToken).toMatch(/^refresh\./);
  expect(refreshed.refreshToken).not.toBe(grant.refreshToken);
  expect(await microsoft.refresh(grant.refreshToken)).toEqual({ ok: false, failure: { kind: 'reconnect' } });
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

test('a create retried with the same key makes one event; owner moves and deletes come back in delta', async () => {
  const { session } = await connect();
  const first = value(await session.createEvent(DEMO_ACCOUNT, appointment('appt-1', '2026-12-02T16:00:00Z', '2026-12-02T17:00:00Z')));
  const retry = value(await session.createEvent(DEMO_ACCOUNT, appointment('appt-1', '2026-12-02T16:00:00Z', '2026-12-02T17:00:00Z')));
  const other = value(await session.createEvent(DEMO_ACCOUNT, appointment('appt-2', '2026-12-03T16:00:00Z', '2026-12-03T17:00:00Z')));
  expect(retry.eventId).toBe(first.eventId);
  const full = value(await session.changesSince(DEMO_ACCOUNT));
  expect(full.changes.map((change) => change.eventId)).toEqual([first.eventId, other.eventId]);
  moveEventAsOwner(
    emulator.microsoft.store,
    DEMO_ACCOUNT,
    DEMO_ACCOUNT,
    first.eventId,
    at('2026-12-04T08:00:00Z'),
    at('2026-12-04T09:00:00Z'),
  );
  deleteEventAsOwner(emulator.microsoft.store, DEMO_ACCOUNT, DEMO_ACCOUNT, other.eventId);
  const next = value(await session.changesSince(DEMO_ACCOUNT, full.nextSyncToken));
  expect(next.changes).toEqual([
    { kind: 'upserted', eventId: first.eventId, title: 'Job appt-1', start: at('2026-12-04T08:00:00Z'), end: at('2026-12-04T09:00:00Z') },
    { kind: 'deleted', eventId: other.eventId },
  ]);
  expect(await session.moveEvent(DEMO_ACCOUNT, first.eventId, at('2026-12-05T08:00:00Z'), at('2026-12-05T09:00:00Z'))).toEqual({
    ok: true,
    value: undefined,
  });
  expect(await session.cancelEvent(DEMO_ACCOUNT, first.eventId)).toEqual({ ok: true, value: undefined });
  expect(await session.cancelEvent(DEMO_ACCOUNT, first.eventId)).toEqual({ ok: true, value: undefined });
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
      start: new Date(Date.UTC(2026, 11, 1, 0, i)).toISOString(),
      end: new Date(Date.UTC(2026, 11, 1, 1, i)).toISOString(),
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
