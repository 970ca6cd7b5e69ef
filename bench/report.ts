// What the benchmark prints and keeps: the tables on the terminal and the same numbers as JSON in
// bench/results/<timestamp>.json, with the machine and commit they were measured on.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchArgs } from './args';
import type { ExactlyOnceResult } from './exactly-once';
import type { MemoryResult } from './open-conversations';
import { PROCESS_CLASSES, type CpuSeconds } from './process-cpu';
import type { WindowResult } from './rate-sweep';
import type { RepliesResult } from './replies';
import type { SocketResult } from './socket-latency';
import { summaryLine, type Summary } from './stats';

export interface Ratio {
  rate: number;
  textP50: number | null;
  textP99: number | null;
  webhookP50: number | null;
  webhookP99: number | null;
}

export interface BenchResult {
  machine: ReturnType<typeof machineFacts>;
  args: BenchArgs;
  /** CPU seconds per second of each process while the stack sat idle before the sweep. */
  idleCpuPerSecond: CpuSeconds & { total: number };
  windows: WindowResult[];
  ratios: Ratio[];
  breakdown?: { rate: number; stages: Record<string, Summary | null> };
  replies?: RepliesResult;
  socket?: SocketResult;
  memory?: MemoryResult;
  exactlyOnce?: { ours: ExactlyOnceResult; bare?: ExactlyOnceResult };
}

export function machineFacts(root: string) {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout: the JSON says so
  }
  return {
    date: new Date().toISOString(),
    commit,
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryBytes: totalmem(),
  };
}

export function ratios(windows: WindowResult[]): Ratio[] {
  const rates = [...new Set(windows.map((w) => w.rate))];
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? Math.round((a / b) * 100) / 100 : null);
  return rates.flatMap((rate) => {
    const ours = windows.find((w) => w.rate === rate && w.system === 'ours');
    const bare = windows.find((w) => w.rate === rate && w.system === 'bare');
    if (!ours || !bare) return [];
    return [
      {
        rate,
        textP50: ratio(ours.toText?.p50, bare.toText?.p50),
        textP99: ratio(ours.toText?.p99, bare.toText?.p99),
        webhookP50: ratio(ours.webhook?.p50, bare.webhook?.p50),
        webhookP99: ratio(ours.webhook?.p99, bare.webhook?.p99),
      },
    ];
  });
}

const ms = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1)).padStart(8);
const x = (value: number | null) => (value === null ? '-' : `${value.toFixed(2)}×`).padStart(7);
const mib = (bytes: number | undefined) => (bytes === undefined ? '-' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);

const cell = (seconds: number) => (seconds * 1000).toFixed(1).padStart(9);
function cpuRow(label: string, cpu: CpuSeconds & { total: number }) {
  return `${label.padEnd(14)}${PROCESS_CLASSES.map((cls) => cell(cpu[cls])).join('')}${cell(cpu.total)}`;
}
/** A window's CPU per call without what the stack would have burnt idle over the same seconds. */
function netOfIdle(idle: { total: number }, window: { cpuPerCall: { total: number }; seconds: number }, calls: number) {
  return cell(Math.max(0, window.cpuPerCall.total - (idle.total * window.seconds) / Math.max(calls, 1)));
}

