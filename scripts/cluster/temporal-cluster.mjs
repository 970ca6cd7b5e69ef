// A real Temporal cluster for the cluster tier and `npm run cluster`: the server built from the Go
// module (temporal/obtain-cluster.mjs) on our PostgreSQL, its two databases set up by the SQL
// schema tool, and its four services (history, matching, frontend, worker) as separate processes,
// each killable and restartable on its own. Why this shape: docs/decisions/0026-cluster-tier.md.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { obtainClusterServer } from '../../temporal/obtain-cluster.mjs';
import { SEARCH_ATTRIBUTE_FLAGS, stopChild, waitForPort } from '../../temporal/dev-server.mjs';
import { freePort } from '../stack/ports.mjs';
import { HOST } from '../stack/root.mjs';
import { clusterConfigYaml, DYNAMIC_CONFIG_FILE } from './temporal-config.mjs';

/**
 * The processes, in the order they start: history first (it owns cluster metadata; all at once
 * races on it). Two history processes share the 4 shards, so one can die while the other takes
 * its shards over (the cluster tier kills one).
 */
export const TEMPORAL_PROCESSES = ['history', 'history-2', 'matching', 'frontend', 'worker'];
const serviceOf = (name) => name.replace(/-\d+$/, '');
const DATABASES = { temporal: 'postgresql/v12/temporal', temporal_visibility: 'postgresql/v12/visibility' };

/** Membership ports are stored as smallint: the OS's ephemeral range (above 32767) does not fit. */
async function freeLowPort() {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, HOST, () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port below 32768 for Temporal membership');
}

function setUpSchemas(sql, database, log) {
  const base = ['--plugin', 'postgres12', '--ep', database.host, '-p', database.port, '-u', database.user, '--pw', database.password];
  for (const [name, schema] of Object.entries(DATABASES)) {
    for (const args of [['create-database'], ['setup-schema', '-v', '0.0'], ['update-schema', '--schema-name', schema]]) {
      const result = spawnSync(sql, [...base, '--db', name, ...args], { encoding: 'utf8' });
      log.write(`$ sql --db ${name} ${args.join(' ')}\n${result.stdout}${result.stderr}`);
      // A second start finds the database there: create-database says so and the rest is idempotent.
      if (result.status !== 0 && !(args[0] === 'create-database' && /already exists/.test(result.stderr + result.stdout))) {
        throw new Error(
          `Temporal schema tool failed (${args.join(' ')} on ${name}): ${(result.stderr || result.stdout).trim().slice(-500)}`,
        );
      }
    }
  }
}

/**
 * @param {{ databaseUrl: string, dataDir: string, logDir: string, progress?: (m: string) => void, frontendPort?: number }} options
 * @returns the handle startStack expects (address, uiUrl, stop) plus names() / pid(name) / kill(name) / start(name)
 */
export async function startTemporalCluster({ databaseUrl, dataDir, logDir, progress = () => {}, frontendPort }) {
  const { server, sql } = await obtainClusterServer();
  const url = new URL(databaseUrl);
  const database = {
    host: url.hostname,
    port: url.port || '5432',
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, 'temporal-schema.log'), { flags: 'a' });
  progress('Temporal cluster: setting up its databases with the schema tool');
  setUpSchemas(sql, database, log);

  const ports = { frontendHttp: await freePort() };
  for (const name of TEMPORAL_PROCESSES) {
    ports[name] = name === 'frontend' && frontendPort ? frontendPort : await freePort();
    ports[`${name}Membership`] = await freeLowPort();
  }
  const dir = join(dataDir, 'temporal-cluster');
  mkdirSync(dir, { recursive: true });
  const dynamicConfig = DYNAMIC_CONFIG_FILE;
  // One config per process: they differ only in the ports of the process's own service.
  const configFile = (name) => {
    const service = serviceOf(name);
    const own = { ...ports, [service]: ports[name], [`${service}Membership`]: ports[`${name}Membership`] };
    const file = join(dir, `config-${name}.yaml`);
    writeFileSync(file, clusterConfigYaml({ host: HOST, ports: own, database, dynamicConfig }));
    return file;
  };

  const children = new Map();
  const start = async (name) => {
    if (!TEMPORAL_PROCESSES.includes(name)) throw new Error(`no Temporal process named ${name}`);
    const out = createWriteStream(join(logDir, `temporal-${name}.log`), { flags: 'a' });
    const args = ['--config-file', configFile(name), '--allow-no-auth', 'start', '--service', serviceOf(name)];
    const child = spawn(server, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    children.set(name, child);
    await waitForPort(HOST, ports[name], { what: `Temporal ${name}`, child, timeoutMs: 60_000 });
  };
  const stop = async () => {
    for (const name of [...TEMPORAL_PROCESSES].reverse()) {
      const child = children.get(name);
      if (child) await stopChild(child, 10_000);
    }
  };
  try {
    for (const name of TEMPORAL_PROCESSES) {
      progress(`Temporal cluster: starting ${name}`);
      await start(name);
    }
    const address = `${HOST}:${ports.frontend}`;
    await createNamespace(address);
    return {
      address,
      uiUrl: undefined,
      ports,
      stop,
      names: () => [...TEMPORAL_PROCESSES],
      pid: (name) => {
        const child = children.get(name);
        return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
      },
      async kill(name, signal = 'SIGKILL') {
        const child = children.get(name);
        if (!child || child.exitCode !== null || child.signalCode !== null) throw new Error(`Temporal ${name} is not running`);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        await exited;
      },
      start,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The `default` namespace with our search attributes (the dev server makes both from flags). */
async function createNamespace(address) {
  const { Connection } = await import('@temporalio/client');
  const { status } = await import('@grpc/grpc-js');
  const connection = await Connection.connect({ address });
  try {
    // Membership settles for a few seconds after the last service starts: retry what it refuses.
    const retry = async (what, call) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          return await call();
        } catch (error) {
          if (error.code === status.ALREADY_EXISTS) return undefined;
          if (Date.now() > deadline) throw new Error(`Temporal cluster: ${what}: ${error.message}`);
          await sleep(500);
        }
      }
    };
    await retry('registering the default namespace', () =>
      connection.workflowService.registerNamespace({
        namespace: 'default',
        workflowExecutionRetentionPeriod: { seconds: 24 * 60 * 60 },
      }),
    );
    // "namespace not found" for ~10 s after it was registered: the namespace cache refreshes.
    // The same Keyword attributes the dev server gets from its flags (contracts/search-attributes.ts).
    const KEYWORD = 2; // temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
    const searchAttributes = Object.fromEntries(
      SEARCH_ATTRIBUTE_FLAGS.filter((flag) => flag.endsWith('=Keyword')).map((flag) => [flag.split('=')[0], KEYWORD]),
    );
    await retry('adding our search attributes', () =>
      connection.operatorService.addSearchAttributes({ namespace: 'default', searchAttributes }),
    );
  } finally {
    await connection.close();
  }
}
