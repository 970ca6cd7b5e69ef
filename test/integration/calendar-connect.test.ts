// Connecting an owner's calendar over HTTP (issue #16), against the stack and the sandbox's calendar
// emulators: the consent round trip (followed by hand, as a browser would), the single-use state,
// the refresh token sealed at rest, choosing calendars, disconnecting (revoked at the provider) and
// one business never reaching another's connection. Each test's owner consents as an account of its
// own (login_hint), so revoking it never touches the demo account other tests connect.
import { randomUUID } from 'node:crypto';
import { createOwnerCalendars, type CalendarProvider } from '../../providers/owner-calendars';
import { call, registerBusiness, type TestOwner } from '../support/api-client';
import { stack, withDatabase } from '../support/stack';

interface Connections {
  providers: string[];
  connections: {
    id: string;
    provider: CalendarProvider;
    account: string;
    status: string;
    calendars: { id: string; name: string; primary: boolean; busy: boolean; bookings: boolean }[];
    lastSyncedAt: string | null;
  }[];
}

// The same providers the stack's api builds: sandbox mode, the emulators, the key derived from the auth token.
const calendars = createOwnerCalendars({
  NMC_MODE: 'sandbox',
  PUBLIC_URL: stack.apiUrl,
  TWILIO_API_URL: stack.sandboxUrl,
  TWILIO_AUTH_TOKEN: stack.authToken,
});

const api = <T = Record<string, unknown>>(owner: TestOwner, method: string, path: string, body?: unknown) =>
  call<T>(stack.apiUrl, method, path, { token: owner.accessToken, ...(body !== undefined ? { body } : {}) });

/** The cookies each connect set, by the state they bind (a browser's cookie jar, as far as the callback needs one). */
const browserCookies = new Map<string, string>();

/** Starts connecting and follows the consent screen's redirect: the callback URL the browser would open. */
async function consent(owner: TestOwner, provider: CalendarProvider, account: string, body: unknown = {}): Promise<URL> {
  const started = await api<{ authorizationUrl: string }>(owner, 'POST', `/api/calendar/${provider}/connect`, body);
  expect(started.status).toBe(200);
  const setCookie = started.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(
    new RegExp(`^__Secure-nmc_calendar_${provider}=[^;]+; Max-Age=900; Path=/api/calendar/oauth; HttpOnly; Secure; SameSite=Lax$`),
  );
  const cookie = setCookie.split(';')[0]!;
  const consentUrl = new URL(started.body.authorizationUrl);
  expect(consentUrl.origin).toBe(new URL(stack.sandboxUrl).origin);
  consentUrl.searchParams.set('login_hint', account);
  const screen = await fetch(consentUrl, { redirect: 'manual' });
  expect(screen.status).toBe(302);
  const callback = new URL(screen.headers.get('location')!);
  expect(`${callback.origin}${callback.pathname}`).toBe(`${stack.apiUrl}/api/calendar/oauth/${provider}/callback`);
  browserCookies.set(callback.searchParams.get('state')!, cookie);
  return callback;
}

/**
 * Opens the callback as the browser would: where it is sent next (303), or the error answer. The
 * browser that started connecting sends its cookie; `inAnotherBrowser` opens it without.
 */
async function openCallback(
  url: URL | string,
  { inAnotherBrowser = false } = {},
): Promise<{ status: number; location: string | null; body: string }> {
  const state = new URL(url).searchParams.get('state') ?? '';
  const cookie = inAnotherBrowser ? undefined : browserCookies.get(state);
  const response = await fetch(url, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}

async function connect(owner: TestOwner, provider: CalendarProvider, account = `owner-${randomUUID()}@calendar.test`) {
  const back = await openCallback(await consent(owner, provider, account));
  expect([back.status, back.location]).toEqual([303, `${stack.apiUrl}/settings?calendar=connected`]);
  const { connections } = (await api<Connections>(owner, 'GET', '/api/calendar/connections')).body;
  return { connection: connections.find((connection) => connection.provider === provider)!, account };
}

const storedRows = (tenantId: string) =>
  withDatabase(
    async (db) =>
      (
        await db.query<{ id: string; provider: string; refresh_token_sealed: string; busy_calendar_ids: string[] }>(
          'select id, provider, refresh_token_sealed, busy_calendar_ids from calendar_connections where tenant_id = $1 order by provider',
          [tenantId],
        )
      ).rows,
  );

test('connecting Google: consent, back to Settings, the calendars listed, the token sealed to this business and provider', async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const before = await api<Connections>(owner, 'GET', '/api/calendar/connections');
  expect(before.body).toEqual({ providers: ['google', 'microsoft'], connections: [] });

  const { connection, account } = await connect(owner, 'google');
  expect(connection).toMatchObject({
    provider: 'google',
    account,
    status: 'connected',
    calendars: [{ id: account, name: account, primary: true, busy: true, bookings: true }],
  });

  const [row] = await storedRows(owner.business.id);
  const context = `${owner.business.id}:google`;
  const refreshToken = calendars.sealer.open(row!.refresh_token_sealed, context);
  expect(refreshToken).toEqual(expect.any(String));
  expect(refreshToken!.length).toBeGreaterThan(10);
  expect(row!.refresh_token_sealed).not.toContain(refreshToken!);
  expect(calendars.sealer.open(row!.refresh_token_sealed, `${randomUUID()}:google`)).toBeUndefined();
  expect(calendars.sealer.open(row!.refresh_token_sealed, `${owner.business.id}:microsoft`)).toBeUndefined();
  // The sealed token is the working grant.
  expect((await calendars.session('google', refreshToken!, account).listCalendars()).ok).toBe(true);

  const activity = await api<{ events: { kind: string; detail: string }[] }>(owner, 'GET', '/api/account/activity');
  expect(activity.body.events[0]).toMatchObject({ kind: 'calendar_connected', detail: `Google Calendar: ${account}` });
  expect((await api(owner, 'POST', `/api/calendar/${connection.id}/sync`)).status).toBe(202);
});

