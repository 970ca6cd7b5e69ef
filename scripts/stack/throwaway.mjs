// Stacks for tests (test/setup/*) and benchmarks (bench/): never the developer's ports, data or
// secrets, and nothing left behind once disposed.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.mjs';
import { startStack } from './start.mjs';

/**
 * A stack of its own for tests and benchmarks: free ports, fresh data in a temporary folder and
 * fresh secrets. `dispose()` stops it and removes the folder (`keepData` keeps it for a look).
 * @param {{ dashboard: 'built' | 'none', logLevel?: string, prefix?: string, assistantEnv?: Record<string, string>, extraEnv?: Record<string, string>, workers?: number, apis?: number, temporalServer?: Function }} options
 */
export async function startThrowawayStack({
  dashboard,
  logLevel = 'info',
  prefix = 'nmc-stack-',
  assistantEnv = {},
  extraEnv = {},
  workers = 1,
  apis = 1,
  temporalServer = undefined,
}) {
  const { generateSecrets } = await import('../secrets.mjs');
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  // PostgreSQL runs as the `postgres` user when we are root: it must be able to reach its folder.
  chmodSync(dataDir, 0o755);
  const ports = {
    postgres: await freePort(),
    temporal: await freePort(),
    temporalUi: await freePort(),
    sandbox: await freePort(),
    api: await freePort(),
  };
  const moreApiPorts = [];
  for (let index = 1; index < apis; index += 1) moreApiPorts.push(await freePort());
  const stack = await startStack({
    dataDir,
    ports,
    secrets: generateSecrets(),
    dashboard,
    logLevel,
    assistantEnv,
    extraEnv,
    workers,
    moreApiPorts,
    temporalServer,
  });
  return {
    stack,
    dataDir,
    async dispose({ keepData = false } = {}) {
      await stack.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
