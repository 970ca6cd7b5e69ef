#!/usr/bin/env node
// `npm run cluster`: the product scaled out on this machine (docs/decisions/0026-cluster-tier.md):
// PostgreSQL, a real Temporal cluster on it (history, matching, frontend and worker as separate
// processes, built from Go once), the Twilio emulator, two workers and two api processes behind
// one PUBLIC_URL, the built dashboard served by the apis. Data lives in .data/cluster/ (its own
// PostgreSQL: the dev server's SQLite history is not moved). `npm run dev` stays the fast path.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules, ensureTemporal, ensureTemporalCluster } from './install.mjs';
import { loadOrCreateSecrets } from './secrets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (message) => process.stdout.write(`[cluster] ${message}\n`);
const port = (name, fallback) => Number(process.env[name] ?? fallback);

async function main() {
  ensureNodeModules(root);
  ensureTemporal();
  await ensureTemporalCluster();
  if (!existsSync(join(root, 'web', 'build', 'index.html'))) {
    say('Dashboard: building it once (npm run build:web)');
    const built = spawnSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('`npm run build:web` failed');
  }
  const { assertPortFree, startStack } = await import('./stack.mjs');
  const { startTemporalCluster } = await import('./cluster/temporal-cluster.mjs');

  const envNames = {
    postgres: 'NMC_POSTGRES_PORT',
    temporal: 'NMC_TEMPORAL_PORT',
    sandbox: 'NMC_SANDBOX_PORT',
    api: 'NMC_API_PORT',
    api2: 'NMC_API_2_PORT',
  };
  const ports = {
    postgres: port(envNames.postgres, 54321),
    temporal: port(envNames.temporal, 7233),
    temporalUi: 0, // the cluster has no built-in Web UI: README "Scaling out"
    sandbox: port(envNames.sandbox, 4010),
    api: port(envNames.api, 3000),
    api2: port(envNames.api2, 3001),
  };
  for (const [name, envName] of Object.entries(envNames)) {
    if (name === 'postgres' && process.env.DATABASE_URL) continue;
    await assertPortFree(ports[name], name, envName);
  }

  const dataDir = process.env.NMC_DATA_DIR ? resolve(process.env.NMC_DATA_DIR) : join(root, '.data', 'cluster');
  const started = Date.now();
  const stack = await startStack({
    dataDir,
    ports,
    moreApiPorts: [ports.api2],
    workers: 2,
    secrets: loadOrCreateSecrets(join(dataDir, 'dev-secrets.json')),
    dashboard: 'built',
    temporalServer: (context) => startTemporalCluster({ ...context, frontendPort: ports.temporal }),
    progress: say,
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping ...');
    await stack.stop();
    say(`stopped. Your data is kept in ${dataDir} for next time.`);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  const line = '─'.repeat(64);
  process.stdout.write(
    [
      '',
      line,
      ` NeverMissCall, scaled out, is up in ${((Date.now() - started) / 1000).toFixed(1)} s (sandbox mode)`,
      line,
      ` Dashboard         ${stack.urls.apis.join('  or  ')}`,
      ` Sign in as        ${stack.demo.email} / ${stack.demo.password}`,
      ` Business          ${stack.demo.businessName}, number ${stack.demo.businessNumber}`,
      ` Temporal          ${stack.urls.temporal} (history, matching, frontend, worker; logs in ${stack.logDir})`,
      ` Twilio emulator   ${stack.urls.sandbox} (webhooks go to ${stack.urls.api})`,
      ` Workers           2, on the same task queues`,
      ` Data              ${dataDir}`,
      '',
      ' Web UI for this cluster: `temporal server start-dev` cannot show a remote cluster;',
      ' see README "Scaling out". Logs of every process are in the folder above. Ctrl-C stops all.',
      line,
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  process.stderr.write(`[cluster] error: ${error.message}\n`);
  process.exit(1);
});
