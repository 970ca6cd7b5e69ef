// The conversation workflow on the real time-skipping test server, activities mocked at their
// interface: every lead path, days of waiting in milliseconds, races with the owner.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { AssistantTurnInput } from '../activities/assistant';
import { conversationWorkflowId } from '../domain/conversation-id';
import { withConversationDefaults } from '../domain/settings';
import { addLocalDays, localParts, zonedInstant } from '../domain/time-zone';
import { NmcLeadStatus, NmcMode } from '../contracts/search-attributes';
import {
  bodies,
  BUSINESS,
  DAY,
  fakeActivities,
  HOUR,
  newCaller,
  reply,
  sms,
  start as startWith,
  TENANT,
  withWorkers as withWorkersOn,
  type AssistantScript,
} from '../test/support/conversation-fakes';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import {
  bookSlotUpdate,
  callAnsweredSignal,
  callEndedSignal,
  deliveryStatusSignal,
  handBackSignal,
  inboundSmsSignal,
  missedCallSignal,
  sendOwnerMessageUpdate,
  setLeadStatusSignal,
  settingsChangedSignal,
  stateQuery,
  takeOverSignal,
  voicemailSignal,
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

test('a missed call gets one text-back from the business number that names the business and expires if stale', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep('1 minute');
    expect(await handle.query(stateQuery)).toMatchObject({ leadStatus: 'new', mode: 'ai', greetingSent: true, missedCalls: 1 });
    await handle.terminate('test done');
  });
  expect(fakes.log.opened).toEqual([
    expect.objectContaining({ callerPhone: caller, businessPhone: BUSINESS, call: { callSid: 'CA1', dialStatus: 'no-answer' } }),
  ]);
  expect(fakes.log.texts).toHaveLength(1);
  expect(fakes.log.texts[0]).toMatchObject({
    seq: 1,
    to: caller,
    from: BUSINESS,
    author: 'assistant',
    validitySeconds: expect.any(Number),
  });
  expect(fakes.log.texts[0]!.body).toMatch(/^Ace Plumbing \(automated assistant\): .*Reply STOP to opt out\.$/);
});

test('duplicate signals (Twilio retries) count once: same CallSid, same MessageSid', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await start(caller, { call: 'CA1' });
    await handle.signal(inboundSmsSignal, sms('SM1', 'my sink is leaking'));
    await handle.signal(inboundSmsSignal, sms('SM1', 'my sink is leaking'));
    await start(caller, { sms: { sid: 'SM1', body: 'my sink is leaking' } });
    await env.sleep('1 minute');
    expect(await handle.query(stateQuery)).toMatchObject({ missedCalls: 1, messagesFromCaller: 1, leadStatus: 'engaged' });
    await handle.terminate('test done');
  });
  expect(fakes.log.inbound.map((message) => message.messageSid)).toEqual(['SM1']);
  expect(fakes.log.assistantTurns).toBe(1);
  expect(bodies(fakes)).toEqual([
    expect.stringMatching(/^assistant: Ace Plumbing \(automated assistant\):/),
    'assistant: Thanks! What can we help you with?',
  ]);
});

test('the assistant qualifies the caller: engaged on the first reply, qualified once name, job and address are known', async () => {
  const script: AssistantScript = ({ transcript }) => {
    const last = transcript.at(-1)!.body;
    if (last.includes('leak')) return reply('Sorry to hear! Your name?', { fields: { jobDescription: 'leaking sink' } });
    if (last.includes('Dana')) return reply('Thanks Dana, the address?', { fields: { callerName: 'Dana' } });
    return reply('Thanks, the owner will confirm a time.', { fields: { serviceAddress: '12 Oak St' } });
  };
  const fakes = fakeActivities({ assistant: script });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(inboundSmsSignal, sms('SM1', 'my sink has a leak'));
    await env.sleep('1 minute');
    expect((await handle.query(stateQuery)).leadStatus).toBe('engaged');
    await handle.signal(inboundSmsSignal, sms('SM2', "I'm Dana"));
    await env.sleep('1 minute');
    await handle.signal(inboundSmsSignal, sms('SM3', '12 Oak St'));
    await env.sleep('1 minute');
    const state = await handle.query(stateQuery);
    expect(state.leadStatus).toBe('qualified');
    expect(state.lead).toEqual({ jobDescription: 'leaking sink', callerName: 'Dana', serviceAddress: '12 Oak St' });
    expect((await handle.describe()).typedSearchAttributes.get(NmcLeadStatus)).toBe('qualified');
    await handle.terminate('test done');
  });
  // The owner hears of a new qualified lead once, with what they need to call back.
  expect(fakes.log.alerts).toEqual([expect.objectContaining({ kind: 'lead_qualified', text: expect.stringContaining('Dana') })]);
  // Every caller message got exactly one answer, in order.
  expect(bodies(fakes).slice(1)).toEqual([
    'assistant: Sorry to hear! Your name?',
    'assistant: Thanks Dana, the address?',
    'assistant: Thanks, the owner will confirm a time.',
  ]);
});

