// The missed-call slice through real processes: the api's Twilio webhooks, PostgreSQL, the
// Temporal dev server, the worker and the Twilio emulator (which receives the text through the
// real `twilio` SDK).
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import twilio from 'twilio';
import { conversationWorkflowId } from '../../domain/conversation-id';
import {
  callEnded,
  eventually,
  missedCallFrom,
  newCallerPhone,
  postWebhook,
  randomSid,
  sandboxJson,
  stack,
  textsTo,
  withDatabase,
} from '../support/stack';

let temporal: Client;
beforeAll(async () => {
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
});
afterAll(async () => {
  await temporal.connection.close();
});

const dialResult = (caller: string, callSid = randomSid('CA'), DialCallStatus = 'no-answer') => ({
  CallSid: callSid,
  AccountSid: randomSid('AC'),
  From: caller,
  To: stack.demo.businessNumber,
  CallStatus: 'in-progress',
  DialCallStatus,
  DialCallSid: randomSid('CA'),
  Direction: 'inbound',
});

async function snapshot(caller: string) {
  const rows = await withDatabase(async (db) => {
    const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].count);
    return {
      webhookEvents: await count('select count(*) from webhook_events'),
      calls: await count('select count(*) from calls'),
      conversations: await count('select count(*) from conversations'),
      messages: await count('select count(*) from messages'),
      callerConversations: await count('select count(*) from conversations where caller_phone = $1', [caller]),
    };
  });
  const stats = await sandboxJson<{ messagesAccepted: number }>('/sandbox/stats');
  return { ...rows, messagesAccepted: stats.messagesAccepted };
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

describe('a Twilio webhook whose signature does not check out is rejected and changes nothing', () => {
  test.each([
    ['a forged signature', () => 'bm90IGEgcmVhbCBzaWduYXR1cmU='],
    ['no signature at all', () => null],
    [
      'a signature made with another auth token',
      (params: Record<string, string>) =>
        twilio.getExpectedTwilioSignature('some-other-auth-token-000000000', `${stack.apiUrl}/webhooks/twilio/voice/dial-result`, params),
    ],
    [
      'a valid signature for another URL',
      (params: Record<string, string>) =>
        twilio.getExpectedTwilioSignature(stack.authToken, `${stack.apiUrl}/webhooks/twilio/voice`, params),
    ],
  ])('%s: 403, no row, no workflow, no text', async (_what, signatureFor) => {
    const caller = newCallerPhone();
    const params = dialResult(caller);
    const before = await snapshot(caller);

    const response = await postWebhook('/webhooks/twilio/voice/dial-result', params, signatureFor(params));

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { code: 'invalid_signature', message: expect.any(String), details: null } });
    // Give a wrongly accepted request the time it would need to text the caller.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await snapshot(caller)).toEqual(before);
    expect(await workflowExists(conversationWorkflowId(stack.demo.tenantId, caller))).toBe(false);
    expect(await textsTo(caller)).toEqual([]);
  });
});

