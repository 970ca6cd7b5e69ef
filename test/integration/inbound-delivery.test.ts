// Nothing a caller sends is lost (docs/decisions/0013-inbound-delivery.md): a webhook stores the
// event before answering Twilio, the inbound sweeper workflow delivers what could not be signalled,
// reconciliation finds texts Twilio holds but never sent us, and withheld callers still reach the
// owner. Real processes throughout; the one api that cannot reach Temporal runs in this process,
// pointed at a dead Temporal address, beside the stack's healthy one.
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import twilio from 'twilio';
import { conversationWorkflowId } from '../../domain/conversation-id';
import { initORM, type Orm } from '../../db/orm';
import { ensureInboundSweeper, INBOUND_SWEEPER_ID } from '../../workers/inbound-sweeper';
import { startApi, testConfig, type RunningApi } from '../support/api-app';
import {
  callerCalls,
  eventually,
  login,
  newCallerPhone,
  postWebhook,
  randomSid,
  sandboxJson,
  stack,
  textsTo,
  waitForTexts,
  withDatabase,
} from '../support/stack';

let temporal: Client;
let orm: Orm;
let deadTemporal: Client;
let cutOff: RunningApi;

beforeAll(async () => {
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  orm = await initORM(stack.databaseUrl, { poolMax: 3 });
  // Nothing listens on port 1: every call to this Temporal fails (after the delivery deadline).
  deadTemporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  cutOff = await startApi({
    orm,
    temporal: deadTemporal,
    config: testConfig({
      DATABASE_URL: stack.databaseUrl,
      PUBLIC_URL: stack.apiUrl,
      TWILIO_API_URL: stack.sandboxUrl,
      TWILIO_ACCOUNT_SID: stack.accountSid,
      TWILIO_AUTH_TOKEN: stack.authToken,
    }),
  });
});
afterAll(async () => {
  await ensureInboundSweeper(temporal); // whatever a test did to it
  await cutOff?.close();
  await deadTemporal?.connection.close();
  await temporal?.connection.close();
  await orm?.close(true);
});

