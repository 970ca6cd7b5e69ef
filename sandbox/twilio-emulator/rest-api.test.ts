// The emulator's REST subset, driven through the real `twilio` SDK exactly as the app builds it:
// if a shape, code or signature drifts from Twilio's, the SDK (or these checks) notices here.
import twilio from 'twilio';
import { createTwilioClient, type TwilioClient } from '../../providers/twilio-client';
import { createTwilioEmulator, type TwilioEmulator } from '.';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const accountSid = `AC${'0123456789abcdef'.repeat(2)}`;
const authToken = 'emulator-test-auth-token';
const caller = '+15125550199';

let emulator: TwilioEmulator;
let apiUrl: string;
let client: TwilioClient;

beforeAll(async () => {
  emulator = createTwilioEmulator({ accountSid, authToken });
  apiUrl = await emulator.listen(0);
  client = createTwilioClient({ accountSid, authToken, apiUrl });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());

async function buyBusinessNumber(): Promise<string> {
  return (await client.incomingPhoneNumbers.create({ areaCode: '512' })).phoneNumber;
}

/** The Twilio error a call failed with; fails the test if the call succeeded or failed otherwise. */
async function restError(call: Promise<unknown>): Promise<twilio.RestException> {
  const error: unknown = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(twilio.RestException);
  return error as twilio.RestException;
}

test('a created text comes back from create, fetch and list in Twilio shapes (SDK parses sid, dates, segments)', async () => {
  const business = await buyBusinessNumber();
  const before = new Date(Date.now() - 2000);
  const created = await client.messages.create({
    to: caller,
    from: business,
    body: 'Sorry we missed you. Reply STOP to opt out',
    validityPeriod: 600,
  });
  expect(created).toMatchObject({ accountSid, to: caller, from: business, status: 'queued', numSegments: '1', direction: 'outbound-api' });
  expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
  expect(created.dateCreated.getTime()).toBeGreaterThanOrEqual(before.getTime()); // an unparseable RFC 2822 date would be NaN

  const fetched = await client.messages(created.sid).fetch();
  expect(fetched).toMatchObject({ sid: created.sid, body: created.body });
  const listed = await client.messages.list({ to: caller, from: business, dateSentAfter: before });
  expect(listed.map((message) => message.sid)).toEqual([created.sid]);
  expect(await client.messages.list({ to: caller, dateSentBefore: before })).toEqual([]);
  expect(await client.messages.list({ to: '+15125550100' })).toEqual([]);
  expect(emulator.messagesAccepted()).toBe(1);
});

test('the message list pages with next_page_uri, newest first (catches paging that drops or repeats texts)', async () => {
  const business = await buyBusinessNumber();
  const sids: string[] = [];
  for (const body of ['one', 'two', 'three']) sids.push((await client.messages.create({ to: caller, from: business, body })).sid);
  const listed = await client.messages.list({ from: business, pageSize: 2 });
  expect(listed.map((message) => message.sid)).toEqual(sids.reverse());
  const firstPage = await client.messages.page({ pageSize: 2 });
  expect(firstPage.instances).toHaveLength(2);
  expect(firstPage.nextPageUrl).toContain('Page=1');
});

test('an unknown message SID is a 20404 and a wrong auth token a 20003 (catches an emulator that answers anyone)', async () => {
  expect(await restError(client.messages(`SM${'0'.repeat(32)}`).fetch())).toMatchObject({ status: 404, code: 20404 });
  const stranger = createTwilioClient({ accountSid, authToken: 'not-the-auth-token', apiUrl });
  expect(await restError(stranger.messages.list({ limit: 1 }))).toMatchObject({ status: 401, code: 20003 });
});

test('texts Twilio would refuse are refused with its codes, and nothing is accepted', async () => {
  const business = await buyBusinessNumber();
  expect(await restError(client.messages.create({ to: '5125550199', from: business, body: 'hi' }))).toMatchObject({
    status: 400,
    code: 21211,
  });
  expect(await restError(client.messages.create({ to: '+1512555', from: business, body: 'hi' }))).toMatchObject({ code: 21211 });
  expect(await restError(client.messages.create({ to: caller, from: '+15125550142', body: 'hi' }))).toMatchObject({ code: 21606 });
  expect(await restError(client.messages.create({ to: caller, from: business, body: '' }))).toMatchObject({ code: 21602 });
  expect(await restError(client.messages.create({ to: caller, from: business, body: 'x'.repeat(1601) }))).toMatchObject({ code: 21617 });
  expect(emulator.messagesAccepted()).toBe(0);
  const long = await client.messages.create({ to: caller, from: business, body: 'x'.repeat(161) });
  expect(long.numSegments).toBe('2');
});

test('a full queue on the From number is refused with 21611 and accepts again once it drains (the app must retry, not drop)', async () => {
  const business = await buyBusinessNumber();
  emulator.faults = { queueFull: 1 };
  const before = emulator.messagesAccepted();
  expect(await restError(client.messages.create({ to: caller, from: business, body: 'Hi there' }))).toMatchObject({
    status: 400,
    code: 21611,
  });
  expect(emulator.messagesAccepted()).toBe(before);
  await expect(client.messages.create({ to: caller, from: business, body: 'Hi there' })).resolves.toMatchObject({ status: 'queued' });
});

test('after the caller texts STOP, texts to them fail with 21610 until START (catches texting an opted-out caller)', async () => {
  const business = await buyBusinessNumber();
  const otherBusiness = await buyBusinessNumber();
  await emulator.network.text({ from: caller, to: business, body: ' stop ' });
  expect(await restError(client.messages.create({ to: caller, from: business, body: 'Are you still there?' }))).toMatchObject({
    status: 400,
    code: 21610,
  });
  // The opt-out is per business number, as carriers keep it.
  await expect(client.messages.create({ to: caller, from: otherBusiness, body: 'hello' })).resolves.toMatchObject({ status: 'queued' });
  await emulator.network.text({ from: caller, to: business, body: 'START' });
  await expect(client.messages.create({ to: caller, from: business, body: 'Welcome back' })).resolves.toMatchObject({ status: 'queued' });
  const phoneView = emulator.network.messagesOf(caller).map((message) => [message.direction, message.body.split('.')[0]]);
  expect(phoneView).toEqual([
    ['from-phone', ' stop '],
    ['to-phone', 'You have successfully been unsubscribed'],
    ['to-phone', 'hello'],
    ['from-phone', 'START'],
    ['to-phone', 'Welcome back'],
  ]);
});

test('a number is searched, bought with its webhooks, updated, listed and released (the onboarding round trip)', async () => {
  const available = await client.availablePhoneNumbers('US').local.list({ areaCode: 737, limit: 3 });
  expect(available.map((number) => number.phoneNumber)).toEqual(['+17375550100', '+17375550101', '+17375550102']);
  expect(available[0]).toMatchObject({ friendlyName: '(737) 555-0100', isoCountry: 'US', capabilities: { voice: true, SMS: true } });

  const bought = await client.incomingPhoneNumbers.create({
    phoneNumber: available[0]!.phoneNumber,
    voiceUrl: 'http://127.0.0.1:9/webhooks/twilio/voice',
    smsUrl: 'http://127.0.0.1:9/webhooks/twilio/sms',
    statusCallback: 'http://127.0.0.1:9/webhooks/twilio/status',
  });
  expect(bought.sid).toMatch(/^PN[0-9a-f]{32}$/);
  expect(bought).toMatchObject({ phoneNumber: '+17375550100', voiceUrl: 'http://127.0.0.1:9/webhooks/twilio/voice', smsMethod: 'POST' });
  const stillAvailable = await client.availablePhoneNumbers('US').local.list({ areaCode: 737, limit: 3 });
  expect(stillAvailable.map((number) => number.phoneNumber)).not.toContain('+17375550100');
  expect(await restError(client.incomingPhoneNumbers.create({ phoneNumber: '+17375550100' }))).toMatchObject({ code: 21422 });

  await client.incomingPhoneNumbers(bought.sid).update({ smsUrl: 'http://127.0.0.1:9/v2/sms' });
  expect(await client.incomingPhoneNumbers(bought.sid).fetch()).toMatchObject({
    smsUrl: 'http://127.0.0.1:9/v2/sms',
    voiceUrl: bought.voiceUrl,
  });
  expect((await client.incomingPhoneNumbers.list({ phoneNumber: '+17375550100' })).map((number) => number.sid)).toEqual([bought.sid]);

  expect(await client.incomingPhoneNumbers(bought.sid).remove()).toBe(true);
  expect(await restError(client.incomingPhoneNumbers(bought.sid).fetch())).toMatchObject({ code: 20404 });
  expect(await client.incomingPhoneNumbers.list()).toEqual([]);
});

describe('with a webhook receiver', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => (receiver = await startWebhookReceiver(authToken)));
  afterEach(() => receiver.close());

  test('status callbacks arrive signed, sent then delivered (catches unsigned or out-of-order delivery reports)', async () => {
    const business = await buyBusinessNumber();
    const message = await client.messages.create({
      to: caller,
      from: business,
      body: 'hi',
      statusCallback: `${receiver.url}/status?tenant=t1`,
    });
    const callbacks = await receiver.waitFor('/status?tenant=t1', 2);
    expect(callbacks.map((callback) => callback.params.MessageStatus)).toEqual(['sent', 'delivered']);
    for (const { params, signatureValid, signed } of callbacks) {
      expect(signatureValid).toBe(true);
      expect(twilio.validateRequest('some-other-token', signed.signature, signed.url, params)).toBe(false);
      expect(params).toMatchObject({ MessageSid: message.sid, SmsSid: message.sid, AccountSid: accountSid, From: business, To: caller });
    }
    expect(emulator.sentMessages().map((sent) => sent.status)).toEqual(['delivered']);
  });

  test('texts callers sent to a business number are listed like Twilio does (inbound, DateSent filter), webhook delivered or not', async () => {
    const business = (await client.incomingPhoneNumbers.create({ areaCode: '512', smsUrl: `${receiver.url}/sms` })).phoneNumber;
    const before = new Date(Date.now() - 2000);
    const delivered = await emulator.network.text({ from: caller, to: business, body: 'first, webhooked' });
    // The app was down: Twilio took the text, nobody was told; only the list has it (what reconciliation reads).
    const missed = await emulator.network.text({ from: caller, to: business, body: 'second, never webhooked', webhook: false });
    expect([delivered.status, missed.status]).toEqual([200, null]);
    expect((await receiver.waitFor('/sms')).map((webhook) => webhook.params.Body)).toEqual(['first, webhooked']);

    const listed = await client.messages.list({ to: business, dateSentAfter: before });
    expect(listed.map(({ sid, direction, from, body }) => ({ sid, direction, from, body }))).toEqual([
      { sid: missed.messageSid, direction: 'inbound', from: caller, body: 'second, never webhooked' },
      { sid: delivered.messageSid, direction: 'inbound', from: caller, body: 'first, webhooked' },
    ]);
    expect(listed[0]!.dateSent!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(await client.messages.list({ to: business, dateSentAfter: new Date(Date.now() + 60_000) })).toEqual([]);
  });

  test('a bought number keeps its fallback URLs, and a text whose SmsUrl fails goes to the SmsFallbackUrl once', async () => {
    const bought = await client.incomingPhoneNumbers.create({
      areaCode: '512',
      smsUrl: 'http://127.0.0.1:9/down/sms', // nothing listens there
      smsFallbackUrl: `${receiver.url}/fallback/sms`,
      voiceFallbackUrl: `${receiver.url}/fallback/voice`,
    });
    expect(await client.incomingPhoneNumbers(bought.sid).fetch()).toMatchObject({
      smsFallbackUrl: `${receiver.url}/fallback/sms`,
      smsFallbackMethod: 'POST',
      voiceFallbackUrl: `${receiver.url}/fallback/voice`,
    });
    const sent = await emulator.network.text({ from: caller, to: bought.phoneNumber, body: 'anyone there?' });
    expect(sent.status).toBe(200);
    const [fallback] = await receiver.waitFor('/fallback/sms');
    expect(fallback).toMatchObject({ signatureValid: true, params: { MessageSid: sent.messageSid, Body: 'anyone there?' } });
  });

  test('an undeliverable fault reports undelivered with 30003 (the "carrier did not deliver" alert path)', async () => {
    const business = await buyBusinessNumber();
    emulator.faults = { undeliverable: 1 };
    await client.messages.create({ to: caller, from: business, body: 'hi', statusCallback: `${receiver.url}/status` });
    const [, final] = await receiver.waitFor('/status', 2);
    expect(final!.params).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '30003' });
  });
});

