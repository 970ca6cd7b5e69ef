// The data layer of businesses, numbers, settings, appointments, alerts and accounts (decision
// 0017) against the stack's real PostgreSQL: the writes whose constraints are the point (a number in
// one business, a slot booked once, an alert written once, a refresh token spent once) and every
// dashboard read and write limited to its business.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  createOwner,
  lockRefreshToken,
  openSession,
  ownerAccount,
  revokeSession,
  sessionIsOpen,
  spendRefreshToken,
  storeRefreshToken,
  updateOwner,
} from '../../db/accounts';
import { listAlerts, markAlertRead, recordAlert } from '../../db/alerts';
import { appointmentsBetween, bookAppointment, bookedAppointmentOf, bookedSpans, cancelAppointment } from '../../db/appointments';
import { loadSettings, patchSettings } from '../../db/business-settings';
import {
  businessForCalendarToken,
  businessForNumber,
  calendarToken,
  createBusiness,
  rotateCalendarToken,
  updateBusiness,
} from '../../db/businesses';
import { initORM, type Orm } from '../../db/orm';
import { claimPhoneNumber, deletePhoneNumber, findPhoneNumber, listPhoneNumbers, recordPhoneNumberSid } from '../../db/phone-numbers';
import { newCallerPhone, stack, withDatabase } from '../support/stack';

let orm: Orm;
let tenantA: string;
let tenantB: string;
const em = () => orm.em.fork();

const business = async (name: string) =>
  (await createBusiness(em(), { name, trade: 'plumbing', timeZone: 'America/Chicago', ownerPhone: '+17375550100' })).id;

async function conversation(tenantId: string): Promise<{ id: string; callerPhone: string }> {
  const callerPhone = newCallerPhone();
  const id = await withDatabase(
    async (db) =>
      (
        await db.query(
          `insert into conversations (id, tenant_id, caller_phone, workflow_id, lead) values (gen_random_uuid(), $1, $2, $3, $4) returning id`,
          [tenantId, callerPhone, `test/business-data/${callerPhone}`, JSON.stringify({ callerName: 'Dana' })],
        )
      ).rows[0].id as string,
  );
  return { id, callerPhone };
}

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
  tenantA = await business('Data Test A');
  tenantB = await business('Data Test B');
});
afterAll(async () => {
  await orm.close();
});

test('a number belongs to one business, and another business can neither see, change nor release it', async () => {
  const e164 = newCallerPhone();
  const claimed = await claimPhoneNumber(em(), tenantA, e164, 3);
  if (typeof claimed === 'string') throw new Error(`not claimed: ${claimed}`);
  expect(claimed).toMatchObject({ tenantId: tenantA, e164, twilioSid: null });
  expect(await claimPhoneNumber(em(), tenantB, e164, 3)).toBe('taken');
  expect(await businessForNumber(em(), e164)).toMatchObject({ tenantId: tenantA, settings: { businessName: 'Data Test A' } });

  expect(await findPhoneNumber(em(), tenantB, claimed.id)).toBeNull();
  expect(await recordPhoneNumberSid(em(), tenantB, claimed.id, 'PNstolen')).toBeNull();
  await deletePhoneNumber(em(), tenantB, claimed.id);
  expect((await listPhoneNumbers(em(), tenantB)).map((number) => number.e164)).not.toContain(e164);

  expect(await recordPhoneNumberSid(em(), tenantA, claimed.id, 'PNmine')).toMatchObject({ twilioSid: 'PNmine' });
  expect((await listPhoneNumbers(em(), tenantA)).map((number) => [number.e164, number.twilioSid])).toEqual([[e164, 'PNmine']]);
  await deletePhoneNumber(em(), tenantA, claimed.id);
  expect(await listPhoneNumbers(em(), tenantA)).toEqual([]);
});

