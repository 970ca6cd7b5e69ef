// Stops the cluster tier's stack and keeps its logs as test artifacts (test-artifacts/cluster-logs).
import { stopKeepingLogs } from './stack-parts.mjs';

export default async function teardown() {
  const started = globalThis.__NMC_CLUSTER_STACK__;
  if (!started) return;
  await stopKeepingLogs(started, 'cluster-logs');
  process.stdout.write(`[cluster] stack stopped, ${started.dataDir} removed\n`);
}
