// Calls through the Twilio emulator, which plays Twilio and the owner's phone and follows our
// TwiML: screened forwarding (only pressing 1 answers), carrier voicemail counted as missed,
// voicemail recorded and transcribed before the first text, always-text-back mode and the
// text-back delay. Everything goes through real HTTP with valid signatures.
import {
  callerCalls,
  createBusiness,
  eventually,
  login,
  newCallerPhone,
  postWebhook,
  randomSid,
  stack,
  textsTo,
  waitForTexts,
  withDatabase,
} from '../support/stack';

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
const settle = (ms = 1_500) => new Promise((resolve) => setTimeout(resolve, ms));

async function callRow(callSid: string) {
  return withDatabase(async (db) => (await db.query('select * from calls where call_sid = $1', [callSid])).rows[0]);
}

describe('TwiML for each branch', () => {
  test('a call is forwarded to the owner with the ring timeout, from the business number, screened by a whisper', async () => {
    const response = await postWebhook('/webhooks/twilio/voice', {
      CallSid: randomSid('CA'),
      From: newCallerPhone(),
      To: stack.demo.businessNumber,
    });
    expect(response.status).toBe(200);
    const hooks = `${stack.apiUrl}/webhooks/twilio`;
    expect(await response.text()).toBe(
      xml(
        `<Dial action="${hooks}/voice/dial-result" method="POST" timeout="20" answerOnBridge="true" callerId="${stack.demo.businessNumber}">` +
          `<Number url="${hooks}/voice/screen" method="POST">+17375550188</Number></Dial>`,
      ),
    );
  });

  test('the whisper asks the owner to press 1, and hangs up their leg when nothing is pressed', async () => {
    const parent = randomSid('CA');
    await postWebhook('/webhooks/twilio/voice', { CallSid: parent, From: newCallerPhone(), To: stack.demo.businessNumber });
    const response = await postWebhook('/webhooks/twilio/voice/screen', { CallSid: randomSid('CA'), ParentCallSid: parent });
    expect(await response.text()).toBe(
      xml(
        `<Gather numDigits="1" timeout="6" action="${stack.apiUrl}/webhooks/twilio/voice/screen-result" method="POST">` +
          `<Say>Call for ${stack.demo.businessName.replace('&', '&amp;')}. Press 1 to accept.</Say></Gather><Hangup/>`,
      ),
    );
    const declined = await postWebhook('/webhooks/twilio/voice/screen-result', {
      CallSid: randomSid('CA'),
      ParentCallSid: parent,
      Digits: '7',
    });
    expect(await declined.text()).toBe(xml('<Hangup/>'));
    expect((await callRow(parent)).owner_accepted_at).toBeNull();
  });

  test('a whisper for a call we never saw is 404, not a crash', async () => {
    const response = await postWebhook('/webhooks/twilio/voice/screen', { CallSid: randomSid('CA'), ParentCallSid: randomSid('CA') });
    expect(response.status).toBe(404);
  });

  test('a missed call: a short message, then a transcribed voicemail of at most 2 minutes', async () => {
    const callSid = randomSid('CA');
    const caller = newCallerPhone();
    const response = await postWebhook('/webhooks/twilio/voice/dial-result', {
      CallSid: callSid,
      From: caller,
      To: stack.demo.businessNumber,
      DialCallStatus: 'no-answer',
    });
    const hooks = `${stack.apiUrl}/webhooks/twilio`;
    expect(await response.text()).toBe(
      xml(
        `<Say>Sorry, ${stack.demo.businessName.replace('&', '&amp;')} can't take your call right now. We'll text you in a moment. You can also leave a message after the tone.</Say>` +
          `<Record action="${hooks}/voice/voicemail" method="POST" maxLength="120" playBeep="true" trim="trim-silence" transcribe="true" transcribeCallback="${hooks}/voice/transcription"/><Hangup/>`,
      ),
    );
    await postWebhook('/webhooks/twilio/status', {
      CallSid: callSid,
      CallStatus: 'completed',
      From: caller,
      To: stack.demo.businessNumber,
    });
    await waitForTexts(caller, 1);
  });
});