test('an injected 500 fails one create, then creates succeed (retry paths see a real 5xx)', async () => {
  const business = await buyBusinessNumber();
  emulator.faults = { messagesCreate: { status: 500, count: 1 } };
  expect(await restError(client.messages.create({ to: caller, from: business, body: 'first try' }))).toMatchObject({ status: 500 });
  await expect(client.messages.create({ to: caller, from: business, body: 'second try' })).resolves.toMatchObject({ status: 'queued' });
  expect(emulator.sentMessages().map((message) => message.body)).toEqual(['second try']);

  const control = await fetch(`${apiUrl}/sandbox/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"messagesCreate":{"status":503,"count":1}}',
  });
  expect(control.status).toBe(200);
  expect(await restError(client.messages.create({ to: caller, from: business, body: 'third try' }))).toMatchObject({ status: 503 });
  expect(emulator.messagesAccepted()).toBe(1);
});

test('a delayed create times the sender out yet the text was accepted (the unknown outcome the outbox checks for)', async () => {
  const business = await buyBusinessNumber();
  emulator.faults = { messagesCreate: { delayMs: 500, count: 1 } };
  const impatient = createTwilioClient({ accountSid, authToken, apiUrl, timeoutMs: 100 });
  await expect(impatient.messages.create({ to: caller, from: business, body: 'maybe sent' })).rejects.toThrow(/timeout/i);
  const found = await client.messages.list({ to: caller, from: business });
  expect(found.map((message) => message.body)).toEqual(['maybe sent']);
});
