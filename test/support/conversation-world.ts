// A world for the conversation core: a caller, an owner, Twilio, the assistant and the clock, as
// random steps (fast-check), and a driver that feeds them to `decide` exactly as the workflow shell
// does — update validators first, activity results in any order, ticks when time passes — checking
// the product's rules after every step. Used by the simulation tests of the pure core and, as a
// source of sequences, by the randomized suite on the real Temporal server.
import fc from 'fast-check';
import {
  isFinalLeadStatus,
  LEAD_EVENT_TYPES,
  LEAD_STATUSES,
  nextLeadStatus,
  ownerSetLeadStatus,
  type LeadStatus,
} from '../../domain/lead-status';
import { classifyKeyword, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from '../../domain/keywords';
import { isQuietTime, RECENT_CALLER_CONTACT_MS } from '../../domain/quiet-hours';
import { withConversationDefaults, type ConversationSettings } from '../../domain/settings';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../domain/time-zone';
import { decide, isIdle, newConversation, nextWakeUp, view } from '../../workflows/conversation/decide';
import type { Command, Conversation, Event, Slot, TextFailure } from '../../workflows/conversation/model';
import { refuseBooking, refuseCancel, refuseOwnerMessage } from '../../workflows/conversation/owner';
import type { AssistantAnswer } from '../../domain/conversation-facts';

export const CALLER_WORDS = [
  'my sink is leaking',
  'can you come tomorrow?',
  "I'm Dana, 12 Oak St",
  'how much for a water heater?',
  'please cancel my appointment',
  'can we reschedule?',
  '1',
  '2',
  '3',
  'HELP',
  'leave me alone',
  ...OPT_OUT_KEYWORDS.map((word) => word.toLowerCase()),
  ...OPT_IN_KEYWORDS,
  'Stop.',
];

/** Ordinary words only: every one of them asks the assistant for an answer. */
const CALM_WORDS = ['my sink is leaking', 'can you come tomorrow?', "I'm Dana, 12 Oak St"];

/** What the world can do next. Activity results name which pending command they answer by position. */
export type Step =
  | { kind: 'missed_call'; callSid: string; voicemailOffered: boolean }
  | { kind: 'voicemail'; callSid: string; transcription?: string }
  | { kind: 'call_ended'; callSid: string }
  | { kind: 'call_answered' }
  | { kind: 'caller_text'; sid: string; body: string }
  | { kind: 'delivery'; which: 'greeting' | 'other'; status: 'delivered' | 'undelivered'; errorCode?: number }
  | { kind: 'take_over' }
  | { kind: 'hand_back' }
  | { kind: 'owner_sets_status'; status: LeadStatus }
  | { kind: 'settings_changed'; settings: Partial<ConversationSettings> }
  | { kind: 'owner_message'; body: string }
  | { kind: 'owner_books'; daysAhead: number; slot: number }
  | { kind: 'owner_cancels' }
  | { kind: 'resolve'; pick: number; outcome: Outcome }
  /** Time passes; every timer fires when it is due, as on a healthy worker. */
  | { kind: 'advance'; ms: number }
  /** Time jumps with nothing running (workers down): what was due fires late, all at once. */
  | { kind: 'stall'; ms: number }
  | { kind: 'continue_as_new' };

export type Outcome = { ok: true; variant: number } | { ok: false; failure: TextFailure | 'assistant' };

const sid = (prefix: string, n: number) => fc.integer({ min: 1, max: n }).map((i) => `${prefix}${i}`);

export interface WorldOptions {
  /** Leave out failures, takeovers and owner actions: the assistant must answer every caller message exactly once. */
  calm?: boolean;
}

export function stepArbitrary(options: WorldOptions = {}): fc.Arbitrary<Step> {
  const advance = fc
    .oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1_000, max: 10 * MINUTE_MS }) },
      { weight: 3, arbitrary: fc.integer({ min: 10 * MINUTE_MS, max: 6 * HOUR_MS }) },
      { weight: 2, arbitrary: fc.integer({ min: 6 * HOUR_MS, max: 3 * DAY_MS }) },
      { weight: 1, arbitrary: fc.integer({ min: 3 * DAY_MS, max: 30 * DAY_MS }) },
    )
    .map((ms) => ({ kind: 'advance' as const, ms }));
  const success = fc.integer({ min: 0, max: 99 }).map((variant) => ({ ok: true as const, variant }));
  const outcome: fc.Arbitrary<Outcome> = options.calm
    ? success
    : fc.oneof(
        { weight: 6, arbitrary: success },
        {
          weight: 1,
          arbitrary: fc
            .constantFrom<TextFailure | 'assistant'>('opted_out', 'caller_unreachable', 'sender_unusable', 'provider_down', 'assistant')
            .map((failure) => ({ ok: false as const, failure })),
        },
      );
  const resolve = fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(5), outcome });
  const callerText = fc.record({
    kind: fc.constant('caller_text' as const),
    sid: sid('SM', 12),
    body: fc.constantFrom(...(options.calm ? CALM_WORDS : CALLER_WORDS)),
  });
  const missedCall = fc.record({ kind: fc.constant('missed_call' as const), callSid: sid('CA', 3), voicemailOffered: fc.boolean() });
  const common = [
    { weight: 3, arbitrary: missedCall },
    { weight: 6, arbitrary: callerText },
    { weight: 8, arbitrary: resolve },
    { weight: 5, arbitrary: advance },
    { weight: 1, arbitrary: fc.constant({ kind: 'continue_as_new' as const }) },
    { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 30 * DAY_MS }).map((ms) => ({ kind: 'stall' as const, ms })) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('voicemail' as const),
        callSid: sid('CA', 3),
        transcription: fc.option(fc.constantFrom('my heater is broken', 'call me back'), { nil: undefined }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('call_ended' as const), callSid: sid('CA', 3) }) },
  ];
  if (options.calm) return fc.oneof(...common);
  return fc.oneof(
    ...common,
    { weight: 1, arbitrary: fc.constant({ kind: 'call_answered' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('delivery' as const),
        which: fc.constantFrom('greeting' as const, 'other' as const),
        status: fc.constantFrom('delivered' as const, 'undelivered' as const),
        errorCode: fc.option(fc.constantFrom(30003, 21610), { nil: undefined }),
      }),
    },
    { weight: 2, arbitrary: fc.constant({ kind: 'take_over' as const }) },
    { weight: 2, arbitrary: fc.constant({ kind: 'hand_back' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('owner_sets_status' as const), status: fc.constantFrom(...LEAD_STATUSES) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('settings_changed' as const),
        settings: fc.record({
          timeZone: fc.constantFrom('America/Chicago', 'America/New_York', 'Europe/London', 'UTC'),
          nudgeAfterMs: fc.constantFrom(30 * MINUTE_MS, 2 * HOUR_MS, 6 * HOUR_MS),
          unresponsiveAfterMs: fc.constantFrom(HOUR_MS, DAY_MS, 3 * DAY_MS),
          takeoverIdleAlertMs: fc.constantFrom(5 * MINUTE_MS, 10 * MINUTE_MS),
        }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('owner_message' as const),
        body: fc.constantFrom('On my way!', '   ', 'Can you send a photo?'),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('owner_books' as const), daysAhead: fc.integer({ min: -1, max: 5 }), slot: fc.nat(3) }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'owner_cancels' as const }) },
  );
}