describe('screened forwarding through the emulator', () => {
  test('the owner presses 1: answered, no text, and the call is stored as accepted', async () => {
    const caller = newCallerPhone();
    const call = await callerCalls(caller, { owner: 'accept' });
    expect(call.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'whisper', text: expect.stringContaining('Press 1 to accept') }),
        expect.objectContaining({ type: 'dial', result: 'completed' }),
      ]),
    );
    await settle();
    expect(await textsTo(caller)).toEqual([]);
    expect(await callRow(call.callSid)).toMatchObject({ dial_status: 'completed', owner_accepted_at: expect.any(Date) });
  });

  test.each([
    ['the owner declines the whisper', 'decline' as const],
    ["the owner's carrier voicemail picks up (it never presses 1)", 'voicemail' as const],
    ['nobody answers', 'no-answer' as const],
    ['the line is busy', 'busy' as const],
  ])('%s: missed, the caller is texted once', async (_what, owner) => {
    const caller = newCallerPhone();
    const call = await callerCalls(caller, { owner });
    const [text] = await waitForTexts(caller, 1);
    expect(text!.body).toMatch(/^.* \(automated assistant\): Sorry we missed your call!/);
    expect((await callRow(call.callSid)).owner_accepted_at).toBeNull();
    await settle();
    expect(await textsTo(caller)).toHaveLength(1);
  });

  test('Twilio says "completed" but nobody pressed 1 (carrier voicemail on real Twilio): still missed', async () => {
    const caller = newCallerPhone();
    const callSid = randomSid('CA');
    await postWebhook('/webhooks/twilio/voice', { CallSid: callSid, From: caller, To: stack.demo.businessNumber });
    const response = await postWebhook('/webhooks/twilio/voice/dial-result', {
      CallSid: callSid,
      From: caller,
      To: stack.demo.businessNumber,
      DialCallStatus: 'completed',
    });
    expect(await response.text()).toContain('<Record ');
    await postWebhook('/webhooks/twilio/status', {
      CallSid: callSid,
      CallStatus: 'completed',
      From: caller,
      To: stack.demo.businessNumber,
    });
    await waitForTexts(caller, 1);
    expect((await callRow(callSid)).dial_status).toBe('completed');
  });
});

