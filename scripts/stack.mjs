// Starts the whole product as separate processes on this machine: PostgreSQL, the Temporal dev
// server, the Twilio emulator, the worker, the api and (optionally) the dashboard's dev server.
// `npm run dev` uses it with fixed ports and persistent data; the test stack with free ports and
// a throw-away folder, so what the tests exercise is what a developer runs.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from '../db/embedded-postgres.mjs';
import { startTemporalDevServer, stopChild, waitForPort } from '../temporal/dev-server.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';

/** A port the OS says is free right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

export async function assertPortFree(port, what, envName) {
  await new Promise((resolveFree, reject) => {
    const server = createServer();
    server.once('error', () => reject(new Error(`port ${port} (${what}) is already in use: stop what uses it or set ${envName}`)));
    server.listen(port, HOST, () => server.close(resolveFree));
  });
}

/**
 * A DATABASE_URL we cannot use stops the start with one line naming where it points (never its
 * password) and what to do, instead of a migration's stack trace a minute later.
 */
export async function assertDatabaseReachable(databaseUrl, timeoutMs = 5_000) {
  let where = 'DATABASE_URL';
  try {
    const url = new URL(databaseUrl);
    where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    throw new Error(
      'DATABASE_URL is not a URL (postgres://user:password@host:port/database): fix it, or unset it to use the embedded PostgreSQL',
    );
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const reason = error.code === 'ECONNREFUSED' ? 'connection refused' : error.code === 'ENOTFOUND' ? 'unknown host' : error.message;
    throw new Error(
      `cannot reach PostgreSQL at ${where} (DATABASE_URL): ${reason}. Start that server or fix DATABASE_URL, or unset it to use the embedded PostgreSQL`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Where a child's output goes: a log file (tests) or this terminal with a name in front (dev). */
function outputFor(name, { logDir, terminal }) {
  if (terminal) {
    return (stream) => {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${prettyLogLine(line)}\n`));
    };
  }
  mkdirSync(logDir, { recursive: true });
  const file = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  return (stream) => stream.pipe(file, { end: false });
}

const LEVELS = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
/** Pino writes JSON; a developer reads `info  api listening {url: ...}`. */
function prettyLogLine(line) {
  if (!line.startsWith('{')) return line;
  try {
    const { level, msg, time: _time, pid: _pid, hostname: _host, name: _name, ...rest } = JSON.parse(line);
    const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    return `${(LEVELS[level] ?? level).padEnd(5)} ${msg ?? ''}${extra}`;
  } catch {
    return line;
  }
}

/** The last lines of a log file, for an error message. */
function logTail(file, lines = 4) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join(' | ').slice(-1500);
  } catch {
    return '(no log)';
  }
}

/** PostgreSQL is chatty: its lines always go to a file, never to the terminal. */
function postgresLog(logDir) {
  const file = createWriteStream(join(logDir, 'postgres.log'), { flags: 'a' });
  return (line) => file.write(`${line}\n`);
}

function tsxProcess(name, script, env, output) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, script)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const write = output(name);
  write(child.stdout);
  write(child.stderr);
  return child;
}

function runTsx(script, env) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, script)], { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`);
  return result.stdout;
}

/** The worker is ready when Temporal sees this process polling each of its task queues (whatever it logs). */
async function waitForWorkerPolling(address, child, timeoutMs) {
  const { Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address });
  const queues = [
    { name: 'conversations', taskQueueType: 1 /* workflow */ },
    { name: 'sms', taskQueueType: 2 /* activity */ },
  ];
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the worker exited with code ${child.exitCode} before it was ready`);
      const polled = await Promise.all(
        queues.map(async ({ name, taskQueueType }) => {
          const { pollers } = await connection.workflowService.describeTaskQueue({
            namespace: 'default',
            taskQueue: { name },
            taskQueueType,
          });
          // Its own pollers (identity `<pid>@<host>`): a killed worker's stay listed for a while.
          return pollers.some((poller) => poller.identity.startsWith(`${child.pid}@`));
        }),
      );
      if (polled.every(Boolean)) return;
      if (Date.now() > deadline) throw new Error(`the worker was not polling its task queues within ${timeoutMs / 1000} s`);
      await new Promise((resolveLater) => setTimeout(resolveLater, 200));
    }
  } finally {
    await connection.close();
  }
}

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

    progress(`Temporal: starting the dev server (SQLite in ${join(dataDir, 'temporal.sqlite')})`);
    const startTemporal = () =>
      startTemporalDevServer({
        dbFile: join(dataDir, 'temporal.sqlite'),
        port: ports.temporal,
        uiPort: ports.temporalUi,
        logFile: join(logDir, 'temporal.log'),
      });
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

    // Each process by name (api, worker, worker-2, …), startable again after a kill.
    const processes = {
      api: {
        start: async () => {
          const child = tsxProcess('api', 'api/main.ts', env, output);
          running.processes.set('api', child);
          await waitForPort(HOST, ports.api, { what: 'the api', child, timeoutMs: 60_000 }).catch((error) => {
            throw new Error(`${error.message}${terminal ? '' : `; its log ends: ${logTail(join(logDir, 'api.log'))}`}`);
          });
        },
        graceMs: 10_000,
      },
    };
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
    progress('API: starting');
    await processes.api.start();
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
        temporalUi: temporal.uiUrl,
        sandbox: sandboxUrl,
        temporal: temporal.address,
        database: databaseUrl,
      },
      logDir,
      stop,
      control: stackControl({ running, processes }),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Kill and start what a stack runs, by name: for the fault tier (test/faults), which plays crashes. */
function stackControl({ running, processes }) {
  const exited = (child) =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolveExit) => child.once('exit', resolveExit));
  return {
    names: () => Object.keys(processes),
    /** The process's pid, or undefined when it is not running. */
    pid(name) {
      const child = running.processes.get(name);
      return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    /** Sends `signal` (default SIGKILL: no chance to clean up) and waits until the process is gone. */
    async kill(name, signal = 'SIGKILL') {
      const child = running.processes.get(name);
      if (!child) throw new Error(`no process named ${name}`);
      child.kill(signal);
      await exited(child);
    },
    /** Starts it again and waits until it is ready (the api listening, a worker polling). */
    async start(name) {
      if (!processes[name]) throw new Error(`no process named ${name}`);
      if (this.pid(name)) throw new Error(`${name} is still running`);
      await processes[name].start();
    },
    async stopTemporal() {
      await running.temporal.handle.stop();
      running.temporal.handle = undefined;
    },
    async startTemporal() {
      running.temporal.handle = await running.temporal.start();
    },
    async stopPostgres() {
      if (!running.postgres) throw new Error('PostgreSQL is not ours to stop (DATABASE_URL)');
      await running.postgres.handle.stop();
      running.postgres.handle = undefined;
    },
    async startPostgres() {
      running.postgres.handle = await running.postgres.start();
    },
  };
}

/**
 * A stack of its own for tests and benchmarks: free ports, fresh data in a temporary folder and
 * fresh secrets. `dispose()` stops it and removes the folder (`keepData` keeps it for a look).
 * @param {{ dashboard: 'built' | 'none', logLevel?: string, prefix?: string, assistantEnv?: Record<string, string>, extraEnv?: Record<string, string>, workers?: number }} options
 */
export async function startThrowawayStack({
  dashboard,
  logLevel = 'info',
  prefix = 'nmc-stack-',
  assistantEnv = {},
  extraEnv = {},
  workers = 1,
}) {
  const { generateSecrets } = await import('./secrets.mjs');
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
  const stack = await startStack({ dataDir, ports, secrets: generateSecrets(), dashboard, logLevel, assistantEnv, extraEnv, workers });
  return {
    stack,
    dataDir,
    async dispose({ keepData = false } = {}) {
      await stack.stop();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}
