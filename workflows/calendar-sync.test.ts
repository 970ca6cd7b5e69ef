// The calendar sync workflow on the real time-skipping server, its activities faked at their
// interface (pushBookings by name, pullCalendarChanges answering scripted outcomes): it syncs on
// its period and at once on syncNow, asks for a full reconcile on its own period and carries that
// across continue-as-new, waits out rate limits and backs off after failures, and ends exactly when
// the connection is gone. A fast-check property drives random sequences of outcomes and checks the
// waits, the full reconciles, the ending and the history's size after every step.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import fc from 'fast-check';
import type { PullInput, PullOutcome } from '../activities/calendar-sync';
import { TASK_QUEUES } from '../contracts/task-queues';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { calendarSyncWorkflow, MAX_BACKOFF_MS, syncNowSignal, type CalendarSyncRun } from './calendar-sync';

type Scripted = PullOutcome['outcome'] | 'full_resync_needed' | 'crash';
interface Step {
  outcome: Scripted;
  retryAfterMs?: number;
  /** The owner (or a booking) asks for a sync while this round runs. */
  syncNow?: boolean;
  /** The pull finds the push channel watching another calendar than bookings go to. */
  rewatch?: boolean;
}
interface PullCall {
  at: number;
  runId: string;
  full: boolean;
  step: Step;
}
interface Script {
  steps: Step[];
  pulls: PullCall[];
  pushes: number;
  /** When the push channel was (re)registered. */
  watches: number[];
}

let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const scripts = new Map<string, Script>();

function scriptOf(): Script {
  const id = Context.current().info.workflowExecution!.workflowId;
  const script = scripts.get(id);
  if (!script) throw new Error(`no script for ${id}`);
  return script;
}

const activities = {
  // A channel that lasts 3 hours (workflow time), so renewals show within a test.
  watchCalendar: async (_input: { connectionId: string }) => {
    const at = Context.current().info.currentAttemptScheduledTimestampMs;
    scriptOf().watches.push(at);
    return { watching: true as const, expiresAtMs: at + 3 * 3600_000 };
  },
  pushBookings: async (_input: { connectionId: string }) => {
    scriptOf().pushes += 1;
    return { placed: 0 };
  },
  pullCalendarChanges: async (input: PullInput): Promise<PullOutcome> => {
    const info = Context.current().info;
    const script = scriptOf();
    const step = script.steps[script.pulls.length] ?? { outcome: 'gone' };
    script.pulls.push({ at: info.currentAttemptScheduledTimestampMs, runId: info.workflowExecution!.runId, full: !!input.full, step });
    if (step.syncNow) await env.client.workflow.getHandle(info.workflowExecution!.workflowId).signal(syncNowSignal);
    switch (step.outcome) {
      case 'crash':
        throw ApplicationFailure.nonRetryable('the database went away');
      case 'full_resync_needed':
        return { outcome: 'synced', full: true, changes: 0, applied: 0 };
      case 'synced':
        return { outcome: 'synced', full: !!input.full, changes: 0, applied: 0, ...(step.rewatch ? { rewatch: true as const } : {}) };
      case 'rate_limited':
        return { outcome: 'rate_limited', retryAfterMs: step.retryAfterMs ?? 30_000 };
      case 'retry_later':
        return { outcome: 'retry_later', reason: 'retryable' };
      case 'no_booking_calendar':
        return { outcome: step.outcome, ...(step.rewatch ? { rewatch: true as const } : {}) };
      case 'reconnect':
      case 'gone':
        return { outcome: step.outcome };
    }
  },
};

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUES.conversations,
    workflowsPath: require.resolve('./index'),
    activities,
  });
  running = worker.run();
}, 120_000);
afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

let counter = 0;
function start(steps: Step[], input: Omit<CalendarSyncRun, 'connectionId'>) {
  const workflowId = `calendar-sync-test-${++counter}`;
  const script: Script = { steps, pulls: [], pushes: 0, watches: [] };
  scripts.set(workflowId, script);
  const handle = env.client.workflow.start(calendarSyncWorkflow, {
    workflowId,
    taskQueue: TASK_QUEUES.conversations,
    args: [{ connectionId: `connection-${counter}`, ...input }],
  });
  return { script, handle };
}

const gaps = (pulls: PullCall[]) => pulls.slice(1).map((pull, index) => pull.at - pulls[index]!.at);
const ok = (count: number, extra: Partial<Step> = {}): Step[] => Array.from({ length: count }, () => ({ outcome: 'synced', ...extra }));

