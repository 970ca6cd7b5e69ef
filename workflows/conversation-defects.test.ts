// Defects found in the conversation workflow, each pinned by the test that failed before its fix
// (run against the workflow as it was before the pure core): timer spins, repeated idle alerts,
// stale offers, a text answered twice after continue-as-new, texts we start at night, and a
// workflow that failed because Twilio or an alert misbehaved.
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { localParts } from '../domain/time-zone';
import {
  bodies,
  DAY,
  fakeActivities,
  HOUR,
  newCaller,
  reply,
  sms,
  start as startWith,
  withWorkers as withWorkersOn,
} from '../test/support/conversation-fakes';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import {
  bookSlotUpdate,
  inboundSmsSignal,
  missedCallSignal,
  sendOwnerMessageUpdate,
  setLeadStatusSignal,
  stateQuery,
  takeOverSignal,
} from '../contracts/conversation-workflow';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const withWorkers = <T>(fakes: ReturnType<typeof fakeActivities>, fn: () => Promise<T>) => withWorkersOn(env, fakes, fn);
const start = (caller: string, first: Parameters<typeof startWith>[2]) => startWith(env, caller, first);
const statusOf = async (handle: { describe(): Promise<{ status: { name: string } }> }) => (await handle.describe()).status.name;
const historyLength = async (handle: { fetchHistory(): Promise<{ events?: unknown[] | null }> }) =>
  (await handle.fetchHistory()).events?.length ?? 0;

/** Sleeps until the next time the wall clock in `timeZone` shows `hour`:00. */
async function sleepUntilLocal(timeZone: string, hour: number) {
  const nowMs = await env.currentTimeMs();
  const { minutes } = localParts(new Date(nowMs), timeZone);
  const wait = (hour * 60 - minutes + 24 * 60) % (24 * 60) || 24 * 60;
  await env.sleep(wait * 60_000);
}

async function slotsFrom(hoursAhead: number, count: number) {
  const base = Math.ceil((await env.currentTimeMs()) / HOUR) * HOUR + hoursAhead * HOUR;
  return Array.from({ length: count }, (_, i) => ({
    start: new Date(base + i * 3 * HOUR).toISOString(),
    end: new Date(base + i * 3 * HOUR + 2 * HOUR).toISOString(),
  }));
}

describe('no timer spins: a conversation left silent costs a bounded history', () => {
  test('the owner takes over after the assistant answered, the caller goes quiet: no spin at the nudge time', async () => {
    const fakes = fakeActivities({ settings: { timeZone: 'UTC' } });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await handle.signal(inboundSmsSignal, sms('SM1', 'my sink is leaking'));
      await env.sleep('1 minute');
      await handle.signal(takeOverSignal);
      await env.sleep(3 * HOUR);
      // Before the fix the unsendable nudge was due in the past forever: thousands of events by now.
      expect(await historyLength(handle)).toBeLessThan(100);
      await env.sleep(30 * DAY);
      expect(await handle.result()).toMatchObject({ leadStatus: 'unresponsive' });
      expect(await historyLength(handle)).toBeLessThan(150);
    });
  });

  test('a handoff to the owner with a silent caller', async () => {
    const fakes = fakeActivities({ assistant: () => reply('Let me get the owner for you.', { action: 'handoff' }) });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await handle.signal(inboundSmsSignal, sms('SM1', 'can I talk to a person?'));
      await env.sleep(3 * HOUR);
      expect(await historyLength(handle)).toBeLessThan(100);
      await env.sleep(30 * DAY);
      expect(await statusOf(handle)).not.toBe('FAILED');
      expect(await historyLength(handle)).toBeLessThan(150);
    });
  });

  test("a booked caller's reply answered by the assistant, then silence until the visit", async () => {
    const slots = await slotsFrom(5 * 24, 1);
    const fakes = fakeActivities({ slots, settings: { timeZone: 'UTC' } });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await env.sleep('1 minute');
      await handle.executeUpdate(bookSlotUpdate, { args: [{ start: slots[0]!.start }] });
      await handle.signal(inboundSmsSignal, sms('SM1', 'thanks, see you then'));
      await env.sleep(2 * DAY);
      // Before the fix the unresponsive deadline of a booked lead did nothing and stayed due.
      expect(await historyLength(handle)).toBeLessThan(120);
      expect(await handle.result()).toMatchObject({ leadStatus: 'booked' });
    });
  });

  test('the owner moves a booked lead back to qualified: nothing spins once the visit time has passed', async () => {
    const slots = await slotsFrom(2 * 24, 1);
    const fakes = fakeActivities({ slots, settings: { timeZone: 'UTC' } });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await env.sleep('1 minute');
      await handle.executeUpdate(bookSlotUpdate, { args: [{ start: slots[0]!.start }] });
      await handle.signal(setLeadStatusSignal, { status: 'qualified' });
      await env.sleep(4 * DAY);
      expect(await statusOf(handle)).not.toBe('FAILED');
      expect(await historyLength(handle)).toBeLessThan(150);
    });
  });
});

