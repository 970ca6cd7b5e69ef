// Push channels against the real stack (issue #16; docs/decisions/0025-owner-calendars.md): the
// sync workflow, started from the api, registers a Google channel or a Graph subscription with the
// sandbox's emulator on its first round; the owner's own deletion in the emulator is then POSTed to
// the api's webhook (Google's headers, or Graph's notification with our clientState), which signals
// the sync, so the appointment is cancelled with its alert within seconds, long before the 60 s
// poll would find it. A notification without the channel's secret is refused and syncs nothing;
// Graph's validation handshake is echoed and its forged notifications refused.
import { randomUUID } from 'node:crypto';
import { connectionById } from '../../db/calendar-connections';
import { initORM, type Orm } from '../../db/orm';
import { calendarPushPath, SANDBOX_CALENDAR_PATHS, type CalendarProvider } from '../../providers/owner-calendars';
import { businessWithMissedCall } from '../support/api-business';
import { call } from '../support/api-client';
import { watchCalendar } from '../../activities/calendar-push';
import { connectCalendar, newCalendarAccount, placeAppointment, stackCalendars } from '../support/calendar-connection';
import { eventually, stack, withDatabase } from '../support/stack';

let orm: Orm;
const calendars = stackCalendars();

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 2 });
});
afterAll(async () => {
  await orm.close();
});

const lastSynced = async (connectionId: string) => (await connectionById(orm.em.fork(), connectionId))?.lastSyncedAt?.getTime();

/** A business with a caller's appointment placed in its connected calendar (Google's unless said), and that calendar's sync running. */
async function syncingWithAppointment(provider: CalendarProvider = 'google') {
  const business = await businessWithMissedCall();
  const tenantId = business.owner.business.id;
  const connection = await connectCalendar(orm.em.fork(), { tenantId, provider, calendars });
  const { appointmentId, calendarId, eventId } = await placeAppointment(() => orm.em.fork(), calendars, {
    tenantId,
    conversationId: business.conversationId,
    callerPhone: business.caller,
    connection,
    start: new Date(Date.UTC(2033, 3, 2, 15, 0, 0)),
  });
  const sync = await call(stack.apiUrl, 'POST', `/api/calendar/${connection.id}/sync`, { token: business.owner.accessToken });
  expect(sync.status).toBe(202);
  // The first round registers the channel before it pulls: once it has synced, the channel is there.
  await eventually(() => lastSynced(connection.id), { what: 'the first sync round' });
  // Starting the sync may also ask it to sync now (a second round at once): wait for it to settle,
  // so what follows can only be noticed through the channel (or, after a minute, the poll).
  const syncedAt = await eventually(
    async () => {
      const first = await lastSynced(connection.id);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return first === (await lastSynced(connection.id)) ? first : undefined;
    },
    { what: 'the sync to settle' },
  );
  return { ...business, connection, calendarId, eventId, appointmentId, syncedAt };
}

async function deletedAlerts(owner: { accessToken: string }, appointmentStart = '2033-04-02T15:00:00.000Z') {
  const answer = await call<{ alerts: { kind: string; body: string }[] }>(stack.apiUrl, 'GET', '/api/alerts?limit=200', {
    token: owner.accessToken,
  });
  return answer.body.alerts.filter((alert) => alert.kind === 'calendar_deleted' && alert.body.includes(appointmentStart));
}

const webhook = (provider: 'google' | 'microsoft', init: RequestInit & { query?: string }) =>
  fetch(`${stack.apiUrl}${calendarPushPath(provider)}${init.query ?? ''}`, { method: 'POST', ...init });

