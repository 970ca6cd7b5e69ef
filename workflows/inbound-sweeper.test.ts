// The inbound sweeper on the real time-skipping server, its activities faked at their interface:
// it sweeps every period, reconciles on its own period and at once when asked, survives a failing
// reconciliation, and continues as new with the same settings.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { TASK_QUEUES } from '../contracts/task-queues';
import { createTimeSkippingEnv } from '../test/support/time-skipping';
import { inboundSweeperWorkflow, reconcileNowSignal } from './inbound-sweeper';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnv();
}, 60_000);
afterAll(() => env?.teardown());

function fakes({ reconcileFails = false } = {}) {
  const calls = { sweeps: 0, reconciles: 0 };
  return {
    calls,
    activities: {
      deliverPendingInbound: async () => {
        calls.sweeps += 1;
        return { delivered: 0, failed: 0 };
      },
      reconcileInbound: async () => {
        calls.reconciles += 1;
        if (reconcileFails) throw new Error('Twilio unreachable');
        return { numbers: 1, listed: 0, recovered: 0 };
      },
    },
  };
}

async function withWorker<T>(activities: object, fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUES.conversations,
    workflowsPath: require.resolve('./index'),
    activities,
  });
  return worker.runUntil(fn);
}

test('sweeps every period and reconciles on its own period; continues as new after its sweeps', async () => {
  const { calls, activities } = fakes();
  await withWorker(activities, async () => {
    const handle = await env.client.workflow.start(inboundSweeperWorkflow, {
      workflowId: 'sweeper-periods',
      taskQueue: TASK_QUEUES.conversations,
      args: [{ sweepEveryMs: 2_000, reconcileEveryMs: 10_000, sweepsPerRun: 12 }],
    });
    // 12 sweeps 2 s apart, then a new run with the same settings.
    await env.sleep(25_000);
    const description = await handle.describe();
    expect(description.runId).not.toBe(handle.firstExecutionRunId);
    await handle.terminate();
  });
  expect(calls.sweeps).toBeGreaterThanOrEqual(12);
  // Reconciled after 10 s of the first run (sweep 6 and 11), none before its period.
  expect(calls.reconciles).toBeGreaterThanOrEqual(2);
  expect(calls.reconciles).toBeLessThan(calls.sweeps);
});

test('reconcileNow reconciles at the next sweep instead of waiting for the period; a failing reconciliation does not stop sweeping', async () => {
  const { calls, activities } = fakes({ reconcileFails: true });
  await withWorker(activities, async () => {
    const handle = await env.client.workflow.start(inboundSweeperWorkflow, {
      workflowId: 'sweeper-now',
      taskQueue: TASK_QUEUES.conversations,
      args: [{ sweepEveryMs: 60_000, reconcileEveryMs: 3_600_000 }],
    });
    await env.sleep(1_000);
    expect(calls.reconciles).toBe(0);
    await handle.signal(reconcileNowSignal);
    await env.sleep(90_000); // the reconcile retries fail (Twilio down); sweeping goes on
    expect(calls.reconciles).toBeGreaterThanOrEqual(1);
    const sweepsThen = calls.sweeps;
    await env.sleep(120_000);
    expect(calls.sweeps).toBeGreaterThan(sweepsThen);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await handle.terminate();
  });
});
