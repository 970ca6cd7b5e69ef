// Stops the shared stack and keeps its logs as test artifacts.
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/stack.mjs';

export default async function teardown() {
  const started = globalThis.__NMC_STACK__;
  if (!started) return;
  await started.stack.stop();
  const artifacts = join(ROOT, 'test-artifacts', 'stack-logs');
  mkdirSync(artifacts, { recursive: true });
  cpSync(started.stack.logDir, artifacts, { recursive: true });
  await started.dispose();
}