/** Sequences that start the way the workflow starts: a missed call or a text (signalWithStart). */
export function sequenceArbitrary(options: WorldOptions = {}, maxLength = 30): fc.Arbitrary<Step[]> {
  const opening = fc.oneof(
    fc.record({ kind: fc.constant('missed_call' as const), callSid: fc.constant('CA1'), voicemailOffered: fc.boolean() }),
    fc.record({
      kind: fc.constant('caller_text' as const),
      sid: fc.constant('SM1'),
      body: fc.constantFrom(...(options.calm ? CALM_WORDS : CALLER_WORDS)),
    }),
  );
  return fc.tuple(opening, fc.array(stepArbitrary(options), { minLength: 1, maxLength })).map(([first, rest]) => [first, ...rest]);
}

const BUSINESS = 'Ace Plumbing';
export const worldSettings = (partial: Partial<ConversationSettings> = {}) =>
  withConversationDefaults({ timeZone: 'America/Chicago', businessName: BUSINESS, ...partial });

/** Deterministic assistant answers, chosen by the outcome's variant. */
export function assistantAnswerFor(variant: number, calm: boolean): AssistantAnswer {
  const answers: AssistantAnswer[] = [
    {
      reply: 'Sorry to hear that! What is your name?',
      fields: { jobDescription: 'leak' },
      action: 'reply',
      emergency: false,
      optOut: false,
    },
    { reply: 'Thanks! And the address?', fields: { callerName: 'Dana' }, action: 'reply', emergency: false, optOut: false },
    {
      reply: 'Got it, let me find a time.',
      fields: { serviceAddress: '12 Oak St' },
      action: 'offer_slots',
      emergency: false,
      optOut: false,
    },
    { reply: 'Happy to help.', fields: {}, action: 'reply', emergency: false, optOut: false },
  ];
  const wild: AssistantAnswer[] = [
    { reply: 'Alerting the owner now.', fields: {}, action: 'handoff', emergency: true, optOut: false },
    { reply: 'No problem, take care!', fields: {}, action: 'close', emergency: false, optOut: false },
    { reply: '', fields: {}, action: 'reply', emergency: false, optOut: true },
    {
      reply: "Sorry, we don't serve that area.",
      fields: {},
      action: 'close',
      emergency: false,
      optOut: false,
      declineReason: 'out_of_area',
    },
  ];
  const pool = calm ? answers : [...answers, ...answers, ...wild];
  return pool[variant % pool.length]!;
}