describe('the takeover-idle alert', () => {
  test('goes at most three times, with growing gaps, however long the owner stays silent', async () => {
    const fakes = fakeActivities();
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await handle.signal(takeOverSignal);
      await handle.signal(inboundSmsSignal, sms('SM1', 'hello? anyone?'));
      await env.sleep(DAY);
      await handle.terminate('test done');
    });
    // Before the fix: one every 10 minutes, 144 a day.
    expect(fakes.log.alerts.filter((alert) => alert.kind === 'takeover_idle')).toHaveLength(3);
  });

  test('never claims the caller is waiting when the owner spoke last', async () => {
    const fakes = fakeActivities();
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await handle.signal(inboundSmsSignal, sms('SM1', 'can you come today?'));
      await env.sleep('1 minute');
      await handle.executeUpdate(sendOwnerMessageUpdate, { args: [{ body: 'Yes, around 3pm.' }] });
      await env.sleep(6 * HOUR);
      await handle.terminate('test done');
    });
    expect(fakes.log.alerts.filter((alert) => alert.kind === 'takeover_idle')).toEqual([]);
  });
});

test('a text that arrived while the previous conversation was closing is answered once, also after continue-as-new', async () => {
  const fakes = fakeActivities();
  let release!: () => void;
  const closing = new Promise<void>((resolve) => (release = resolve));
  let closeStarted!: () => void;
  const closeBegan = new Promise<void>((resolve) => (closeStarted = resolve));
  const close = fakes.conversations.closeConversation;
  fakes.conversations.closeConversation = async (input) => {
    closeStarted();
    await closing;
    return close(input);
  };
  const caller = newCaller(3000);
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(setLeadStatusSignal, { status: 'lost' });
    await closeBegan;
    await handle.signal(inboundSmsSignal, sms('SM7', 'actually, can you still come?'));
    release();
    await env.sleep('1 minute');
    expect(fakes.log.assistantTurns).toBe(1);
    const next = env.client.workflow.getHandle(handle.workflowId);
    const runBefore = (await next.describe()).runId;
    // Twilio retrying a call webhook hundreds of times grows the history until it continues as new.
    for (let batch = 0; batch < 40; batch += 1) {
      await Promise.all(
        Array.from({ length: 50 }, () => next.signal(missedCallSignal, { callSid: 'CA-retried', dialStatus: 'no-answer' })),
      );
    }
    // The owner takes over: the next event after the flood, when the old loop continued as new.
    await next.signal(takeOverSignal);
    await env.sleep('1 minute');
    expect((await next.describe()).runId).not.toBe(runBefore);
    // Before the fix the next run took the closing text from its input again and handled it again.
    expect(fakes.log.assistantTurns).toBe(1);
    expect(fakes.log.inbound.filter((message) => message.messageSid === 'SM7')).toHaveLength(1);
    await next.terminate('test done');
  });
}, 120_000);

describe('offers that went stale', () => {
  test('a digit reply to an offer whose time has passed books nothing and gets fresh slots', async () => {
    const slots = await slotsFrom(3, 3);
    const fakes = fakeActivities({
      slots,
      assistant: () => reply('Let me find a time.', { action: 'offer_slots' }),
      settings: { timeZone: 'UTC' },
    });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { sms: { sid: 'SM1', body: 'I need a plumber' } });
      await env.sleep('1 minute');
      expect((await handle.query(stateQuery)).offeredSlots).toHaveLength(3);
      await env.sleep(5 * HOUR); // the first slot's time has passed
      await handle.signal(inboundSmsSignal, sms('SM2', '1'));
      await env.sleep('1 minute');
      await handle.terminate('test done');
    });
    expect(fakes.log.bookings).toEqual([]);
    expect(bodies(fakes).at(-1)).toMatch(/^assistant: Sorry, that time is no longer available\. .*1\)/);
  });
});