test('registers the push channel on the first round and renews it an hour before it expires, across continue-as-new', async () => {
  const { script, handle } = start(ok(10), { syncEveryMs: 30 * 60_000, syncsPerRun: 3 });
  await handle.then((h) => h.result());
  expect(script.pulls).toHaveLength(11); // ten synced rounds, then gone
  expect(script.watches).toHaveLength(3); // at the start, then every 2 hours over 5 hours: not once per run
  expect(script.watches[0]).toBeLessThanOrEqual(script.pulls[0]!.at);
  for (const gap of gaps(script.watches.map((at) => ({ at }) as PullCall))) expect(gap).toBeGreaterThanOrEqual(2 * 3600_000);
  expect(script.pulls.length).toBeGreaterThan(script.watches.length); // the poll goes on between renewals
});

test("a pull that finds the channel on another calendar (the owner chose another) brings the next round's registration forward", async () => {
  const steps: Step[] = [...ok(2), { outcome: 'synced', rewatch: true }, ...ok(3)];
  const { script, handle } = start(steps, { syncEveryMs: 30 * 60_000, syncsPerRun: 10 });
  await handle.then((h) => h.result());
  // At the start, then in the round right after the stale pull (the 4th), not 2 hours later;
  // without the stale pull there would be one registration in these 3 hours.
  expect(script.watches).toHaveLength(2);
  expect(script.watches[1]).toBeGreaterThan(script.pulls[2]!.at);
  expect(script.watches[1]).toBeLessThanOrEqual(script.pulls[3]!.at);
});

test('a pull that finds no booking calendar but a channel still live brings the next registration forward too (it ends the channel)', async () => {
  const steps: Step[] = [...ok(1), { outcome: 'no_booking_calendar', rewatch: true }, { outcome: 'no_booking_calendar' }, ...ok(2)];
  const { script, handle } = start(steps, { syncEveryMs: 30 * 60_000, syncsPerRun: 10 });
  await handle.then((h) => h.result());
  expect(script.watches).toHaveLength(2);
  expect(script.watches[1]).toBeGreaterThan(script.pulls[1]!.at);
  expect(script.watches[1]).toBeLessThanOrEqual(script.pulls[2]!.at);
});

test('syncs every period, pushing before each pull, and at once on syncNow', async () => {
  const { script, handle } = start(ok(20), { syncEveryMs: 60_000 });
  const workflow = await handle;
  await env.sleep(185_000);
  expect(script.pulls).toHaveLength(4); // at 0, 60, 120, 180 s
  expect(script.pushes).toBe(4);
  for (const gap of gaps(script.pulls)) expect(gap).toBeGreaterThanOrEqual(60_000);
  await workflow.signal(syncNowSignal);
  await env.sleep(2_000);
  expect(script.pulls).toHaveLength(5);
  expect(script.pulls[4]!.at - script.pulls[3]!.at).toBeLessThan(60_000);
  await workflow.terminate();
});

test('asks for a full reconcile on its own period, and carries when it last did across continue-as-new', async () => {
  const { script, handle } = start(ok(12), { syncEveryMs: 60_000, fullReconcileEveryMs: 240_000, syncsPerRun: 3 });
  await (await handle).result(); // the 13th pull answers gone
  const fulls = script.pulls.map((pull) => pull.full);
  // Rounds at 0, 60, ... s; due at >= 240 s after the last: rounds 4, 8 and 12.
  expect(fulls.map((full, index) => (full ? index : -1)).filter((index) => index >= 0)).toEqual([4, 8, 12]);
  const runs = new Set(script.pulls.map((pull) => pull.runId));
  expect(runs.size).toBe(5); // 13 rounds, 3 per run
});

test('waits out a rate limit whatever syncNow says, backs off after failures, keeps going when a round crashes', async () => {
  const steps: Step[] = [
    { outcome: 'rate_limited', retryAfterMs: 300_000, syncNow: true },
    { outcome: 'retry_later' },
    { outcome: 'retry_later' },
    { outcome: 'crash' },
    { outcome: 'synced' },
    { outcome: 'synced' },
  ];
  const { script, handle } = start(steps, { syncEveryMs: 60_000 });
  await (await handle).result();
  expect(gaps(script.pulls).map((gap) => Math.round(gap / 1000))).toEqual([300, 60, 120, 240, 60, 60]);
  expect(script.pulls).toHaveLength(7);
});