test('a caller texting first (no missed call) gets an answer but no missed-call greeting', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { sms: { sid: 'SM1', body: 'do you fix water heaters?' } });
    await env.sleep('1 minute');
    expect(await handle.query(stateQuery)).toMatchObject({ greetingSent: false, leadStatus: 'engaged' });
    await handle.terminate('test done');
  });
  expect(fakes.log.opened[0]!.call).toBeUndefined();
  expect(bodies(fakes)).toEqual(['assistant: Thanks! What can we help you with?']);
});

test('STOP: one confirmation, recorded per business, nothing sent after, the lead ends opted_out', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(inboundSmsSignal, sms('SM1', ' Stop. '));
    expect(await handle.result()).toMatchObject({ leadStatus: 'opted_out' });
  });
  expect(bodies(fakes)).toEqual([
    expect.stringMatching(/^assistant: Ace Plumbing \(automated assistant\):/),
    expect.stringMatching(/^system: .*START/),
  ]);
  expect(fakes.log.optOuts).toEqual([{ optedOut: true }]);
  expect(fakes.log.assistantTurns).toBe(0);
  expect(fakes.log.closed).toEqual([expect.objectContaining({ leadStatus: 'opted_out' })]);
});

test('a caller who opted out earlier gets no text-back; START resumes with one confirmation', async () => {
  const fakes = fakeActivities({ optedOut: true });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    // Nothing to say to someone who opted out: the conversation ends at once, silently.
    expect(await handle.result()).toMatchObject({ leadStatus: 'opted_out' });
    expect(fakes.log.texts).toEqual([]);
    const again = await start(caller, { sms: { sid: 'SM9', body: 'START' } });
    await env.sleep('1 minute');
    expect(await again.query(stateQuery)).toMatchObject({ optedOut: false, leadStatus: 'engaged' });
    await again.terminate('test done');
  });
  expect(bodies(fakes)).toEqual([expect.stringMatching(/^system: .*Ace Plumbing/)]);
  expect(fakes.log.optOuts).toEqual([{ optedOut: false }]);
});

test('a call that arrives while the conversation is closing is not dropped: it opens the next conversation', async () => {
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
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(setLeadStatusSignal, { status: 'lost' });
    await closeBegan;
    await handle.signal(missedCallSignal, { callSid: 'CA2', dialStatus: 'busy' });
    release();
    await env.sleep('1 minute');
    const next = env.client.workflow.getHandle(handle.workflowId);
    expect(await next.query(stateQuery)).toMatchObject({ leadStatus: 'new', greetingSent: true, missedCalls: 1 });
    await next.terminate('test done');
  });
  expect(fakes.log.opened.map((opened) => opened.call?.callSid)).toEqual(['CA1', 'CA2']);
  expect(fakes.log.opened[1]!.conversationId).not.toBe(fakes.log.opened[0]!.conversationId);
  expect(fakes.log.closed).toEqual([expect.objectContaining({ leadStatus: 'lost' })]);
});

test('HELP is answered with the business name and number, without the assistant', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { sms: { sid: 'SM1', body: 'help' } });
    await env.sleep('1 minute');
    await handle.terminate('test done');
  });
  expect(fakes.log.assistantTurns).toBe(0);
  expect(fakes.log.texts).toHaveLength(1);
  expect(fakes.log.texts[0]!.body).toContain('Ace Plumbing');
});

test('takeover while the assistant is still thinking: its reply is never sent', async () => {
  let release!: () => void;
  const thinking = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const turnStarted = new Promise<void>((resolve) => (started = resolve));
  const fakes = fakeActivities({
    assistant: async () => {
      started();
      await thinking;
      return reply('AI REPLY THAT MUST NOT BE SENT');
    },
  });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(inboundSmsSignal, sms('SM1', 'is anyone there?'));
    await turnStarted;
    await handle.signal(takeOverSignal);
    expect((await handle.query(stateQuery)).mode).toBe('human');
    release();
    await env.sleep('1 minute');
    expect((await handle.describe()).typedSearchAttributes.get(NmcMode)).toBe('human');
    await handle.terminate('test done');
  });
  expect(bodies(fakes).join('\n')).not.toContain('AI REPLY THAT MUST NOT BE SENT');
  expect(fakes.log.changes.at(-1)).toMatchObject({ mode: 'human' });
});