export interface SentText {
  at: number;
  command: Extract<Command, { type: 'send_text' }>;
  run: number;
}

/**
 * The slots the world lists at `now` for an outcome's variant, marked as the slots activity marks
 * them: times offered before (`offeredBefore`), and a full list that fits no stated preference
 * (`fits: false`). The randomized workflow test's fake answers with the same function.
 */
export function listedSlots(now: number, variant: number, alreadyOffered: string[] | undefined): Slot[] {
  const count = variant % 4;
  const base = Math.ceil(now / HOUR_MS) * HOUR_MS + DAY_MS;
  const offered = new Set(alreadyOffered ?? []);
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(base + i * 3 * HOUR_MS).toISOString();
    return {
      start,
      end: new Date(base + i * 3 * HOUR_MS + 2 * HOUR_MS).toISOString(),
      ...(variant % 7 === 3 ? { fits: false as const } : {}),
      ...(offered.has(start) ? { offeredBefore: true as const } : {}),
    };
  });
}

/** Runs steps through the core, resolving activities like a fake worker, and checks every rule after each step. */
export class World {
  state: Conversation;
  now: number;
  readonly pending: Command[] = [];
  readonly commands: { at: number; command: Command; run: number }[] = [];
  readonly sent: SentText[] = [];
  run = 0;
  steps = 0;
  private readonly delivered = new Set<number>();
  private lastCallerContact = -Infinity;
  private requestCounter = 0;
  private callerTexts = new Map<string, string>();

  constructor(
    start: number,
    private readonly options: WorldOptions & { optedOutBefore?: boolean; slotsFree?: boolean } = {},
  ) {
    this.now = start;
    this.state = newConversation(
      { conversationId: 'conv-0', tenantId: 't', callerPhone: '+15125550123', businessPhone: '+15125550100' },
      start,
    );
  }