/** Posts a webhook to the api that cannot reach Temporal, signed for PUBLIC_URL as Twilio would. */
function postToCutOffApi(path: string, params: Record<string, string>): Promise<Response> {
  const signature = twilio.getExpectedTwilioSignature(stack.authToken, `${stack.apiUrl}${path}`, params);
  return fetch(`${cutOff.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

async function workflowExists(workflowId: string): Promise<boolean> {
  try {
    await temporal.workflow.getHandle(workflowId).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

async function stopSweeper() {
  try {
    await temporal.workflow.getHandle(INBOUND_SWEEPER_ID).terminate('test: holding the sweeper back');
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

const inboundEvent = (key: string) =>
  withDatabase(
    async (db) =>
      (await db.query('select delivered_at, attempts, last_error, signal_args from inbound_events where dedupe_key = $1', [key]))
        .rows[0] as { delivered_at: Date | null; attempts: number; last_error: string | null; signal_args: { body: string }[] } | undefined,
  );

/** The caller's messages as the dashboard's REST api lists them: every conversation of theirs, in order. */
async function dashboardMessages(token: string, caller: string) {
  const headers = { authorization: `Bearer ${token}` };
  const list = (await (await fetch(`${stack.apiUrl}/api/conversations?q=${encodeURIComponent(caller)}`, { headers })).json()) as {
    conversations: { id: string; callerPhone: string }[];
  };
  const found: { conversationId: string; body: string; direction: string }[] = [];
  for (const conversation of list.conversations.filter((item) => item.callerPhone === caller)) {
    const page = (await (await fetch(`${stack.apiUrl}/api/conversations/${conversation.id}/messages`, { headers })).json()) as {
      messages: { body: string; direction: string }[];
    };
    found.push(...page.messages.map((message) => ({ conversationId: conversation.id, body: message.body, direction: message.direction })));
  }
  return found;
}

test('a text that reaches an api cut off from Temporal is answered at once, stored, shown, and delivered by the sweeper', async () => {
  await stopSweeper(); // so nothing delivers it until we say
  const token = await login();
  const caller = newCallerPhone();
  const sid = randomSid('SM');
  const started = Date.now();
  const response = await postToCutOffApi('/webhooks/twilio/sms', {
    MessageSid: sid,
    From: caller,
    To: stack.demo.businessNumber,
    Body: 'Is anyone there? My sink is leaking',
  });
  // Twilio does not retry a text: a 5xx here used to lose it. Now it is stored before the answer.
  expect(response.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect((await inboundEvent(`sms:${sid}`))?.signal_args[0]?.body).toBe('Is anyone there? My sink is leaking');

  // The signal fails; the owner sees the text on the dashboard anyway.
  const shown = await eventually(
    async () => {
      const messages = await dashboardMessages(token, caller);
      return messages.length > 0 ? messages : undefined;
    },
    { what: 'the text on the dashboard while Temporal is unreachable' },
  );
  expect(shown.map(({ body, direction }) => ({ body, direction }))).toEqual([
    { body: 'Is anyone there? My sink is leaking', direction: 'inbound' },
  ]);
  const failed = await inboundEvent(`sms:${sid}`);
  expect(failed).toMatchObject({ delivered_at: null });
  expect(failed!.attempts).toBeGreaterThanOrEqual(1);
  expect(failed!.last_error).toBeTruthy();
  expect(await workflowExists(conversationWorkflowId(stack.demo.tenantId, caller))).toBe(false);

  // Temporal "comes back" for this text: the sweeper runs again and delivers it.
  await ensureInboundSweeper(temporal);
  await eventually(async () => ((await inboundEvent(`sms:${sid}`))?.delivered_at ? true : undefined), { what: 'delivery by the sweeper' });
  expect(await workflowExists(conversationWorkflowId(stack.demo.tenantId, caller))).toBe(true);
  // The assistant answers it, once; the text is stored once, in the workflow's conversation.
  await waitForTexts(caller, 1);
  const rows = await eventually(
    async () => {
      const found = await withDatabase(
        async (db) =>
          (
            await db.query(
              `select m.body, c.provisional, c.closed_at from messages m join conversations c on c.id = m.conversation_id
            where c.tenant_id = $1 and c.caller_phone = $2 and m.direction = 'inbound'`,
              [stack.demo.tenantId, caller],
            )
          ).rows,
      );
      return found.length === 1 && found[0].provisional === false ? found : undefined;
    },
    { what: 'the text adopted by the real conversation' },
  );
  expect(rows).toEqual([{ body: 'Is anyone there? My sink is leaking', provisional: false, closed_at: null }]);
  const conversations = await withDatabase(async (db) =>
    Number(
      (await db.query('select count(*) from conversations where tenant_id = $1 and caller_phone = $2', [stack.demo.tenantId, caller]))
        .rows[0].count,
    ),
  );
  expect(conversations).toBe(1); // the provisional one is gone
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect((await textsTo(caller)).length).toBe(1);
});

test('a missed call whose signal failed still gets its text-back, through the sweeper', async () => {
  const caller = newCallerPhone();
  const callSid = randomSid('CA');
  const response = await postToCutOffApi('/webhooks/twilio/voice/dial-result', {
    CallSid: callSid,
    From: caller,
    To: stack.demo.businessNumber,
    DialCallStatus: 'no-answer',
  });
  expect(response.status).toBe(200);
  expect(await response.text()).toContain("We'll text you in a moment");
  // The stack's api gets the hang-up: it delivers the stored missed call first, then tells it the call ended.
  // (Not the cut-off api, whose delivery keeps failing.) Until then the sweeper may already have delivered it.
  await eventually(async () => ((await inboundEvent(`missed:${callSid}`))?.delivered_at ? true : undefined), {
    what: 'delivery of the missed call',
  });
  await postWebhook('/webhooks/twilio/status', { CallSid: callSid, CallStatus: 'completed', From: caller, To: stack.demo.businessNumber });
  const [textBack] = await waitForTexts(caller, 1);
  expect(textBack!.body).toMatch(/missed/i);
});

test('a text Twilio took while nothing of ours answered is found by reconciliation and answered', async () => {
  const caller = newCallerPhone();
  // The emulator takes the text as Twilio would, but its webhook never reaches us.
  const sent = await sandboxJson<{ messageSid: string; status: number | null }>('/sandbox/sms', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: caller, to: stack.demo.businessNumber, body: 'Hi, do you fix water heaters?', webhook: false }),
  });
  expect(sent.status).toBeNull();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await inboundEvent(`sms:${sent.messageSid}`)).toBeUndefined(); // nobody knows of it yet

  await ensureInboundSweeper(temporal);
  await temporal.workflow.getHandle(INBOUND_SWEEPER_ID).signal('reconcileNow');
  const delivered = await eventually(
    async () => {
      const event = await inboundEvent(`sms:${sent.messageSid}`);
      return event?.delivered_at ? event : undefined;
    },
    { what: 'the text recovered by reconciliation' },
  );
  expect(delivered.signal_args[0]?.body).toBe('Hi, do you fix water heaters?');
  await waitForTexts(caller, 1);
  const stored = await withDatabase(async (db) =>
    Number((await db.query('select count(*) from messages where twilio_sid = $1', [sent.messageSid])).rows[0].count),
  );
  expect(stored).toBe(1);
  const watermark = await withDatabase(
    async (db) => (await db.query('select last_seen_at from inbound_watermarks where e164 = $1', [stack.demo.businessNumber])).rows[0],
  );
  expect(watermark?.last_seen_at).toBeTruthy();

  // Reconciling again (and the webhook arriving late after all) changes nothing.
  await temporal.workflow.getHandle(INBOUND_SWEEPER_ID).signal('reconcileNow');
  const late = await postWebhook('/webhooks/twilio/sms', {
    MessageSid: sent.messageSid,
    From: caller,
    To: stack.demo.businessNumber,
    Body: 'Hi, do you fix water heaters?',
  });
  expect(late.status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  expect((await textsTo(caller)).length).toBe(1);
  const after = await withDatabase(async (db) =>
    Number((await db.query('select count(*) from messages where twilio_sid = $1', [sent.messageSid])).rows[0].count),
  );
  expect(after).toBe(1);
});

test('the same text webhooked three times at once is stored and answered once', async () => {
  const caller = newCallerPhone();
  const params = { MessageSid: randomSid('SM'), From: caller, To: stack.demo.businessNumber, Body: 'Need a plumber today' };
  const answers = await Promise.all([
    postWebhook('/webhooks/twilio/sms', params),
    postWebhook('/webhooks/twilio/sms', params),
    postWebhook('/webhooks/twilio/sms', params),
  ]);
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
  await waitForTexts(caller, 1);
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect((await textsTo(caller)).length).toBe(1);
  const counts = await withDatabase(async (db) => ({
    messages: Number((await db.query('select count(*) from messages where twilio_sid = $1', [params.MessageSid])).rows[0].count),
    events: Number(
      (await db.query('select count(*) from inbound_events where dedupe_key = $1', [`sms:${params.MessageSid}`])).rows[0].count,
    ),
  }));
  expect(counts).toEqual({ messages: 1, events: 1 });
});

describe('a caller who withholds their number', () => {
  test.each(['anonymous', 'Restricted', '+266696687'])(
    'From %s: the owner is rung (same TwiML as any call), nothing is texted',
    async (from) => {
      const callSid = randomSid('CA');
      const withheld = await postWebhook('/webhooks/twilio/voice', { CallSid: callSid, From: from, To: stack.demo.businessNumber });
      const known = await postWebhook('/webhooks/twilio/voice', {
        CallSid: randomSid('CA'),
        From: newCallerPhone(),
        To: stack.demo.businessNumber,
      });
      expect(withheld.status).toBe(200);
      expect(await withheld.text()).toBe(await known.text());
      const missed = await postWebhook('/webhooks/twilio/voice/dial-result', {
        CallSid: callSid,
        From: from,
        To: stack.demo.businessNumber,
        DialCallStatus: 'no-answer',
      });
      expect(missed.status).toBe(200);
      const prompt = await missed.text();
      expect(prompt).toContain('<Record');
      expect(prompt).not.toContain('text you');
      const row = await withDatabase(
        async (db) => (await db.query('select caller_withheld, dial_status from calls where call_sid = $1', [callSid])).rows[0],
      );
      expect(row).toEqual({ caller_withheld: true, dial_status: 'no-answer' });
      expect(await inboundEvent(`missed:${callSid}`)).toBeUndefined();
    },
  );

  test('through the emulator: the owner\'s phone rings, the voicemail is kept, no text-back, and the dashboard lists "number withheld"', async () => {
    const token = await login();
    const before = (await sandboxJson<{ messagesAccepted: number }>('/sandbox/stats')).messagesAccepted;
    const call = await callerCalls('anonymous', { owner: 'no-answer', voicemail: 'It is about the boiler, I will call again' });
    expect(call.events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'dial', result: 'no-answer' })]));
    expect(call.events.filter((event) => event.type === 'webhook').every((event) => Number(event.status) < 300)).toBe(true);
    const listed = await eventually(
      async () => {
        const answer = await fetch(`${stack.apiUrl}/api/calls/withheld`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await answer.json()) as { calls: { callSid: string; voicemail: { transcription: string | null } | null }[] };
        const mine = body.calls.find((item) => item.callSid === call.callSid);
        return mine?.voicemail?.transcription ? mine : undefined;
      },
      { what: 'the withheld call with its voicemail on the dashboard' },
    );
    expect(listed.voicemail!.transcription).toBe('It is about the boiler, I will call again');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await sandboxJson<{ messagesAccepted: number }>('/sandbox/stats')).messagesAccepted).toBe(before);
  });
});