test('a business holds at most its limit of numbers, even when it claims several at the same moment', async () => {
  const results = await Promise.all(Array.from({ length: 6 }, () => claimPhoneNumber(em(), tenantA, newCallerPhone(), 3)));
  expect(results.filter((result) => typeof result === 'object')).toHaveLength(3);
  expect(results.filter((result) => result === 'limit')).toHaveLength(3);
  const held = await listPhoneNumbers(em(), tenantA);
  expect(held).toHaveLength(3);
  for (const number of held) await deletePhoneNumber(em(), tenantA, number.id);
});

test('settings and the profile merge into what is stored; the calendar secret rotates and opens only its business', async () => {
  await patchSettings(em(), tenantA, { nudgeAfterMs: 3_600_000 });
  await patchSettings(em(), tenantA, { takeoverIdleAlertMs: 120_000 });
  await patchSettings(em(), tenantB, { nudgeAfterMs: 7_200_000 });
  await updateBusiness(em(), tenantA, { profile: { assistantName: 'Sam' } });
  await updateBusiness(em(), tenantA, { name: 'Data Test A2', profile: { tone: 'brief' } });
  const settings = await loadSettings(em(), tenantA);
  expect(settings).toMatchObject({ businessName: 'Data Test A2', nudgeAfterMs: 3_600_000, takeoverIdleAlertMs: 120_000 });
  const stored = await withDatabase(async (db) => (await db.query('select settings from tenants where id = $1', [tenantA])).rows[0]);
  expect(stored.settings.profile).toEqual({ assistantName: 'Sam', tone: 'brief' });
  expect((await loadSettings(em(), tenantB)).nudgeAfterMs).toBe(7_200_000);

  const first = await calendarToken(em(), tenantA);
  expect(first).toMatch(/^[0-9a-f]{64}$/);
  expect(await businessForCalendarToken(em(), first!)).toBe(tenantA);
  const rotated = await rotateCalendarToken(em(), tenantA);
  expect(rotated).not.toBe(first);
  expect(await businessForCalendarToken(em(), first!)).toBeUndefined();
  expect(await businessForCalendarToken(em(), rotated!)).toBe(tenantA);
  expect(await calendarToken(em(), randomUUID())).toBeUndefined();
});

test('a slot is booked once; a retry finds its own booking; reads and the lead stay within the business', async () => {
  const mine = await conversation(tenantA);
  const rival = await conversation(tenantA);
  const start = new Date(Date.now() + 3 * 24 * 3600_000);
  start.setUTCMinutes(0, 0, 0);
  const slot = { start: start.toISOString(), end: new Date(start.getTime() + 3600_000).toISOString() };
  const booking = { tenantId: tenantA, conversationId: mine.id, callerPhone: mine.callerPhone, ...slot };

  const [first, raced] = await Promise.all([
    bookAppointment(em(), booking),
    bookAppointment(em(), { ...booking, conversationId: rival.id, callerPhone: rival.callerPhone }),
  ]);
  const winner = first ?? raced;
  expect([first, raced].filter(Boolean)).toHaveLength(1);
  const winnerBooking = first ? booking : { ...booking, conversationId: rival.id, callerPhone: rival.callerPhone };
  expect(await bookAppointment(em(), winnerBooking)).toBe(winner);

  const range = { from: new Date(start.getTime() - 3600_000), to: new Date(start.getTime() + 2 * 3600_000) };
  const [row] = await appointmentsBetween(em(), tenantA, range);
  expect(row).toMatchObject({ id: winner, status: 'booked', lead: { callerName: 'Dana' } });
  expect(await appointmentsBetween(em(), tenantB, range)).toEqual([]);
  expect(await bookedAppointmentOf(em(), tenantB, winnerBooking.conversationId)).toBeNull();
  expect((await bookedAppointmentOf(em(), tenantA, winnerBooking.conversationId))?.id).toBe(winner);
  expect(await bookedSpans(em(), tenantA, range.from)).toEqual([{ start, end: new Date(slot.end) }]);

  await cancelAppointment(em(), winner!);
  expect(await bookedSpans(em(), tenantA, range.from)).toEqual([]);
  expect(await appointmentsBetween(em(), tenantA, range)).toEqual([]);
  expect(await appointmentsBetween(em(), tenantA, range, { includeCancelled: true })).toMatchObject([{ id: winner, status: 'cancelled' }]);
});