  apply(step: Step) {
    this.steps += 1;
    const before = this.state;
    const event = this.toEvent(step);
    if (step.kind === 'continue_as_new') return this.continueAsNew();
    if (step.kind === 'advance') return this.advance(step.ms);
    if (!event) return;
    if (step.kind === 'missed_call' || step.kind === 'caller_text' || step.kind === 'voicemail') this.lastCallerContact = this.now;
    this.feed(event);
    this.afterStep(before, event);
  }

  /** Answers everything pending at once and lets `days` pass with timers firing on time: a healthy, quiet stretch. */
  settle(days = 2) {
    const until = this.now + days * DAY_MS;
    for (let round = 0; round < 500; round += 1) {
      if (this.pending.length > 0) {
        this.apply({ kind: 'resolve', pick: 0, outcome: { ok: true, variant: round } });
        continue;
      }
      const wake = nextWakeUp(this.state, this.now);
      if (wake === undefined || wake > until) return;
      this.now = wake;
      this.tick();
    }
  }

  private feed(event: Event) {
    const decision = decide(this.state, event, this.now);
    this.state = decision.state;
    for (const command of decision.commands) {
      this.commands.push({ at: this.now, command, run: this.run });
      if (command.type === 'send_text') this.sent.push({ at: this.now, command, run: this.run });
      if (hasResult(command)) this.pending.push(command);
    }
    this.lastCommands = decision.commands;
  }

  private lastCommands: Command[] = [];

  private toEvent(step: Step): Event | undefined {
    const s = this.state;
    switch (step.kind) {
      case 'missed_call':
        return {
          type: 'missed_call',
          call: { callSid: step.callSid, dialStatus: 'no-answer', ...(step.voicemailOffered ? { voicemailOffered: true } : {}) },
        };
      case 'voicemail':
        return {
          type: 'voicemail',
          voicemail: {
            callSid: step.callSid,
            recordingSid: `RE-${step.callSid}`,
            durationSeconds: 12,
            ...(step.transcription ? { transcription: step.transcription } : {}),
          },
        };
      case 'call_ended':
        return { type: 'call_ended', callSid: step.callSid };
      case 'call_answered':
        return { type: 'call_answered' };
      case 'caller_text':
        if (!this.callerTexts.has(step.sid)) this.callerTexts.set(step.sid, step.body);
        return { type: 'caller_text', text: { messageSid: step.sid, body: step.body, receivedAt: new Date(this.now).toISOString() } };
      case 'delivery': {
        const messageSid = step.which === 'greeting' && s.greeting.sid ? s.greeting.sid : 'SMother';
        return {
          type: 'delivery',
          messageSid,
          status: step.errorCode === 21610 ? 'failed' : step.status,
          ...(step.errorCode ? { errorCode: step.errorCode } : {}),
        };
      }
      case 'take_over':
        return { type: 'take_over' };
      case 'hand_back':
        return { type: 'hand_back' };
      case 'owner_sets_status':
        return { type: 'owner_sets_status', status: step.status };
      case 'settings_changed':
        return { type: 'settings_changed', settings: worldSettings(step.settings) };
      // Updates: the validator runs first, as in the workflow; a refused request changes nothing.
      case 'owner_message':
        if (refuseOwnerMessage(s, step.body)) return undefined;
        return { type: 'owner_message', requestId: `r${++this.requestCounter}`, body: step.body };
      case 'owner_books': {
        const start = new Date(Math.floor(this.now / HOUR_MS) * HOUR_MS + step.daysAhead * DAY_MS + step.slot * 3 * HOUR_MS).toISOString();
        if (refuseBooking(s, start, this.now)) return undefined;
        return { type: 'owner_books', requestId: `r${++this.requestCounter}`, start };
      }
      case 'owner_cancels':
        if (refuseCancel(s)) return undefined;
        return { type: 'owner_cancels', requestId: `r${++this.requestCounter}` };
      case 'resolve':
        return this.resolve(step.pick, step.outcome);
      case 'advance':
        return undefined;
      case 'stall':
        this.now += step.ms;
        return { type: 'tick' };
      case 'continue_as_new':
        return undefined;
    }
  }

