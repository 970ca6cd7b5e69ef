// Stops the fault tier's stack and keeps its logs as test artifacts (test-artifacts/fault-logs).
import { stopKeepingLogs } from './stack-parts.mjs';

export default async function teardown() {
  const started = globalThis.__NMC_FAULT_STACK__;
  if (!started) return;
  await stopKeepingLogs(started, 'fault-logs');
  process.stdout.write(`[faults] stack stopped, ${started.dataDir} removed\n`);
}
