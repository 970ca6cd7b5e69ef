#!/usr/bin/env node
// Obtains the real Temporal server (`server`, run as separate frontend/history/matching/worker
// processes) and its SQL schema tool (`sql`) for the cluster tier. No release archive carries
// them for this machine, so they are built once from the pinned Go module through the Go module
// proxy, into the same cache folder as the dev server, with the sha256 of each binary recorded
// next to it and checked on every later run (a mismatch rebuilds). Plain Node.js, no dependencies.
// Why this route: docs/decisions/0026-cluster-tier.md.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir } from './obtain.mjs';

export const CLUSTER_SERVER = {
  what: 'Temporal server + SQL schema tool (cluster tier)',
  module: 'go.temporal.io/server',
  version: 'v1.32.2',
  packages: ['cmd/server', 'cmd/tools/sql'],
  // v1.32.2 declares a newer Go than Debian's; `go` fetches this toolchain from the module proxy.
  toolchain: 'go1.27.3',
  envOverride: 'TEMPORAL_SERVER_DIR',
};

const BINARIES = ['server', 'sql'];
const log = (message) => process.stderr.write(`[temporal-cluster] ${message}\n`);

export function clusterServerDir() {
  const override = process.env[CLUSTER_SERVER.envOverride];
  if (override) return override;
  return join(cacheDir(), `temporal-server-${CLUSTER_SERVER.version}`);
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The recorded checksums match the binaries on disk: the cache is usable as it is. */
export function verified(dir = clusterServerDir()) {
  const record = join(dir, 'SHA256SUMS');
  if (!existsSync(record)) return false;
  const sums = Object.fromEntries(
    readFileSync(record, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/\s+/).reverse()),
  );
  return BINARIES.every((name) => {
    const file = join(dir, 'bin', name);
    return isExecutable(file) && sums[`bin/${name}`] === sha256(file);
  });
}

function goVersion() {
  return new Promise((resolve) => {
    const child = spawn('go', ['version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? out.trim() : undefined));
  });
}

/**
 * Returns { server, sql, dir } for the cached build, building it first when missing or when a
 * binary no longer matches its recorded checksum.
 */
export async function obtainClusterServer() {
  const dir = clusterServerDir();
  const paths = { dir, server: join(dir, 'bin', 'server'), sql: join(dir, 'bin', 'sql') };
  if (verified(dir)) return paths;
  if (process.env[CLUSTER_SERVER.envOverride]) {
    throw new Error(`${CLUSTER_SERVER.envOverride}=${dir} has no bin/server and bin/sql matching its SHA256SUMS`);
  }
  if (existsSync(dir)) log(`cached build in ${dir} does not match its checksums: rebuilding`);
  const go = await goVersion();
  if (!go) {
    throw new Error(
      `${CLUSTER_SERVER.what} is missing and Go is not installed to build it: install Go ≥ 1.21 ` +
        `(https://go.dev/dl/; it fetches ${CLUSTER_SERVER.toolchain} itself), or set ${CLUSTER_SERVER.envOverride} ` +
        'to a folder holding bin/server, bin/sql and their SHA256SUMS',
    );
  }
  await build(dir, go);
  return paths;
}

async function build(dir, go) {
  const staging = `${dir}.partial-${process.pid}`;
  // Module and build caches (≈ 4 GB) live in a temporary folder deleted afterwards: only the
  // two binaries (≈ 150 MB stripped) stay on the machine.
  const scratch = mkdtempSync(join(tmpdir(), 'nmc-temporal-build-'));
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'bin'), { recursive: true });
  const targets = CLUSTER_SERVER.packages.map((p) => `${CLUSTER_SERVER.module}/${p}@${CLUSTER_SERVER.version}`);
  log(`building ${CLUSTER_SERVER.what} ${CLUSTER_SERVER.version} with ${go} → ${CLUSTER_SERVER.toolchain}`);
  log('first build takes ≈ 5–10 min on 2 cores and ≈ 2.5 GB of memory; it is cached afterwards');
  const started = Date.now();
  const ticker = setInterval(() => log(`still building … ${Math.round((Date.now() - started) / 1000)} s`), 30_000);
  try {
    await new Promise((resolve, reject) => {
      const child = spawn('nice', ['-n', '10', 'go', 'install', '-trimpath', '-ldflags=-s -w', ...targets], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          GOTOOLCHAIN: CLUSTER_SERVER.toolchain,
          GOBIN: join(staging, 'bin'),
          GOPATH: join(scratch, 'gopath'),
          GOCACHE: join(scratch, 'gocache'),
          GOFLAGS: '-modcacherw',
          CGO_ENABLED: '0',
        },
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`go install failed with exit code ${code}`))));
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    clearInterval(ticker);
    rmSync(scratch, { recursive: true, force: true });
  }
  const sums = BINARIES.map((name) => `${sha256(join(staging, 'bin', name))}  bin/${name}`).join('\n');
  writeFileSync(join(staging, 'SHA256SUMS'), `${sums}\n`);
  writeFileSync(join(staging, 'VERSION'), `${CLUSTER_SERVER.module}@${CLUSTER_SERVER.version} ${CLUSTER_SERVER.toolchain}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  log(`${CLUSTER_SERVER.what} built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${dir}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  obtainClusterServer().then(
    (paths) => process.stdout.write(`server: ${paths.server}\nsql: ${paths.sql}\n`),
    (error) => {
      log(`error: ${error.message}`);
      process.exit(1);
    },
  );
}