  private resolve(pick: number, outcome: Outcome): Event | undefined {
    if (this.pending.length === 0) return undefined;
    const [command] = this.pending.splice(pick % this.pending.length, 1) as [Command];
    switch (command.type) {
      case 'open':
        return { type: 'opened', ref: command.ref, settings: worldSettings(), optedOut: this.options.optedOutBefore === true };
      case 'send_text':
        if (!outcome.ok && outcome.failure !== 'assistant') return { type: 'text_failed', ref: command.ref, reason: outcome.failure };
        this.delivered.add(command.ref);
        return {
          type: 'text_sent',
          ref: command.ref,
          sid: `SMout${command.seq}`,
          message: {
            id: `m${command.seq}`,
            conversationId: this.state.conversationId,
            direction: 'outbound',
            author: command.text.author,
            body: command.text.body,
            status: 'queued',
            createdAt: new Date(this.now).toISOString(),
          },
        };
      case 'ask_assistant':
        if (!outcome.ok) return { type: 'assistant_failed', ref: command.ref };
        return { type: 'assistant_answered', ref: command.ref, answer: assistantAnswerFor(outcome.variant, this.options.calm === true) };
      case 'list_slots': {
        const variant = this.options.slotsFree === false || !outcome.ok ? 0 : outcome.variant;
        return { type: 'slots_listed', ref: command.ref, slots: listedSlots(this.now, variant, command.alreadyOffered) };
      }
      case 'book':
        return outcome.ok && outcome.variant % 5 !== 0
          ? { type: 'booked', ref: command.ref, appointmentId: `apt-${command.slot.start}` }
          : { type: 'slot_taken', ref: command.ref };
      case 'close':
        return { type: 'closed', ref: command.ref };
      default:
        return undefined;
    }
  }

  private advance(ms: number) {
    const until = this.now + ms;
    for (let wakeUps = 0; wakeUps < 1_000; wakeUps += 1) {
      const wake = nextWakeUp(this.state, this.now);
      if (wake === undefined || wake > until) break;
      this.now = wake;
      this.tick();
    }
    this.now = until;
    this.tick();
  }

  private tick() {
    const before = this.state;
    const event: Event = { type: 'tick' };
    this.feed(event);
    this.afterStep(before, event);
  }

  /** What the workflow does at a continue-as-new: the state crosses as JSON, and nothing may change. */
  private continueAsNew() {
    if (!isIdle(this.state) || this.state.phase === 'closed') return;
    const carried = JSON.parse(JSON.stringify(this.state)) as Conversation;
    const probe: Event = { type: 'tick' };
    const later = this.now + HOUR_MS;
    const a = decide(this.state, probe, later);
    const b = decide(carried, probe, later);
    assert(JSON.stringify(a.commands) === JSON.stringify(b.commands), 'continue-as-new changed what happens next');
    assert(JSON.stringify(view(this.state, this.now)) === JSON.stringify(view(carried, this.now)), 'continue-as-new changed the state');
    this.state = carried;
    this.run += 1;
  }

  private checkCommands(before: Conversation, event: Event) {
    const after = this.state;
    let optedOut = before.optedOut;
    for (const command of this.lastCommands) {
      if (command.type === 'save_opt_out') optedOut = command.optedOut;
      if (command.type !== 'send_text') continue;
      const { text } = command;
      // No text after an opt-out until START (only its one confirmation).
      if (optedOut) assert(text.kind === 'opt_out_confirmation', `"${text.body}" (${text.kind}) was sent to a caller who opted out`);
      // No automated text we start inside quiet hours; replies to a recent call or message may go.
      const quiet = isQuietTime(new Date(this.now), after.settings!.timeZone);
      if (quiet && (text.kind === 'nudge' || text.kind === 'reminder')) assert(false, `${text.kind} sent in quiet hours`);
      if (quiet && ['reply', 'offer', 'booking', 'cancellation'].includes(text.kind)) {
        assert(this.now - this.lastCallerContact <= RECENT_CALLER_CONTACT_MS, `${text.kind} "${text.body}" started by us in quiet hours`);
      }
      // No assistant text after a takeover was accepted (until the owner hands back).
      if (before.mode === 'human' && after.mode === 'human')
        assert(text.author !== 'assistant', `the assistant texted "${text.body}" after the owner took over`);
    }
    // STOP and its kin, alone in a text, always opt out.
    if (event.type === 'caller_text' && before.phase === 'open' && !before.seenMessageSids.includes(event.text.messageSid)) {
      if (classifyKeyword(event.text.body) === 'opt_out') assert(after.optedOut, `"${event.text.body}" did not opt the caller out`);
    }
  }

