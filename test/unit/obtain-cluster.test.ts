// temporal/obtain-cluster.mjs builds the real Temporal server once and trusts the cache only while
// each binary matches the sha256 recorded next to it; without Go it says what to install.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const VERSION_DIR = 'nevermisscall/temporal-server-v1.32.2';

function obtain(cacheHome: string): { out?: string; error?: string } {
  try {
    const script = `import('./temporal/obtain-cluster.mjs').then((m) => m.obtainClusterServer()).then((p) => process.stdout.write(JSON.stringify(p)))`;
    // PATH without Go: a cache that is not trusted can only end in the "Go is missing" error.
    const env = { PATH: '/nonexistent', XDG_CACHE_HOME: cacheHome, HOME: cacheHome };
    return { out: execFileSync(process.execPath, ['-e', script], { cwd: root, env, stdio: 'pipe' }).toString() };
  } catch (error) {
    return { error: (error as { stderr: Buffer }).stderr.toString() };
  }
}

/** A cache folder as a finished build leaves it: two executables and their checksums. */
function cachedBuild(): string {
  const cacheHome = mkdtempSync(path.join(tmpdir(), 'nmc-obtain-cluster-'));
  const dir = path.join(cacheHome, VERSION_DIR);
  mkdirSync(path.join(dir, 'bin'), { recursive: true });
  const sums = ['server', 'sql'].map((name) => {
    const content = `#!/bin/sh\necho ${name}\n`;
    writeFileSync(path.join(dir, 'bin', name), content, { mode: 0o755 });
    return `${createHash('sha256').update(content).digest('hex')}  bin/${name}`;
  });
  writeFileSync(path.join(dir, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  return cacheHome;
}

test('the pinned module, version and Go toolchain', () => {
  const source = readFileSync(path.join(root, 'temporal', 'obtain-cluster.mjs'), 'utf8');
  expect(source).toMatch(/module: 'go\.temporal\.io\/server'/);
  expect(source).toMatch(/version: 'v1\.32\.2'/);
  expect(source).toMatch(/toolchain: 'go1\.27\.3'/);
});

test('a cached build whose binaries match their recorded sha256 is used without Go', () => {
  const cacheHome = cachedBuild();
  const dir = path.join(cacheHome, VERSION_DIR);
  expect(JSON.parse(obtain(cacheHome).out ?? '{}')).toEqual({
    dir,
    server: path.join(dir, 'bin', 'server'),
    sql: path.join(dir, 'bin', 'sql'),
  });
});

test('a binary changed after the build is not trusted: it is rebuilt (here: Go is missing, and said so)', () => {
  const cacheHome = cachedBuild();
  writeFileSync(path.join(cacheHome, VERSION_DIR, 'bin', 'server'), '#!/bin/sh\necho tampered\n', { mode: 0o755 });
  const { error } = obtain(cacheHome);
  expect(error).toMatch(/does not match its checksums: rebuilding/);
  expect(error).toMatch(/Go is not installed to build it: install Go/);
});

test('with no build and no Go, it names what to install and the way around it', () => {
  const { error } = obtain(mkdtempSync(path.join(tmpdir(), 'nmc-obtain-cluster-')));
  expect(error).toMatch(/Temporal server \+ SQL schema tool \(cluster tier\) is missing and Go is not installed/);
  expect(error).toMatch(/TEMPORAL_SERVER_DIR/);
});