test('an owner message takes over implicitly, is answered with the stored message, and an empty one is refused with a reason', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep('1 minute');
    const stored = await handle.executeUpdate(sendOwnerMessageUpdate, { args: [{ body: '  Hi, this is Sam, I can come today.  ' }] });
    expect(stored).toMatchObject({ author: 'owner', body: 'Hi, this is Sam, I can come today.', direction: 'outbound' });
    expect((await handle.query(stateQuery)).mode).toBe('human');
    const refused = await handle.executeUpdate(sendOwnerMessageUpdate, { args: [{ body: '   ' }] }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refused as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
    expect(((refused as WorkflowUpdateFailedError).cause as ApplicationFailure).message).toBe('the message is empty');
    // While the owner has it, the caller's messages are not answered by the assistant...
    await handle.signal(inboundSmsSignal, sms('SM1', 'great, what time?'));
    await env.sleep('1 minute');
    expect(fakes.log.assistantTurns).toBe(0);
    // ...until the owner hands back: the assistant answers what is waiting, with the whole transcript.
    await handle.signal(handBackSignal);
    await env.sleep('1 minute');
    expect(fakes.log.assistantTurns).toBe(1);
    await handle.terminate('test done');
  });
  expect(bodies(fakes).slice(1)).toEqual(['owner: Hi, this is Sam, I can come today.', 'assistant: Thanks! What can we help you with?']);
});

test('silence: one nudge after 2 hours, unresponsive after 24 hours (the nudge does not restart the clock)', async () => {
  const fakes = fakeActivities({ settings: { timeZone: 'UTC' } });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    // Quiet hours are 21:00-08:00 business time: start at 09:00 UTC so the nudge is not held.
    const nowMs = await env.currentTimeMs();
    const nine = new Date(nowMs);
    nine.setUTCHours(9, 0, 0, 0);
    if (nine.getTime() <= nowMs) nine.setUTCDate(nine.getUTCDate() + 1);
    await env.sleep(nine.getTime() - nowMs);
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep(HOUR + 59 * 60 * 1000);
    expect(fakes.log.texts).toHaveLength(1);
    await env.sleep(2 * 60 * 1000);
    expect(bodies(fakes)[1]).toMatch(/^assistant: /);
    expect(fakes.log.texts).toHaveLength(2);
    const outcome = await handle.result();
    expect(outcome.leadStatus).toBe('unresponsive');
    const ended = (await handle.describe()).closeTime!.getTime();
    expect(ended - nine.getTime()).toBeGreaterThanOrEqual(24 * HOUR);
    expect(ended - nine.getTime()).toBeLessThan(25 * HOUR);
  });
  expect(fakes.log.texts).toHaveLength(2);
  expect(fakes.log.closed).toEqual([expect.objectContaining({ leadStatus: 'unresponsive' })]);
});

test('quiet hours: a nudge that falls due at night is held until 08:00 business time', async () => {
  const fakes = fakeActivities({ settings: { timeZone: 'America/Chicago' } });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    // Start at 20:00 in Chicago: the nudge would fall due at 22:00.
    let nowMs = await env.currentTimeMs();
    const { minutes } = localParts(new Date(nowMs), 'America/Chicago');
    await env.sleep(((20 * 60 - minutes + 24 * 60) % (24 * 60) || 24 * 60) * 60 * 1000);
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep(3 * HOUR);
    expect(fakes.log.texts).toHaveLength(1);
    await env.sleep(8 * HOUR);
    expect(fakes.log.texts).toHaveLength(1);
    await env.sleep(2 * HOUR); // past 08:00
    expect(fakes.log.texts).toHaveLength(2);
    nowMs = await env.currentTimeMs();
    const sentAt = localParts(new Date(nowMs - 2 * HOUR), 'America/Chicago');
    expect(sentAt.minutes).toBeGreaterThanOrEqual(7 * 60); // sanity: we looked near the morning
    await handle.terminate('test done');
  });
});

test('the owner is alerted when a takeover sits idle for 10 minutes', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(takeOverSignal);
    await handle.signal(inboundSmsSignal, sms('SM1', 'hello?'));
    await env.sleep('9 minutes');
    expect(fakes.log.alerts).toEqual([]);
    await env.sleep('2 minutes');
    expect(fakes.log.alerts).toEqual([expect.objectContaining({ kind: 'takeover_idle' })]);
    await handle.terminate('test done');
  });
});

test('an emergency hands off to the owner at once and alerts them', async () => {
  const fakes = fakeActivities({ assistant: () => reply('Alerting the owner now.', { emergency: true, action: 'handoff' }) });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(inboundSmsSignal, sms('SM1', 'I smell gas'));
    await env.sleep('1 minute');
    expect((await handle.query(stateQuery)).mode).toBe('human');
    await handle.terminate('test done');
  });
  expect(fakes.log.alerts).toEqual([expect.objectContaining({ kind: 'emergency', text: expect.stringContaining('I smell gas') })]);
});

test('carrier reports: 21610 marks the caller opted out; an undelivered text-back alerts the owner', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep('1 minute');
    await handle.signal(deliveryStatusSignal, { messageSid: 'SM1', status: 'undelivered', errorCode: 30003 });
    await env.sleep('1 minute');
    expect(fakes.log.alerts).toEqual([expect.objectContaining({ kind: 'text_back_undelivered' })]);
    await handle.signal(deliveryStatusSignal, { messageSid: 'SM1', status: 'failed', errorCode: 21610 });
    expect(await handle.result()).toMatchObject({ leadStatus: 'opted_out' });
  });
  expect(fakes.log.optOuts).toEqual([{ optedOut: true }]);
  expect(fakes.log.texts).toHaveLength(1); // no confirmation: the carrier already blocks us
});

