// No SMS is sent twice, even when Twilio fails or answers too late: the outbox keyed by
// (conversation, sequence) and the provider's message list make retried sends safe.
import {
  callerTexts,
  eventually,
  missedCallFrom,
  newCallerPhone,
  sandboxJson,
  stack,
  textsTo,
  waitForTexts,
  withDatabase,
} from '../support/stack';
import { createTwilioClient } from '../../providers/twilio-client';

const setFaults = (faults: object) =>
  sandboxJson('/sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
const twilio = createTwilioClient({ accountSid: stack.accountSid, authToken: stack.authToken, apiUrl: stack.sandboxUrl });
/**
 * How many texts to this caller Twilio's API accepted, from its message list. Not the emulator's
 * global counter: the stack is shared, and another test's conversation may send meanwhile.
 */
const acceptedFor = async (caller: string) => (await twilio.messages.list({ to: caller, limit: 50 })).length;
afterEach(async () => {
  await setFaults({});
});

test('Twilio answering 503 twice: the text-back is retried and arrives once', async () => {
  const caller = newCallerPhone();
  await setFaults({ messagesCreate: { status: 503, count: 2 } });
  expect((await missedCallFrom(caller)).status).toBe(200);
  await eventually(async () => ((await textsTo(caller)).length > 0 ? true : undefined), { what: 'the text-back after retries' });
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await textsTo(caller)).toHaveLength(1);
  expect(await acceptedFor(caller)).toBe(1);
});

test('Twilio accepting the text but answering after our timeout: the retry finds it in the message list and does not resend', async () => {
  const caller = newCallerPhone();
  // The emulator stores the message at once and answers 12 s later; our client gives up after 10 s.
  await setFaults({ messagesCreate: { delayMs: 12_000, count: 1 } });
  const sentAt = Date.now();
  expect((await missedCallFrom(caller)).status).toBe(200);
  const outbox = await eventually(
    () =>
      withDatabase(async (db) => {
        const { rows } = await db.query(
          `select o.attempted_at, o.twilio_sid from sms_outbox o join conversations c on c.id = o.conversation_id where c.caller_phone = $1`,
          [caller],
        );
        return rows[0]?.twilio_sid ? rows : undefined;
      }),
    { what: 'the outbox row with its SID', timeoutMs: 45_000 },
  );
  expect(outbox).toHaveLength(1);
  // The SID came from the retry (the first attempt timed out after 10 s), not from a second send.
  expect(Date.now() - sentAt).toBeGreaterThanOrEqual(10_000);
  expect(await textsTo(caller)).toHaveLength(1);
  expect(await acceptedFor(caller)).toBe(1);
  const messages = await withDatabase(
    async (db) =>
      (
        await db.query('select twilio_sid from messages m join conversations c on c.id = m.conversation_id where c.caller_phone = $1', [
          caller,
        ])
      ).rows,
  );
  expect(messages).toEqual([{ twilio_sid: outbox[0].twilio_sid }]);
}, 60_000);

test('delivery reports that beat Twilio’s answer to our send are applied when the text is stored, not dropped', async () => {
  const caller = newCallerPhone();
  // Accepted at once, "sent" and "delivered" reported within milliseconds, the answer 3 s later.
  await setFaults({ messagesCreate: { delayMs: 3_000, count: 1 } });
  expect((await missedCallFrom(caller)).status).toBe(200);
  const status = await eventually(
    async () => {
      const [row] = await withDatabase(
        async (db) =>
          (
            await db.query(
              `select m.status from messages m join conversations c on c.id = m.conversation_id
                where c.caller_phone = $1 and m.direction = 'outbound'`,
              [caller],
            )
          ).rows,
      );
      return row?.status === 'delivered' ? row.status : undefined;
    },
    { what: 'the text-back stored as delivered' },
  );
  expect(status).toBe('delivered');
  const { rows: waiting } = await withDatabase((db) =>
    db.query(
      `select 1 from early_message_statuses e join messages m on m.twilio_sid = e.twilio_sid
         join conversations c on c.id = m.conversation_id where c.caller_phone = $1`,
      [caller],
    ),
  );
  expect(waiting).toEqual([]);
});

test("a caller's next conversation gets its own text-back and alerts (its texts count from 1 again under the same workflow id)", async () => {
  const caller = newCallerPhone();
  await callerTexts(caller, 'wrong number, sorry');
  await waitForTexts(caller, 1);
  const closed = () =>
    withDatabase(async (db) => {
      const { rows } = await db.query('select closed_at from conversations where caller_phone = $1', [caller]);
      return rows.length > 0 && rows.every((row) => row.closed_at) ? rows : undefined;
    });
  await eventually(closed, { what: 'the first conversation closed as lost' });

  // Calls back a week later, as far as the product is concerned: a new conversation, the same workflow id.
  await missedCallFrom(caller);
  const texts = await waitForTexts(caller, 2);
  expect(texts[1]!.body).toMatch(/Sorry we missed your call/);
  await callerTexts(caller, 'actually, I smell gas in the kitchen');
  const alerts = await eventually(async () => {
    const rows = await withDatabase(
      async (db) =>
        (
          await db.query(
            `select a.kind, a.twilio_sid from alerts a join conversations c on c.id = a.conversation_id
              where c.caller_phone = $1 and c.closed_at is null`,
            [caller],
          )
        ).rows,
    );
    return rows.some((row) => row.kind === 'emergency' && row.twilio_sid) ? rows : undefined;
  });
  expect(alerts).toContainEqual({ kind: 'emergency', twilio_sid: expect.stringMatching(/^SM/) });
});

test("Twilio refusing with 21611 (the number's queue is full): the text-back waits and is sent once", async () => {
  const caller = newCallerPhone();
  await setFaults({ queueFull: 2 });
  expect((await missedCallFrom(caller)).status).toBe(200);
  await waitForTexts(caller, 1);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(await textsTo(caller)).toHaveLength(1);
  expect(await acceptedFor(caller)).toBe(1);
});

test('a text-back the carrier reports undelivered alerts the owner by SMS (through the real status callback)', async () => {
  const caller = newCallerPhone();
  await setFaults({ undeliverable: 1 });
  expect((await missedCallFrom(caller)).status).toBe(200);
  const alert = await eventually(async () => {
    const rows = await withDatabase(
      async (db) =>
        (
          await db.query(
            `select a.kind, a.twilio_sid, m.status, m.error_code from alerts a join conversations c on c.id = a.conversation_id
               join messages m on m.conversation_id = c.id and m.direction = 'outbound'
              where c.caller_phone = $1`,
            [caller],
          )
        ).rows,
    );
    return rows.find((row) => row.kind === 'text_back_undelivered' && row.twilio_sid);
  });
  expect(alert).toMatchObject({ status: 'undelivered', error_code: 30003 });
});
