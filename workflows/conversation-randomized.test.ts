// The conversation workflow on the real time-skipping server, driven by random paths (fast-check)
// with deterministic fake activities, some of them failing. Each path is played twice: on the
// server (signals, signalWithStart, updates, env.sleep) and through the pure core
// (test/support/conversation-world.ts), which resolves every activity exactly as the fakes answer
// it. After each path the conversation sits 30 simulated days. Checked: the workflow never fails
// or gets stuck, 30 silent days cost a small, bounded history, and the texts the fake Twilio got
// are exactly the texts the core commanded, in order.
//
// Replay a failure with the seed (and path) it prints:
//   RANDOMIZED_SEED=<seed> RANDOMIZED_PATH=<path> npx jest --selectProjects workflow --testPathPatterns conversation-randomized
// RANDOMIZED_RUNS changes the number of paths; RANDOMIZED_SHRINK=1 shrinks a failure (slow: every try replays on the
// server); RANDOMIZED_DEBUG=1 prints each path's steps and the texts it sent.
//
// What cannot be compared exactly, and how it is kept fair:
// - Server time runs on in real time between the test's calls (milliseconds). The core is put on
//   the server's clock before every step, and a step is played only away (GUARD_MS) from any
//   deadline of the core, whole hour (quiet hours, business hours, slots), 5-minute "recent caller
//   contact" edge and offer expiry, so no outcome depends on sub-second timing.
// - Activities run concurrently with the assistant's turn; the test waits until the workflow is idle
//   (no workflow task, no activity) after every step, and the core resolves commands in the shell's
//   order (the command lane first-in first-out, the assistant turn when the lane is empty).
// - Left out: continue-as-new at will (the shell decides it), workers down ("stall"), and provider
//   outages retried until the retry budget runs out (minutes of real time with time locked); an
//   outage is played as a non-retryable failure of the same type instead.
import { ApplicationFailure } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, Worker } from '@temporalio/worker';
import fc from 'fast-check';
import type { OwnerAlertInput } from '../activities/alerts';
import type { AssistantTurnInput } from '../activities/assistant';
import type { OpenConversationInput } from '../activities/conversations';
import type { SendTextInput } from '../activities/sms';
import { OFFER_VALID_MS } from '../domain/appointments';
import { conversationWorkflowId } from '../domain/conversation-id';
import { classifyKeyword } from '../domain/keywords';
import { RECENT_CALLER_CONTACT_MS } from '../domain/quiet-hours';
import { DAY_MS, HOUR_MS, MINUTE_MS, localParts } from '../domain/time-zone';
import { NmcTenantId } from '../contracts/search-attributes';
import { TASK_QUEUES } from '../contracts/task-queues';
import {
  assistantAnswerFor,
  listedSlots,
  sequenceArbitrary,
  stepArbitrary,
  World,
  worldSettings,
  type Outcome,
  type Step,
} from '../test/support/conversation-world';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { nextWakeUp } from './conversation/decide';
import type { Command, TextFailure } from './conversation/model';
import { conversationWorkflow } from './conversation/workflow';
import {
  bookSlotUpdate,
  callAnsweredSignal,
  callEndedSignal,
  cancelAppointmentUpdate,
  deliveryStatusSignal,
  handBackSignal,
  inboundSmsSignal,
  missedCallSignal,
  sendOwnerMessageUpdate,
  setLeadStatusSignal,
  settingsChangedSignal,
  takeOverSignal,
  voicemailSignal,
} from '../contracts/conversation-workflow';