test('an undelivered report that beats the send activity’s own answer still alerts the owner', async () => {
  const caller = newCaller();
  const fakes = fakeActivities({
    beforeSendReturns: async (input) => {
      if (input.seq !== 1) return;
      await env.client.workflow
        .getHandle(conversationWorkflowId(TENANT, caller))
        .signal(deliveryStatusSignal, { messageSid: 'SM1', status: 'undelivered', errorCode: 30003 });
    },
  });
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep('1 minute');
    expect(fakes.log.alerts).toEqual([expect.objectContaining({ kind: 'text_back_undelivered' })]);
    await handle.terminate('test done');
  });
});

test('settings changed on a running conversation apply at once (a shorter unresponsive timeout)', async () => {
  const fakes = fakeActivities({ settings: { timeZone: 'UTC' } });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep('10 minutes');
    const shorter = withConversationDefaults({
      timeZone: 'UTC',
      businessName: 'Ace Plumbing',
      unresponsiveAfterMs: HOUR,
      nudgeAfterMs: 2 * HOUR,
    });
    await handle.signal(settingsChangedSignal, shorter);
    const startedWaiting = await env.currentTimeMs();
    expect(await handle.result()).toMatchObject({ leadStatus: 'unresponsive' });
    expect((await handle.describe()).closeTime!.getTime() - startedWaiting).toBeLessThan(2 * HOUR);
  });
});

test('a caller who declines ends the lead as lost', async () => {
  const fakes = fakeActivities({ assistant: () => reply('No problem, thanks for letting us know!', { action: 'close' }) });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(inboundSmsSignal, sms('SM1', 'no thanks, found someone else'));
    expect(await handle.result()).toMatchObject({ leadStatus: 'lost' });
  });
  expect(bodies(fakes).at(-1)).toBe('assistant: No problem, thanks for letting us know!');
  expect(fakes.log.closed).toEqual([expect.objectContaining({ leadStatus: 'lost' })]);
});

test('the owner sets a status by hand; opted_out cannot be set by hand', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(setLeadStatusSignal, { status: 'opted_out' });
    await env.sleep('1 minute');
    expect((await handle.query(stateQuery)).leadStatus).toBe('new');
    await handle.signal(setLeadStatusSignal, { status: 'lost' });
    expect(await handle.result()).toMatchObject({ leadStatus: 'lost' });
  });
  expect(fakes.log.closed).toEqual([expect.objectContaining({ leadStatus: 'lost' })]);
});

test('a 600-message conversation continues as new and keeps every message, none twice', async () => {
  const fakes = fakeActivities();
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await handle.signal(takeOverSignal); // the owner has it: no assistant turns, just the caller's messages
    const firstRun = (await handle.describe()).runId;
    for (let i = 1; i <= 600; i++) await handle.signal(inboundSmsSignal, sms(`SM${i}`, `message ${i}`));
    await env.sleep('1 minute');
    const latest = env.client.workflow.getHandle(handle.workflowId);
    expect((await latest.query(stateQuery)).messagesFromCaller).toBe(600);
    expect((await latest.describe()).runId).not.toBe(firstRun);
    await latest.terminate('test done');
  });
  const sids = fakes.log.inbound.map((message) => message.messageSid);
  expect(new Set(sids).size).toBe(600);
  expect(sids).toHaveLength(600);
}, 240_000);

// ---- bookings ---------------------------------------------------------------------------------

async function sleepUntil(instant: Date) {
  const nowMs = await env.currentTimeMs();
  if (instant.getTime() > nowMs) await env.sleep(instant.getTime() - nowMs);
}
/** Slots relative to the test server's clock, which starts at real time and only moves forward. */
async function slotsFrom(daysAhead: number, count: number) {
  const base = Math.ceil((await env.currentTimeMs()) / HOUR) * HOUR + daysAhead * DAY;
  return Array.from({ length: count }, (_, i) => ({
    start: new Date(base + i * 3 * HOUR).toISOString(),
    end: new Date(base + i * 3 * HOUR + 2 * HOUR).toISOString(),
  }));
}
const offerSlots = () => reply('Great, let me find a time.', { action: 'offer_slots' });

