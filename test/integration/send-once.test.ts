// Each outbound text at most once, even when an attempt stalls (docs/decisions/0014-send-once.md).
// The activities run here exactly as the worker runs them — real PostgreSQL, the real `twilio`
// SDK against the emulator — inside Temporal's MockActivityEnvironment, which plays the
// activity's context: heartbeats are recorded, and cancel() is what the worker does when
// Temporal gives up on an attempt (heartbeat or start-to-close timeout).
import { MockActivityEnvironment } from '@temporalio/testing';
import { alertOwner } from '../../activities/alerts';
import { assistantTurn, createModelClient } from '../../activities/assistant';
import { sendText, type SendTextInput, type SentText } from '../../activities/sms';
import { createTwilioClient, TWILIO_TIMEOUT_MS } from '../../providers/twilio-client';
import { initORM, type Orm } from '../../db/orm';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai';
import { eventually, newCallerPhone, sandboxJson, stack, textsTo, withDatabase } from '../support/stack';

jest.setTimeout(90_000);

let orm: Orm;
const twilio = createTwilioClient({ accountSid: stack.accountSid, authToken: stack.authToken, apiUrl: stack.sandboxUrl });
const post = (path: string, body: object) =>
  sandboxJson(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const stallSends = (count: number, ms: number) => post('/sandbox/stalls', { count, ms });
const stalledNow = async () => (await sandboxJson<{ inFlight: number }>('/sandbox/stalls')).inFlight;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
});
afterAll(async () => {
  await stallSends(0, 0);
  await post('/sandbox/faults', {});
  await orm.close();
});

/** A closed conversation of the demo business for a fresh caller: ours alone, no workflow behind it. */
async function conversation(): Promise<SendTextInput> {
  const caller = newCallerPhone();
  const id = await withDatabase(async (db) => {
    const { rows } = await db.query(
      `insert into conversations (id, tenant_id, caller_phone, workflow_id, closed_at)
       values (gen_random_uuid(), $1, $2, $3, now()) returning id`,
      [stack.demo.tenantId, caller, `test/send-once/${caller}`],
    );
    return rows[0].id as string;
  });
  return {
    workflowId: `test/send-once/${caller}`,
    seq: 1,
    tenantId: stack.demo.tenantId,
    conversationId: id,
    to: caller,
    from: stack.demo.businessNumber,
    body: `Sorry we missed your call (${caller})`,
    author: 'system',
  };
}

function attempt(attemptNumber: number) {
  const env = new MockActivityEnvironment({ attempt: attemptNumber, heartbeatTimeoutMs: 10_000, startToCloseTimeoutMs: 30_000 });
  const heartbeats: number[] = [];
  env.on('heartbeat', () => heartbeats.push(Date.now()));
  return { env, heartbeats };
}

const send = (env: MockActivityEnvironment, input: SendTextInput): Promise<SentText> =>
  env.run(sendText, { em: orm.em.fork(), twilio, statusCallbackUrl: `${stack.apiUrl}/webhooks/twilio/status` }, input);

