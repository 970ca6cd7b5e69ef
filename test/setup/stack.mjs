// The integration and end-to-end tiers share one real stack, started once for the run: embedded
// PostgreSQL (or DATABASE_URL), the Temporal dev server, the Twilio emulator, the worker and the
// api serving the built dashboard, each its own process on free ports, with fresh data.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ROOT, startThrowawayStack } from '../../scripts/stack.mjs';
import { stackTestEnv } from './stack-parts.mjs';

export default async function setup() {
  if (!existsSync(join(ROOT, 'web', 'build', 'index.html'))) {
    throw new Error('the dashboard is not built: run `npm run build:web` (npm test does it for you)');
  }
  const started = Date.now();
  // The worker's /metrics on a free port (its default, 9464, may be a developer's running worker).
  const workerMetricsPort = await freePort();
  const { stack, dataDir, dispose } = await startThrowawayStack({
    dashboard: 'built',
    logLevel: 'info',
    // As behind a production load balancer: tests play many client addresses through X-Forwarded-For.
    extraEnv: { TRUST_PROXY: 'true', WORKER_METRICS_PORT: String(workerMetricsPort) },
  });
  process.stdout.write(`\n[stack] up in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${stack.logDir}\n`);
  globalThis.__NMC_STACK__ = { stack, dataDir, dispose };

  Object.assign(process.env, {
    ...stackTestEnv(stack),
    NMC_TEST_WORKER_METRICS_URL: `http://${new URL(stack.urls.api).hostname}:${workerMetricsPort}/metrics`,
  });
}