test('the caller books by answering an offer with its number: stored first, then confirmed, owner alerted, lead booked', async () => {
  const slots = await slotsFrom(2, 3);
  const fakes = fakeActivities({ slots, assistant: offerSlots, settings: { timeZone: 'UTC' } });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { sms: { sid: 'SM1', body: 'can someone come fix my heater?' } });
    await env.sleep('1 minute');
    expect((await handle.query(stateQuery)).offeredSlots).toHaveLength(3);
    await handle.signal(inboundSmsSignal, sms('SM2', '2'));
    await env.sleep('1 minute');
    const state = await handle.query(stateQuery);
    expect(state).toMatchObject({ leadStatus: 'booked', appointment: { start: slots[1]!.start }, offeredSlots: [] });
    expect((await handle.describe()).typedSearchAttributes.get(NmcLeadStatus)).toBe('booked');
    await handle.terminate('test done');
  });
  expect(fakes.log.bookings).toEqual([{ start: slots[1]!.start, ok: true }]);
  const texts = bodies(fakes);
  expect(texts[1]).toMatch(/1\).*2\).*3\)/);
  expect(texts.at(-1)).toMatch(/^assistant: Booked: /);
  expect(fakes.log.alerts).toEqual([expect.objectContaining({ kind: 'booking_made' })]);
  // "Booked" went out only after the booking activity succeeded.
  expect(fakes.log.assistantTurns).toBe(1);
});

test("the offer follows the caller's words: their text is read for a time, earlier offers are not repeated, and nearest times are said to be so", async () => {
  const slots = await slotsFrom(2, 6);
  const nearest = slots.slice(3).map((slot) => ({ ...slot, fits: false as const }));
  const fakes = fakeActivities({
    assistant: offerSlots,
    settings: { timeZone: 'UTC' },
    // First offer: the first three; asked again: the nearest others (nothing fits "sunday night").
    listSlots: (input) => ((input.alreadyOffered ?? []).length === 0 ? slots.slice(0, 3) : nearest),
  });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { sms: { sid: 'SM1', body: 'tomorrow afternoon works' } });
    await env.sleep('1 minute');
    await handle.signal(inboundSmsSignal, sms('SM2', 'none of those, sunday night?'));
    await env.sleep('1 minute');
    expect((await handle.query(stateQuery)).offeredSlots.map((slot) => slot.start)).toEqual(nearest.map((slot) => slot.start));
    await handle.terminate('test done');
  });
  expect(fakes.log.slotQueries.map(({ preferences, alreadyOffered }) => ({ preferences, alreadyOffered }))).toEqual([
    { preferences: ['tomorrow afternoon works'], alreadyOffered: [] },
    { preferences: ['none of those, sunday night?'], alreadyOffered: slots.slice(0, 3).map((slot) => slot.start) },
  ]);
  const offers = bodies(fakes).filter((text) => /1\)/.test(text));
  expect(offers).toHaveLength(2);
  expect(offers[0]).not.toMatch(/Nothing is free/);
  expect(offers[1]).toMatch(/^assistant: Nothing is free then; the nearest times: .*1\)/);
});

test('RESCHEDULE by text: fresh slots, the appointment moves (old one freed after the new is held), reminders follow the new time; CANCEL APPOINTMENT cancels and alerts the owner; each confirmed by text', async () => {
  // Noon UTC on six days: the day-before reminder falls in the day, never held by quiet hours
  // (the test server's clock, shared by this file's tests, may be at any hour).
  const firstDay = Math.ceil((await env.currentTimeMs()) / DAY) * DAY + 3 * DAY;
  const slots = Array.from({ length: 6 }, (_, i) => ({
    start: new Date(firstDay + i * DAY + 12 * HOUR).toISOString(),
    end: new Date(firstDay + i * DAY + 14 * HOUR).toISOString(),
  }));
  const fakes = fakeActivities({
    slots,
    assistant: offerSlots,
    settings: { timeZone: 'UTC', reminderOffsetsMs: [DAY] },
    // As the slots activity does: times already offered only when nothing else is free.
    listSlots: (input) => slots.filter((slot) => !(input.alreadyOffered ?? []).includes(slot.start)).slice(0, input.limit),
  });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { sms: { sid: 'SM1', body: 'my water heater is leaking' } });
    await env.sleep('1 minute');
    await handle.signal(inboundSmsSignal, sms('SM2', '1'));
    await env.sleep('1 minute');
    expect((await handle.query(stateQuery)).appointment?.start).toBe(slots[0]!.start);

    await handle.signal(inboundSmsSignal, sms('SM3', 'RESCHEDULE'));
    await env.sleep('1 minute');
    const offered = (await handle.query(stateQuery)).offeredSlots.map((slot) => slot.start);
    // Fresh times: neither the booked one nor the first offer again.
    expect(offered).not.toContain(slots[0]!.start);
    expect(offered).toEqual([slots[3]!.start, slots[4]!.start, slots[5]!.start]);
    await handle.signal(inboundSmsSignal, sms('SM4', '2'));
    await env.sleep('1 minute');
    expect(await handle.query(stateQuery)).toMatchObject({ leadStatus: 'booked', appointment: { start: slots[4]!.start } });
    expect(fakes.log.cancelled).toEqual([`apt-${slots[0]!.start}`]);
    const movedText = bodies(fakes).at(-1);
    expect(movedText).toMatch(/^assistant: Moved: .*now .*Reply RESCHEDULE or CANCEL APPOINTMENT/);

    // The reminder comes a day before the new time, none for the old one.
    await sleepUntil(new Date(Date.parse(slots[4]!.start) - DAY + 60_000));
    const reminders = fakes.log.texts.filter((text) => text.body.startsWith('Reminder:'));
    expect(reminders).toHaveLength(1);

    await handle.signal(inboundSmsSignal, sms('SM5', 'cancel appointment'));
    await env.sleep('1 minute');
    expect((await handle.query(stateQuery)).appointment).toBeUndefined();
    await handle.terminate('test done');
  });
  expect(fakes.log.cancelled).toEqual([`apt-${slots[0]!.start}`, `apt-${slots[4]!.start}`]);
  expect(bodies(fakes).at(-1)).toMatch(/^assistant: Your .* appointment on .* is cancelled\.$/);
  expect(fakes.log.alerts.map((alert) => alert.kind)).toEqual(['booking_made', 'booking_made', 'booking_cancelled']);
  expect(fakes.log.alerts[1]!.text).toMatch(/moved their appointment from/);
}, 120_000);

