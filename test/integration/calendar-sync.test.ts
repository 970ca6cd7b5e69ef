// Changes there come back here (issue #16), against the real stack: the sandbox's Google Calendar
// emulator, PostgreSQL, and the api with the conversation workflow. The owner's own deletion and move
// of an appointment's event (over the emulator's owner controls) are reflected on the appointment
// and raise exactly one alert each; nothing reaches the caller (the Twilio emulator's texts) until
// the owner answers "Tell the caller". A 410 (sync token gone) forces a full listing that still
// finds the deletion; a revoked grant shows "reconnect" with one alert.
// Microsoft's side runs through Graph v1.0's calendarView delta (a window around now), so its
// appointments are near today; a full reconcile leaves alone one beyond the window it listed.
// The sync round here is the pull activity called directly (as the sync workflow calls it); the
// connection is made by exchanging an emulator code, and the appointment's event placed as the
// booking push would place it (test/support/calendar-connection.ts).
import { randomBytes } from 'node:crypto';
import { pullCalendarChanges, type PullOutcome } from '../../activities/calendar-sync';
import type { AppointmentChangedInCalendar } from '../../contracts/conversation-workflow';
import { conversationWorkflowId } from '../../domain/conversation-id';
import { connectionById } from '../../db/calendar-connections';
import { resealCalendarTokens } from '../../db/calendar-reseal';
import { initORM, type Orm } from '../../db/orm';
import { SANDBOX_CALENDAR_PATHS, type CalendarProvider, type OwnerCalendars } from '../../providers/owner-calendars';
import { createTokenSealer, sandboxTokenKeys } from '../../providers/token-sealing';
import { businessWithMissedCall, type BusinessWithCall } from '../support/api-business';
import { call } from '../support/api-client';
import { connectCalendar, placeAppointment, stackCalendars } from '../support/calendar-connection';
import { eventually, stack, textsTo, withDatabase } from '../support/stack';

let orm: Orm;
const calendars = stackCalendars();
const google = `${stack.sandboxUrl}${SANDBOX_CALENDAR_PATHS.google}`;
const DAY_MS = 86_400_000;
/** `days` after today at 15:00 UTC: inside Microsoft's delta window (GRAPH_DELTA_WINDOW). */
const soon = (days: number) => {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + days, 15));
};

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
});
afterAll(async () => {
  await orm.close();
});

interface Setup extends BusinessWithCall {
  provider: CalendarProvider;
  account: string;
  connectionId: string;
  calendarId: string;
  appointmentId: string;
  eventId: string;
  start: Date;
}

/** A business with a caller's conversation, its calendar (Google unless said) connected, and one appointment placed there. */
async function connectedWithAppointment(daysAhead: number, provider: CalendarProvider = 'google', start?: Date): Promise<Setup> {
  const business = await businessWithMissedCall();
  const tenantId = business.owner.business.id;
  const connection = await connectCalendar(orm.em.fork(), { tenantId, provider, calendars });
  const placed = await placeAppointment(() => orm.em.fork(), calendars, {
    tenantId,
    conversationId: business.conversationId,
    callerPhone: business.caller,
    connection,
    start: start ?? new Date(Date.UTC(2032, 2, 1 + daysAhead, 15, 0, 0)),
  });
  // The first round lists the calendar and finds our event as we placed it: nothing to reflect.
  // No push channel was registered here (the sync workflow is not running): the pull asks for one.
  expect(await pull(connection.id)).toEqual({ outcome: 'synced', full: true, changes: 1, applied: 0, rewatch: true });
  const { appointmentId, calendarId, eventId } = placed;
  return {
    ...business,
    provider,
    account: connection.account,
    connectionId: connection.id,
    calendarId,
    appointmentId,
    eventId,
    start: placed.start,
  };
}

/** What the sync told conversations (in production a signal; here recorded, the workflow's side is the core's test). */
const told: Array<{ workflowId: string; change: AppointmentChangedInCalendar }> = [];
const pull = (connectionId: string, full = false, through: OwnerCalendars = calendars): Promise<PullOutcome> =>
  pullCalendarChanges(orm.em.fork(), through, { connectionId, full }, async (workflowId, change) => {
    told.push({ workflowId, change });
  });
