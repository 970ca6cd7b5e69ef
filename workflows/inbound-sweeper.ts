// The inbound sweeper (docs/decisions/0013-inbound-delivery.md): one long-running workflow that
// delivers every few seconds what the webhooks stored but could not signal, and reconciles with
// Twilio's list of texts every few minutes. A workflow rather than a timer in the api: it runs once
// for the whole deployment however many api and worker processes there are, survives their
// crashes, and is visible (and stoppable) in Temporal Web UI. Deterministic code only.
import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { InboundActivities } from '../activities/inbound';
import { reconcileNowSignal, type InboundSweeperInput } from '../contracts/inbound-sweeper';

export { reconcileNowSignal };

const { deliverPendingInbound } = proxyActivities<InboundActivities>({
  startToCloseTimeout: '60s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '10s' },
});
const { reconcileInbound } = proxyActivities<InboundActivities>({
  startToCloseTimeout: '5m',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '5s', maximumInterval: '1m', maximumAttempts: 3 },
});

export async function inboundSweeperWorkflow(input: InboundSweeperInput): Promise<void> {
  const sweeps = input.sweepsPerRun ?? 200;
  let sinceReconcile = 0;
  let reconcileRequested = false;
  setHandler(reconcileNowSignal, () => {
    reconcileRequested = true;
  });
  for (let sweep = 0; sweep < sweeps; sweep++) {
    await deliverPendingInbound();
    if (reconcileRequested || sinceReconcile >= input.reconcileEveryMs) {
      sinceReconcile = 0;
      reconcileRequested = false;
      try {
        await reconcileInbound();
      } catch {
        // Twilio unreachable: the next round tries again; delivering what we hold goes on.
      }
    }
    // A reconcile request cuts the pause short.
    await condition(() => reconcileRequested, input.sweepEveryMs);
    sinceReconcile += input.sweepEveryMs;
  }
  await continueAsNew<typeof inboundSweeperWorkflow>(input);
}