/** The owner deletes the appointment's event in their calendar app (the emulator then notifies every channel on that calendar). */
async function ownerDeletes(provider: CalendarProvider, setup: { connection: { account: string }; calendarId: string; eventId: string }) {
  const deleted = await fetch(`${stack.sandboxUrl}${SANDBOX_CALENDAR_PATHS[provider]}/sandbox/owner/delete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: setup.connection.account, calendarId: setup.calendarId, eventId: setup.eventId }),
  });
  expect(deleted.ok).toBe(true);
}

const appointmentStatus = (appointmentId: string) =>
  withDatabase(async (db) => {
    const { rows } = await db.query<{ status: string }>('select status from appointments where id = $1', [appointmentId]);
    return rows[0]?.status;
  });

test("the owner's deletion reaches the sync through Google's push channel within seconds, not at the next poll", async () => {
  const setup = await syncingWithAppointment();
  await ownerDeletes('google', setup);
  const alerts = await eventually(async () => ((await deletedAlerts(setup.owner)).length > 0 ? deletedAlerts(setup.owner) : undefined), {
    timeoutMs: 15_000, // the poll would take 60 s
    what: 'the calendar_deleted alert',
  });
  expect(alerts).toHaveLength(1);
});

test("the owner's deletion reaches the sync through Graph's change notification within seconds: cancelled, one alert", async () => {
  // The sync's first round made the Graph subscription (validated by the api echoing its token); the
  // emulator's notification carries the clientState we gave, and only it can wake the sync this soon.
  const setup = await syncingWithAppointment('microsoft');
  expect(await appointmentStatus(setup.appointmentId)).toBe('booked');
  const deletedAt = Date.now();
  await ownerDeletes('microsoft', setup);
  const alerts = await eventually(async () => ((await deletedAlerts(setup.owner)).length > 0 ? deletedAlerts(setup.owner) : undefined), {
    timeoutMs: 15_000, // the poll would take 60 s
    what: 'the calendar_deleted alert',
  });
  expect(alerts).toHaveLength(1);
  expect(await appointmentStatus(setup.appointmentId)).toBe('cancelled');
  // The round the notification asked for finishes (it stamps the connection after it has pulled).
  const syncedBefore = await eventually(
    async () => {
      const at = await lastSynced(setup.connection.id);
      return at !== undefined && at > deletedAt ? at : undefined;
    },
    { what: 'the round the notification asked for' },
  );

  // Another round (the owner's "Sync now") raises nothing more.
  const again = await call(stack.apiUrl, 'POST', `/api/calendar/${setup.connection.id}/sync`, { token: setup.owner.accessToken });
  expect(again.status).toBe(202);
  await eventually(async () => ((await lastSynced(setup.connection.id)) ?? 0) > syncedBefore || undefined, { what: 'another round' });
  expect(await deletedAlerts(setup.owner)).toHaveLength(1);
});

test('a forged Google notification is refused and syncs nothing; a forged Graph one too, while its validation is echoed', async () => {
  const setup = await syncingWithAppointment();
  const before = setup.syncedAt;
  const forged = await webhook('google', {
    headers: {
      'x-goog-channel-id': `${setup.connection.id}.forged`,
      'x-goog-channel-token': 'not-the-secret',
      'x-goog-resource-state': 'exists',
    },
  });
  expect(forged.status).toBe(403);
  expect((await webhook('google', { headers: { 'x-goog-resource-state': 'exists' } })).status).toBe(403);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(await lastSynced(setup.connection.id)).toBe(before);

  const token = randomUUID();
  const validation = await webhook('microsoft', { query: `?validationToken=${token}` });
  expect(validation.status).toBe(200);
  expect(validation.headers.get('content-type')).toMatch(/^text\/plain/);
  expect(await validation.text()).toBe(token);
  const graphForged = await webhook('microsoft', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ value: [{ subscriptionId: 'x', clientState: `${setup.connection.id}.x.forged`, changeType: 'updated' }] }),
  });
  expect(graphForged.status).toBe(403);
  expect((await webhook('microsoft', { headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
});

/** The push channels the provider keeps live for an account (the emulator's own listing). */
async function liveChannels(provider: CalendarProvider, account: string) {
  const answer = await fetch(
    `${stack.sandboxUrl}${SANDBOX_CALENDAR_PATHS[provider]}/sandbox/channels?account=${encodeURIComponent(account)}`,
  );
  return ((await answer.json()) as { channels: { id: string; calendarId: string }[] }).channels;
}

/** An owner with a second calendar ("Jobs") beside the primary one, connected, syncing, its first channel live. */
async function syncingWithJobsCalendar(provider: CalendarProvider) {
  const business = await businessWithMissedCall();
  const tenantId = business.owner.business.id;
  const account = newCalendarAccount(provider);
  const added = await fetch(
    `${stack.sandboxUrl}${SANDBOX_CALENDAR_PATHS[provider]}/sandbox/calendars?account=${encodeURIComponent(account)}`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Jobs' }),
    },
  );
  const jobs = ((await added.json()) as { id: string }).id;
  const connection = await connectCalendar(orm.em.fork(), { tenantId, provider, account, calendars });
  const token = business.owner.accessToken;
  expect((await call(stack.apiUrl, 'POST', `/api/calendar/${connection.id}/sync`, { token })).status).toBe(202);
  const first = await eventually(
    async () => ((await liveChannels(provider, account)).length > 0 ? liveChannels(provider, account) : undefined),
    {
      what: 'the first round’s channel',
    },
  );
  expect(first).toEqual([expect.objectContaining({ calendarId: connection.bookingCalendarId })]);
  return { connection, token, account, jobs, first };
}

/** Asks for a sync now until the account's live channels are as `wanted` says (each round may change them). */
const channelsAfterSyncs = (
  provider: CalendarProvider,
  setup: { connection: { id: string }; token: string; account: string },
  wanted: (live: { id: string; calendarId: string }[]) => boolean,
  what: string,
) =>
  eventually(
    async () => {
      await call(stack.apiUrl, 'POST', `/api/calendar/${setup.connection.id}/sync`, { token: setup.token });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const live = await liveChannels(provider, setup.account);
      return wanted(live) ? live : undefined;
    },
    { timeoutMs: 20_000, what },
  );

test.each(['google', 'microsoft'] as const)(
  '%s: one live channel at a time: a renewal ends the one it replaces, the channel follows a new booking calendar, disconnecting ends it',
  async (provider) => {
    const { connection, token, account, jobs, first } = await syncingWithJobsCalendar(provider);

    // A renewal (as the sync makes an hour before expiry) ends the channel it replaces.
    const renewed = await watchCalendar(orm.em.fork(), calendars, stack.apiUrl, { connectionId: connection.id });
    expect(renewed).toMatchObject({ watching: true, replaced: 'ended' });
    const afterRenewal = await liveChannels(provider, account);
    expect(afterRenewal).toHaveLength(1);
    expect(afterRenewal[0]!.id).not.toBe(first[0]!.id);

    // Bookings now go to "Jobs": within a round or two (Sync now), the channel watches Jobs instead.
    const chosen = await call(stack.apiUrl, 'PUT', `/api/calendar/${connection.id}`, {
      token,
      body: { busyCalendarIds: [connection.bookingCalendarId, jobs], bookingCalendarId: jobs },
    });
    expect(chosen.status).toBe(200);
    const followed = await channelsAfterSyncs(
      provider,
      { connection, token, account },
      (live) => live.length === 1 && live[0]!.calendarId === jobs,
      'a channel on the Jobs calendar, and none on the primary one',
    );
    expect(followed).toHaveLength(1);

    // Disconnecting ends it: the provider stops notifying an app that no longer listens.
    expect((await call(stack.apiUrl, 'DELETE', `/api/calendar/${connection.id}`, { token })).status).toBe(200);
    expect(await liveChannels(provider, account)).toEqual([]);
  },
);

test.each(['google', 'microsoft'] as const)(
  '%s: the owner clearing the booking calendar ends its channel within a round or two: nothing left notifying',
  async (provider) => {
    const setup = await syncingWithJobsCalendar(provider);
    const cleared = await call(stack.apiUrl, 'PUT', `/api/calendar/${setup.connection.id}`, {
      token: setup.token,
      body: { busyCalendarIds: [setup.connection.bookingCalendarId], bookingCalendarId: null },
    });
    expect(cleared.status).toBe(200);
    expect(await channelsAfterSyncs(provider, setup, (live) => live.length === 0, 'no live channel')).toEqual([]);
  },
);