test('two callers, one slot: the loser is told it was taken and offered other slots', async () => {
  const slots = await slotsFrom(2, 4);
  const fakes = fakeActivities({ slots, assistant: offerSlots, settings: { timeZone: 'UTC' } });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { sms: { sid: 'SM1', body: 'need a plumber this week' } });
    await env.sleep('1 minute');
    // Meanwhile someone else books the first slot.
    await fakes.conversations.bookAppointment({ start: slots[0]!.start });
    await handle.signal(inboundSmsSignal, sms('SM2', '1'));
    await env.sleep('1 minute');
    const state = await handle.query(stateQuery);
    expect(state.appointment).toBeUndefined();
    expect(state.offeredSlots.map((slot) => slot.start)).toEqual([slots[1]!.start, slots[2]!.start, slots[3]!.start]);
    await handle.terminate('test done');
  });
  expect(bodies(fakes).at(-1)).toMatch(/^assistant: Sorry, that time was just taken\..*1\)/);
});

test('bookSlot from the dashboard: refuses the past and unavailable times with a reason, books a free one, reschedules', async () => {
  const slots = await slotsFrom(3, 2);
  const fakes = fakeActivities({ slots, settings: { timeZone: 'UTC' } });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep('1 minute');
    const reason = (error: unknown) => ((error as WorkflowUpdateFailedError).cause as ApplicationFailure).type;
    const past = await handle.executeUpdate(bookSlotUpdate, { args: [{ start: '2020-01-01T09:00:00Z' }] }).catch((error: unknown) => error);
    expect(reason(past)).toBe('InvalidSlot');
    const notFree = await handle
      .executeUpdate(bookSlotUpdate, { args: [{ start: new Date(Date.parse(slots[0]!.start) + 30 * 60_000).toISOString() }] })
      .catch((error: unknown) => error);
    expect(reason(notFree)).toBe('SlotUnavailable');
    const booked = await handle.executeUpdate(bookSlotUpdate, { args: [{ start: slots[1]!.start }] });
    expect(booked).toEqual({ id: `apt-${slots[1]!.start}`, start: slots[1]!.start, end: slots[1]!.end });
    // Rescheduling from the dashboard: the new slot is held first, then the old one is freed.
    const moved = await handle.executeUpdate(bookSlotUpdate, { args: [{ start: slots[0]!.start }] });
    expect(moved.start).toBe(slots[0]!.start);
    expect((await handle.query(stateQuery)).appointment).toEqual(moved);
    await handle.terminate('test done');
  });
  expect(fakes.log.bookings).toEqual([
    { start: slots[1]!.start, ok: true },
    { start: slots[0]!.start, ok: true },
  ]);
  expect(fakes.log.cancelled).toEqual([`apt-${slots[1]!.start}`]);
});

test('cancel by SMS reply (and "CANCEL" alone stays an opt-out): the slot is freed and the lead is qualified again', async () => {
  const slots = await slotsFrom(2, 1);
  const fakes = fakeActivities({ slots, settings: { timeZone: 'UTC' } });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep('1 minute');
    await handle.executeUpdate(bookSlotUpdate, { args: [{ start: slots[0]!.start }] });
    await handle.signal(inboundSmsSignal, sms('SM1', 'please cancel my appointment'));
    await env.sleep('1 minute');
    const state = await handle.query(stateQuery);
    expect(state.appointment).toBeUndefined();
    expect(state.leadStatus).not.toBe('booked');
    await handle.terminate('test done');
  });
  expect(fakes.log.cancelled).toEqual([`apt-${slots[0]!.start}`]);
  expect(bodies(fakes).at(-1)).toMatch(/^assistant: Your .* appointment on .* is cancelled\./);
  expect(fakes.log.alerts.map((alert) => alert.kind)).toEqual(['booking_made', 'booking_cancelled']);
});