test('a missed call texts the caller once, from the business number, naming the business', async () => {
  const caller = newCallerPhone();
  const params = dialResult(caller);

  const response = await postWebhook('/webhooks/twilio/voice/dial-result', params);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/xml');
  expect(await response.text()).toMatch(/<Say>.*can't take your call.*text you.*<\/Say><Record [^>]*transcribe="true"[^>]*\/><Hangup\/>/);
  // The caller hangs up at the beep without leaving a message.
  await callEnded(caller, params.CallSid);

  const [text] = await eventually(async () => ((await textsTo(caller)).length > 0 ? textsTo(caller) : undefined), {
    what: 'the text-back',
  });
  expect(text).toMatchObject({ from: stack.demo.businessNumber, to: caller });
  expect(text!.body).toContain(stack.demo.businessName);
  expect(text!.body).toContain('Reply STOP to opt out');

  const stored = await eventually(
    () =>
      withDatabase(async (db) => {
        const { rows } = await db.query(
          `select c.tenant_id, c.lead_status, c.workflow_id, m.body, m.direction, m.twilio_sid
           from conversations c join messages m on m.conversation_id = c.id where c.caller_phone = $1`,
          [caller],
        );
        return rows.length ? rows : undefined;
      }),
    { what: 'the stored message' },
  );
  expect(stored).toEqual([
    expect.objectContaining({
      tenant_id: stack.demo.tenantId,
      lead_status: 'new',
      workflow_id: conversationWorkflowId(stack.demo.tenantId, caller),
      body: text!.body,
      direction: 'outbound',
      twilio_sid: expect.stringMatching(/^SM[0-9a-f]{32}$/),
    }),
  ]);
});

test('the conversation workflow is filterable in Temporal by business, caller, lead status and mode', async () => {
  const caller = newCallerPhone();
  expect((await postWebhook('/webhooks/twilio/voice/dial-result', dialResult(caller))).status).toBe(200);
  const workflowId = conversationWorkflowId(stack.demo.tenantId, caller);

  const query = `NmcTenantId = '${stack.demo.tenantId}' AND NmcCallerPhone = '${caller}' AND NmcLeadStatus = 'new' AND NmcMode = 'ai'`;
  const found = await eventually(
    async () => {
      for await (const execution of temporal.workflow.list({ query })) return execution;
      return undefined;
    },
    { what: 'the workflow in visibility' },
  );
  expect(found.workflowId).toBe(workflowId);
  expect(found.type).toBe('conversationWorkflow');
  expect(found.status.name).toBe('RUNNING');
});

test('Temporal Web UI reads like the dashboard: the run names the business and caller, and its details say the lead status and what comes next', async () => {
  const caller = newCallerPhone();
  const params = dialResult(caller);
  expect((await postWebhook('/webhooks/twilio/voice/dial-result', params)).status).toBe(200);
  const handle = temporal.workflow.getHandle(conversationWorkflowId(stack.demo.tenantId, caller));
  // The webhook stores the call and answers; the conversation starts a moment later.
  const started = () =>
    handle.describe().catch((error: unknown) => (error instanceof WorkflowNotFoundError ? undefined : Promise.reject(error)));
  const summary = await eventually(async () => (await started())?.staticSummary(), { what: 'the run started' });
  expect(summary).toBe(`${stack.demo.businessName} · caller ${caller}`);

  // Web UI asks the SDK's built-in metadata query for the current details.
  const details = async () => (await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails ?? '';
  const state = () => handle.query<{ timers: { textBackAt?: string } }>('state');
  // While the caller may still leave a voicemail, the text-back waits: the details name its time, as the state query does.
  const waiting = await eventually(async () => ((await details()).includes('text-back at') ? details() : undefined), {
    what: 'the text-back in the details',
  });
  expect(waiting).toContain('**Lead:** new · **Answering:** assistant');
  expect(waiting).toContain(`**Next:** text-back at ${(await state()).timers.textBackAt}`);

  // The caller hangs up: the text goes, and the details move on to what the conversation waits for now.
  await callEnded(caller, params.CallSid);
  const after = await eventually(async () => ((await details()).includes('text-back') ? undefined : details()), {
    what: 'details after the text-back',
  });
  expect(after).toContain('**Lead:** new · **Answering:** assistant');
  expect(after).toMatch(/\*\*Next:\*\* (nudge|marked unresponsive) at \d{4}-\d\d-\d\dT|\*\*Next:\*\* waiting for the caller or the owner/);
});

test('Twilio retrying the same dial-result (even 20 at once) texts the caller exactly once', async () => {
  const caller = newCallerPhone();
  const params = dialResult(caller);
  const responses = await Promise.all(Array.from({ length: 20 }, () => postWebhook('/webhooks/twilio/voice/dial-result', params)));
  expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
  await Promise.all(Array.from({ length: 3 }, () => callEnded(caller, params.CallSid)));

  await eventually(async () => ((await textsTo(caller)).length > 0 ? true : undefined), { what: 'the text-back' });
  // Leave time for a duplicate to show up if dedupe were broken.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await textsTo(caller)).toHaveLength(1);
  const { count } = await withDatabase(
    async (db) => (await db.query('select count(*) from calls where call_sid = $1', [params.CallSid])).rows[0],
  );
  expect(Number(count)).toBe(1);
});

test('a call the owner accepted (pressed 1 at the whisper) sends no text', async () => {
  const caller = newCallerPhone();
  const callSid = randomSid('CA');
  expect((await postWebhook('/webhooks/twilio/voice', { CallSid: callSid, From: caller, To: stack.demo.businessNumber })).status).toBe(200);
  const accepted = await postWebhook('/webhooks/twilio/voice/screen-result', {
    CallSid: randomSid('CA'),
    ParentCallSid: callSid,
    Digits: '1',
  });
  expect(await accepted.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  const response = await postWebhook('/webhooks/twilio/voice/dial-result', dialResult(caller, callSid, 'completed'));
  expect(response.status).toBe(200);
  expect(await response.text()).not.toContain('<Say>');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await textsTo(caller)).toEqual([]);
  expect(await workflowExists(conversationWorkflowId(stack.demo.tenantId, caller))).toBe(false);
});

test('a call to a number that belongs to no business gets 404 and stores nothing', async () => {
  const caller = newCallerPhone();
  const before = await snapshot(caller);
  const response = await postWebhook('/webhooks/twilio/voice/dial-result', { ...dialResult(caller), To: '+19995550100' });
  expect(response.status).toBe(404);
  expect((await response.json()) as unknown).toMatchObject({ error: { code: 'not_found' } });
  expect(await snapshot(caller)).toEqual(before);
});

test('a malformed webhook (no CallSid) gets 400 and stores nothing', async () => {
  const caller = newCallerPhone();
  const before = await snapshot(caller);
  const { CallSid: _omitted, ...params } = dialResult(caller);
  const response = await postWebhook('/webhooks/twilio/voice/dial-result', params);
  expect(response.status).toBe(400);
  expect((await response.json()) as unknown).toMatchObject({
    error: { code: 'invalid_request', message: expect.stringContaining('CallSid') },
  });
  expect(await snapshot(caller)).toEqual(before);
});

test('the schema was built by the migrations, from an empty database', async () => {
  const applied = await withDatabase(async (db) =>
    (await db.query('select name from mikro_orm_migrations order by id')).rows.map((row) => row.name),
  );
  // Every migration in db/migrations, in order, and nothing else.
  const onDisk = readdirSync(path.resolve(__dirname, '../../db/migrations'))
    .filter((file) => /^Migration\d+_\w+\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  expect(onDisk.length).toBeGreaterThanOrEqual(2);
  expect(applied).toEqual(onDisk);
});

test('delivery status moves forward only: a late "sent" after "delivered" is ignored', async () => {
  const caller = newCallerPhone();
  expect((await missedCallFrom(caller)).status).toBe(200);
  const statusOf = (sid: string) =>
    withDatabase(
      async (db) => (await db.query('select status from messages where twilio_sid = $1', [sid])).rows[0]?.status as string | undefined,
    );
  const sid = await eventually(
    () =>
      withDatabase(
        async (db) =>
          (
            await db.query(
              'select m.twilio_sid from messages m join conversations c on c.id = m.conversation_id where c.caller_phone = $1',
              [caller],
            )
          ).rows[0]?.twilio_sid as string | undefined,
      ),
    { what: 'the stored text-back' },
  );
  // The emulator reports sent, then delivered, as Twilio does.
  await eventually(async () => ((await statusOf(sid)) === 'delivered' ? true : undefined), { what: 'status delivered' });

  const late = await postWebhook('/webhooks/twilio/status', {
    MessageSid: sid,
    MessageStatus: 'sent',
    To: caller,
    From: stack.demo.businessNumber,
  });
  expect(late.status).toBe(204);
  expect(await statusOf(sid)).toBe('delivered');

  const unknown = await postWebhook('/webhooks/twilio/status', { MessageSid: sid, MessageStatus: 'teleported' });
  expect(unknown.status).toBe(400);
  expect(await statusOf(sid)).toBe('delivered');
});