test('ends exactly when the connection is gone; waits (without ending) while it needs reconnecting', async () => {
  const { script, handle } = start([{ outcome: 'reconnect' }, { outcome: 'reconnect' }, { outcome: 'gone' }, { outcome: 'synced' }], {
    syncEveryMs: 60_000,
  });
  await (await handle).result();
  expect(script.pulls.map((pull) => pull.step.outcome)).toEqual(['reconnect', 'reconnect', 'gone']);
  expect(gaps(script.pulls)).toEqual([expect.any(Number), expect.any(Number)]);
  for (const gap of gaps(script.pulls)) expect(gap).toBeGreaterThanOrEqual(60_000);
});

// ---- the property ------------------------------------------------------------------------------

const SYNC_EVERY = 60_000;
const FULL_EVERY = 300_000;
const PER_RUN = 4;
const SLACK = 5_000;

const stepArbitrary: fc.Arbitrary<Step> = fc.record(
  {
    outcome: fc.constantFrom<Scripted>(
      'synced',
      'synced',
      'rate_limited',
      'retry_later',
      'full_resync_needed',
      'reconnect',
      'crash',
      'no_booking_calendar',
    ),
    retryAfterMs: fc.integer({ min: 0, max: 180_000 }),
    syncNow: fc.boolean(),
  },
  { requiredKeys: ['outcome'] },
);

/** The invariants, checked after every round against what the workflow did. */
function checkRounds(pulls: PullCall[], started: number): void {
  let lastFull = started;
  let failures = 0;
  pulls.forEach((pull, index) => {
    const since = pull.at - lastFull;
    if (since >= FULL_EVERY + SLACK) expect(pull.full).toBe(true);
    if (since < FULL_EVERY - SLACK) expect(pull.full).toBe(false);
    const { step } = pull;
    if (step.outcome === 'full_resync_needed' || (step.outcome === 'synced' && pull.full)) lastFull = pull.at;
    const failed = step.outcome === 'retry_later' || step.outcome === 'crash';
    failures = failed ? failures + 1 : 0;
    const next = pulls[index + 1];
    if (!next) return;
    const gap = next.at - pull.at;
    // Never two rounds without a wait: the provider's, the backoff, or the period, unless asked to sync now.
    if (step.outcome === 'rate_limited') {
      const wait = Math.max(step.retryAfterMs ?? 30_000, 1_000);
      expect(gap).toBeGreaterThanOrEqual(wait);
      expect(gap).toBeLessThan(wait + SLACK);
      return;
    }
    const wait = failed ? Math.min(SYNC_EVERY * 2 ** (failures - 1), MAX_BACKOFF_MS) : SYNC_EVERY;
    if (!step.syncNow) expect(gap).toBeGreaterThanOrEqual(wait);
    expect(gap).toBeLessThan(wait + SLACK);
  });
}

test('random outcomes: waits between rounds, full reconciles when due, ends exactly when gone, history bounded', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 14 }), async (steps) => {
      const scripted = [...steps.filter((step) => step.outcome !== 'gone'), { outcome: 'gone' as const }];
      const startedAt = Date.now();
      const { script, handle } = start(scripted, { syncEveryMs: SYNC_EVERY, fullReconcileEveryMs: FULL_EVERY, syncsPerRun: PER_RUN });
      const workflow = await handle;
      await workflow.result();
      void startedAt;
      // Ends exactly at the first gone: every scripted step was pulled, none after.
      expect(script.pulls.map((pull) => pull.step)).toEqual(scripted);
      expect(script.pushes).toBe(script.pulls.length);
      const description = await env.client.workflow.getHandle(workflow.workflowId, workflow.firstExecutionRunId).describe();
      checkRounds(script.pulls, Math.min(description.startTime.getTime(), script.pulls[0]!.at));
      // Continue-as-new after PER_RUN rounds: no run's history grows with the sequence.
      const runs = new Set(script.pulls.map((pull) => pull.runId));
      expect(runs.size).toBe(Math.ceil(script.pulls.length / PER_RUN));
      const history = await env.client.workflow.getHandle(workflow.workflowId).fetchHistory();
      expect(history.events?.length ?? 0).toBeLessThanOrEqual(30 * PER_RUN + 20);
    }),
    { numRuns: 8 },
  );
}, 300_000);
