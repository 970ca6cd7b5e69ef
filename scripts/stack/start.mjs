// startStack: every process of the product started in order (PostgreSQL, Temporal, the Twilio
// emulator, migrations and seed, workers and api, the dashboard), each stopped again in reverse,
// also when a later one fails to start.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../db/embedded-postgres.mjs';
import { startTemporalDevServer, stopChild, waitForPort } from '../../temporal/dev-server.mjs';
import { stackControl } from './control.mjs';
import { assertDatabaseReachable } from './database.mjs';
import { logTail, outputFor, postgresLog, runTsx, tsxProcess, waitForWorkerPolling } from './processes.mjs';
import { HOST, ROOT } from './root.mjs';

/**
 * @param {object} options
 * @param {string} options.dataDir         persistent (dev) or throw-away (tests) folder for data and logs
 * @param {{ postgres: number, temporal: number, temporalUi: number, sandbox: number, api: number, web?: number }} options.ports
 * @param {{ JWT_SECRET: string, TWILIO_ACCOUNT_SID: string, TWILIO_AUTH_TOKEN: string, POSTGRES_PASSWORD: string, DEMO_PASSWORD: string }} options.secrets
 * @param {'vite' | 'built' | 'none'} options.dashboard  vite dev server, or the built SPA served by the api
 * @param {boolean} [options.terminal]     print children's output here instead of log files
 * @param {(message: string) => void} [options.progress]
 * @param {string} [options.logLevel]      LOG_LEVEL for our processes (default info)
 * @param {Record<string, string>} [options.extraEnv]  more variables for our processes
 * @param {Record<string, string>} [options.assistantEnv]  replaces any OPENAI_* variables (throwaway stacks: {} = offline assistant)
 * @param {number} [options.workers]       how many worker processes (default 1; the fault tier runs 2)
 * @param {number[]} [options.moreApiPorts] ports of more api processes (api-2, …) behind the same PUBLIC_URL (the cluster)
 * @param {(context: { databaseUrl: string, dataDir: string, logDir: string, progress: (m: string) => void }) => Promise<{ address: string, uiUrl?: string, stop: () => Promise<void> }>} [options.temporalServer]
 *   starts Temporal instead of the dev server (the cluster: scripts/cluster/temporal-cluster.mjs)
 */