  private afterStep(before: Conversation, event: Event) {
    this.checkCommands(before, event);
    // At most one text-back per conversation.
    const greetings = this.sent.filter((sent) => sent.command.text.kind === 'greeting').length;
    assert(greetings <= 1, `${greetings} text-backs in one conversation`);
    // An offer is never the same words as the offer before it.
    const offers = this.sent.filter((sent) => sent.command.text.kind === 'offer').map((sent) => sent.command.text.body);
    for (let i = 1; i < offers.length; i += 1) assert(offers[i] !== offers[i - 1], `the same offer twice in a row: "${offers[i]}"`);
    this.checkLeadTransitions(before, event);
    this.checkWakeUp();
  }

  /** Lead status moves only as domain/lead-status allows, and every move reaches the read model. */
  private checkLeadTransitions(before: Conversation, event: Event) {
    let status = before.leadStatus;
    const published = this.lastCommands.filter((command) => command.type === 'publish');
    for (const command of published) {
      if (command.type !== 'publish' || command.leadStatus === status) continue;
      const byEvent = LEAD_EVENT_TYPES.some((type) => nextLeadStatus(status, { type }) === command.leadStatus);
      const byOwner = event.type === 'owner_sets_status' && ownerSetLeadStatus(status, command.leadStatus).ok;
      const openedOptedOut = event.type === 'opened' && command.leadStatus === 'opted_out';
      assert(byEvent || byOwner || openedOptedOut, `lead moved ${status} → ${command.leadStatus} on ${event.type}`);
      status = command.leadStatus;
    }
    if (this.state.leadStatus !== before.leadStatus) {
      assert(
        published.some((command) => command.type === 'publish' && command.leadStatus === this.state.leadStatus),
        'a status change was not published',
      );
    }
  }

  /** The next wake-up is in the future, and reaching it does something. */
  private checkWakeUp() {
    const wake = nextWakeUp(this.state, this.now);
    if (wake === undefined) return;
    assert(wake > this.now, `the next wake-up ${new Date(wake).toISOString()} is not in the future (${new Date(this.now).toISOString()})`);
    const fired = decide(this.state, { type: 'tick' }, wake);
    const changed = fired.commands.length > 0 || JSON.stringify(fired.state) !== JSON.stringify(this.state);
    assert(changed, `waking at ${new Date(wake).toISOString()} does nothing: ${JSON.stringify(view(this.state, this.now).timers)}`);
  }

  /** Every caller message answered at most once (counting texts that were actually sent). */
  answeredCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const sent of this.sent) {
      if (!this.delivered.has(sent.command.ref) || sent.command.text.kind === 'opt_out_confirmation') continue;
      for (const id of sent.command.text.answers ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  get conversationOver(): boolean {
    return this.state.phase === 'closing' || this.state.phase === 'closed' || isFinalLeadStatus(this.state.leadStatus);
  }

  textBody(messageSid: string): string | undefined {
    return this.callerTexts.get(messageSid);
  }
}

function hasResult(command: Command): boolean {
  return ['open', 'send_text', 'ask_assistant', 'list_slots', 'book', 'close'].includes(command.type);
}

export class InvariantBroken extends Error {}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantBroken(message);
}