test('reminders 1 day and 1 hour before, at the same local time across the DST change; the conversation ends booked after the visit', async () => {
  // America/Chicago springs forward on the second Sunday of March: a Sunday 10:00 appointment's
  // day-before reminder is Saturday 10:00 CST, 23 real hours earlier (a fixed 24 h would say 09:00).
  // The test server's clock only moves forward, so take the next such Sunday at least a week away.
  const nowMs = await env.currentTimeMs();
  let year = new Date(nowMs).getUTCFullYear();
  const springForward = (y: number) => {
    const firstOfMarch = new Date(Date.UTC(y, 2, 1)).getUTCDay();
    return `${y}-03-${String(1 + ((7 - firstOfMarch) % 7) + 7).padStart(2, '0')}`;
  };
  while (zonedInstant(springForward(year), 0, 'America/Chicago').getTime() < nowMs + 7 * DAY) year += 1;
  const sunday = springForward(year);
  const saturday = addLocalDays(sunday, -1);
  const visit = zonedInstant(sunday, 10 * 60, 'America/Chicago').toISOString();
  const end = zonedInstant(sunday, 12 * 60, 'America/Chicago').toISOString();
  const dayBefore = zonedInstant(saturday, 10 * 60, 'America/Chicago');
  expect(Date.parse(visit) - dayBefore.getTime()).toBe(23 * HOUR);
  const fakes = fakeActivities({ slots: [{ start: visit, end }], settings: { timeZone: 'America/Chicago' } });
  const caller = newCaller();
  await withWorkers(fakes, async () => {
    await sleepUntil(new Date(dayBefore.getTime() - 3 * DAY));
    const handle = await start(caller, { call: 'CA1' });
    await env.sleep('1 minute');
    await handle.executeUpdate(bookSlotUpdate, { args: [{ start: visit }] });
    const sentBefore = fakes.log.texts.length;
    await sleepUntil(new Date(dayBefore.getTime() - 60_000)); // Saturday 09:59 CST
    expect(fakes.log.texts).toHaveLength(sentBefore);
    await sleepUntil(new Date(dayBefore.getTime() + 60_000)); // Saturday 10:01 CST
    expect(fakes.log.texts).toHaveLength(sentBefore + 1);
    expect(fakes.log.texts.at(-1)!.body).toMatch(/^Reminder: .*Sun Mar \d+, 10:00 AM/);
    await sleepUntil(new Date(Date.parse(visit) - HOUR - 60_000)); // Sunday 08:59 CDT
    expect(fakes.log.texts).toHaveLength(sentBefore + 1);
    await sleepUntil(new Date(Date.parse(visit) - HOUR + 60_000)); // Sunday 09:01 CDT
    expect(fakes.log.texts).toHaveLength(sentBefore + 2);
    expect(fakes.log.texts.at(-1)!.body).toMatch(/today at 10:00 AM/);
    expect(await handle.result()).toMatchObject({ leadStatus: 'booked' });
    expect((await handle.describe()).closeTime!.toISOString() >= end).toBe(true);
  });
  expect(fakes.log.closed).toEqual([expect.objectContaining({ leadStatus: 'booked' })]);
});

describe('voicemail and the text-back', () => {
  test('a caller leaving a voicemail is texted once it is recorded, the text says we got it, and the transcription is answered', async () => {
    const seen: AssistantTurnInput[] = [];
    const fakes = fakeActivities({
      assistant: (input) => (seen.push(input), reply('Sorry about the water heater! May I have your name?')),
    });
    const caller = newCaller();
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1', voicemailOffered: true });
      await env.sleep('20 seconds');
      // Still on the line, leaving a message: the text waits so it can refer to it.
      expect(fakes.log.texts).toEqual([]);
      await handle.signal(voicemailSignal, { callSid: 'CA1', recordingSid: 'RE1', durationSeconds: 14 });
      await env.sleep('5 seconds');
      expect(bodies(fakes)).toEqual([
        expect.stringMatching(/^assistant: Ace Plumbing \(automated assistant\): .*we got your voicemail.*Reply STOP/),
      ]);
      await handle.signal(voicemailSignal, {
        callSid: 'CA1',
        recordingSid: 'RE1',
        durationSeconds: 14,
        transcription: 'Hi my water heater is leaking in the garage',
      });
      // Twilio retrying the transcription callback: answered once.
      await handle.signal(voicemailSignal, { callSid: 'CA1', recordingSid: 'RE1', durationSeconds: 14, transcription: 'again' });
      await env.sleep('1 minute');
      await handle.terminate('test done');
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.transcript.at(-1)).toMatchObject({ author: 'caller', body: '(voicemail) Hi my water heater is leaking in the garage' });
    expect(bodies(fakes)).toHaveLength(2);
  });

  test('a caller who hangs up at the beep is texted at once with the plain greeting', async () => {
    const fakes = fakeActivities();
    const caller = newCaller();
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1', voicemailOffered: true });
      await handle.signal(callEndedSignal, { callSid: 'CA1' });
      await env.sleep('2 seconds');
      expect(bodies(fakes)).toEqual([
        expect.stringMatching(/^assistant: Ace Plumbing \(automated assistant\): Sorry we missed your call! How can we help\?/),
      ]);
      await handle.terminate('test done');
    });
  });

  test('without any word from Twilio the text-back still goes after the longest voicemail (never lost)', async () => {
    const fakes = fakeActivities();
    const caller = newCaller();
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1', voicemailOffered: true });
      await env.sleep('2 minutes');
      expect(fakes.log.texts).toEqual([]);
      await env.sleep('1 minute');
      expect(fakes.log.texts).toHaveLength(1);
      await handle.terminate('test done');
    });
  });
});

