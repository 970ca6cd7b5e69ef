// The stack's child processes: where their output goes, how our TypeScript entry points run
// (through tsx, from the repository root), and when a worker counts as ready.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './root.mjs';

/** Where a child's output goes: a log file (tests) or this terminal with a name in front (dev). */
export function outputFor(name, { logDir, terminal }) {
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
export function logTail(file, lines = 4) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join(' | ').slice(-1500);
  } catch {
    return '(no log)';
  }
}

/** PostgreSQL is chatty: its lines always go to a file, never to the terminal. */
export function postgresLog(logDir) {
  const file = createWriteStream(join(logDir, 'postgres.log'), { flags: 'a' });
  return (line) => file.write(`${line}\n`);
}

/**
 * NMC_CPU_PROFILE_DIR=<dir> writes a V8 CPU profile per process (one folder per process, one file per thread) when it
 * exits: how the bench's before/after profiles are taken (bench/README.md). Off otherwise.
 */
function profileArgs(name, env) {
  const dir = env.NMC_CPU_PROFILE_DIR;
  return dir ? ['--cpu-prof', '--cpu-prof-dir', join(dir, name)] : [];
}

export function tsxProcess(name, script, env, output) {
  const args = [...profileArgs(name, env), '--import', 'tsx', join(ROOT, script)];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const write = output(name);
  write(child.stdout);
  write(child.stderr);
  return child;
}

export function runTsx(script, env) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, script)], { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`);
  return result.stdout;
}

/** The worker is ready when Temporal sees this process polling each of its task queues (whatever it logs). */
export async function waitForWorkerPolling(address, child, timeoutMs) {
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