const RUNS = Number(process.env.RANDOMIZED_RUNS ?? 50);
const SPIN_RUNS = Math.max(10, Math.round(RUNS / 4));
const seed = process.env.RANDOMIZED_SEED ? Number(process.env.RANDOMIZED_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const replay = {
  seed,
  ...(process.env.RANDOMIZED_PATH ? { path: process.env.RANDOMIZED_PATH } : {}),
  endOnFailure: process.env.RANDOMIZED_SHRINK !== '1',
};

const BUSINESS = '+15125550100';
/** No step lands this close to a deadline or an edge of the core: server and core clocks differ by milliseconds. */
const GUARD_MS = 5_000;
const IDLE_MS = 30 * DAY_MS;
/**
 * Bounds for 30 silent days. The most a silence legitimately does: three idle alerts to the owner, two
 * reminders, the visit's end and the close (a booked lead the owner took over), about 12 workflow tasks
 * and 70 events. A spin costs thousands; the sharpest check is that every workflow task of the silence
 * answers a deadline the core reached or an activity it asked for.
 */
const MAX_IDLE_EVENTS = 80;
const MAX_IDLE_TASKS = 16;
const MAX_TASKS_PER_IDLE_HOUR = 6;
/**
 * The history of one conversation (one run) left idle 30 days after a path of at most MAX_STEPS
 * steps. A spin costs thousands; the busiest path found (seed 1797907712, path 26: failing
 * activities, a three-hour wait, a dozen texts) takes 300 events with sends on their own queue and
 * 303 with sends on the workflow's queue (one more workflow task: where an activity runs changes
 * how its completion coalesces with other events). Bounded with room for that, not for a loop.
 */
const MAX_RUN_EVENTS = 330;
const MAX_STEPS = 10;

// ---- the paths ---------------------------------------------------------------------------------

/** A Twilio webhook delivered again (Twilio retries): the n-th latest caller event, replayed as is. */
type Duplicate = { kind: 'duplicate'; back: number };
type Played = Exclude<Step, { kind: 'resolve' | 'stall' | 'continue_as_new' }> | Duplicate;

interface Plan {
  steps: Played[];
  /** Some activities fail: Twilio refusing a number for good, the assistant, owner alerts. */
  failing: boolean;
  /** The caller opted out in an earlier conversation. */
  optedOutBefore: boolean;
  /** Local time (America/Chicago, minutes after midnight) the path starts at: quiet hours matter. */
  startMinute: number;
  /** Decides every activity's answer (see `luck`). */
  luck: number;
  /** Every assistant turn hands the conversation to the owner (an emergency). */
  handoff: boolean;
  /** The assistant only ever replies or offers slots (never closes, opts out or hands off): longer conversations. */
  calmAssistant: boolean;
}

const isPlayable = (step: Step): step is Exclude<Played, Duplicate> =>
  step.kind !== 'resolve' && step.kind !== 'stall' && step.kind !== 'continue_as_new';

function planArbitrary(
  maxSteps: number,
  tail: fc.Arbitrary<Played[]> = fc.constant([]),
  handoff: fc.Arbitrary<boolean> = fc.constant(false),
): fc.Arbitrary<Plan> {
  // The workflow starts the way the api starts it: a missed call or a text (signalWithStart).
  const opening = sequenceArbitrary({}, 1).map(([first]) => first as Extract<Step, { kind: 'missed_call' | 'caller_text' }>);
  // World's steps, plus more ordinary questions with fresh SIDs so conversations get past their first exchange.
  const question = fc.record({
    kind: fc.constant('caller_text' as const),
    sid: fc.integer({ min: 20, max: 60 }).map((n) => `SM${n}`),
    body: fc.constantFrom('my sink is leaking', 'can you come tomorrow?', "I'm Dana, 12 Oak St", 'how much for a water heater?'),
  });
  // A third of World's words are STOP and its kin, and an opt-out silences every later conversation of the
  // caller: keep one in three of them so paths also go deep.
  const worldStep = stepArbitrary()
    .filter(isPlayable)
    .map((step): Exclude<Played, Duplicate> =>
      step.kind === 'caller_text' && classifyKeyword(step.body) === 'opt_out' && Number(step.sid.slice(2)) % 3 !== 0
        ? { ...step, body: 'can you come tomorrow?' }
        : step,
    );
  const step = fc.oneof({ weight: 4, arbitrary: worldStep }, { weight: 1, arbitrary: question });
  const rest = fc.array(step, { minLength: Math.min(3, maxSteps), maxLength: maxSteps });
  const steps = fc
    .tuple(opening, rest, fc.array(fc.record({ at: fc.nat(), back: fc.nat(3) }), { maxLength: 3 }), tail)
    .map(([first, middle, duplicates, end]) => {
      const played: Played[] = [first, ...middle];
      for (const { at, back } of duplicates) played.splice(1 + (at % played.length), 0, { kind: 'duplicate', back });
      return [...played, ...end];
    });
  return fc
    .record({
      steps,
      failing: fc.boolean(),
      optedOutBefore: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      startMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
      luck: fc.integer({ min: 0, max: 0x7fffffff }),
      handoff,
      calmAssistant: fc.boolean(),
    })
    .map((plan) => (plan.handoff ? { ...plan, calmAssistant: false } : plan));
}

// ---- what each activity answers: the same for the fakes and the core ---------------------------

type ActivityKind = 'send' | 'assistant' | 'slots' | 'book' | 'alert';
const KIND_CODE: Record<ActivityKind, number> = { send: 1, assistant: 2, slots: 3, book: 4, alert: 5 };

/** A deterministic number for the k-th call of one kind of activity in a path. */
function luck(plan: Plan, kind: ActivityKind, k: number): number {
  let h = Math.imul(plan.luck ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(KIND_CODE[kind] + 17, 0xc2b2ae35) ^ Math.imul(k + 101, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

const SEND_FAILURES: readonly TextFailure[] = ['opted_out', 'caller_unreachable', 'sender_unusable', 'provider_down'];
/** The failure types activities/sms.ts throws (workflows/conversation/results.ts maps them back). */
const FAILURE_TYPE: Record<TextFailure, string> = {
  opted_out: 'CallerOptedOut',
  caller_unreachable: 'NotSmsCapable',
  sender_unusable: 'SenderNotSmsCapable',
  provider_down: 'ProviderDown',
};

function sendOutcome(plan: Plan, k: number): TextFailure | undefined {
  const h = luck(plan, 'send', k);
  return plan.failing && h % 7 === 0 ? SEND_FAILURES[(h >>> 3) % SEND_FAILURES.length] : undefined;
}
/** undefined: the assistant activity fails; else the variant of assistantAnswerFor. */
function assistantOutcome(plan: Plan, k: number): number | undefined {
  const h = luck(plan, 'assistant', k);
  if (plan.failing && h % 5 === 0) return undefined;
  return plan.handoff ? HANDOFF_VARIANT : h % 100;
}
/** assistantAnswerFor's emergency handoff ("Alerting the owner now."), in its pool of 12 answers (not calm). */
const HANDOFF_VARIANT = 8;
const slotCount = (plan: Plan, k: number) => luck(plan, 'slots', k) % 4;
const bookingWins = (plan: Plan, k: number) => luck(plan, 'book', k) % 5 !== 0;
const alertFails = (plan: Plan, k: number) => plan.failing && luck(plan, 'alert', k) % 2 === 0;

// ---- fake activities for every path at once, routed by tenant ----------------------------------

interface Counters {
  send: number;
  assistant: number;
  slots: number;
  book: number;
  alert: number;
}
const zero = (): Counters => ({ send: 0, assistant: 0, slots: 0, book: 0, alert: 0 });

interface TenantWorld {
  plan: Plan;
  counters: Counters;
  optedOut: boolean;
  texts: string[];
}
const tenants = new Map<string, TenantWorld>();

function tenantOf(tenantId: string): TenantWorld {
  const tenant = tenants.get(tenantId);
  if (!tenant) throw ApplicationFailure.nonRetryable(`unknown tenant ${tenantId}`, 'TestSetup');
  return tenant;
}

const fakes = {
  conversations: {
    openConversation: async (input: OpenConversationInput) => ({
      settings: worldSettings(),
      optedOut: tenantOf(input.tenantId).optedOut,
      previousConversationId: null,
    }),
    recordInboundSms: async (input: { messageSid: string }) => ({ messageId: `in-${input.messageSid}` }),
    updateConversation: async () => undefined,
    setOptOut: async (input: { tenantId: string; optedOut: boolean }) => {
      tenantOf(input.tenantId).optedOut = input.optedOut;
    },
    closeConversation: async () => undefined,
    listFreeSlots: async (input: { tenantId: string; now: string; alreadyOffered?: string[] }) => {
      const tenant = tenantOf(input.tenantId);
      return listedSlots(Date.parse(input.now), slotCount(tenant.plan, tenant.counters.slots++), input.alreadyOffered);
    },
    bookAppointment: async (input: { tenantId: string; start: string }) => {
      const tenant = tenantOf(input.tenantId);
      return bookingWins(tenant.plan, tenant.counters.book++)
        ? { ok: true as const, appointmentId: `apt-${input.start}` }
        : { ok: false as const, reason: 'slot_taken' as const };
    },
    cancelAppointment: async () => undefined,
  },
  sms: {
    sendText: async (input: SendTextInput) => {
      const tenant = tenantOf(input.tenantId);
      tenant.texts.push(`${input.author}: ${input.body}`);
      const failure = sendOutcome(tenant.plan, tenant.counters.send++);
      if (failure) throw ApplicationFailure.nonRetryable(`twilio refused (${failure})`, FAILURE_TYPE[failure]);
      const message = {
        id: `m-${input.seq}`,
        conversationId: input.conversationId,
        direction: 'outbound' as const,
        author: input.author,
        body: input.body,
        status: 'queued' as const,
        createdAt: new Date().toISOString(),
      };
      // The sid World gives a sent text: delivery reports name the greeting by it.
      return { message, twilioSid: `SMout${input.seq}`, sentNow: true };
    },
    alertOwner: async (input: OwnerAlertInput) => {
      const tenant = tenantOf(input.tenantId);
      if (alertFails(tenant.plan, tenant.counters.alert++)) throw ApplicationFailure.nonRetryable('alerts are down', 'AlertFailed');
      return { alertId: `a-${input.seq}` };
    },
  },
  ai: {
    assistantTurn: async (input: AssistantTurnInput) => {
      const tenant = tenantOf(input.tenantId);
      const variant = assistantOutcome(tenant.plan, tenant.counters.assistant++);
      if (variant === undefined) throw ApplicationFailure.nonRetryable('model unavailable', 'ModelDown');
      return assistantAnswerFor(variant, tenant.plan.calmAssistant);
    },
  },
};

// ---- the core's side: one World per conversation of the caller ---------------------------------

class Mirror {
  readonly worlds: World[] = [];
  private readonly counters = zero();
  /** When the last deadline the core reached fell (server and core may disagree by milliseconds). */
  lastFiredAt = -Infinity;
  /** Deadlines the core reached, and activities it asked for (each costs the server a workflow task). */
  wakeUps = 0;

  activityCommands(): number {
    return this.worlds.reduce((sum, world) => sum + world.commands.filter(({ command }) => command.type !== 'answer_update').length, 0);
  }

  constructor(private readonly plan: Plan) {}

  get world(): World | undefined {
    return this.worlds.at(-1);
  }

  get live(): boolean {
    return this.world !== undefined && this.world.state.phase !== 'closed';
  }

  /** Texts the core commanded, across every conversation, as "author: body". */
  texts(): string[] {
    return this.worlds.flatMap((world) => world.sent.map(({ command }) => `${command.text.author}: ${command.text.body}`));
  }

  commandCount(): number {
    return this.worlds.reduce((sum, world) => sum + world.commands.length, 0);
  }

  commandsSince(count: number): Command[] {
    return this.worlds.flatMap((world) => world.commands.map(({ command }) => command)).slice(count);
  }

  /** The read model's opt-out: the last one any conversation saved, else the one from before. */
  private savedOptOut(): boolean {
    let optedOut = this.plan.optedOutBefore;
    for (const world of this.worlds) {
      for (const { command } of world.commands) if (command.type === 'save_opt_out') optedOut = command.optedOut;
    }
    return optedOut;
  }

  /** A caller event that (re)starts the workflow when no conversation is running (signalWithStart). */
  start(now: number, step: Step) {
    if (!this.live) this.worlds.push(new World(now, { optedOutBefore: this.savedOptOut(), calm: this.plan.calmAssistant }));
    this.apply(step);
  }

  apply(step: Step) {
    this.world!.apply(step);
    this.drain();
  }

  /** Lets time pass to `until`, every deadline firing on time with its activities answered at once. */
  advanceTo(until: number) {
    const world = this.world;
    if (!world) return;
    for (let wakeUps = 0; wakeUps < 10_000; wakeUps += 1) {
      this.drain();
      const current = this.world!;
      const wake = nextWakeUp(current.state, current.now);
      if (wake === undefined || wake > until) break;
      current.apply({ kind: 'stall', ms: wake - current.now });
      this.lastFiredAt = wake;
      this.wakeUps += 1;
    }
    this.drain();
    this.world!.now = Math.max(this.world!.now, until);
  }

  /** Answers every pending activity as the fakes do, in the shell's order. */
  private drain() {
    for (let round = 0; round < 1_000; round += 1) {
      const world = this.world!;
      if (world.state.phase === 'closed') {
        const { calls, texts } = world.state.arrivedWhileClosing;
        // The shell continues as new with what arrived while closing: it opens the next conversation.
        if ((calls.length === 0 && texts.length === 0) || world.pending.length > 0) return;
        const next = new World(world.now, { optedOutBefore: this.savedOptOut(), calm: this.plan.calmAssistant });
        this.worlds.push(next);
        for (const call of calls)
          next.apply({ kind: 'missed_call', callSid: call.callSid, voicemailOffered: call.voicemailOffered === true });
        for (const text of texts) next.apply({ kind: 'caller_text', sid: text.messageSid, body: text.body });
        continue;
      }
      const lane = world.pending.findIndex((command) => command.type !== 'ask_assistant');
      const pick = lane >= 0 ? lane : world.pending.length > 0 ? 0 : -1;
      if (pick < 0) return;
      world.apply({ kind: 'resolve', pick, outcome: this.outcome(world.pending[pick]!) });
    }
    throw new Error('the core keeps asking for activities (1,000 in a row)');
  }

  private outcome(command: Command): Outcome {
    const { plan, counters } = this;
    switch (command.type) {
      case 'send_text': {
        const failure = sendOutcome(plan, counters.send++);
        return failure ? { ok: false, failure } : { ok: true, variant: 0 };
      }
      case 'ask_assistant': {
        const variant = assistantOutcome(plan, counters.assistant++);
        return variant === undefined ? { ok: false, failure: 'assistant' } : { ok: true, variant };
      }
      case 'list_slots':
        return { ok: true, variant: slotCount(plan, counters.slots++) };
      case 'book':
        return { ok: true, variant: bookingWins(plan, counters.book++) ? 1 : 0 };
      default:
        return { ok: true, variant: 0 };
    }
  }

  /** Whether playing a step at `now` could go either way by milliseconds. */
  nearAnEdge(now: number): string | undefined {
    if (now - this.lastFiredAt <= GUARD_MS) return 'a deadline just fell';
    const world = this.world;
    const hourEdge = Math.min(now % HOUR_MS, HOUR_MS - (now % HOUR_MS));
    if (hourEdge <= GUARD_MS) return 'a whole hour';
    if (!world || !this.live) return undefined;
    const s = world.state;
    const wake = nextWakeUp(s, now);
    if (wake !== undefined && wake - now <= GUARD_MS) return 'a deadline is due';
    const near = (at: string | undefined, after: number) => at !== undefined && Math.abs(now - (Date.parse(at) + after)) <= GUARD_MS;
    if (near(s.lastCallerContactAt, RECENT_CALLER_CONTACT_MS)) return 'recent caller contact ends';
    if (near(s.offer?.at, OFFER_VALID_MS)) return 'the offer expires';
    return undefined;
  }
}

// ---- the server's side -------------------------------------------------------------------------

let env: TestWorkflowEnvironment;
let stopWorkers: () => void = () => undefined;
let workersDone: Promise<unknown> = Promise.resolve();

/** The failures the fakes throw on purpose: the worker logs each one, which is noise here. */
const PLANNED_FAILURES = new Set([...Object.values(FAILURE_TYPE), 'ModelDown', 'AlertFailed']);
const logger = Runtime.instance().logger;
const log = logger.log.bind(logger);

beforeAll(async () => {
  logger.log = (level, message, meta) => {
    const error = meta?.error;
    if (message === 'Activity failed' && error instanceof ApplicationFailure && PLANNED_FAILURES.has(error.type ?? '')) return;
    log(level, message, meta);
  };
  env = await createTimeSkippingEnv();
  const connection = env.nativeConnection;
  const workers = await Promise.all([
    Worker.create({
      connection,
      taskQueue: TASK_QUEUES.conversations,
      workflowsPath: require.resolve('./index'),
      activities: { ...fakes.conversations, ...fakes.sms },
    }),
    Worker.create({ connection, taskQueue: TASK_QUEUES.sms, activities: fakes.sms }),
    Worker.create({ connection, taskQueue: TASK_QUEUES.ai, activities: fakes.ai }),
  ]);
  workersDone = Promise.all(workers.map((worker) => worker.run()));
  stopWorkers = () => workers.forEach((worker) => worker.shutdown());
}, 120_000);

afterAll(async () => {
  logger.log = log;
  stopWorkers();
  await workersDone.catch(() => undefined);
  await env?.teardown();
  const { sequences, steps, maxTotal, maxIdle, maxIdleTasks, maxTasksPerHour, maxIdleWork, texts, failingPaths, conversations, updates } =
    stats;
  process.stdout.write(
    `[randomized] seed ${seed}: ${sequences} sequences (${failingPaths} with failing activities), ${steps} steps, ` +
      `${conversations} conversations, ${texts} texts compared, ${updates.answered} updates answered and ${updates.refused} refused ` +
      `as the core did; max history of a run ${maxTotal} events; ` +
      `max over 30 idle days ${maxIdle} events, ${maxIdleTasks} workflow tasks (${maxTasksPerHour} in one hour, ` +
      `${maxIdleWork} beyond the core's deadlines and activities)\n`,
  );
}, 60_000);

const stats = {
  sequences: 0,
  steps: 0,
  conversations: 0,
  texts: 0,
  failingPaths: 0,
  maxTotal: 0,
  maxIdle: 0,
  maxIdleTasks: 0,
  maxTasksPerHour: 0,
  updates: { answered: 0, refused: 0 },
  /** Most workflow tasks of a silence beyond the core's deadlines and activities. */
  maxIdleWork: -Infinity,
};

type HistoryEvent = NonNullable<
  Awaited<ReturnType<ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>['fetchHistory']>>['events']
>[number];

const eventMs = (event: HistoryEvent) => tsToMs(event.eventTime);
const isClosing = (event: HistoryEvent) =>
  Boolean(
    event.workflowExecutionCompletedEventAttributes ||
    event.workflowExecutionFailedEventAttributes ||
    event.workflowExecutionTimedOutEventAttributes ||
    event.workflowExecutionTerminatedEventAttributes ||
    event.workflowExecutionCanceledEventAttributes ||
    event.workflowExecutionContinuedAsNewEventAttributes,
  );

let pathCounter = 0;
type ConversationHandle = WorkflowHandle<typeof conversationWorkflow>;

class ServerCaller {
  readonly tenantId: string;
  readonly caller: string;
  readonly workflowId: string;
  /** First runs (each signalWithStart that started one); continue-as-new links lead to the rest. */
  private readonly firstRuns = new Set<string>();

  constructor(plan: Plan) {
    pathCounter += 1;
    this.tenantId = `randomized-${process.pid}-${pathCounter}`;
    this.caller = `+1512777${String(pathCounter % 10_000).padStart(4, '0')}`;
    this.workflowId = conversationWorkflowId(this.tenantId, this.caller);
    tenants.set(this.tenantId, { plan, counters: zero(), optedOut: plan.optedOutBefore, texts: [] });
  }

  get texts(): string[] {
    return tenants.get(this.tenantId)!.texts;
  }

  private get handle() {
    return env.client.workflow.getHandle<typeof conversationWorkflow>(this.workflowId);
  }

  async start(step: Extract<Step, { kind: 'missed_call' | 'caller_text' }>, now: number) {
    const common = {
      workflowId: this.workflowId,
      taskQueue: TASK_QUEUES.conversations,
      args: [{ tenantId: this.tenantId, callerPhone: this.caller, businessPhone: BUSINESS }] as [
        Parameters<typeof conversationWorkflow>[0],
      ],
      typedSearchAttributes: [{ key: NmcTenantId, value: this.tenantId }],
    };
    const handle =
      step.kind === 'caller_text'
        ? await env.client.workflow.signalWithStart(conversationWorkflow, {
            ...common,
            signal: inboundSmsSignal,
            signalArgs: [{ messageSid: step.sid, body: step.body, receivedAt: new Date(now).toISOString() }],
          })
        : await env.client.workflow.signalWithStart(conversationWorkflow, {
            ...common,
            signal: missedCallSignal,
            signalArgs: [{ callSid: step.callSid, dialStatus: 'no-answer', ...(step.voicemailOffered ? { voicemailOffered: true } : {}) }],
          });
    this.firstRuns.add(handle.signaledRunId);
  }

  /** A signal to the running conversation; one that finds the workflow completed is lost, as in production. */
  async signal(send: (handle: ConversationHandle) => Promise<void>) {
    await send(this.handle).catch(() => undefined);
  }

  /** An update from the dashboard: answered (or refused) within seconds of real time, or the workflow is stuck. */
  async update(send: (handle: ConversationHandle) => Promise<unknown>): Promise<'answered' | 'refused'> {
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<'stuck'>((resolve) => (timer = setTimeout(() => resolve('stuck'), 20_000)));
    const outcome = await Promise.race([
      send(this.handle).then(
        () => 'answered' as const,
        () => 'refused' as const,
      ),
      stuck,
    ]);
    clearTimeout(timer);
    if (outcome === 'stuck') throw new Error('stuck: an update got no answer within 20 s');
    return outcome;
  }

  /** Waits until the latest run has no workflow task and no activity open; true when it has completed. */
  async quiet(): Promise<boolean> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const history = await this.handle.fetchHistory();
      const events = history.events ?? [];
      const open = new Set<string>();
      for (const event of events) {
        const id = String(event.eventId);
        if (event.workflowTaskFailedEventAttributes) {
          throw new Error(`a workflow task failed: ${event.workflowTaskFailedEventAttributes.failure?.message ?? '(no message)'}`);
        }
        if (event.workflowTaskScheduledEventAttributes || event.activityTaskScheduledEventAttributes) open.add(id);
        const done =
          event.workflowTaskCompletedEventAttributes ??
          event.workflowTaskTimedOutEventAttributes ??
          event.activityTaskCompletedEventAttributes ??
          event.activityTaskFailedEventAttributes ??
          event.activityTaskTimedOutEventAttributes ??
          event.activityTaskCanceledEventAttributes;
        if (done?.scheduledEventId !== undefined && done.scheduledEventId !== null) open.delete(String(done.scheduledEventId));
      }
      const last = events.at(-1);
      if (last && isClosing(last)) {
        if (last.workflowExecutionContinuedAsNewEventAttributes) continue; // the next run is there already
        if (!last.workflowExecutionCompletedEventAttributes) {
          throw new Error(`the workflow ended badly: ${JSON.stringify(Object.keys(last).filter((key) => key.endsWith('Attributes')))}`);
        }
        return true;
      }
      if (open.size === 0) return false;
      if (Date.now() > deadline) throw new Error(`stuck: still busy after 20 s (${open.size} tasks open)`);
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
  }

  /** Every run's history, following continue-as-new links from each first run. */
  async histories(): Promise<HistoryEvent[][]> {
    const runs: HistoryEvent[][] = [];
    const seen = new Set<string>();
    for (const first of this.firstRuns) {
      let runId: string | undefined = first;
      while (runId && !seen.has(runId)) {
        seen.add(runId);
        const events: HistoryEvent[] = (await env.client.workflow.getHandle(this.workflowId, runId).fetchHistory()).events ?? [];
        runs.push(events);
        runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
    }
    return runs;
  }

  async status() {
    return (await this.handle.describe()).status.name;
  }

  async terminate() {
    if ((await this.status()) === 'RUNNING') await this.handle.terminate('randomized path done');
  }
}

// ---- one path, played on both sides ------------------------------------------------------------

/** The step a duplicate repeats: a caller event Twilio delivered before. */
function resolveDuplicate(played: Step[], back: number): Step | undefined {
  const callerEvents = played.filter((step) => ['missed_call', 'caller_text', 'voicemail', 'call_ended', 'delivery'].includes(step.kind));
  return callerEvents.length === 0 ? undefined : callerEvents[callerEvents.length - 1 - (back % callerEvents.length)];
}

async function runPath(plan: Plan) {
  const server = new ServerCaller(plan);
  const core = new Mirror(plan);
  const played: Step[] = [];
  try {
    // Start at the planned local time (the server's clock only moves forward).
    const startAt = await env.currentTimeMs();
    const minutes = localParts(new Date(startAt), 'America/Chicago').minutes;
    await env.sleep(((plan.startMinute - minutes + 24 * 60) % (24 * 60) || 24 * 60) * MINUTE_MS);

    for (const planned of plan.steps) {
      const step = planned.kind === 'duplicate' ? resolveDuplicate(played, planned.back) : planned;
      if (!step) continue;
      const { now } = await syncClocks(server, core);
      played.push(step);
      stats.steps += 1;
      await playStep(server, core, step, now);
      const { done: serverDone } = await syncClocks(server, core);
      if (serverDone === core.live) {
        throw new Error(`after ${step.kind} the server's conversation is ${serverDone ? 'over' : 'running'} but the core's is not`);
      }
    }

    // Left alone for 30 days.
    await syncClocks(server, core);
    const before = await server.histories();
    const idleFrom = await env.currentTimeMs();
    const [wakeUpsBefore, activitiesBefore] = [core.wakeUps, core.activityCommands()];
    await env.sleep(IDLE_MS);
    await server.quiet();
    core.advanceTo(await env.currentTimeMs());
    const after = await server.histories();

    const status = await server.status();
    if (status !== 'RUNNING' && status !== 'COMPLETED') throw new Error(`the workflow is ${status}`);
    if ((status === 'COMPLETED') === core.live)
      throw new Error(`after 30 idle days the server's workflow is ${status} but the core's is not`);

    const total = after.reduce((sum, run) => sum + run.length, 0);
    const idleEvents = total - before.reduce((sum, run) => sum + run.length, 0);
    const idleTasks = after.flat().filter((event) => event.workflowTaskStartedEventAttributes && eventMs(event) >= idleFrom);
    const perHour = new Map<number, number>();
    for (const task of idleTasks) {
      const hour = Math.floor((eventMs(task) - idleFrom) / HOUR_MS);
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    const busiestHour = Math.max(0, ...perHour.values());
    const coreWork = core.wakeUps - wakeUpsBefore + core.activityCommands() - activitiesBefore;
    const longestRun = Math.max(...after.map((run) => run.length));
    stats.maxTotal = Math.max(stats.maxTotal, longestRun);
    stats.maxIdleWork = Math.max(stats.maxIdleWork, idleTasks.length - coreWork);
    stats.maxIdle = Math.max(stats.maxIdle, idleEvents);
    stats.maxIdleTasks = Math.max(stats.maxIdleTasks, idleTasks.length);
    stats.maxTasksPerHour = Math.max(stats.maxTasksPerHour, busiestHour);

    // The texts: exactly what the core commanded, in order.
    const sent = server.texts;
    const commanded = core.texts();
    if (process.env.RANDOMIZED_DEBUG) {
      process.stdout.write(
        `${JSON.stringify(played.map((step) => step.kind))} failing=${plan.failing} optedOut=${plan.optedOutBefore}\n  ${JSON.stringify(sent)}\n`,
      );
    }
    stats.texts += sent.length;
    if (JSON.stringify(sent) !== JSON.stringify(commanded)) {
      throw new Error(
        `the texts differ from the core's:\n  server: ${JSON.stringify(sent, null, 1)}\n  core:   ${JSON.stringify(commanded, null, 1)}`,
      );
    }
    if (idleEvents > MAX_IDLE_EVENTS) throw new Error(`30 idle days cost ${idleEvents} history events (max ${MAX_IDLE_EVENTS})`);
    if (idleTasks.length > MAX_IDLE_TASKS) throw new Error(`${idleTasks.length} workflow tasks in 30 idle days (max ${MAX_IDLE_TASKS})`);
    if (busiestHour > MAX_TASKS_PER_IDLE_HOUR) {
      throw new Error(`${busiestHour} workflow tasks in one idle hour (max ${MAX_TASKS_PER_IDLE_HOUR})`);
    }
    // Each workflow task of the silence answers a deadline the core reached or an activity it asked for (plus the last one).
    if (idleTasks.length > coreWork + 2) {
      throw new Error(`${idleTasks.length} workflow tasks in 30 idle days for ${coreWork} deadlines and activities of the core`);
    }
    if (longestRun > MAX_RUN_EVENTS) throw new Error(`a conversation's history is ${longestRun} events (max ${MAX_RUN_EVENTS})`);
  } finally {
    stats.sequences += 1;
    stats.conversations += core.worlds.length;
    if (plan.failing) stats.failingPaths += 1;
    await server.terminate().catch(() => undefined);
    tenants.delete(server.tenantId);
  }
}

/** Puts the core on the server's clock, away from any edge where milliseconds would decide. */
async function syncClocks(server: ServerCaller, core: Mirror): Promise<{ now: number; done: boolean }> {
  for (let tries = 0; tries < 20; tries += 1) {
    // Before the first step there is no workflow yet.
    const done = core.world ? await server.quiet() : false;
    const now = await env.currentTimeMs();
    core.advanceTo(now);
    if (!core.nearAnEdge(now)) return { now, done };
    await env.sleep(2 * GUARD_MS + 1);
  }
  throw new Error('could not find a moment away from every deadline');
}

async function playStep(server: ServerCaller, core: Mirror, step: Step, now: number) {
  const s = core.world?.state;
  switch (step.kind) {
    case 'missed_call':
    case 'caller_text':
      core.start(now, step);
      return server.start(step, now);
    case 'advance':
      await env.sleep(step.ms);
      return;
    default:
      break;
  }
  // Everything else reaches a running workflow only: the server's has completed too (checked after every step).
  if (!core.live || !s) return;
  switch (step.kind) {
    case 'voicemail': {
      const voicemail = {
        callSid: step.callSid,
        recordingSid: `RE-${step.callSid}`,
        durationSeconds: 12,
        ...(step.transcription ? { transcription: step.transcription } : {}),
      };
      core.apply(step);
      return server.signal((handle) => handle.signal(voicemailSignal, voicemail));
    }
    case 'call_ended':
      core.apply(step);
      return server.signal((handle) => handle.signal(callEndedSignal, { callSid: step.callSid }));
    case 'call_answered':
      core.apply(step);
      return server.signal((handle) => handle.signal(callAnsweredSignal, { by: 'owner_called_back' }));
    case 'delivery': {
      const messageSid = step.which === 'greeting' && s.greeting.sid ? s.greeting.sid : 'SMother';
      const status = step.errorCode === 21610 ? 'failed' : step.status;
      core.apply(step);
      return server.signal((handle) =>
        handle.signal(deliveryStatusSignal, { messageSid, status, ...(step.errorCode ? { errorCode: step.errorCode } : {}) }),
      );
    }
    case 'take_over':
      core.apply(step);
      return server.signal((handle) => handle.signal(takeOverSignal));
    case 'hand_back':
      core.apply(step);
      return server.signal((handle) => handle.signal(handBackSignal));
    case 'owner_sets_status':
      core.apply(step);
      return server.signal((handle) => handle.signal(setLeadStatusSignal, { status: step.status }));
    case 'settings_changed':
      core.apply(step);
      return server.signal((handle) => handle.signal(settingsChangedSignal, worldSettings(step.settings)));
    case 'owner_message':
      return sameAnswer(step, core, () =>
        server.update((handle) => handle.executeUpdate(sendOwnerMessageUpdate, { args: [{ body: step.body }] })),
      );
    case 'owner_books': {
      // The same instant World computes from its clock, which is the server's now.
      const start = new Date(Math.floor(now / HOUR_MS) * HOUR_MS + step.daysAhead * DAY_MS + step.slot * 3 * HOUR_MS).toISOString();
      return sameAnswer(step, core, () => server.update((handle) => handle.executeUpdate(bookSlotUpdate, { args: [{ start }] })));
    }
    case 'owner_cancels':
      return sameAnswer(step, core, () => server.update((handle) => handle.executeUpdate(cancelAppointmentUpdate)));
  }
}

/** The dashboard gets the answer the core gives: done, or refused (by the validator or after trying). */
async function sameAnswer(step: Step, core: Mirror, send: () => Promise<'answered' | 'refused'>) {
  const from = core.commandCount();
  core.apply(step);
  const answers = core.commandsSince(from).filter((command) => command.type === 'answer_update');
  const expected = answers.some((command) => command.type === 'answer_update' && command.answer.ok) ? 'answered' : 'refused';
  const got = await send();
  stats.updates[got] += 1;
  if (got !== expected) throw new Error(`the dashboard's ${step.kind} was ${got} by the server but ${expected} by the core`);
}

// ---- the tests ---------------------------------------------------------------------------------

test(`${RUNS} random paths on the real server: the workflow never fails or gets stuck, and texts exactly what the pure core commands (catches shell/core drift: a lost, doubled or reordered text, an effect run beside the main loop, a failing activity that fails the workflow)`, async () => {
  await fc.assert(
    fc.asyncProperty(planArbitrary(MAX_STEPS), (plan) => runPath(plan)),
    { numRuns: RUNS, ...replay },
  );
}, 600_000);

/** Endings that once made the workflow spin when the caller went quiet. */
const spinEndings: fc.Arbitrary<Played[]> = fc.constantFrom<Played[]>(
  [{ kind: 'take_over' }, { kind: 'caller_text', sid: 'SM90', body: 'my sink is leaking' }],
  [{ kind: 'caller_text', sid: 'SM91', body: 'my sink is leaking' }, { kind: 'take_over' }],
  [{ kind: 'owner_message', body: 'On my way!' }],
  // With `handoff`, the assistant's answer to this hands the conversation to the owner.
  [{ kind: 'caller_text', sid: 'SM93', body: 'there is water everywhere' }],
  [
    { kind: 'owner_books', daysAhead: 1, slot: 1 },
    { kind: 'caller_text', sid: 'SM92', body: 'can you come tomorrow?' },
  ],
  [
    { kind: 'owner_books', daysAhead: 2, slot: 0 },
    { kind: 'owner_sets_status', status: 'qualified' },
  ],
);

test(`never spins: a takeover, a handoff or a booked lead left silent for 30 days costs a bounded history (${SPIN_RUNS} paths; catches the condition(…, 0) loop after a takeover or a booked lead's unanswered reply)`, async () => {
  await fc.assert(
    fc.asyncProperty(planArbitrary(5, spinEndings, fc.boolean()), (plan) => runPath(plan)),
    { numRuns: SPIN_RUNS, ...replay },
  );
}, 600_000);
