// CPU time and memory of the stack's processes, read from /proc (Linux only): every process under
// this benchmark, classified by its command line (a child inherits its parent's class, so tsx's
// esbuild helper counts with the node process that started it). PostgreSQL is found by its data
// folder as well, in case it is not our descendant.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

export const PROCESS_CLASSES = ['temporal', 'api', 'worker', 'sandbox', 'postgres', 'bare', 'bench'] as const;
export type ProcessClass = (typeof PROCESS_CLASSES)[number];
export type CpuSeconds = Record<ProcessClass, number>;

interface ProcessInfo {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string;
  /** utime + stime + cutime + cstime: its own CPU and that of its children it has reaped. */
  ticks: number;
}

function read(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may hold spaces: the fields after it start at the last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // fields[0] is field 3 (state) of proc(5): ppid is field 4, utime..cstime fields 14..17.
    const ticks = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
    return { pid, ppid: Number(fields[1]), comm, cmdline, ticks };
  } catch {
    return undefined; // it exited while we looked
  }
}

function allProcesses(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => read(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
}

function ownClass(info: ProcessInfo): ProcessClass | undefined {
  const cmd = info.cmdline;
  if (cmd.includes('workers/main.ts')) return 'worker';
  if (cmd.includes('api/main.ts')) return 'api';
  if (cmd.includes('sandbox/main.ts')) return 'sandbox';
  if (cmd.includes('bench/bare-server.ts')) return 'bare';
  if (info.comm === 'postgres' || /(^|\/)postgres( |$)/.test(cmd)) return 'postgres';
  if (/(^|\/)temporal[^/ ]*( |$)/.test(cmd) || cmd.includes('start-dev')) return 'temporal';
  return undefined;
}

/** This benchmark's processes and their classes; `dataDir` also catches a PostgreSQL that is not our descendant. */
export function stackProcesses(dataDir?: string): { info: ProcessInfo; cls: ProcessClass }[] {
  const processes = allProcesses();
  const byPid = new Map(processes.map((info) => [info.pid, info]));
  const found: { info: ProcessInfo; cls: ProcessClass }[] = [];
  for (const info of processes) {
    // Walk up to this process (the benchmark), taking the nearest class on the way.
    let cls: ProcessClass | undefined;
    let mine = false;
    for (let at: ProcessInfo | undefined = info; at; at = byPid.get(at.ppid)) {
      if (at.pid === process.pid) {
        mine = true;
        break;
      }
      cls ??= ownClass(at);
      if (at.ppid <= 1) break;
    }
    if (mine) found.push({ info, cls: cls ?? 'bench' });
    else if (dataDir && cls === 'postgres' && info.cmdline.includes(dataDir)) found.push({ info, cls });
  }
  // A PostgreSQL found by its folder brings its backends (children) along.
  if (dataDir) {
    const outside = new Set(found.filter((p) => p.cls === 'postgres').map((p) => p.info.pid));
    for (const info of processes) {
      if (outside.has(info.ppid) && !found.some((p) => p.info.pid === info.pid)) found.push({ info, cls: 'postgres' });
    }
  }
  return found;
}

/** CPU seconds used so far by each class of process (exited children count once reaped by their parent). */
export function cpuSnapshot(dataDir?: string): CpuSeconds {
  const totals = Object.fromEntries(PROCESS_CLASSES.map((cls) => [cls, 0])) as CpuSeconds;
  for (const { info, cls } of stackProcesses(dataDir)) totals[cls] += info.ticks / CLOCK_TICKS_PER_SECOND;
  return totals;
}

/**
 * CPU seconds of each class between two snapshots, and their total, divided by `per` (calls, or
 * seconds for the idle rate). Rounded to 10 µs; /proc counts in 10 ms ticks anyway.
 */
export function cpuPer(before: CpuSeconds, after: CpuSeconds, per: number): CpuSeconds & { total: number } {
  const round = (seconds: number) => Math.round(seconds * 1e5) / 1e5;
  const used = PROCESS_CLASSES.map((cls) => [cls, per > 0 ? Math.max(0, after[cls] - before[cls]) / per : 0] as const);
  return {
    ...(Object.fromEntries(used.map(([cls, seconds]) => [cls, round(seconds)])) as CpuSeconds),
    total: round(used.reduce((sum, [, seconds]) => sum + seconds, 0)),
  };
}

/** The worker process (node running workers/main.ts) under this benchmark. */
export function workerPid(): number | undefined {
  return stackProcesses().find(({ info, cls }) => cls === 'worker' && info.cmdline.includes('workers/main.ts'))?.info.pid;
}

/** Resident memory of a process in bytes (VmRSS), or undefined once it has gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
