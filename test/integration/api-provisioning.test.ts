// Number provisioning round trip (issue #5 point 4) through the real `twilio` SDK against a Twilio
// emulator of this test's own (so it knows the account and can see what the SDK configured):
// search by area code, buy with the webhooks pointed at us, attach a number the account already
// owns, refuse malformed and taken numbers, release.
import { Client, Connection } from '@temporalio/client';
import { createTwilioClient } from '../../providers/twilio-client';
import { initORM, type Orm } from '../../db/orm';
import { createTwilioEmulator, type TwilioEmulator } from '../../sandbox/twilio-emulator';
import { call, registerBusiness, type TestOwner } from '../support/api-client';
import { startApi, testConfig, type RunningApi } from '../support/api-app';
import { stack, withDatabase } from '../support/stack';

const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
const AUTH_TOKEN = 'provisioning-test-token-0123456789';
const PUBLIC_URL = 'https://nmc.example.com';
const OWNED_ALREADY = '+17375550142';

let orm: Orm;
let temporal: Client;
let emulator: TwilioEmulator;
let api: RunningApi;
let owner: TestOwner;
let other: TestOwner;
let emulatorUrl: string;
/** The account as Twilio (here, the emulator) sees it. */
const twilioAccount = () => createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: emulatorUrl });

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  emulator = createTwilioEmulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, ownedNumbers: [OWNED_ALREADY] });
  emulatorUrl = await emulator.listen(0);
  const config = testConfig({
    DATABASE_URL: stack.databaseUrl,
    PUBLIC_URL,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_API_URL: emulatorUrl,
  });
  api = await startApi({
    orm,
    temporal,
    config,
    twilio: createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: emulatorUrl }),
  });
  [owner, other] = [await registerBusiness(api.url), await registerBusiness(api.url)];
});
afterAll(async () => {
  await api?.close();
  await emulator?.close();
  await temporal?.connection.close();
  await orm?.close();
});

const as = (who: TestOwner) => ({
  get: <T>(path: string) => call<T>(api.url, 'GET', path, { token: who.accessToken }),
  post: <T>(path: string, body: unknown) => call<T>(api.url, 'POST', path, { token: who.accessToken, body }),
  delete: (path: string) => call(api.url, 'DELETE', path, { token: who.accessToken }),
});

test('search, buy (webhooks pointed at us), list, release: the number is Twilio’s again', async () => {
  const available = await as(owner).get<{ numbers: { e164: string; locality: string | null }[] }>('/api/numbers/available?areaCode=512');
  expect(available.status).toBe(200);
  expect(available.body.numbers.length).toBeGreaterThan(0);
  expect(available.body.numbers.every((number) => /^\+1512\d{7}$/.test(number.e164))).toBe(true);

  // The shared database also holds numbers other tests bought from the stack's emulator: take one nobody has.
  const inUse = await withDatabase(async (db) => (await db.query('select e164 from phone_numbers')).rows.map((row) => row.e164 as string));
  const e164 = available.body.numbers.find((number) => !inUse.includes(number.e164))!.e164;
  const bought = await as(owner).post<{ id: string; e164: string; twilioSid: string }>('/api/numbers', { e164 });
  expect(bought.status).toBe(201);
  expect(bought.body).toMatchObject({ e164, twilioSid: expect.stringMatching(/^PN/) });

  const twilio = twilioAccount();
  const configured = await twilio.incomingPhoneNumbers(bought.body.twilioSid).fetch();
  expect(configured).toMatchObject({
    phoneNumber: e164,
    voiceUrl: `${PUBLIC_URL}/webhooks/twilio/voice`,
    smsUrl: `${PUBLIC_URL}/webhooks/twilio/sms`,
    statusCallback: `${PUBLIC_URL}/webhooks/twilio/status`,
  });
  expect((await as(owner).get<{ numbers: { id: string }[] }>('/api/numbers')).body.numbers.map((number) => number.id)).toEqual([
    bought.body.id,
  ]);
  expect((await as(owner).get<{ business: { phoneNumber: string } }>('/api/me')).body.business.phoneNumber).toBe(e164);

  // Another business cannot have it, nor release it.
  const taken = await as(other).post<{ error: { code: string } }>('/api/numbers', { e164 });
  expect([taken.status, taken.body.error.code]).toEqual([409, 'number_taken']);
  expect((await as(other).delete(`/api/numbers/${bought.body.id}`)).status).toBe(404);

  expect((await as(owner).delete(`/api/numbers/${bought.body.id}`)).status).toBe(204);
  expect((await as(owner).get<{ numbers: unknown[] }>('/api/numbers')).body.numbers).toEqual([]);
  await expect(twilio.incomingPhoneNumbers(bought.body.twilioSid).fetch()).rejects.toMatchObject({ status: 404 });
  expect(
    await withDatabase(async (db) => (await db.query('select count(*)::int as n from phone_numbers where e164 = $1', [e164])).rows[0].n),
  ).toBe(0);
});

test('attach a number the account already owns: its webhooks are re-pointed at us', async () => {
  const attached = await as(owner).post<{ id: string; e164: string; twilioSid: string }>('/api/numbers/attach', { e164: '(737) 555-0142' });
  expect(attached.status).toBe(201);
  expect(attached.body.e164).toBe(OWNED_ALREADY);
  const twilio = twilioAccount();
  expect(await twilio.incomingPhoneNumbers(attached.body.twilioSid).fetch()).toMatchObject({ smsUrl: `${PUBLIC_URL}/webhooks/twilio/sms` });
  expect((await as(owner).delete(`/api/numbers/${attached.body.id}`)).status).toBe(204);
});

test('attaching a number the account does not own is a 404 and stores nothing', async () => {
  const answer = await as(owner).post<{ error: { code: string; message: string } }>('/api/numbers/attach', { e164: '+15125559876' });
  expect(answer.status).toBe(404);
  expect(answer.body.error.message).toContain('+15125559876');
  expect(
    await withDatabase(
      async (db) => (await db.query("select count(*)::int as n from phone_numbers where e164 = '+15125559876'")).rows[0].n,
    ),
  ).toBe(0);
});

test.each([
  ['letters', '512-CALL-NOW', 'may contain only digits'],
  ['too few digits', '555-0123', 'too few digits'],
  ['empty', '', 'is empty'],
  ['an unknown country', '+999 1234 5678', 'unknown country code'],
])('a malformed number (%s) is a 400 invalid_phone_number saying what is wrong', async (_what, e164, problem) => {
  for (const path of ['/api/numbers', '/api/numbers/attach']) {
    const answer = await as(owner).post<{ error: { code: string; message: string } }>(path, { e164 });
    expect([path, answer.status, answer.body.error.code]).toEqual([path, 400, 'invalid_phone_number']);
    expect(answer.body.error.message).toContain(problem);
  }
});

test('an area code that is not one is a 400 before Twilio is asked', async () => {
  const answer = await as(owner).get<{ error: { code: string } }>('/api/numbers/available?areaCode=12');
  expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_request']);
});