test('the onboarding wizard gets the owner back to the wizard', async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const back = await openCallback(await consent(owner, 'google', `owner-${randomUUID()}@calendar.test`, { returnTo: 'onboarding' }));
  expect([back.status, back.location]).toEqual([303, `${stack.apiUrl}/onboarding?calendar=connected`]);
});

test('a used, unknown, expired or other-provider state is refused with 400 and stores nothing; a refusal at the consent screen is reported', async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const account = `owner-${randomUUID()}@calendar.test`;
  const nothingStored = async () => expect(await storedRows(owner.business.id)).toEqual([]);

  // Unknown state.
  const unknown = await openCallback(`${stack.apiUrl}/api/calendar/oauth/google/callback?code=abc&state=${randomUUID()}`);
  expect([unknown.status, JSON.parse(unknown.body).error.code]).toEqual([400, 'invalid_state']);
  // No state at all.
  expect((await openCallback(`${stack.apiUrl}/api/calendar/oauth/google/callback?code=abc`)).status).toBe(400);

  // A Google state brought to the Microsoft callback is refused (this browser started no Microsoft connect).
  const google = await consent(owner, 'google', account);
  const crossed = new URL(google);
  crossed.pathname = '/api/calendar/oauth/microsoft/callback';
  expect((await openCallback(crossed)).status).toBe(400);
  await nothingStored();

  // Expired: the owner took longer than 15 minutes at the consent screen.
  const late = await consent(owner, 'google', account);
  await withDatabase((db) =>
    db.query("update calendar_oauth_states set expires_at = now() - interval '1 minute' where tenant_id = $1", [owner.business.id]),
  );
  expect((await openCallback(late)).status).toBe(400);
  await nothingStored();

  // The owner said no at the consent screen.
  const refused = await consent(owner, 'google', account);
  refused.searchParams.delete('code');
  refused.searchParams.set('error', 'access_denied');
  const denied = await openCallback(refused);
  expect([denied.status, denied.location]).toEqual([303, `${stack.apiUrl}/settings?calendar=error&reason=denied`]);
  // A code the provider does not know.
  const forged = await consent(owner, 'google', account);
  forged.searchParams.set('code', 'not-a-code');
  const rejected = await openCallback(forged);
  expect(rejected.location).toMatch(new RegExp(`^${stack.apiUrl}/settings\\?calendar=error&reason=\\w+$`));
  await nothingStored();

  // A used state does not work twice: the second open of a good callback stores nothing more.
  const good = await consent(owner, 'google', account);
  expect((await openCallback(good)).status).toBe(303);
  const [first] = await storedRows(owner.business.id);
  expect((await openCallback(good)).status).toBe(400);
  expect(await storedRows(owner.business.id)).toEqual([first]);
});