test('"CANCEL" from a caller with an appointment opts them out and tells the owner which visit stands', async () => {
  const slots = await slotsFrom(3 * 24, 1);
  const fakes = fakeActivities({ slots, settings: { timeZone: 'UTC' } });
  const caller = newCaller(3000);
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep('1 minute');
    await handle.executeUpdate(bookSlotUpdate, { args: [{ start: slots[0]!.start }] });
    await handle.signal(inboundSmsSignal, sms('SM1', 'CANCEL'));
    expect(await handle.result()).toMatchObject({ leadStatus: 'opted_out' });
  });
  expect(fakes.log.optOuts).toEqual([{ optedOut: true }]);
  expect(fakes.log.alerts.find((alert) => alert.kind === 'booked_caller_opted_out')?.text).toContain(slots[0]!.start);
});

describe('quiet hours and after-hours', () => {
  test('a booking the owner makes at night is confirmed to the caller at 08:00, not at once', async () => {
    const slots = await slotsFrom(3 * 24, 1);
    const fakes = fakeActivities({ slots, settings: { timeZone: 'UTC' } });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      await sleepUntilLocal('UTC', 12);
      const handle = await start(caller, { call: 'CA1' });
      await sleepUntilLocal('UTC', 22);
      const sentBefore = fakes.log.texts.length;
      await handle.executeUpdate(bookSlotUpdate, { args: [{ start: slots[0]!.start }] });
      await env.sleep(HOUR);
      expect(fakes.log.texts).toHaveLength(sentBefore);
      await sleepUntilLocal('UTC', 9);
      expect(bodies(fakes).slice(sentBefore)).toEqual([expect.stringMatching(/^assistant: Booked: /)]);
      await handle.terminate('test done');
    });
  });

  test('a text-back after hours says when the business will answer', async () => {
    const fakes = fakeActivities({ settings: { timeZone: 'UTC' } });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      await sleepUntilLocal('UTC', 22);
      const handle = await start(caller, { call: 'CA1' });
      await env.sleep('1 minute');
      await handle.terminate('test done');
    });
    expect(fakes.log.texts[0]!.body).toMatch(/We're closed; we'll reply \w{3} \d+:00 AM\. Reply STOP to opt out\.$/);
  });
});

describe('the world misbehaving never fails the conversation', () => {
  test.each([
    ['a landline (21614)', 'NotSmsCapable', 'caller_unreachable'],
    ['an invalid number (21211)', 'InvalidPhoneNumber', 'caller_unreachable'],
    ['a business number that cannot send (21606)', 'SenderNotSmsCapable', 'sender_unusable'],
  ])('%s: the owner is alerted and takes the conversation', async (_name, failureType, alertKind) => {
    const fakes = fakeActivities({ sendFails: () => ApplicationFailure.nonRetryable('Twilio refused the text', failureType) });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await handle.signal(inboundSmsSignal, sms('SM1', 'hello'));
      await env.sleep('1 minute');
      expect(await statusOf(handle)).toBe('RUNNING');
      expect(await handle.query(stateQuery)).toMatchObject({ mode: 'human', textingBlocked: alertKind });
      await handle.terminate('test done');
    });
    expect(fakes.log.alerts.map((alert) => alert.kind)).toEqual([alertKind]);
    // Once we know texts cannot reach the caller, we stop trying.
    expect(fakes.log.texts).toHaveLength(1);
  });

  test('a texting outage longer than the retry budget becomes an owner alert, not a failed workflow', async () => {
    const fakes = fakeActivities({ sendFails: () => ApplicationFailure.retryable('Twilio answered HTTP 500', 'TwilioSendFailed') });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await env.sleep(HOUR);
      expect(await statusOf(handle)).toBe('RUNNING');
      expect((await handle.query(stateQuery)).mode).toBe('human');
      await handle.terminate('test done');
    });
    expect(fakes.log.texts.length).toBeGreaterThan(1); // retried first
    expect(fakes.log.alerts.map((alert) => alert.kind)).toEqual(['texting_failed']);
  }, 120_000);

  test('an owner alert that cannot be sent does not fail the conversation', async () => {
    const fakes = fakeActivities({
      assistant: () => reply('Alerting the owner now.', { emergency: true, action: 'handoff' }),
      alertFails: () => ApplicationFailure.nonRetryable('alert could not be stored', 'AlertFailed'),
    });
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { sms: { sid: 'SM1', body: 'I smell gas' } });
      await env.sleep('1 minute');
      expect(await statusOf(handle)).toBe('RUNNING');
      expect((await handle.query(stateQuery)).mode).toBe('human');
      await handle.terminate('test done');
    });
  });

  test('STOP is stored before its confirmation is attempted', async () => {
    const fakes = fakeActivities();
    const caller = newCaller(3000);
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await handle.signal(inboundSmsSignal, sms('SM1', 'STOP'));
      await handle.result();
    });
    expect(fakes.log.order.slice(-2)).toEqual(['setOptOut:true', 'sendText:system']);
  });
});
