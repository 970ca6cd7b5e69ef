// The start-up faults a newcomer hits end in one line naming the problem and what to do, never
// a stack trace: the real `npm run dev` entry point (scripts/dev.mjs) is run with a bad
// environment each time. Every port is moved to a free one, so a running `npm run dev` or test
// stack on this machine does not change the outcome.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function listen(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as { port: number }).port;

/** Free ports for every service (held open while `use` runs when asked, to play "in use"). */
async function ports() {
  const servers = await Promise.all(Array.from({ length: 6 }, listen));
  const [postgres, temporal, temporalUi, sandbox, api, web] = servers.map(portOf);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return {
    NMC_POSTGRES_PORT: String(postgres),
    NMC_TEMPORAL_PORT: String(temporal),
    NMC_TEMPORAL_UI_PORT: String(temporalUi),
    NMC_SANDBOX_PORT: String(sandbox),
    NMC_API_PORT: String(api),
    NMC_WEB_PORT: String(web),
  };
}

function dev(env: Record<string, string | undefined>) {
  const base: Record<string, string | undefined> = { ...process.env, DATABASE_URL: undefined, NODE_ENV: undefined };
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'dev.mjs')], {
    cwd: root,
    env: { ...base, ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const errorLines = result.stderr.split('\n').filter((line) => line.trim() !== '');
  return { status: result.status, errorLines, stdout: result.stdout };
}

function expectOneLine(errorLines: string[], pattern: RegExp) {
  expect(errorLines).toHaveLength(1);
  expect(errorLines[0]).toMatch(/^\[dev\] error: /);
  expect(errorLines[0]).toMatch(pattern);
  expect(errorLines.join('\n')).not.toMatch(/^\s+at /m);
}

test('a port in use is named with the variable that moves it', async () => {
  const busy = await listen();
  try {
    const { status, errorLines } = dev({ ...(await ports()), NMC_API_PORT: String(portOf(busy)) });
    expect(status).toBe(1);
    expectOneLine(errorLines, new RegExp(`port ${portOf(busy)} \\(api\\) is already in use: stop what uses it or set NMC_API_PORT`));
  } finally {
    busy.close();
  }
});

test('an unreachable DATABASE_URL says where it points (not its password) and what to do', async () => {
  const closed = (await ports()).NMC_POSTGRES_PORT;
  const { status, errorLines } = dev({ ...(await ports()), DATABASE_URL: `postgres://nmc:s3cret-pw@127.0.0.1:${closed}/nevermisscall` });
  expect(status).toBe(1);
  expectOneLine(
    errorLines,
    new RegExp(`cannot reach PostgreSQL at 127\\.0\\.0\\.1:${closed}/nevermisscall \\(DATABASE_URL\\): connection refused\\. .*unset it`),
  );
  expect(errorLines[0]).not.toContain('s3cret-pw');
});

test('a missing Temporal binary is named with the variable that points to one', async () => {
  const missing = path.join(tmpdir(), 'nmc-no-such-dir', 'temporal');
  const { status, errorLines } = dev({ ...(await ports()), TEMPORAL_CLI_PATH: missing });
  expect(status).toBe(1);
  expectOneLine(errorLines, new RegExp(`TEMPORAL_CLI_PATH=${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not an executable file`));
});

// PostgreSQL refuses to run as root, so the embedded one runs as the `postgres` user, which cannot
// enter a private folder such as /root: only meaningful when these tests run as root (CI does).
(userInfo().uid === 0 ? test : test.skip)('run as root from a folder the postgres user cannot reach: says so and what to do', async () => {
  const privateDir = mkdtempSync(path.join(tmpdir(), 'nmc-private-'));
  chmodSync(privateDir, 0o700);
  try {
    const { status, errorLines } = dev({ ...(await ports()), NMC_DATA_DIR: path.join(privateDir, 'clone', '.data') });
    expect(status).toBe(1);
    expectOneLine(
      errorLines,
      new RegExp(
        `cannot reach .*\\(${privateDir} is not searchable by it\\): clone the project outside ${privateDir}.*or set DATABASE_URL`,
      ),
    );
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
  }
});

test('an out-of-date node_modules that is a link to another folder is not wiped by `npm ci`, and says so', () => {
  const clone = mkdtempSync(path.join(tmpdir(), 'nmc-clone-'));
  const shared = mkdtempSync(path.join(tmpdir(), 'nmc-shared-modules-'));
  try {
    const lock = { packages: { '': {}, 'node_modules/left-pad': { version: '1.3.0' } } };
    writeFileSync(path.join(clone, 'package-lock.json'), JSON.stringify(lock));
    writeFileSync(path.join(shared, '.package-lock.json'), JSON.stringify({ packages: { 'node_modules/left-pad': { version: '1.2.0' } } }));
    writeFileSync(path.join(shared, 'keep-me'), 'someone else uses this folder');
    symlinkSync(shared, path.join(clone, 'node_modules'));
    const script = `import(${JSON.stringify(path.join(root, 'scripts', 'install.mjs'))}).then((m) => m.ensureNodeModules(${JSON.stringify(clone)}))`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`node_modules is a link to ${shared}, which does not match package-lock.json`);
    expect(existsSync(path.join(shared, 'keep-me'))).toBe(true);
  } finally {
    rmSync(clone, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  }
});