test('an alert is written and announced once per sequence; another business can neither list nor read it', async () => {
  const { id: conversationId } = await conversation(tenantA);
  const input = { tenantId: tenantA, conversationId, workflowId: `test/${conversationId}`, seq: 1, kind: 'handoff', text: 'Call Dana' };
  const [one, two] = await Promise.all([recordAlert(em(), input), recordAlert(em(), input)]);
  expect(one.id).toBe(two.id);
  expect(await listAlerts(em(), tenantB, { unread: false, limit: 50 })).toEqual([]);
  expect(await markAlertRead(em(), tenantB, one.id)).toBe(false);

  expect(await listAlerts(em(), tenantA, { unread: true, limit: 50 })).toMatchObject([{ id: one.id, kind: 'handoff', readAt: null }]);
  expect(await markAlertRead(em(), tenantA, one.id)).toBe(true);
  const [read] = await listAlerts(em(), tenantA, { unread: false, limit: 50 });
  expect(read!.readAt).not.toBeNull();
  expect(await markAlertRead(em(), tenantA, one.id)).toBe(true);
  expect((await listAlerts(em(), tenantA, { unread: false, limit: 50 }))[0]!.readAt).toBe(read!.readAt);
  expect(await listAlerts(em(), tenantA, { unread: true, limit: 50 })).toEqual([]);
});

test("an owner's account is read and changed only within their business; a session ends once revoked", async () => {
  const email = `owner-${randomUUID()}@business-data.test`;
  const user = await createOwner(em(), { tenantId: tenantA, email, passwordHash: 'not-a-hash' });
  expect(user).toMatchObject({ email });
  expect(await createOwner(em(), { tenantId: tenantB, email, passwordHash: 'not-a-hash' })).toBeUndefined();

  expect(await ownerAccount(em(), tenantB, user!.id)).toBeUndefined();
  await updateOwner(em(), tenantB, user!.id, { name: 'Mallory' });
  await updateOwner(em(), tenantA, user!.id, { name: 'Pat', notifications: { smsAlerts: false } });
  await updateOwner(em(), tenantA, user!.id, { notifications: { alertPhone: '+15125550199' } });
  expect(await ownerAccount(em(), tenantA, user!.id)).toMatchObject({
    user_name: 'Pat',
    notifications: { smsAlerts: false, alertPhone: '+15125550199' },
    business_name: 'Data Test A2',
  });

  const owner = { userId: user!.id, tenantId: tenantA };
  const sessionId = await openSession(em(), { ...owner, expiresAt: new Date(Date.now() + 3600_000) });
  const hash = randomBytes(32).toString('hex');
  await storeRefreshToken(em(), { hash, sessionId, expiresAt: new Date(Date.now() + 3600_000) });
  expect(await sessionIsOpen(em(), { ...owner, sessionId })).toBe(true);
  expect(await sessionIsOpen(em(), { ...owner, tenantId: tenantB, sessionId })).toBe(false);

  await em().transactional(async (tx) => {
    expect(await lockRefreshToken(tx, hash)).toMatchObject({ session_id: sessionId, used_at: null, revoked_at: null });
    await spendRefreshToken(tx, hash, sessionId);
  });
  expect((await lockRefreshToken(em(), hash))?.used_at).not.toBeNull();
  await revokeSession(em(), { refreshTokenHash: hash }, 'logout');
  expect(await sessionIsOpen(em(), { ...owner, sessionId })).toBe(false);
  const [session] = await withDatabase(
    async (db) => (await db.query('select revoked_reason from auth_sessions where id = $1', [sessionId])).rows,
  );
  expect(session.revoked_reason).toBe('logout');
  // Revoking again keeps the first reason.
  await revokeSession(em(), { id: sessionId }, 'refresh_token_reused');
  const [again] = await withDatabase(
    async (db) => (await db.query('select revoked_reason from auth_sessions where id = $1', [sessionId])).rows,
  );
  expect(again.revoked_reason).toBe('logout');
});
