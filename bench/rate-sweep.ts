// One rate window: missed calls at a steady rate to one system (ours or the bare baseline), then a
// wait until every caller's text is stored (at most 120 s), with the CPU each process spent on them.
import type pg from 'pg';
import { cpuPer, cpuSnapshot, type CpuSeconds } from './process-cpu';
import { sleep, summarize, type Summary } from './stats';
import { atRate, missedCall, type SentCall, type Target } from './webhooks';

const DRAIN_TIMEOUT_MS = 120_000;

export interface WindowResult {
  system: 'ours' | 'bare';
  rate: number;
  calls: number;
  webhook: Summary | null;
  toText: Summary | null;
  stored: number;
  errors: string[];
  /** From the first call sent until the last text stored (or the drain gave up). */
  seconds: number;
  cpuPerCall: CpuSeconds & { total: number };
}

export type StoredTimes = (db: pg.Client, callers: string[]) => Promise<Map<string, number>>;

/** When each caller's first text from us was stored (messages.created_at, PostgreSQL's clock). */
export const ourTextsStored: StoredTimes = async (db, callers) => {
  const { rows } = await db.query<{ caller_phone: string; created_at: Date }>(
    `select c.caller_phone, min(m.created_at) as created_at from messages m join conversations c on c.id = m.conversation_id
      where c.caller_phone = any($1) and m.direction = 'outbound' group by c.caller_phone`,
    [callers],
  );
  return new Map(rows.map((row) => [row.caller_phone, row.created_at.getTime()]));
};

/** Polls `stored` until every caller has a text, or `timeoutMs` passes. */
export async function waitForTexts(db: pg.Client, callers: string[], stored: StoredTimes, timeoutMs = DRAIN_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const times = await stored(db, callers);
    if (times.size >= callers.length || Date.now() > deadline) return times;
    await sleep(250);
  }
}

export async function rateWindow(options: {
  system: 'ours' | 'bare';
  rate: number;
  seconds: number;
  target: Target;
  callers: string[];
  db: pg.Client;
  stored: StoredTimes;
  dataDir: string;
}): Promise<{ result: WindowResult; calls: SentCall[]; textAt: Map<string, number> }> {
  const { system, rate, target, callers, db, stored, dataDir } = options;
  const before = cpuSnapshot(dataDir);
  const startedAt = Date.now();
  const calls = await atRate(rate, callers.length, (index) => missedCall(target, callers[index]!));
  const textAt = await waitForTexts(db, callers, stored);
  const seconds = (Date.now() - startedAt) / 1000;
  const after = cpuSnapshot(dataDir);
  const errors = calls.filter((call) => call.error).map((call) => `${call.caller}: ${call.error}`);
  const result: WindowResult = {
    system,
    rate,
    calls: calls.length,
    webhook: summarize(calls.filter((call) => !call.error).map((call) => call.webhookMs)),
    toText: summarize(calls.filter((call) => textAt.has(call.caller)).map((call) => textAt.get(call.caller)! - call.sentAt)),
    stored: textAt.size,
    errors,
    seconds,
    cpuPerCall: cpuPer(before, after, calls.length),
  };
  return { result, calls, textAt };
}
