// A conversation through real processes: the caller texts through the Twilio emulator, the api's
// SMS webhook signals the workflow, the (offline) assistant answers by SMS, and STOP ends it.
import { Client, Connection } from '@temporalio/client';
import { conversationWorkflowId } from '../../domain/conversation-id';
import {
  callerTexts,
  eventually,
  missedCallFrom,
  newCallerPhone,
  postWebhook,
  randomSid,
  stack,
  textsTo,
  waitForTexts,
  withDatabase,
} from '../support/stack';

const leadStatusOf = (caller: string) =>
  withDatabase(
    async (db) =>
      (await db.query('select lead_status from conversations where caller_phone = $1', [caller])).rows[0]?.lead_status as string,
  );

test('after the text-back, the caller replies by SMS and the assistant answers in the same conversation', async () => {
  const caller = newCallerPhone();
  const call = await missedCallFrom(caller, 'no-answer');
  expect(call.status).toBe(200);
  await waitForTexts(caller, 1);

  const delivered = await callerTexts(caller, 'my kitchen sink is leaking under the cabinet');
  expect(delivered.status).toBe(200);
  const texts = await waitForTexts(caller, 2);
  expect(texts[1]!.from).toBe(stack.demo.businessNumber);
  expect(texts[1]!.body).toMatch(/name/i);

  await eventually(async () => ((await leadStatusOf(caller)) === 'engaged' ? true : undefined), { what: 'lead engaged' });
  const stored = await withDatabase(
    async (db) =>
      (
        await db.query(
          `select m.direction, m.author, m.body from messages m join conversations c on c.id = m.conversation_id
           where c.caller_phone = $1 order by m.created_at, m.id`,
          [caller],
        )
      ).rows,
  );
  expect(stored.map((row) => `${row.direction}/${row.author}`)).toEqual(['outbound/assistant', 'inbound/caller', 'outbound/assistant']);
  const conversations = await withDatabase(
    async (db) => (await db.query('select count(*) from conversations where caller_phone = $1', [caller])).rows[0],
  );
  expect(Number(conversations.count)).toBe(1);
});

test('a duplicated inbound SMS webhook (Twilio retry) is stored and answered once', async () => {
  const caller = newCallerPhone();
  const params = { MessageSid: randomSid('SM'), From: caller, To: stack.demo.businessNumber, Body: 'do you install water heaters?' };
  const responses = await Promise.all(Array.from({ length: 5 }, () => postWebhook('/webhooks/twilio/sms', params)));
  expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
  await waitForTexts(caller, 1);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await textsTo(caller)).toHaveLength(1);
  const inbound = await withDatabase(
    async (db) => (await db.query('select count(*) from messages where twilio_sid = $1', [params.MessageSid])).rows[0],
  );
  expect(Number(inbound.count)).toBe(1);
});

test('STOP ends the conversation as opted_out, and a later missed call gets no text', async () => {
  const caller = newCallerPhone();
  await callerTexts(caller, 'how much for a drain cleaning?');
  await waitForTexts(caller, 1);
  await callerTexts(caller, 'STOP');
  await eventually(async () => ((await leadStatusOf(caller)) === 'opted_out' ? true : undefined), { what: 'lead opted_out' });
  const afterStop = (await textsTo(caller)).length;

  const call = await missedCallFrom(caller, 'busy');
  expect(call.status).toBe(200);
  // The new conversation opens, sees the opt-out and closes without a word.
  await eventually(
    () =>
      withDatabase(async (db) => {
        const { rows } = await db.query('select count(*) from conversations where caller_phone = $1 and closed_at is not null', [caller]);
        return Number(rows[0].count) === 2 ? true : undefined;
      }),
    { what: 'the second conversation closed' },
  );
  expect(await textsTo(caller)).toHaveLength(afterStop);
  // The new conversation links to the previous lead.
  const [first, second] = await withDatabase(
    async (db) =>
      (await db.query('select id, previous_conversation_id from conversations where caller_phone = $1 order by created_at', [caller])).rows,
  );
  expect(first.previous_conversation_id).toBeNull();
  expect(second.previous_conversation_id).toBe(first.id);
});

test('in the sandbox a caller goes from missed call to a booked appointment entirely by SMS (offline assistant)', async () => {
  const caller = newCallerPhone();
  await missedCallFrom(caller, 'no-answer');
  await waitForTexts(caller, 1);

  await callerTexts(caller, 'my water heater is leaking everywhere');
  expect((await waitForTexts(caller, 2))[1]!.body).toMatch(/name/i);
  await callerTexts(caller, "I'm Dana Smith");
  expect((await waitForTexts(caller, 3))[2]!.body).toMatch(/address/i);
  await callerTexts(caller, 'It is at 12 Oak Street, Austin');
  const offered = await waitForTexts(caller, 5);
  expect(offered[4]!.body).toMatch(/1\).*Reply with the number/);

  await callerTexts(caller, '1');
  const confirmation = (await waitForTexts(caller, 6))[5]!.body;
  expect(confirmation).toMatch(/^Booked: /);

  const booked = await withDatabase(
    async (db) =>
      (
        await db.query(
          `select a.status, a.starts_at, c.lead_status, c.lead from appointments a join conversations c on c.id = a.conversation_id
           where c.caller_phone = $1`,
          [caller],
        )
      ).rows,
  );
  expect(booked).toEqual([
    expect.objectContaining({
      status: 'booked',
      lead_status: 'booked',
      lead: expect.objectContaining({ callerName: 'Dana Smith', serviceAddress: expect.stringContaining('12 Oak Street') }),
    }),
  ]);
  // The slot offered first is the one booked, and the owner got the booking alert by SMS.
  expect(offered[4]!.body).toContain(
    confirmation
      .replace(/^Booked: [^,]*, /, '')
      .split('.')[0]!
      .split(' Reply')[0]!,
  );
  // The owner heard of the qualified lead, then of the booking, by SMS on their cell.
  const ownerTexts = await eventually(
    async () => {
      const texts = (await textsTo('+17375550188')).filter((text) => text.body.includes(caller));
      return texts.length >= 2 ? texts : undefined;
    },
    { what: 'the owner alerts' },
  );
  expect(ownerTexts.map((text) => text.body)).toEqual([expect.stringContaining('new lead Dana Smith'), expect.stringContaining('booked')]);

  // An operator finds it in Temporal by business, caller and the lead's current status.
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection });
    const query = `NmcTenantId = '${stack.demo.tenantId}' AND NmcCallerPhone = '${caller}' AND NmcLeadStatus = 'booked'`;
    const found = await eventually(
      async () => {
        for await (const execution of client.workflow.list({ query })) return execution;
        return undefined;
      },
      { what: 'the booked conversation in Temporal visibility' },
    );
    expect(found.workflowId).toBe(conversationWorkflowId(stack.demo.tenantId, caller));
  } finally {
    await connection.close();
  }
});
