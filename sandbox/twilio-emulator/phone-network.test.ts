// The phone network: calls and texts from callers reach the app as signed Twilio webhooks, and the
// emulator follows the app's TwiML as Twilio would. The receiver answers 403 to a bad signature.
import { createTwilioClient, type TwilioClient } from '../../providers/twilio-client';
import { createTwilioEmulator, type PlacedCall, type TwilioEmulator } from '.';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const accountSid = `AC${'fedcba9876543210'.repeat(2)}`;
const authToken = 'emulator-test-auth-token';
const caller = '+15125550199';
const ownerCell = '+15125550177';

const screenedForward = `<Response><Dial action="/voice/dial-result" timeout="20"><Number url="/voice/screen">${ownerCell}</Number></Dial></Response>`;
const plainForward = `<Response><Dial action="/voice/dial-result" timeout="20">${ownerCell}</Dial></Response>`;
const answers = {
  '/voice?tenant=t1': screenedForward,
  '/voice-plain': plainForward,
  '/voice/screen':
    '<Response><Gather numDigits="1" action="/voice/screen-result"><Say>Call for Ace Plumbing, press 1 to accept</Say></Gather><Hangup/></Response>',
  '/voice/dial-result':
    '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Sorry we missed your call &amp; will text you.</Say><Record action="/voice/voicemail" transcribeCallback="/voice/transcription"/></Response>',
  '/voice-broken': '<Response><Say>unclosed</Response>',
  '/sms': "<Response><Message>Thanks! We'll text you shortly.</Message></Response>",
};

let emulator: TwilioEmulator;
let apiUrl: string;
let client: TwilioClient;
let receiver: WebhookReceiver;

beforeAll(async () => {
  emulator = createTwilioEmulator({ accountSid, authToken });
  apiUrl = await emulator.listen(0);
  client = createTwilioClient({ accountSid, authToken, apiUrl });
});
afterAll(() => emulator.close());
beforeEach(async () => {
  emulator.reset();
  receiver = await startWebhookReceiver(authToken, answers);
});
afterEach(() => receiver.close());

async function buyBusinessNumber(voicePath = '/voice?tenant=t1'): Promise<string> {
  const urls = { voiceUrl: `${receiver.url}${voicePath}`, smsUrl: `${receiver.url}/sms`, statusCallback: `${receiver.url}/call-status` };
  return (await client.incomingPhoneNumbers.create({ areaCode: '512', ...urls })).phoneNumber;
}

function control(path: string, body?: unknown): Promise<Response> {
  const init = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  return fetch(`${apiUrl}${path}`, init);
}

const paramsOf = (path: string) => receiver.received.filter((webhook) => webhook.path === path).map((webhook) => webhook.params);

test('a missed call reaches the voice webhook signed, follows Dial, and posts no-answer to the relative action URL', async () => {
  const business = await buyBusinessNumber();
  const response = await control('/sandbox/calls', { from: caller, to: business });
  expect(response.status).toBe(200);
  const placed = (await response.json()) as PlacedCall;
  expect(placed.callSid).toMatch(/^CA[0-9a-f]{32}$/);

  expect(receiver.received.map((webhook) => [webhook.path, webhook.signatureValid])).toEqual([
    ['/voice?tenant=t1', true],
    ['/voice/dial-result', true],
    ['/call-status', true],
  ]);
  const call = {
    CallSid: placed.callSid,
    AccountSid: accountSid,
    From: caller,
    To: business,
    Direction: 'inbound',
    ApiVersion: '2010-04-01',
  };
  expect(paramsOf('/voice?tenant=t1')[0]).toMatchObject({ ...call, CallStatus: 'ringing' });
  const dialResult = paramsOf('/voice/dial-result')[0]!;
  expect(dialResult).toMatchObject({ ...call, DialCallStatus: 'no-answer', DialCallDuration: '0' });
  expect(dialResult.DialCallSid).toMatch(/^CA[0-9a-f]{32}$/);
  expect(dialResult.DialCallSid).not.toBe(placed.callSid);
  expect(paramsOf('/call-status')[0]).toMatchObject({ ...call, CallStatus: 'completed' });

  expect(placed.events).toEqual([
    { type: 'webhook', url: `${receiver.url}/voice?tenant=t1`, status: 200 },
    { type: 'dial', to: ownerCell, result: 'no-answer' },
    { type: 'webhook', url: `${receiver.url}/voice/dial-result`, status: 200 },
    { type: 'say', text: 'Sorry we missed your call & will text you.' },
    { type: 'record', recorded: false },
    { type: 'hangup', by: 'caller' },
    { type: 'webhook', url: `${receiver.url}/call-status`, status: 200 },
  ]);
  expect(await (await control('/sandbox/stats')).json()).toEqual({ messagesAccepted: 0, callsPlaced: 1, webhooksDelivered: 3 });
});

test('an owner who presses 1 on the screened leg is reported completed, with the whisper heard only by them', async () => {
  const business = await buyBusinessNumber();
  const placed = await emulator.network.call({ from: caller, to: business, owner: 'accept' });
  const [screen] = paramsOf('/voice/screen');
  const dialResult = paramsOf('/voice/dial-result')[0]!;
  expect(screen).toMatchObject({
    CallSid: dialResult.DialCallSid,
    ParentCallSid: placed.callSid,
    To: ownerCell,
    Direction: 'outbound-dial',
  });
  expect(paramsOf('/voice/screen-result')[0]).toMatchObject({ CallSid: dialResult.DialCallSid, Digits: '1' });
  expect(dialResult).toMatchObject({ DialCallStatus: 'completed' });
  expect(placed.events).toContainEqual({ type: 'whisper', text: 'Call for Ace Plumbing, press 1 to accept' });
  expect(placed.events).not.toContainEqual({ type: 'say', text: 'Call for Ace Plumbing, press 1 to accept' });
});