export async function startStack({
  dataDir,
  ports,
  secrets,
  dashboard,
  terminal = false,
  progress = () => {},
  logLevel = 'info',
  assistantEnv = undefined,
  extraEnv = {},
  workers = 1,
  moreApiPorts = [],
  temporalServer = undefined,
}) {
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const output = (name) => outputFor(name, { logDir, terminal });
  const stoppers = [];
  /** What runs now, so a process restarted by `control` is the one stopped at the end. */
  const running = { postgres: undefined, temporal: undefined, processes: new Map() };
  const stop = async () => {
    for (const stopOne of stoppers.reverse())
      await Promise.resolve()
        .then(stopOne)
        .catch(() => undefined);
    stoppers.length = 0;
  };

  try {
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      progress(`PostgreSQL: using DATABASE_URL`);
      await assertDatabaseReachable(databaseUrl);
    } else {
      progress(`PostgreSQL: starting (embedded-postgres, data in ${join(dataDir, 'pg')})`);
      const startPostgres = () =>
        startEmbeddedPostgres({
          dir: join(dataDir, 'pg'),
          port: ports.postgres,
          password: secrets.POSTGRES_PASSWORD,
          log: postgresLog(logDir),
        });
      const pg = await startPostgres();
      running.postgres = { handle: pg, start: startPostgres };
      stoppers.push(async () => running.postgres.handle?.stop());
      databaseUrl = pg.url;
    }

    if (!temporalServer) progress(`Temporal: starting the dev server (SQLite in ${join(dataDir, 'temporal.sqlite')})`);
    const startDevServer = () =>
      startTemporalDevServer({
        dbFile: join(dataDir, 'temporal.sqlite'),
        port: ports.temporal,
        uiPort: ports.temporalUi,
        logFile: join(logDir, 'temporal.log'),
      });
    const startTemporal = temporalServer ? () => temporalServer({ databaseUrl, dataDir, logDir, progress }) : startDevServer;
    const temporal = await startTemporal();
    running.temporal = { handle: temporal, start: startTemporal };
    stoppers.push(async () => running.temporal.handle?.stop());

    const publicUrl = `http://${HOST}:${ports.api}`;
    const sandboxUrl = `http://${HOST}:${ports.sandbox}`;
    const env = {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV === 'test' ? 'test' : 'development',
      LOG_LEVEL: logLevel,
      NMC_MODE: 'sandbox',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TWILIO_ACCOUNT_SID: secrets.TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: secrets.TWILIO_AUTH_TOKEN,
      TWILIO_API_URL: sandboxUrl,
      PUBLIC_URL: publicUrl,
      JWT_SECRET: secrets.JWT_SECRET,
      DEMO_PASSWORD: secrets.DEMO_PASSWORD,
      API_HOST: HOST,
      API_PORT: String(ports.api),
      SANDBOX_HOST: HOST,
      SANDBOX_PORT: String(ports.sandbox),
    };
    // Throwaway stacks never reach a real model with a developer's key: the offline assistant, or
    // the OpenAI-compatible server they name.
    if (assistantEnv) {
      for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL']) delete env[name];
      Object.assign(env, assistantEnv);
    }
    Object.assign(env, extraEnv);
    if (dashboard === 'built') env.WEB_BUILD_DIR = join(ROOT, 'web', 'build');
    if (dashboard === 'vite') env.WEB_ORIGIN = `http://${HOST}:${ports.web}`;

    progress('Twilio emulator: starting');
    const sandbox = tsxProcess('sandbox', 'sandbox/main.ts', env, output);
    stoppers.push(() => stopChild(sandbox));
    await waitForPort(HOST, ports.sandbox, { what: 'the Twilio emulator', child: sandbox });

    progress('Database: applying migrations');
    runTsx('db/migrate.ts', env);
    progress('Demo business: seeding');
    const demo = JSON.parse(runTsx('db/seed.ts', env).trim().split('\n').pop());

    // Each process by name (api, api-2, …, worker, worker-2, …), startable again after a kill.
    const processes = {};
    const apiNames = [ports.api, ...moreApiPorts].map((port, index) => {
      const name = index === 0 ? 'api' : `api-${index + 1}`;
      processes[name] = {
        start: async () => {
          const child = tsxProcess(name, 'api/main.ts', { ...env, API_PORT: String(port) }, output);
          running.processes.set(name, child);
          await waitForPort(HOST, port, { what: `the ${name}`, child, timeoutMs: 60_000 }).catch((error) => {
            throw new Error(`${error.message}${terminal ? '' : `; its log ends: ${logTail(join(logDir, `${name}.log`))}`}`);
          });
        },
        graceMs: 10_000,
      };
      return name;
    });
    const workerNames = Array.from({ length: workers }, (_, index) => (index === 0 ? 'worker' : `worker-${index + 1}`));
    for (const name of workerNames) {
      processes[name] = {
        start: async () => {
          const child = tsxProcess(name, 'workers/main.ts', env, output);
          running.processes.set(name, child);
          await waitForWorkerPolling(temporal.address, child, 120_000).catch((error) => {
            throw new Error(`${error.message}${terminal ? '' : `; its log ends: ${logTail(join(logDir, `${name}.log`))}`}`);
          });
        },
        graceMs: 20_000,
      };
    }
    for (const [name, { graceMs }] of Object.entries(processes)) {
      stoppers.push(() => (running.processes.get(name) ? stopChild(running.processes.get(name), graceMs) : Promise.resolve()));
    }

    if (workers > 1) {
      // One bundle for all workers (and their restarts): bundling is the slow part of a worker's start.
      progress('Workflows: bundling once for the workers');
      const bundlePath = join(dataDir, 'workflow-bundle.js');
      runTsx('temporal/bundle-workflows.ts', { ...env, NMC_BUNDLE_OUT: bundlePath });
      env.NMC_WORKFLOW_BUNDLE = bundlePath;
    }
    progress(`Worker${workers > 1 ? `s (${workers})` : ''}: starting${workers > 1 ? '' : ' (bundling workflows)'}`);
    const workersReady = Promise.all(workerNames.map((name) => processes[name].start()));
    progress(`API${apiNames.length > 1 ? `s (${apiNames.length})` : ''}: starting`);
    await Promise.all(apiNames.map((name) => processes[name].start()));
    await workersReady;

    let dashboardUrl = publicUrl;
    if (dashboard === 'vite') {
      progress('Dashboard: starting the Vite dev server');
      const web = spawn(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'dev'], {
        cwd: join(ROOT, 'web'),
        env: { ...env, WEB_PORT: String(ports.web), API_URL: publicUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      output('web')(web.stdout);
      output('web')(web.stderr);
      stoppers.push(() => stopChild(web));
      await waitForPort(HOST, ports.web, { what: 'the dashboard dev server', child: web, timeoutMs: 60_000 });
      dashboardUrl = `http://${HOST}:${ports.web}`;
    }

    return {
      env,
      demo: { ...demo, password: secrets.DEMO_PASSWORD },
      urls: {
        dashboard: dashboardUrl,
        api: publicUrl,
        apis: [ports.api, ...moreApiPorts].map((port) => `http://${HOST}:${port}`),
        temporalUi: temporal.uiUrl,
        sandbox: sandboxUrl,
        temporal: temporal.address,
        database: databaseUrl,
      },
      logDir,
      stop,
      control: stackControl({ running, processes }),
      /** What runs Temporal now (the dev server, or the cluster's handle with kill/start per service). */
      temporal: () => running.temporal.handle,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