describe('the text-back delay', () => {
  const delayed = { settings: { calls: { forwardToOwner: true, ringTimeoutSeconds: 20, textBackDelayMs: 3 * 60_000 } } };

  test('a call the owner answers (or returns) within the delay cancels the text-back and ends the conversation quietly', async () => {
    const fakes = fakeActivities(delayed);
    const caller = newCaller();
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await env.sleep('1 minute');
      await handle.signal(callAnsweredSignal, { callSid: 'CA2', by: 'owner_answered' });
      expect((await handle.result()).leadStatus).toBe('new');
    });
    expect(fakes.log.texts).toEqual([]);
    expect(fakes.log.closed).toHaveLength(1);
  });

  test('when nobody calls back, the text goes when the delay is over, not before', async () => {
    const fakes = fakeActivities(delayed);
    const caller = newCaller();
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { call: 'CA1' });
      await env.sleep('2 minutes');
      expect(fakes.log.texts).toEqual([]);
      await env.sleep('2 minutes');
      expect(fakes.log.texts).toHaveLength(1);
      // Answered later: too late to cancel, nothing changes.
      await handle.signal(callAnsweredSignal, { by: 'owner_called_back' });
      await env.sleep('1 minute');
      expect(await handle.query(stateQuery)).toMatchObject({ closed: false, greetingSent: true });
      await handle.terminate('test done');
    });
  });
});

describe('when the assistant cannot answer', () => {
  test('an assistant activity that keeps failing gets the safe fallback text, a handoff and an owner alert', async () => {
    const fakes = fakeActivities({
      assistant: () => {
        throw ApplicationFailure.nonRetryable('model unavailable', 'ModelDown');
      },
    });
    const caller = newCaller();
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { sms: { sid: 'SM1', body: 'my toilet is clogged' } });
      await env.sleep('1 minute');
      expect(await handle.query(stateQuery)).toMatchObject({ mode: 'human' });
      await handle.terminate('test done');
    });
    expect(bodies(fakes)).toEqual([
      expect.stringMatching(/^assistant: Thanks for your message! Someone from Ace Plumbing will get back to you shortly\.$/),
    ]);
    expect(fakes.log.alerts).toEqual([expect.objectContaining({ kind: 'handoff' })]);
  });

  test('an out-of-area job is declined politely and the lead is lost for that reason', async () => {
    const fakes = fakeActivities({
      assistant: () =>
        reply("Sorry, we don't serve Dallas.", { action: 'close', declineReason: 'out_of_area', fields: { jobDescription: 'leak' } }),
    });
    const caller = newCaller();
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { sms: { sid: 'SM1', body: 'I need a plumber in Dallas 75201' } });
      const outcome = await handle.result();
      expect(outcome.leadStatus).toBe('lost');
    });
    expect(bodies(fakes)).toEqual(["assistant: Sorry, we don't serve Dallas."]);
    expect(fakes.log.changes.at(-1)).toMatchObject({ lead: expect.objectContaining({ declineReason: 'out_of_area' }) });
    // Out-of-area callers are declined quietly: the owner did not ask to hear of them.
    expect(fakes.log.alerts).toEqual([]);
  });

  test('an owner who asked to hear of out-of-area callers is alerted, and the lead keeps the placed address', async () => {
    const place = {
      formatted: '1500 Marilla St, Dallas, TX 75201',
      city: 'Dallas',
      state: 'TX',
      zip: '75201',
      lat: 32.78,
      lng: -96.8,
      check: 'confirmed' as const,
      inArea: false,
    };
    const fakes = fakeActivities({
      assistant: () =>
        reply('Sorry, Ace Plumbing only works in Austin and 25 miles around.', {
          action: 'close',
          declineReason: 'out_of_area',
          tellOwner: true,
          fields: { serviceAddress: place.formatted, place, declineReason: 'out_of_area' },
        }),
    });
    const caller = newCaller();
    await withWorkers(fakes, async () => {
      const handle = await start(caller, { sms: { sid: 'SM1', body: 'fix my sink at 1500 Marilla St, Dallas, TX 75201' } });
      expect((await handle.result()).leadStatus).toBe('lost');
    });
    expect(fakes.log.alerts).toEqual([
      expect.objectContaining({ kind: 'out_of_area', text: expect.stringMatching(/outside your service area \(1500 Marilla St, Dallas/) }),
    ]);
    expect(fakes.log.changes.at(-1)).toMatchObject({ lead: expect.objectContaining({ place }) });
  });
});
