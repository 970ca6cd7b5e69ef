// Starts the Temporal dev server (`temporal server start-dev`: SQLite persistence, Web UI) with
// our search attributes registered, and waits until its frontend accepts connections.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { obtain } from './obtain.mjs';

export const SEARCH_ATTRIBUTE_FLAGS = ['NmcTenantId', 'NmcCallerPhone', 'NmcLeadStatus', 'NmcMode'].flatMap((name) => [
  '--search-attribute',
  `${name}=Keyword`,
]);

function portOpen(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitForPort(host, port, { timeoutMs = 30_000, what = `${host}:${port}`, child, failed = () => undefined } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failed()) throw new Error(`${what} could not start`);
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    if (await portOpen(host, port)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not open ${host}:${port} within ${timeoutMs / 1000} s`);
}

/**
 * @param {{ dbFile: string, port: number, uiPort: number, logFile: string, ip?: string, headless?: boolean }} options
 */
export async function startTemporalDevServer({ dbFile, port, uiPort, logFile, ip = '127.0.0.1', headless = false }) {
  const executable = obtain('temporal');
  mkdirSync(dirname(dbFile), { recursive: true });
  mkdirSync(dirname(logFile), { recursive: true });
  const args = ['server', 'start-dev', '--db-filename', dbFile, '--ip', ip, '--port', String(port), '--log-level', 'warn'];
  args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  args.push(...(headless ? ['--headless'] : ['--ui-port', String(uiPort), '--ui-disable-news-fetch']));
  args.push(...SEARCH_ATTRIBUTE_FLAGS);
  // A send scheduled on the workflow's own queue goes to the worker with the workflow task's answer
  // (docs/decisions/0019). Production: the same key in the cluster's dynamic config.
  args.push('--dynamic-config-value', 'system.enableActivityEagerExecution=true');
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // An executable that cannot run at all (deleted, wrong platform) is an 'error' event, not an exit.
  let spawnError;
  child.once('error', (error) => {
    spawnError = error;
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  try {
    await waitForPort(ip, port, { what: 'Temporal dev server', child, timeoutMs: 60_000, failed: () => spawnError });
  } catch (error) {
    child.kill('SIGKILL');
    const cause = spawnError ? `${executable} could not run (${spawnError.code ?? spawnError.message})` : error.message;
    throw new Error(
      `${cause}: see ${logFile}; is port ${port} free? Delete ${dbFile} if it is damaged, or set TEMPORAL_CLI_PATH to a working \`temporal\``,
    );
  }
  return {
    address: `${ip}:${port}`,
    uiUrl: headless ? undefined : `http://${ip}:${uiPort}`,
    child,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
export async function stopChild(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