test("a consent finished in another browser is refused and stores nothing; the owner's own browser can still finish it", async () => {
  // The attack this stops: someone starts connecting for their own business, then gets another
  // person's browser through the consent screen with that link; the other person's calendar would
  // land in the first one's business. Only the browser that started connecting carries the cookie.
  const owner = await registerBusiness(stack.apiUrl);
  const link = await consent(owner, 'google', `owner-${randomUUID()}@calendar.test`);
  const elsewhere = await openCallback(link, { inAnotherBrowser: true });
  expect([elsewhere.status, JSON.parse(elsewhere.body).error.code]).toEqual([400, 'invalid_state']);
  expect(await storedRows(owner.business.id)).toEqual([]);
  // A wrong cookie is no better than none.
  const forgedCookie = await fetch(link, { redirect: 'manual', headers: { cookie: `__Secure-nmc_calendar_google=${randomUUID()}` } });
  expect(forgedCookie.status).toBe(400);
  expect(await storedRows(owner.business.id)).toEqual([]);

  const back = await openCallback(link);
  expect([back.status, back.location]).toEqual([303, `${stack.apiUrl}/settings?calendar=connected`]);
  expect(await storedRows(owner.business.id)).toHaveLength(1);
});

test("a return page named after an object's own property (constructor) is refused with 400 and stores nothing, not a 500 after connecting", async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const link = await consent(owner, 'google', `owner-${randomUUID()}@calendar.test`);
  const state = link.searchParams.get('state')!;
  link.searchParams.set('state', `${state.slice(0, state.lastIndexOf('.'))}.constructor`);
  const answer = await fetch(link, { redirect: 'manual', headers: { cookie: browserCookies.get(state)! } });
  expect(answer.status).toBe(400);
  expect(await storedRows(owner.business.id)).toEqual([]);
});

test('pressing Connect again replaces the earlier consent link: only the newest works, and states do not pile up', async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const account = `owner-${randomUUID()}@calendar.test`;
  const links = [];
  for (let press = 0; press < 5; press++) links.push(await consent(owner, 'google', account));
  await consent(owner, 'microsoft', account);
  const states = await withDatabase(
    async (db) =>
      (await db.query('select provider from calendar_oauth_states where tenant_id = $1 order by provider', [owner.business.id])).rows,
  );
  expect(states).toEqual([{ provider: 'google' }, { provider: 'microsoft' }]);
  expect((await openCallback(links[0]!)).status).toBe(400);
  expect(await storedRows(owner.business.id)).toEqual([]);
  expect((await openCallback(links[4]!)).status).toBe(303);
});

test("reconnecting with another account starts over: the old account's calendars and sync position are not kept", async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const { connection: first } = await connect(owner, 'google');
  await withDatabase((db) => db.query("update calendar_connections set sync_token = 'old-account-token' where id = $1", [first.id]));
  // The same account again keeps the owner's choices (a reconnect after expiry): here, nothing counts as busy.
  expect((await api(owner, 'PUT', `/api/calendar/${first.id}`, { busyCalendarIds: [], bookingCalendarId: first.account })).status).toBe(
    200,
  );
  expect((await openCallback(await consent(owner, 'google', first.account))).status).toBe(303);
  const busyOf = async () =>
    (await withDatabase((db) => db.query('select busy_calendar_ids from calendar_connections where id = $1', [first.id]))).rows[0]
      .busy_calendar_ids;
  expect(await busyOf()).toEqual([]);

  const other = `owner-${randomUUID()}@calendar.test`;
  expect((await openCallback(await consent(owner, 'google', other))).status).toBe(303);
  const { connections } = (await api<Connections>(owner, 'GET', '/api/calendar/connections')).body;
  expect(connections).toHaveLength(1);
  expect(connections[0]).toMatchObject({
    id: first.id,
    account: other,
    calendars: [{ id: other, busy: true, bookings: true }],
  });
  expect(await busyOf()).toEqual([other]);
  // The old account's position is gone, and a sync round that was listing the old calendar when the
  // owner switched does not bring it back (the emulator's tokens name their calendar).
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const { sync_token: token } = (
    await withDatabase((db) => db.query('select sync_token from calendar_connections where id = $1', [first.id]))
  ).rows[0];
  expect(token).not.toBe('old-account-token');
  expect(token === null || !Buffer.from(token, 'base64url').toString('utf8').includes(first.account)).toBe(true);
});

