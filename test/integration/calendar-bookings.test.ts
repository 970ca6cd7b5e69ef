// The owner's real calendar and the times we offer (issue #16), on the real stack with the
// sandbox's Google and Microsoft emulators: a busy time there removes the slot here (the dashboard's
// list and the caller's offer), a slot that becomes busy between the offer and the caller's answer
// is not booked (fresh times instead), bookings land in the owner's calendar and follow a
// reschedule and a cancellation there (a retried push makes no second event), and a revoked grant
// falls back to business hours with the dashboard's warning.
import { Client, Connection } from '@temporalio/client';
import { pushBookings } from '../../activities/calendar-bookings';
import { stateQuery } from '../../contracts/conversation-workflow';
import { initORM, type Orm } from '../../db/orm';
import type { CalendarProvider } from '../../providers/owner-calendars';
import { call } from '../support/api-client';
import { businessWithMissedCall, type BusinessWithCall } from '../support/api-business';
import { connectCalendar, ownerIsBusy, ownerRevokesAccess, ownersEvents, stackCalendars } from '../support/calendar-connection';
import { callerTexts, eventually, stack, textsTo, withDatabase } from '../support/stack';

let orm: Orm;
let temporal: Client;
const calendars = stackCalendars();
beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
});
afterAll(async () => {
  await temporal.connection.close();
  await orm.close();
});

interface Slot {
  start: string;
  end: string;
}
interface SlotList {
  slots: Slot[];
  calendarWarning?: { reason: string; message: string };
}