const toldAbout = (appointmentId: string) => told.filter((entry) => entry.change.appointmentId === appointmentId);

async function ownerControl(path: string, body: object, provider: CalendarProvider = 'google'): Promise<void> {
  const response = await fetch(`${stack.sandboxUrl}${SANDBOX_CALENDAR_PATHS[provider]}/sandbox${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

/** The owner drags the appointment's event `hours` later (an hour long) in their calendar; its new start. */
async function ownerMovesAppointment(setup: Setup, hours: number): Promise<Date> {
  const start = new Date(setup.start.getTime() + hours * 3600_000);
  await ownerControl('/owner/move', {
    account: setup.account,
    calendarId: setup.calendarId,
    eventId: setup.eventId,
    start: start.toISOString(),
    end: new Date(start.getTime() + 3600_000).toISOString(),
  });
  return start;
}

async function alertsOf(setup: Setup, kind: string) {
  const answer = await call<{ alerts: { id: string; kind: string; conversationId: string | null; body: string }[] }>(
    stack.apiUrl,
    'GET',
    '/api/alerts?limit=200',
    { token: setup.owner.accessToken },
  );
  return answer.body.alerts.filter((alert) => alert.kind === kind);
}

/** An appointment `daysAhead`, moved `hours` later by the owner and pulled: the one move alert it raised. */
async function moveAlert(daysAhead: number, hours: number) {
  const setup = await connectedWithAppointment(daysAhead);
  await ownerMovesAppointment(setup, hours);
  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', applied: 1 });
  const alerts = await alertsOf(setup, 'calendar_moved');
  expect(alerts).toHaveLength(1);
  return { setup, alert: alerts[0]! };
}

async function appointment(id: string) {
  return withDatabase(async (db) => (await db.query('select status, starts_at, ends_at from appointments where id = $1', [id])).rows[0]);
}

const answer = (setup: Setup, alertId: string, choice: 'tell_caller' | 'keep') =>
  call<{ answer?: string; code?: string }>(stack.apiUrl, 'POST', `/api/alerts/${alertId}/answer`, {
    token: setup.owner.accessToken,
    body: { answer: choice },
  });

const aboutTheChange = (body: string) => /is cancelled|has moved/.test(body);

/** The owner moves the setup's event to [start, start + hours) in their calendar. */
const ownerMoves = (setup: Setup, start: Date, hours = 1) =>
  ownerControl(
    '/owner/move',
    {
      account: setup.account,
      calendarId: setup.calendarId,
      eventId: setup.eventId,
      start: start.toISOString(),
      end: new Date(start.getTime() + hours * 3600_000).toISOString(),
    },
    setup.provider,
  );

test('an appointment deleted in the owner calendar is cancelled here with ONE alert, and the caller hears only after "Tell the caller"', async () => {
  const setup = await connectedWithAppointment(1);
  await ownerControl('/owner/delete', { account: setup.account, calendarId: setup.calendarId, eventId: setup.eventId });

  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', full: false, applied: 1 });
  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', applied: 0 }); // seen again: nothing new
  expect(await pull(setup.connectionId, true)).toMatchObject({ outcome: 'synced', full: true, applied: 0 }); // nor by a full reconcile
  expect((await appointment(setup.appointmentId)).status).toBe('cancelled');
  // The conversation is told once, so its reminders stop (silently: the owner decides about the caller).
  expect(toldAbout(setup.appointmentId)).toEqual([
    { workflowId: conversationWorkflowId(setup.owner.business.id, setup.caller), change: { appointmentId: setup.appointmentId } },
  ]);
  const alerts = await alertsOf(setup, 'calendar_deleted');
  expect(alerts).toHaveLength(1);
  expect(alerts[0]!.conversationId).toBe(setup.conversationId);
  expect(alerts[0]!.body).toContain(setup.start.toISOString());

  // Nothing about it reaches the caller on its own.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect((await textsTo(setup.caller)).filter((text) => aboutTheChange(text.body))).toEqual([]);

  const told = await answer(setup, alerts[0]!.id, 'tell_caller');
  expect(told.status).toBe(200);
  expect(told.body).toEqual({ answer: 'told_caller' });
  const texts = await eventually(
    async () => {
      const about = (await textsTo(setup.caller)).filter((text) => aboutTheChange(text.body));
      return about.length > 0 ? about : undefined;
    },
    { what: 'the caller to be told' },
  );
  expect(texts).toHaveLength(1);
  expect(texts[0]!.body).toContain('is cancelled');
  // A second click sends nothing more; the other answer is refused.
  expect((await answer(setup, alerts[0]!.id, 'tell_caller')).status).toBe(200);
  expect((await answer(setup, alerts[0]!.id, 'keep')).status).toBe(409);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect((await textsTo(setup.caller)).filter((text) => aboutTheChange(text.body))).toHaveLength(1);
}, 120_000);

test('an appointment moved in the owner calendar moves here with ONE alert; "Keep as is" texts no one', async () => {
  const setup = await connectedWithAppointment(2);
  const start = await ownerMovesAppointment(setup, 2);
  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', applied: 1 });
  expect(await pull(setup.connectionId, true)).toMatchObject({ outcome: 'synced', applied: 0 });
  const moved = await appointment(setup.appointmentId);
  expect(moved.status).toBe('booked');
  expect(new Date(moved.starts_at).toISOString()).toBe(start.toISOString());
  expect(toldAbout(setup.appointmentId).map((entry) => entry.change)).toEqual([
    { appointmentId: setup.appointmentId, start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() },
  ]);
  const alerts = await alertsOf(setup, 'calendar_moved');
  expect(alerts).toHaveLength(1);
  expect((await answer(setup, alerts[0]!.id, 'keep')).body).toEqual({ answer: 'kept' });
  expect((await answer(setup, alerts[0]!.id, 'tell_caller')).status).toBe(409);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect((await textsTo(setup.caller)).filter((text) => aboutTheChange(text.body))).toEqual([]);
}, 120_000);

test('"Keep as is" and "Tell the caller" clicked at once: one answer counts, and the caller is texted only if it is "Tell"', async () => {
  // The bug this catches: both read "unanswered"; Tell sent the text while Keep was recorded, so
  // the owner's record said nothing went to a caller who was in fact texted.
  const { setup, alert } = await moveAlert(3, 3);
  const [tell, keep] = await Promise.all([answer(setup, alert.id, 'tell_caller'), answer(setup, alert.id, 'keep')]);
  const statuses = [tell.status, keep.status].sort();
  expect(statuses).toEqual([200, 409]);
  const told = tell.status === 200;
  const textsAboutIt = async () => (await textsTo(setup.caller)).filter((text) => aboutTheChange(text.body));
  if (told) await eventually(async () => ((await textsAboutIt()).length > 0 ? true : undefined), { what: 'the text to the caller' });
  else await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await textsAboutIt()).toHaveLength(told ? 1 : 0);
  const recorded = await withDatabase(async (db) => (await db.query('select answer from alerts where id = $1', [alert.id])).rows[0]);
  expect(recorded).toEqual({ answer: told ? 'told_caller' : 'kept' });
}, 120_000);

test('"Tell the caller" about a move is refused once the appointment changed again, and nothing is sent; "Keep as is" still works', async () => {
  // The race this catches: the owner moves the event while the caller reschedules; the alert's text
  // names a time the caller's appointment no longer has, and telling them would be wrong.
  const { setup, alert } = await moveAlert(4, 2);
  // The caller's reschedule commits after the alert: the old appointment is cancelled.
  await withDatabase((db) =>
    db.query("update appointments set status = 'cancelled', cancelled_at = now() where id = $1", [setup.appointmentId]),
  );
  const told = await answer(setup, alert.id, 'tell_caller');
  expect([told.status, (told.body as { error?: { code?: string } }).error?.code]).toEqual([409, 'alert_out_of_date']);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect((await textsTo(setup.caller)).filter((text) => aboutTheChange(text.body))).toEqual([]);
  expect((await answer(setup, alert.id, 'keep')).body).toEqual({ answer: 'kept' });
}, 120_000);

test('"Tell the caller" for a conversation that has ended is refused, and the alert stays open for another answer', async () => {
  // The bug this catches: the answer was kept before the send, so a refused send left the record
  // saying the caller was told when nothing went out.
  const setup = await connectedWithAppointment(5);
  await ownerControl('/owner/delete', { account: setup.account, calendarId: setup.calendarId, eventId: setup.eventId });
  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', applied: 1 });
  const alert = (await alertsOf(setup, 'calendar_deleted'))[0]!;
  const lost = await call(stack.apiUrl, 'PUT', `/api/conversations/${setup.conversationId}/lead-status`, {
    token: setup.owner.accessToken,
    body: { status: 'lost' },
  });
  expect(lost.status).toBe(200);
  await eventually(
    () =>
      withDatabase(async (db) =>
        (await db.query('select closed_at from conversations where id = $1', [setup.conversationId])).rows[0].closed_at ? true : undefined,
      ),
    { what: 'the conversation to end' },
  );
  const told = await answer(setup, alert.id, 'tell_caller');
  expect([told.status, (told.body as { error?: { code?: string } }).error?.code]).toEqual([409, 'conversation_closed']);
  const recorded = await withDatabase(async (db) => (await db.query('select answer from alerts where id = $1', [alert.id])).rows[0]);
  expect(recorded).toEqual({ answer: null });
  expect((await answer(setup, alert.id, 'keep')).body).toEqual({ answer: 'kept' });
}, 120_000);

test('a sync token gone (410) forces a full listing that still finds the owner deletion', async () => {
  const setup = await connectedWithAppointment(3);
  await ownerControl('/owner/delete', { account: setup.account, calendarId: setup.calendarId, eventId: setup.eventId });
  await ownerControl('/faults', [{ kind: 'sync_token_gone', count: 1 }]);
  // The incremental request is refused; the full listing no longer has our event: deleted by the owner.
  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', full: true, applied: 1 });
  expect((await appointment(setup.appointmentId)).status).toBe('cancelled');
  expect(await alertsOf(setup, 'calendar_deleted')).toHaveLength(1);
  const connection = await connectionById(orm.em.fork(), setup.connectionId);
  expect(connection?.lastFullSyncAt).not.toBeNull();
}, 120_000);

test('a revoked grant puts the connection in "reconnect" with ONE alert, and the sync waits for the owner', async () => {
  const setup = await connectedWithAppointment(4);
  const revoked = await fetch(`${google}/sandbox/revoke?account=${encodeURIComponent(setup.account)}`, { method: 'POST' });
  expect(revoked.status).toBe(204);
  expect(await pull(setup.connectionId)).toEqual({ outcome: 'reconnect' });
  expect(await pull(setup.connectionId)).toEqual({ outcome: 'reconnect' });
  expect((await connectionById(orm.em.fork(), setup.connectionId))?.status).toBe('reconnect');
  const alerts = await alertsOf(setup, 'calendar_reconnect');
  expect(alerts).toHaveLength(1);
  expect(alerts[0]!.conversationId).toBeNull();
  expect(alerts[0]!.body).toContain('reconnect your Google calendar');
  // The appointment is left as it was: a dead grant says nothing about the owner's plans.
  expect((await appointment(setup.appointmentId)).status).toBe('booked');
}, 120_000);

test('a key rotation: tokens reseal under the new key first (only this business, to leave the stack its key), and the check counts what is left', async () => {
  const setup = await connectedWithAppointment(5);
  const tenantId = setup.owner.business.id;
  const rotated = createTokenSealer(`k2:${randomBytes(32).toString('base64')},${sandboxTokenKeys(stack.authToken)}`);
  expect(await resealCalendarTokens(orm.em.fork(), rotated, { check: true, tenantId })).toEqual({
    current: 0,
    resealed: 0,
    stale: 1,
    unopenable: 0,
  });
  expect(await resealCalendarTokens(orm.em.fork(), rotated, { tenantId })).toEqual({ current: 0, resealed: 1, stale: 0, unopenable: 0 });
  const sealed = (await connectionById(orm.em.fork(), setup.connectionId))!.refreshTokenSealed!;
  expect(sealed.startsWith('v1.k2.')).toBe(true);
  expect(rotated.open(sealed, `${tenantId}:google`)).toBeDefined();
  expect(await resealCalendarTokens(orm.em.fork(), rotated, { check: true, tenantId })).toEqual({
    current: 1,
    resealed: 0,
    stale: 0,
    unopenable: 0,
  });
  // With the old key dropped too early, a token under it opens no more: counted, and its owner must reconnect.
  const onlyNew = createTokenSealer(`k3:${randomBytes(32).toString('base64')}`);
  expect(await resealCalendarTokens(orm.em.fork(), onlyNew, { check: true, tenantId })).toMatchObject({ unopenable: 1 });
}, 120_000);

test('a full reconcile does not take an event a late push placed after the listing for a deletion by the owner', async () => {
  const setup = await connectedWithAppointment(6);
  const tenantId = setup.owner.business.id;
  const connection = (await connectionById(orm.em.fork(), setup.connectionId))!;
  let late: { appointmentId: string } | undefined;
  // A push attempt that outlived its activity's timeout lands while the listing is under way: after
  // the provider listed the calendar, before the reconcile reads our events.
  const racing: OwnerCalendars = {
    ...calendars,
    session: (provider, refreshToken, account) => {
      const session = calendars.session(provider, refreshToken, account);
      return {
        ...session,
        changesSince: async (calendarId, syncToken) => {
          const listed = await session.changesSince(calendarId, syncToken);
          late ??= await placeAppointment(() => orm.em.fork(), calendars, {
            tenantId,
            conversationId: setup.conversationId,
            callerPhone: setup.caller,
            connection,
            start: new Date(setup.start.getTime() + 4 * 3600_000),
          });
          return listed;
        },
      };
    },
  };
  expect(await pull(setup.connectionId, true, racing)).toMatchObject({ outcome: 'synced', full: true, applied: 0 });
  expect((await appointment(late!.appointmentId)).status).toBe('booked');
  expect(await alertsOf(setup, 'calendar_deleted')).toEqual([]);
  // The next round lists it and finds it where we put it.
  expect(await pull(setup.connectionId, true)).toMatchObject({ outcome: 'synced', full: true, applied: 0 });
}, 120_000);

test('the owner moving T1→T2→T3→T2→T3 raises an alert for every move, the repeated T2→T3 and the last included', async () => {
  const setup = await connectedWithAppointment(7);
  const t1 = setup.start;
  const [t2, t3] = [new Date(t1.getTime() + 2 * 3600_000), new Date(t1.getTime() + 4 * 3600_000)];
  const moves = [t2, t3, t2, t3];
  for (const to of moves) {
    await ownerMoves(setup, to);
    expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', applied: 1 });
  }
  expect(new Date((await appointment(setup.appointmentId)).starts_at).toISOString()).toBe(t3.toISOString());
  // The last alert is the one whose text the caller can be sent: it names where the appointment is now.
  const alerts = await alertsOf(setup, 'calendar_moved');
  expect(alerts).toHaveLength(4);
  expect(alerts.filter((alert) => alert.body.includes(`to ${t3.toISOString()}`))).toHaveLength(2);
  expect(toldAbout(setup.appointmentId).map((entry) => entry.change.start)).toEqual(moves.map((at) => at.toISOString()));
  // Seen again by a full reconcile: nothing more.
  expect(await pull(setup.connectionId, true)).toMatchObject({ outcome: 'synced', applied: 0 });
  expect(await alertsOf(setup, 'calendar_moved')).toHaveLength(4);
}, 120_000);

test('an event moved by the owner and then only lengthened moves the appointment end too', async () => {
  const setup = await connectedWithAppointment(8);
  const later = new Date(setup.start.getTime() + 2 * 3600_000);
  await ownerMoves(setup, later);
  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', applied: 1 });
  await ownerMoves(setup, later, 2); // same start, an hour longer
  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', applied: 1 });
  const moved = await appointment(setup.appointmentId);
  expect(new Date(moved.starts_at).toISOString()).toBe(later.toISOString());
  expect(new Date(moved.ends_at).toISOString()).toBe(new Date(later.getTime() + 2 * 3600_000).toISOString());
  expect(await pull(setup.connectionId, true)).toMatchObject({ outcome: 'synced', applied: 0 });
}, 120_000);

test.each(['google', 'microsoft'] as const)(
  '%s: the owner making the appointment all-day in their calendar leaves its time alone: no move, no alert, no word to the caller',
  async (provider) => {
    const setup = await connectedWithAppointment(9, provider, provider === 'microsoft' ? soon(6) : undefined);
    await ownerControl('/owner/all-day', { account: setup.account, calendarId: setup.calendarId, eventId: setup.eventId }, provider);
    // Seen (one change), applied to nothing: its midnights are no time of day to move the appointment to.
    expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', full: false, changes: 1, applied: 0 });
    const kept = await appointment(setup.appointmentId);
    expect(kept.status).toBe('booked');
    expect(new Date(kept.starts_at).toISOString()).toBe(setup.start.toISOString());
    expect([...(await alertsOf(setup, 'calendar_moved')), ...(await alertsOf(setup, 'calendar_deleted'))]).toEqual([]);
    expect(toldAbout(setup.appointmentId)).toEqual([]);
    // Nor does a full reconcile take it for a move or a deletion.
    expect(await pull(setup.connectionId, true)).toMatchObject({ outcome: 'synced', full: true, applied: 0 });
    expect((await appointment(setup.appointmentId)).status).toBe('booked');
  },
  120_000,
);

test("a Microsoft owner's move and deletion come back through Graph v1.0's calendarView delta", async () => {
  const setup = await connectedWithAppointment(0, 'microsoft', soon(3));
  const later = new Date(setup.start.getTime() + 2 * 3600_000);
  await ownerMoves(setup, later);
  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', full: false, applied: 1 });
  expect(new Date((await appointment(setup.appointmentId)).starts_at).toISOString()).toBe(later.toISOString());
  expect(await alertsOf(setup, 'calendar_moved')).toHaveLength(1);
  await ownerControl('/owner/delete', { account: setup.account, calendarId: setup.calendarId, eventId: setup.eventId }, 'microsoft');
  expect(await pull(setup.connectionId)).toMatchObject({ outcome: 'synced', full: false, applied: 1 });
  expect((await appointment(setup.appointmentId)).status).toBe('cancelled');
  expect(await alertsOf(setup, 'calendar_deleted')).toHaveLength(1);
  expect(await pull(setup.connectionId, true)).toMatchObject({ outcome: 'synced', full: true, applied: 0 });
}, 120_000);

test('a Microsoft full reconcile finds a deletion inside the window it listed and leaves an appointment beyond it alone', async () => {
  const setup = await connectedWithAppointment(0, 'microsoft', soon(5));
  const connection = (await connectionById(orm.em.fork(), setup.connectionId))!;
  // Further ahead than Graph's delta window: the calendarView the reconcile lists does not show it.
  const far = await placeAppointment(() => orm.em.fork(), calendars, {
    tenantId: setup.owner.business.id,
    conversationId: setup.conversationId,
    callerPhone: setup.caller,
    connection,
    start: new Date(soon(0).getTime() + 500 * DAY_MS),
  });
  await ownerControl('/owner/delete', { account: setup.account, calendarId: setup.calendarId, eventId: setup.eventId }, 'microsoft');
  expect(await pull(setup.connectionId, true)).toMatchObject({ outcome: 'synced', full: true, applied: 1 });
  expect((await appointment(setup.appointmentId)).status).toBe('cancelled');
  expect((await appointment(far.appointmentId)).status).toBe('booked');
  expect(await alertsOf(setup, 'calendar_deleted')).toHaveLength(1);
}, 120_000);