test('a send stalled before Twilio takes it, a concurrent retry and a later retry: the caller gets the text once', async () => {
  const input = await conversation();
  // Twilio takes the first send only after 9 s, later than our client's 8 s timeout.
  await stallSends(1, TWILIO_TIMEOUT_MS + 1_000);
  const first = attempt(1);
  const firstResult = send(first.env, input).then(
    () => 'sent',
    (error: Error) => error.message,
  );
  await eventually(async () => ((await stalledNow()) === 1 ? true : undefined), { what: 'the first send to stall at Twilio' });

  // Temporal retried while the first attempt still runs: it holds the lease, so this one may not send.
  await expect(send(attempt(2).env, input)).rejects.toThrow(/another attempt holds this text's send lease/);

  // The first attempt's client gives up: the outcome is unknown, and Twilio takes the text a second later.
  expect(await firstResult).toMatch(/timeout/i);
  const started = Date.now();
  const third = attempt(3);
  const result = await send(third.env, input);
  // It waited until the stalled request could no longer land, then found it in Twilio's list.
  expect(Date.now() - started).toBeGreaterThan(1_000);
  expect(result.sentNow).toBe(false);
  // It heartbeat while it waited (every ~2 s; the first after 2 s).
  expect(third.heartbeats.length).toBeGreaterThanOrEqual(1);
  const texts = (await textsTo(input.to)).filter((text) => text.body === input.body);
  expect(texts).toHaveLength(1);
  expect(result.twilioSid).toMatch(/^SM/);
});

test('a send Twilio takes at once does not heartbeat (each heartbeat is a round trip and a history write)', async () => {
  const input = await conversation();
  const quick = attempt(1);
  const result = await send(quick.env, input);
  expect(result.twilioSid).toMatch(/^SM/);
  expect(quick.heartbeats).toEqual([]);
});

test('a stalled send heartbeats every ~2 s, and cancelling the attempt aborts its request at once', async () => {
  const input = await conversation();
  await stallSends(1, 20_000);
  const first = attempt(1);
  const started = Date.now();
  const running = send(first.env, input).then(
    () => 'sent',
    (error: Error) => error.message,
  );
  await sleep(5_000);
  // A worker that stopped heartbeating for 10 s would lose the attempt; this one beats on, from 2 s.
  expect(first.heartbeats.length).toBeGreaterThanOrEqual(2);
  expect(first.heartbeats[0]! - started).toBeGreaterThanOrEqual(1_500);
  first.env.cancel('TIMED_OUT');
  expect(await running).toMatch(/abort|cancel|TIMED_OUT/i);
  expect(Date.now() - started).toBeLessThan(TWILIO_TIMEOUT_MS);
  // The lease is free again (the outcome stays unknown, so the next attempt waits it out).
  const [row] = await withDatabase(
    async (db) =>
      (await db.query('select lease_owner, unsettled_since, attempt from sms_outbox where conversation_id = $1', [input.conversationId]))
        .rows,
  );
  expect(row).toMatchObject({ lease_owner: null, attempt: 1 });
  expect(row.unsettled_since).not.toBeNull();
});

test('a stalled alert to the owner is not texted twice by a concurrent retry', async () => {
  const input = await conversation();
  const alert = {
    workflowId: input.workflowId,
    seq: 7,
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    kind: 'handoff',
    text: `Owner alert ${input.to}`,
  };
  const ownerPhone = await withDatabase(
    async (db) => (await db.query('select owner_phone from tenants where id = $1', [input.tenantId])).rows[0].owner_phone as string,
  );
  const before = (await textsTo(ownerPhone)).filter((text) => text.body === alert.text).length;
  await stallSends(1, 3_000);
  const first = attempt(1).env.run(alertOwner, { em: orm.em.fork(), twilio }, alert);
  // Attempt 1 holds the lease and has gone to Twilio (marked sending). Not "one send stalled": the
  // previous test's 20 s stall may still be in flight at the emulator.
  await eventually(
    async () =>
      withDatabase(async (db) => {
        const { rows } = await db.query(
          'select 1 from alerts where conversation_id = $1 and seq = $2 and lease_owner is not null and attempted_at is not null',
          [alert.conversationId, alert.seq],
        );
        return rows.length === 1 ? true : undefined;
      }),
    { what: 'the first attempt to be sending the alert' },
  );
  await expect(attempt(2).env.run(alertOwner, { em: orm.em.fork(), twilio }, alert)).rejects.toThrow(/send lease/);
  await first;
  await attempt(3).env.run(alertOwner, { em: orm.em.fork(), twilio }, alert);
  expect((await textsTo(ownerPhone)).filter((text) => text.body === alert.text).length - before).toBe(1);
});

describe('the assistant turn', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });

  test('heartbeats while the model is slow, and cancelling it stops the model call at once', async () => {
    const input = await conversation();
    const marker = `slow model ${input.to}`;
    fake.script(marker, [{ hang: true }]);
    const model = { client: createModelClient({ apiKey: 'test', baseURL: fake.baseURL }), model: 'test-model', timeoutMs: 60_000 };
    const turn = attempt(1);
    const started = Date.now();
    const running = turn.env
      .run(
        assistantTurn,
        { em: () => orm.em.fork(), model },
        {
          tenantId: input.tenantId,
          conversationId: input.conversationId,
          businessName: stack.demo.businessName,
          transcript: [{ author: 'caller' as const, body: marker, at: new Date().toISOString() }],
          lead: {},
        },
      )
      .then(
        () => 'answered',
        (error: Error) => error.message,
      );
    await sleep(5_000);
    expect(turn.heartbeats.length).toBeGreaterThanOrEqual(2);
    turn.env.cancel('TIMED_OUT');
    expect(await running).not.toBe('answered');
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});