const freeSlots = async (business: BusinessWithCall): Promise<SlotList> => {
  const answer = await call<SlotList>(stack.apiUrl, 'GET', '/api/appointments/free-slots?limit=6', { token: business.owner.accessToken });
  if (answer.status !== 200) throw new Error(`free slots: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
};

async function connected(provider: CalendarProvider) {
  const business = await businessWithMissedCall();
  const connection = await connectCalendar(orm.em.fork(), { tenantId: business.owner.business.id, provider, calendars });
  return { business, connection };
}

/** The caller texts and waits for the business's answer matching `expected` (after the ones already there). */
async function callerSays(business: BusinessWithCall, body: string, expected: RegExp): Promise<string> {
  const before = (await textsTo(business.caller)).length;
  await callerTexts(business.caller, body, business.businessNumber.e164);
  return eventually(
    async () =>
      (await textsTo(business.caller))
        .slice(before)
        .map((text) => text.body)
        .find((text) => expected.test(text)),
    { what: `a text matching ${expected}`, timeoutMs: 20_000 },
  );
}

/** The caller describes the job, gives a name and an address: the business offers numbered times. */
async function untilOffered(business: BusinessWithCall): Promise<Slot[]> {
  await callerSays(business, 'My kitchen sink is leaking under the cabinet', /name/i);
  await callerSays(business, 'My name is Dana Smith', /address/i);
  await callerSays(business, '12 Oak Street, Austin TX 78701', /can come: 1\)/);
  return offeredNow(business);
}

async function offeredNow(business: BusinessWithCall): Promise<Slot[]> {
  const workflowId = await withDatabase(
    async (db) => (await db.query('select workflow_id from conversations where id = $1', [business.conversationId])).rows[0].workflow_id,
  );
  return (await temporal.workflow.getHandle(workflowId).query(stateQuery)).offeredSlots;
}

const appointmentsOf = (conversationId: string) =>
  withDatabase(
    async (db) =>
      (
        await db.query<{ id: string; starts_at: Date; status: string }>(
          'select id, starts_at, status from appointments where conversation_id = $1 order by created_at',
          [conversationId],
        )
      ).rows,
  );
const bookedOf = async (conversationId: string) => (await appointmentsOf(conversationId)).filter((row) => row.status === 'booked');

describe.each<CalendarProvider>(['google', 'microsoft'])('%s: a busy time in the owner calendar', (provider) => {
  test("removes that slot from the dashboard's free times and from the caller's offer", async () => {
    const { business, connection } = await connected(provider);
    const before = await freeSlots(business);
    expect(before.calendarWarning).toBeUndefined();
    const [first, second] = before.slots;
    await ownerIsBusy(provider, connection.account, { start: first!.start, end: new Date(Date.parse(first!.start) + 3600_000) });

    const after = await freeSlots(business);
    expect(after.calendarWarning).toBeUndefined();
    expect(after.slots.map((slot) => slot.start)).not.toContain(first!.start);
    expect(after.slots[0]!.start).toBe(second!.start);

    const offered = await untilOffered(business);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.map((slot) => slot.start)).not.toContain(first!.start);
  });
});

test('a slot that becomes busy between the offer and the reply is not booked: the caller gets fresh times', async () => {
  const { business, connection } = await connected('google');
  const offered = await untilOffered(business);
  const wanted = offered[0]!;
  await ownerIsBusy('google', connection.account, wanted, 'Dentist');

  const fresh = await callerSays(business, '1', /just taken/i);
  expect(fresh).toMatch(/can come: 1\)/);
  expect(await bookedOf(business.conversationId)).toEqual([]);
  const again = await offeredNow(business);
  expect(again.length).toBeGreaterThan(0);
  expect(again.map((slot) => slot.start)).not.toContain(wanted.start);

  await callerSays(business, '1', /Booked:/);
  const [booked] = await bookedOf(business.conversationId);
  expect(booked!.starts_at.toISOString()).toBe(new Date(again[0]!.start).toISOString());
});

describe.each<CalendarProvider>(['google', 'microsoft'])('%s: bookings land in the owner calendar', (provider) => {
  test('with the caller, job, address and a link; a reschedule moves the same event; a cancel removes it; a retry makes no second', async () => {
    const { business, connection } = await connected(provider);
    const push = () => pushBookings({ em: orm.em.fork(), calendars, publicUrl: stack.apiUrl }, { connectionId: connection.id });
    const offered = await untilOffered(business);
    await callerSays(business, '1', /Booked:/);
    const [booked] = await bookedOf(business.conversationId);

    expect(await push()).toEqual({ created: 1, moved: 0, cancelled: 0 });
    const [event, ...others] = await ownersEvents(provider, connection.account);
    expect(others).toEqual([]);
    expect(event!.start).toBe(new Date(offered[0]!.start).toISOString());
    expect(event!.location).toMatch(/Oak/);
    expect(event!.summary).toMatch(/sink/i);
    expect(event!.summary).toContain('Dana Smith');
    expect(event!.description).toContain(business.caller);
    expect(event!.description).toContain(`${stack.apiUrl}/?conversation=${business.conversationId}`);

    // A retry: nothing left to do; and with the record of the event lost, the create finds the first event.
    expect(await push()).toEqual({ created: 0, moved: 0, cancelled: 0 });
    await withDatabase((db) => db.query('delete from calendar_events where appointment_id = $1', [booked!.id]));
    expect(await push()).toEqual({ created: 1, moved: 0, cancelled: 0 });
    expect((await ownersEvents(provider, connection.account)).map((item) => item.id)).toEqual([event!.id]);

    await callerSays(business, 'RESCHEDULE', /can come: 1\)/);
    const newTimes = await offeredNow(business);
    await callerSays(business, '2', /Moved:/);
    await eventually(async () => ((await bookedOf(business.conversationId)).length === 1 ? true : undefined), {
      what: 'the old slot freed',
    });
    expect(await push()).toEqual({ created: 0, moved: 1, cancelled: 0 });
    const moved = await ownersEvents(provider, connection.account);
    expect(moved).toEqual([expect.objectContaining({ id: event!.id, start: new Date(newTimes[1]!.start).toISOString() })]);

    await callerSays(business, 'CANCEL APPOINTMENT', /cancel/i);
    await eventually(async () => ((await bookedOf(business.conversationId)).length === 0 ? true : undefined), { what: 'the cancellation' });
    expect(await push()).toEqual({ created: 0, moved: 0, cancelled: 1 });
    expect(await ownersEvents(provider, connection.account)).toEqual([]);
    expect(await push()).toEqual({ created: 0, moved: 0, cancelled: 0 });
  });
});

test('a booking calendar that refuses our events shows on the Status page, not as "in sync"; a calendar that takes them clears it', async () => {
  // The bug this catches: every create was refused (a calendar the owner can only read, or one gone),
  // the refusal was skipped, and the pull of the same round left the connection looking in sync.
  const { business, connection } = await connected('google');
  const push = () => pushBookings({ em: orm.em.fork(), calendars, publicUrl: stack.apiUrl }, { connectionId: connection.id });
  await untilOffered(business);
  await callerSays(business, '1', /Booked:/);
  const bookingCalendar = (
    await withDatabase((db) => db.query('select booking_calendar_id from calendar_connections where id = $1', [connection.id]))
  ).rows[0].booking_calendar_id as string;
  await withDatabase((db) =>
    db.query("update calendar_connections set booking_calendar_id = 'not-this-owners@calendar.test' where id = $1", [connection.id]),
  );
  expect((await push()).failure).toMatchObject({ kind: 'rejected' });
  const calendarArea = async () => {
    const status = await call<{ areas: { area: string; level: string; summary: string }[] }>(stack.apiUrl, 'GET', '/api/status', {
      token: business.owner.accessToken,
    });
    return status.body.areas.find((area) => area.area === 'calendar')!;
  };
  expect(await calendarArea()).toMatchObject({ level: 'amber', summary: expect.stringContaining('refuses the appointments') });

  await withDatabase((db) =>
    db.query('update calendar_connections set booking_calendar_id = $2 where id = $1', [connection.id, bookingCalendar]),
  );
  // The connection's own sync may push first (the booking asked it to): either way the event goes in.
  expect((await push()).failure).toBeUndefined();
  expect(await ownersEvents('google', connection.account)).toHaveLength(1);
  expect((await calendarArea()).summary).not.toContain('refuses');
});

test('a revoked grant: slots still come from business hours, with the warning the dashboard shows', async () => {
  const { business, connection } = await connected('google');
  const before = await freeSlots(business);
  await ownerIsBusy('google', connection.account, before.slots[0]!);
  await ownerRevokesAccess('google', connection.account);

  const after = await freeSlots(business);
  expect(after.slots).toEqual(before.slots);
  expect(after.calendarWarning).toEqual({ reason: 'reconnect', message: expect.stringMatching(/business hours only/) });
  const status = await withDatabase(
    async (db) => (await db.query('select status from calendar_connections where id = $1', [connection.id])).rows[0].status,
  );
  expect(status).toBe('reconnect');
  // Asked again (the connection now waits for reconnection): the same.
  expect((await freeSlots(business)).calendarWarning?.reason).toBe('reconnect');
});