test('choosing busy and booking calendars: one booking calendar across connections, unknown ids refused', async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const { connection: google, account } = await connect(owner, 'google');
  const { connection: microsoft } = await connect(owner, 'microsoft');
  // The first connection receives bookings; the second does not take them over.
  expect(google.calendars[0]!.bookings).toBe(true);
  expect(microsoft.calendars.some((calendar) => calendar.bookings)).toBe(false);
  expect(microsoft.account).toMatch(/@/);

  const target = microsoft.calendars.find((calendar) => calendar.primary) ?? microsoft.calendars[0]!;
  const chosen = await api<Connections['connections'][number]>(owner, 'PUT', `/api/calendar/${microsoft.id}`, {
    busyCalendarIds: [target.id],
    bookingCalendarId: target.id,
  });
  expect(chosen.status).toBe(200);
  expect(chosen.body.calendars.find((calendar) => calendar.id === target.id)).toMatchObject({ busy: true, bookings: true });
  const { connections } = (await api<Connections>(owner, 'GET', '/api/calendar/connections')).body;
  expect(connections.find((connection) => connection.provider === 'google')!.calendars[0]).toMatchObject({ busy: true, bookings: false });

  // The owner's choices, not the sealed token: the connection's sync may refresh it meanwhile (Microsoft rotates it).
  const choices = async () => (await storedRows(owner.business.id)).map(({ refresh_token_sealed: _token, ...rest }) => rest);
  const before = await choices();
  for (const body of [
    { busyCalendarIds: ['no-such-calendar'], bookingCalendarId: null },
    { busyCalendarIds: [], bookingCalendarId: 'no-such-calendar' },
    { busyCalendarIds: [account], bookingCalendarId: null }, // Google's calendar is not Microsoft's
    { busyCalendarIds: 'all', bookingCalendarId: null },
    { busyCalendarIds: [] },
  ]) {
    expect((await api(owner, 'PUT', `/api/calendar/${microsoft.id}`, body)).status).toBe(400);
  }
  expect(await choices()).toEqual(before);

  const none = await api<Connections['connections'][number]>(owner, 'PUT', `/api/calendar/${google.id}`, {
    busyCalendarIds: [],
    bookingCalendarId: null,
  });
  expect(none.body.calendars[0]).toMatchObject({ busy: false, bookings: false });
});

test('disconnecting revokes the grant at Google, deletes the sealed token and is recorded; Microsoft says what is left to do there', async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const { connection: google, account } = await connect(owner, 'google');
  const { connection: microsoft } = await connect(owner, 'microsoft');
  const [row] = await storedRows(owner.business.id);
  const refreshToken = calendars.sealer.open(row!.refresh_token_sealed, `${owner.business.id}:google`)!;

  const gone = await api<{ revokedAtProvider: boolean; note: string | null }>(owner, 'DELETE', `/api/calendar/${google.id}`);
  expect(gone.status).toBe(200);
  expect(gone.body).toEqual({ revokedAtProvider: true, note: null });
  // The emulator no longer honours the refresh token.
  const after = await calendars.session('google', refreshToken, account).listCalendars();
  expect(after).toEqual({ ok: false, failure: { kind: 'reconnect' } });
  expect((await storedRows(owner.business.id)).map((stored) => stored.provider)).toEqual(['microsoft']);
  expect((await api(owner, 'DELETE', `/api/calendar/${google.id}`)).status).toBe(404);

  const microsoftGone = await api<{ revokedAtProvider: boolean; note: string | null }>(owner, 'DELETE', `/api/calendar/${microsoft.id}`);
  expect(microsoftGone.body.revokedAtProvider).toBe(false);
  expect(microsoftGone.body.note).toMatch(/Microsoft/);
  expect(await storedRows(owner.business.id)).toEqual([]);

  const activity = await api<{ events: { kind: string; detail: string }[] }>(owner, 'GET', '/api/account/activity');
  expect(activity.body.events.slice(0, 2).map((event) => event.kind)).toEqual(['calendar_disconnected', 'calendar_disconnected']);
  expect(activity.body.events[1]!.detail).toBe(`Google Calendar: ${account}`);
});

test("another business's connection is not found: not listed, not chosen, not synced, not disconnected", async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const other = await registerBusiness(stack.apiUrl);
  const { connection } = await connect(owner, 'google');
  // The owner's choices, not the sealed token: the connection's sync may refresh it meanwhile (Microsoft rotates it).
  const choices = async () => (await storedRows(owner.business.id)).map(({ refresh_token_sealed: _token, ...rest }) => rest);
  const before = await choices();

  expect((await api<Connections>(other, 'GET', '/api/calendar/connections')).body.connections).toEqual([]);
  const choice = { busyCalendarIds: [], bookingCalendarId: null };
  expect((await api(other, 'PUT', `/api/calendar/${connection.id}`, choice)).status).toBe(404);
  expect((await api(other, 'POST', `/api/calendar/${connection.id}/sync`)).status).toBe(404);
  expect((await api(other, 'DELETE', `/api/calendar/${connection.id}`)).status).toBe(404);
  expect(await choices()).toEqual(before);
  expect((await call(stack.apiUrl, 'GET', '/api/calendar/connections')).status).toBe(401);
  expect((await call(stack.apiUrl, 'POST', '/api/calendar/google/connect', { body: {} })).status).toBe(401);
  expect((await api(owner, 'POST', '/api/calendar/outlook/connect', {})).status).toBe(400);
});
