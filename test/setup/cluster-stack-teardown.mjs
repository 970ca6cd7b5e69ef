// Stops the cluster tier's stack and keeps its logs as test artifacts (test-artifacts/cluster-logs).
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/stack.mjs';

export default async function teardown() {
  const started = globalThis.__NMC_CLUSTER_STACK__;
  if (!started) return;
  // Keep-alive connections from the test's fetch calls would hold close() open.
  started.server.closeAllConnections();
  await new Promise((resolve) => started.server.close(resolve));
  await started.stack.stop();
  const artifacts = join(ROOT, 'test-artifacts', 'cluster-logs');
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  cpSync(started.stack.logDir, artifacts, { recursive: true });
  await started.dispose();
  process.stdout.write(`[cluster] stack stopped, ${started.dataDir} removed\n`);
}