export function printReport(result: BenchResult, write: (text: string) => void) {
  const { machine, args } = result;
  write(
    `\nmissed-call benchmark, ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, commit ${machine.commit}, ${machine.date}\n`,
  );
  write(`rates ${args.rates.join(', ')} calls/s for ${args.seconds} s each; all times in ms\n\n`);
  write('rate  system   calls  stored  webhook p50     p95     p99     max │ text stored p50     p95     p99     max\n');
  for (const w of result.windows) {
    const head = `${String(w.rate).padStart(4)}  ${w.system.padEnd(6)}${String(w.calls).padStart(7)}${String(w.stored).padStart(8)}`;
    write(
      `${head}     ${ms(w.webhook?.p50)}${ms(w.webhook?.p95)}${ms(w.webhook?.p99)}${ms(w.webhook?.max)} │     ${ms(w.toText?.p50)}${ms(w.toText?.p95)}${ms(w.toText?.p99)}${ms(w.toText?.max)}\n`,
    );
    if (w.errors.length) write(`      ${w.errors.length} webhook errors, e.g. ${w.errors[0]}\n`);
  }
  if (result.ratios.length) {
    write('\nours / bare   text p50  text p99  webhook p50  webhook p99\n');
    for (const r of result.ratios)
      write(`${String(r.rate).padStart(4)}/s     ${x(r.textP50)}   ${x(r.textP99)}      ${x(r.webhookP50)}      ${x(r.webhookP99)}\n`);
  }
  write('\nCPU ms per missed call, per process (JSON: seconds); net = total less the idle rate over the window\n');
  write(`${'window'.padEnd(14)}${[...PROCESS_CLASSES, 'total', 'net'].map((c) => c.padStart(9)).join('')}\n`);
  write(`${cpuRow('idle, per s', result.idleCpuPerSecond)}\n`);
  for (const w of result.windows)
    write(`${cpuRow(`${w.rate}/s ${w.system}`, w.cpuPerCall)}${netOfIdle(result.idleCpuPerSecond, w, w.calls)}\n`);
  if (result.memory) {
    const m = result.memory;
    write(`${cpuRow('open convs', m.cpuPerCall)}${netOfIdle(result.idleCpuPerSecond, m, m.conversations)}\n`);
  }

  if (result.breakdown) {
    write(`\nwhere the time goes at ${result.breakdown.rate}/s (each stage from the dial-result webhook being sent):\n`);
    for (const [name, summary] of Object.entries(result.breakdown.stages)) write(`${summaryLine(name, summary)}\n`);
  }
  if (result.replies) {
    const r = result.replies;
    write(`\ncaller text → assistant reply stored (${r.asked} texts at ${r.rate}/s, ${r.replied} replied):\n`);
    write(`${summaryLine('sms webhook response', r.webhook)}\n${summaryLine('caller text -> reply stored', r.toReply)}\n`);
    if (r.errors.length) write(`  ${r.errors.length} webhook errors, e.g. ${r.errors[0]}\n`);
  }
  if (result.socket) {
    const s = result.socket;
    write(
      `\nstored message → Socket.IO event (${s.receivedOfStored} of ${s.storedWhileListening} stored messages arrived, ${s.disconnects} disconnects):\n`,
    );
    write(`${summaryLine('message.created, all', s.all)}\n`);
    for (const [phase, summary] of Object.entries(s.byPhase)) write(`${summaryLine(`  during ${phase}`, summary)}\n`);
  }
  if (result.memory) {
    const m = result.memory;
    write(
      `\nworker memory with open conversations (pid ${m.workerPid ?? '?'}): ${m.stored} of ${m.conversations} text-backs stored in ${m.seconds.toFixed(0)} s`,
    );
    write(` (${(m.stored / Math.max(m.seconds, 0.001)).toFixed(1)}/s), ${m.errors} webhook errors\n`);
    write(`  RSS ${m.series.map((p) => `${p.conversations}: ${mib(p.rssBytes)}`).join(', ')}\n`);
    write(
      `  RSS at ${m.stored}: ${mib(m.rssAtEndBytes)}; growth per 1,000 open conversations: ${mib(m.growthPer1000Bytes)} (least squares)\n`,
    );
  }
  for (const [name, check] of Object.entries(result.exactlyOnce ?? {})) {
    if (!check) continue;
    const ok = check.lost.length === 0 && check.duplicated.length === 0;
    const line = `${name}: ${check.callers} callers: lost ${check.lost.length}, duplicated ${check.duplicated.length}`;
    const detail = `(stored: lost ${check.stored.lost}, dup ${check.stored.duplicated}; Twilio accepted: lost ${check.accepted.lost}, dup ${check.accepted.duplicated})`;
    write(
      ok
        ? `\n${line}\n`
        : `\n!!!!!!!! ${line} ${detail}\n!!!!!!!! lost: ${check.lost.slice(0, 20).join(' ')}\n!!!!!!!! duplicated: ${check.duplicated.slice(0, 20).join(' ')}\n`,
    );
  }
}

export function writeResult(root: string, result: BenchResult): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  // Colons are not allowed in Windows file names: 2026-11-29T18-40-05Z.
  const file = join(dir, `${result.machine.date.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