// The failure that breaks other text-back tools: carrier voicemail picking up looks answered unless the leg is screened.
test.each([
  ['/voice?tenant=t1', 'no-answer', 'no-answer'],
  ['/voice?tenant=t1', 'busy', 'busy'],
  ['/voice?tenant=t1', 'accept', 'completed'],
  ['/voice?tenant=t1', 'decline', 'no-answer'],
  ['/voice?tenant=t1', 'voicemail', 'no-answer'],
  ['/voice-plain', 'voicemail', 'completed'],
  ['/voice-plain', 'decline', 'busy'],
] as const)('voice %s with the owner %s reports DialCallStatus %s', async (voicePath, owner, dialCallStatus) => {
  const business = await buyBusinessNumber(voicePath);
  await emulator.network.call({ from: caller, to: business, owner });
  expect(paramsOf('/voice/dial-result').map((params) => params.DialCallStatus)).toEqual([dialCallStatus]);
});

test('a caller who leaves a voicemail reaches the Record action and the transcription callback, both signed', async () => {
  const business = await buyBusinessNumber();
  await emulator.network.call({ from: caller, to: business, voicemail: 'My water heater is leaking' });
  const [voicemail] = receiver.received.filter((webhook) => webhook.path === '/voice/voicemail');
  const [transcription] = receiver.received.filter((webhook) => webhook.path === '/voice/transcription');
  expect(voicemail).toMatchObject({ signatureValid: true, params: { From: caller, CallStatus: 'completed' } });
  expect(voicemail!.params.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
  expect(voicemail!.params.RecordingUrl).toContain(voicemail!.params.RecordingSid);
  expect(transcription).toMatchObject({
    signatureValid: true,
    params: { TranscriptionText: 'My water heater is leaking', TranscriptionStatus: 'completed' },
  });
});

test('an app answering broken TwiML makes the caller hear the application error (catches TwiML Twilio would reject)', async () => {
  const business = await buyBusinessNumber('/voice-broken');
  const placed = await emulator.network.call({ from: caller, to: business, owner: 'accept' });
  expect(placed.events.map((event) => event.type)).toEqual(['webhook', 'error', 'say', 'webhook']);
  expect(placed.events[2]).toEqual({ type: 'say', text: 'We are sorry, an application error has occurred. Goodbye.' });
});

test('an inbound text reaches the SMS webhook signed and its <Message> reply reaches the phone', async () => {
  const business = await buyBusinessNumber();
  const response = await control('/sandbox/sms', { from: caller, to: business, body: 'Is anyone there?' });
  const { messageSid, status } = (await response.json()) as { messageSid: string; status: number };
  expect(status).toBe(200);
  expect(receiver.received[0]).toMatchObject({
    path: '/sms',
    signatureValid: true,
    params: {
      MessageSid: messageSid,
      AccountSid: accountSid,
      From: caller,
      To: business,
      Body: 'Is anyone there?',
      NumSegments: '1',
      SmsStatus: 'received',
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 100)); // the reply's delivery reports run on timers
  const phone = (await (await control(`/sandbox/phones/${encodeURIComponent(caller)}/messages`)).json()) as { messages: object[] };
  expect(phone.messages).toEqual([
    expect.objectContaining({ sid: messageSid, direction: 'from-phone', from: caller, to: business, body: 'Is anyone there?' }),
    expect.objectContaining({ direction: 'to-phone', from: business, body: "Thanks! We'll text you shortly.", status: 'delivered' }),
  ]);
});

test('a duplicate-webhook fault delivers the next webhook twice with the same MessageSid, then stops', async () => {
  const business = await buyBusinessNumber();
  expect((await control('/sandbox/faults', { duplicateWebhooks: 1 })).status).toBe(200);
  const first = await emulator.network.text({ from: caller, to: business, body: 'one' });
  await emulator.network.text({ from: caller, to: business, body: 'two' });
  expect(paramsOf('/sms').map((params) => params.MessageSid)).toEqual([
    first.messageSid,
    first.messageSid,
    expect.not.stringMatching(first.messageSid),
  ]);
});

test('the control API refuses what the network cannot do, with JSON errors and open CORS', async () => {
  const unowned = await control('/sandbox/calls', { from: caller, to: '+15125550111' });
  expect(unowned.status).toBe(404);
  expect(unowned.headers.get('access-control-allow-origin')).toBe('*');
  expect(await unowned.json()).toMatchObject({ error: { code: 'number_not_owned' } });
  const invalid = await control('/sandbox/calls', { from: caller, to: '+15125550111', owner: 'maybe' });
  expect(invalid.status).toBe(400);
  expect(await invalid.json()).toMatchObject({ error: { code: 'invalid_request' } });
  expect((await control('/sandbox/faults', { messagesCreate: { status: 418, count: 1 } })).status).toBe(400);
  expect(await (await control('/healthz')).json()).toEqual({ ok: true });
  expect(emulator.stats().callsPlaced).toBe(0);
});
