// Voicemails the phone network records are Recordings in the REST API, through the real `twilio`
// SDK: fetch, list (by call too), delete, and media the app can download as a WAV.
import twilio from 'twilio';
import { createTwilioClient, type TwilioClient } from '../../providers/twilio-client';
import { createTwilioEmulator, type TwilioEmulator } from '.';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';
import { MAX_MEDIA_SECONDS, toneWav } from './wav';

const accountSid = `AC${'0f1e2d3c4b5a6978'.repeat(2)}`;
const authToken = 'emulator-test-auth-token';
const caller = '+15125550199';
const answers = {
  '/voice':
    '<Response><Say>Please leave a message.</Say><Record action="/voice/voicemail" transcribeCallback="/voice/transcription"/></Response>',
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

async function buyBusinessNumber(): Promise<string> {
  return (await client.incomingPhoneNumbers.create({ areaCode: '512', voiceUrl: `${receiver.url}/voice` })).phoneNumber;
}

/** Places a call that leaves `words` as a voicemail; returns the call and what the Record action was told. */
async function leaveVoicemail(business: string, words: string) {
  const { callSid } = await emulator.network.call({ from: caller, to: business, voicemail: words });
  const action = receiver.received.filter((webhook) => webhook.path === '/voice/voicemail').at(-1)!.params;
  expect(action.CallSid).toBe(callSid);
  return { callSid, recordingSid: action.RecordingSid!, recordingUrl: action.RecordingUrl!, duration: action.RecordingDuration! };
}

async function restError(call: Promise<unknown>): Promise<twilio.RestException> {
  const error: unknown = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(twilio.RestException);
  return error as twilio.RestException;
}

const basicAuth = { Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` };

/** The fields of a canonical 44-byte PCM WAV header, and the size of the audio that follows it. */
function parseWav(bytes: Buffer) {
  return {
    riff: bytes.toString('ascii', 0, 4),
    riffSize: bytes.readUInt32LE(4),
    wave: bytes.toString('ascii', 8, 12),
    fmt: bytes.toString('ascii', 12, 16),
    format: bytes.readUInt16LE(20),
    channels: bytes.readUInt16LE(22),
    sampleRate: bytes.readUInt32LE(24),
    byteRate: bytes.readUInt32LE(28),
    bitsPerSample: bytes.readUInt16LE(34),
    data: bytes.toString('ascii', 36, 40),
    dataSize: bytes.readUInt32LE(40),
    audioBytes: bytes.length - 44,
  };
}

test('a voicemail is a Recording the SDK fetches with its call and duration (catches a RecordingUrl the API does not know)', async () => {
  const business = await buyBusinessNumber();
  const before = new Date(Date.now() - 2000);
  const voicemail = await leaveVoicemail(business, 'My water heater is leaking');
  expect(voicemail.duration).toBe('2');

  const recording = await client.recordings(voicemail.recordingSid).fetch();
  expect(recording).toMatchObject({
    sid: voicemail.recordingSid,
    accountSid,
    callSid: voicemail.callSid,
    duration: '2',
    status: 'completed',
    source: 'RecordVerb',
    channels: 1,
    apiVersion: '2010-04-01',
    price: null,
    errorCode: null,
    conferenceSid: null,
    mediaUrl: voicemail.recordingUrl,
    uri: `/2010-04-01/Accounts/${accountSid}/Recordings/${voicemail.recordingSid}.json`,
  });
  expect(recording.dateCreated.getTime()).toBeGreaterThanOrEqual(before.getTime()); // NaN if the RFC 2822 date did not parse
  expect(recording.startTime.getTime()).toBeGreaterThanOrEqual(before.getTime());
  expect(recording.subresourceUris).toMatchObject({
    transcriptions: `/2010-04-01/Accounts/${accountSid}/Recordings/${voicemail.recordingSid}/Transcriptions.json`,
  });
  expect(emulator.recordings()).toEqual([
    expect.objectContaining({ sid: voicemail.recordingSid, callSid: voicemail.callSid, duration: 2, words: 'My water heater is leaking' }),
  ]);
});

test('recordings list by CallSid at the account and under the call, newest first, paged', async () => {
  const business = await buyBusinessNumber();
  const first = await leaveVoicemail(business, 'Calling about the quote');
  const second = await leaveVoicemail(business, 'Me again, please call back today');

  expect((await client.recordings.list({ callSid: first.callSid })).map((recording) => recording.sid)).toEqual([first.recordingSid]);
  expect((await client.recordings.list()).map((recording) => recording.sid)).toEqual([second.recordingSid, first.recordingSid]);
  expect((await client.recordings.list({ pageSize: 1 })).map((recording) => recording.sid)).toEqual([
    second.recordingSid,
    first.recordingSid,
  ]);
  const firstPage = await client.recordings.page({ pageSize: 1 });
  expect(firstPage.instances).toHaveLength(1);
  expect(firstPage.nextPageUrl).toContain('Page=1');
  expect(await client.recordings.list({ callSid: `CA${'0'.repeat(32)}` })).toEqual([]);
  expect(await client.recordings.list({ dateCreatedAfter: new Date(Date.now() + 60_000) })).toEqual([]);
  expect(await client.recordings.list({ dateCreatedBefore: new Date(Date.now() + 60_000) })).toHaveLength(2);

  const underCall = await client.calls(second.callSid).recordings.list();
  expect(underCall.map((recording) => [recording.sid, recording.callSid, recording.duration])).toEqual([
    [second.recordingSid, second.callSid, second.duration],
  ]);
  expect(underCall[0]!.uri).toBe(`/2010-04-01/Accounts/${accountSid}/Calls/${second.callSid}/Recordings/${second.recordingSid}.json`);
  await expect(client.calls(second.callSid).recordings(second.recordingSid).fetch()).resolves.toMatchObject({ status: 'completed' });
  // A recording is only found under its own call.
  expect(await restError(client.calls(first.callSid).recordings(second.recordingSid).fetch())).toMatchObject({ status: 404, code: 20404 });
});

test('a removed recording is gone: fetch, list and media answer 20404 (catches a delete that only pretends)', async () => {
  const business = await buyBusinessNumber();
  const kept = await leaveVoicemail(business, 'Keep this one');
  const removed = await leaveVoicemail(business, 'Delete this one');

  await expect(client.recordings(removed.recordingSid).remove()).resolves.toBe(true);
  expect(await restError(client.recordings(removed.recordingSid).fetch())).toMatchObject({ status: 404, code: 20404 });
  expect(await restError(client.recordings(removed.recordingSid).remove())).toMatchObject({ status: 404, code: 20404 });
  expect((await client.recordings.list()).map((recording) => recording.sid)).toEqual([kept.recordingSid]);
  expect((await fetch(`${removed.recordingUrl}.wav`, { headers: basicAuth })).status).toBe(404);

  await expect(client.calls(kept.callSid).recordings(kept.recordingSid).remove()).resolves.toBe(true);
  expect(await client.recordings.list()).toEqual([]);
  expect(await restError(client.recordings(`RE${'0'.repeat(32)}`).fetch())).toMatchObject({ status: 404, code: 20404 });
});

test.each([
  ['a short voicemail', 'My water heater is leaking', 2],
  ['a long voicemail, cut to the cap', Array.from({ length: 30 }, (_, index) => `word${index}`).join(' '), MAX_MEDIA_SECONDS],
])('%s downloads as an 8 kHz mono 16-bit WAV as long as the recording', async (_, words, mediaSeconds) => {
  const business = await buyBusinessNumber();
  const voicemail = await leaveVoicemail(business, words);
  expect(Number(voicemail.duration)).toBeGreaterThanOrEqual(mediaSeconds);

  for (const url of [voicemail.recordingUrl, `${voicemail.recordingUrl}.wav`]) {
    const response = await fetch(url, { headers: basicAuth });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('audio/x-wav');
    const bytes = Buffer.from(await response.arrayBuffer());
    const dataSize = mediaSeconds * 8000 * 2;
    expect(parseWav(bytes)).toEqual({
      riff: 'RIFF',
      riffSize: 36 + dataSize,
      wave: 'WAVE',
      fmt: 'fmt ',
      format: 1,
      channels: 1,
      sampleRate: 8000,
      byteRate: 16000,
      bitsPerSample: 16,
      data: 'data',
      dataSize,
      audioBytes: dataSize,
    });
  }
});

test('media needs the account Basic auth, and .mp3 is a 404 saying the emulator serves WAV', async () => {
  const business = await buyBusinessNumber();
  const { recordingUrl } = await leaveVoicemail(business, 'Hello there');

  const anonymous = await fetch(`${recordingUrl}.wav`);
  expect(anonymous.status).toBe(401);
  expect(await anonymous.json()).toMatchObject({ code: 20003 });
  const wrongToken = { Authorization: `Basic ${Buffer.from(`${accountSid}:not-the-token`).toString('base64')}` };
  expect((await fetch(recordingUrl, { headers: wrongToken })).status).toBe(401);

  const mp3 = await fetch(`${recordingUrl}.mp3`, { headers: basicAuth });
  expect(mp3.status).toBe(404);
  expect(await mp3.json()).toMatchObject({ code: 20404, message: expect.stringContaining('WAV') });
  expect((await fetch(`${recordingUrl}.ogg`, { headers: basicAuth })).status).toBe(404);
});

test('reset() forgets recordings', async () => {
  const business = await buyBusinessNumber();
  const { recordingSid } = await leaveVoicemail(business, 'Forget me');
  emulator.reset();
  expect(emulator.recordings()).toEqual([]);
  expect(await restError(client.recordings(recordingSid).fetch())).toMatchObject({ status: 404, code: 20404 });
});

test('the generated tone is quiet and starts and ends at silence', () => {
  const samples = toneWav(1).subarray(44);
  const values = Array.from({ length: samples.length / 2 }, (_, index) => samples.readInt16LE(index * 2));
  expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0);
  expect(Math.max(...values.map(Math.abs))).toBeLessThan(0x7fff / 10);
  expect([values[0], values.at(-1)]).toEqual([0, 0]);
});