describe('voicemail', () => {
  test('voicemail to first text: the recording and transcription are stored, the text says we got it, the assistant answers what was said', async () => {
    const caller = newCallerPhone();
    const words = 'Hi this is Sam Rivera, my kitchen sink is leaking under the cabinet';
    const call = await callerCalls(caller, { owner: 'no-answer', voicemail: words });
    expect(call.events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'record', recorded: true })]));
    const [first] = await waitForTexts(caller, 1);
    expect(first!.body).toContain('we got your voicemail');
    const stored = await eventually(async () => {
      const row = await callRow(call.callSid);
      return row?.transcription ? row : undefined;
    });
    expect(stored).toMatchObject({
      recording_sid: expect.stringMatching(/^RE[0-9a-f]{32}$/),
      recording_url: expect.stringContaining(`/Recordings/${stored.recording_sid}`),
      recording_duration_s: expect.any(Number),
      transcription: words,
    });
    // The offline assistant read the voicemail: it knows the job and the name, and asks for the address.
    const texts = await waitForTexts(caller, 2);
    expect(texts[1]!.body).toMatch(/address/i);
    const lead = await eventually(async () => {
      const row = await withDatabase(
        async (db) => (await db.query('select lead from conversations where caller_phone = $1', [caller])).rows[0],
      );
      return row?.lead?.callerName ? row.lead : undefined;
    });
    expect(lead).toMatchObject({ callerName: 'Sam Rivera' });
  });

  test("the owner plays the voicemail through a signed, expiring link; Twilio's credentials never reach the browser", async () => {
    const caller = newCallerPhone();
    await callerCalls(caller, { owner: 'no-answer', voicemail: 'Hi it is Jo, the toilet keeps running' });
    await waitForTexts(caller, 2);
    const token = await login();
    const conversationId = await eventually(async () =>
      withDatabase(async (db) => (await db.query('select id from conversations where caller_phone = $1', [caller])).rows[0]?.id as string),
    );
    const detail = (await (
      await fetch(`${stack.apiUrl}/api/conversations/${conversationId}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { conversation: { calls: { voicemail: { url: string; transcription: string } | null }[] } };
    const voicemail = detail.conversation.calls.find((call) => call.voicemail)!.voicemail!;
    expect(voicemail.transcription).toBe('Hi it is Jo, the toilet keeps running');
    expect(voicemail.url).toMatch(/^\/api\/voicemails\/[0-9a-f-]{36}\.wav\?tenant=.*&expires=\d+&signature=/);
    expect(voicemail.url).not.toContain(stack.authToken);

    // No bearer token: the link itself is the credential, as an <audio> element needs.
    const audio = await fetch(`${stack.apiUrl}${voicemail.url}`);
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/x-wav');
    const bytes = Buffer.from(await audio.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString()).toBe('WAVE');

    const tampered = voicemail.url.replace(/signature=[^&]+/, 'signature=AAAA');
    expect((await fetch(`${stack.apiUrl}${tampered}`)).status).toBe(403);
    const otherBusiness = voicemail.url.replace(/tenant=[^&]+/, `tenant=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`);
    expect((await fetch(`${stack.apiUrl}${otherBusiness}`)).status).toBe(403);
    const later = voicemail.url.replace(/expires=\d+/, (match) => `expires=${Number(match.slice(8)) + 1}`);
    expect((await fetch(`${stack.apiUrl}${later}`)).status).toBe(403);
  });

  test('Twilio delivering the same transcription 20 times at once is processed once', async () => {
    const caller = newCallerPhone();
    const call = await callerCalls(caller, { owner: 'busy', voicemail: 'Hello, my drain is clogged, this is Lee' });
    await waitForTexts(caller, 2);
    const row = await callRow(call.callSid);
    const params = {
      CallSid: call.callSid,
      RecordingSid: row.recording_sid,
      RecordingUrl: row.recording_url,
      RecordingDuration: '4',
      TranscriptionStatus: 'completed',
      TranscriptionText: 'Hello, my drain is clogged, this is Lee',
      From: caller,
      To: stack.demo.businessNumber,
    };
    const responses = await Promise.all(Array.from({ length: 20 }, () => postWebhook('/webhooks/twilio/voice/transcription', params)));
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([204]));
    await settle(2_000);
    expect(await textsTo(caller)).toHaveLength(2);
  });

  test('a voicemail for a call we never saw is 404 and stores nothing', async () => {
    const response = await postWebhook('/webhooks/twilio/voice/voicemail', {
      CallSid: randomSid('CA'),
      RecordingSid: randomSid('RE'),
      RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE0',
      RecordingDuration: '3',
    });
    expect(response.status).toBe(404);
  });
});

describe('call handling settings', () => {
  test('"always text back": the call is not forwarded; the caller hears the message and is texted', async () => {
    const business = await createBusiness({ name: 'Always Text Plumbing', settings: { calls: { forwardToOwner: false } } });
    const caller = newCallerPhone();
    const call = await callerCalls(caller, { to: business.businessNumber, owner: 'accept' });
    expect(call.events.filter((event) => event.type === 'dial')).toEqual([]);
    const [text] = await waitForTexts(caller, 1);
    expect(text).toMatchObject({ from: business.businessNumber });
    expect(text!.body).toContain('Always Text Plumbing');
  });

  test('the ring timeout is the business setting', async () => {
    const business = await createBusiness({ settings: { calls: { ringTimeoutSeconds: 35 } } });
    const response = await postWebhook('/webhooks/twilio/voice', {
      CallSid: randomSid('CA'),
      From: newCallerPhone(),
      To: business.businessNumber,
    });
    expect(await response.text()).toContain('timeout="35"');
  });

  test('text-back delay: the owner answering the caller’s next call in time cancels the text', async () => {
    const business = await createBusiness({ settings: { calls: { textBackDelayMs: 8_000 } } });
    const caller = newCallerPhone();
    await callerCalls(caller, { to: business.businessNumber, owner: 'no-answer' });
    await callerCalls(caller, { to: business.businessNumber, owner: 'accept' });
    const closed = await eventually(
      async () => {
        const row = await withDatabase(
          async (db) =>
            (await db.query('select closed_at from conversations where caller_phone = $1 and tenant_id = $2', [caller, business.tenantId]))
              .rows[0],
        );
        return row?.closed_at ? row : undefined;
      },
      { timeoutMs: 20_000, what: 'the conversation closed without a text' },
    );
    expect(closed.closed_at).toBeInstanceOf(Date);
    expect(await textsTo(caller)).toEqual([]);
  });

  test('text-back delay: nobody calls back, the text goes after the delay', async () => {
    const business = await createBusiness({ settings: { calls: { textBackDelayMs: 3_000 } } });
    const caller = newCallerPhone();
    const calledAt = Date.now();
    await callerCalls(caller, { to: business.businessNumber, owner: 'no-answer' });
    await waitForTexts(caller, 1);
    expect(Date.now() - calledAt).toBeGreaterThanOrEqual(3_000);
  });
});

describe('texts from callers', () => {
  test('the same inbound text delivered 20 times at once is stored once, with its segment count', async () => {
    const caller = newCallerPhone();
    const params = {
      MessageSid: randomSid('SM'),
      From: caller,
      To: stack.demo.businessNumber,
      Body: `My water heater is making a loud banging noise ${'and it keeps going '.repeat(20)}`.trim(),
      NumSegments: '3',
    };
    const responses = await Promise.all(Array.from({ length: 20 }, () => postWebhook('/webhooks/twilio/sms', params)));
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([200]));
    const rows = await eventually(async () => {
      const found = await withDatabase(
        async (db) => (await db.query('select body, num_segments from messages where twilio_sid = $1', [params.MessageSid])).rows,
      );
      return found.length ? found : undefined;
    });
    await settle();
    expect(rows).toEqual([{ body: params.Body, num_segments: 3 }]);
    // One assistant answer to one message.
    expect((await textsTo(caller)).length).toBe(1);
  });

  test('a text longer than 1,600 characters is refused with 400 and stores nothing', async () => {
    const caller = newCallerPhone();
    const params = { MessageSid: randomSid('SM'), From: caller, To: stack.demo.businessNumber, Body: 'x'.repeat(1_601) };
    const response = await postWebhook('/webhooks/twilio/sms', params);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/Body/);
    const { rows } = await withDatabase((db) => db.query('select 1 from messages where twilio_sid = $1', [params.MessageSid]));
    expect(rows).toEqual([]);
  });
});
