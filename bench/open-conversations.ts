// Worker memory with many open conversations: missed calls through the real webhooks (bounded
// concurrency, as fast as the stack takes them) whose conversations then wait on their timers for
// the caller's reply. The worker's RSS is sampled at the start and after every 1,000 text-backs stored.
// Paced by text-backs stored, not by webhook answers: the webhook answers once the call is stored,
// so answers alone would pile thousands of conversations onto Temporal at once (measured: the dev
// server then times out its own writes and the sweeper redelivers), which weighs the overload,
// not the open conversations.
import type pg from 'pg';
import { caller, BLOCKS, OPEN_CALLERS_LIKE } from './callers';
import { cpuPer, cpuSnapshot, rssBytes, type CpuSeconds } from './process-cpu';
import { slope, sleep } from './stats';
import { bounded, missedCall, type Target } from './webhooks';

const SAMPLE_EVERY = 1_000;
/** At most this many missed calls sent whose text-back is not stored yet. */
const MAX_WAITING = 60;
/** Give up waiting when no text-back was stored for this long. */
const STALL_MS = 120_000;

export interface MemoryResult {
  conversations: number;
  stored: number;
  errors: number;
  /** Seconds from the first call until the last text-back stored. */
  seconds: number;
  workerPid: number | undefined;
  series: { conversations: number; rssBytes: number; atSeconds: number }[];
  rssAtEndBytes: number | undefined;
  /** Least-squares growth of the worker's RSS per 1,000 open conversations. */
  growthPer1000Bytes: number | undefined;
  cpuPerCall: CpuSeconds & { total: number };
}

async function storedCount(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `select count(distinct c.caller_phone) as count from messages m join conversations c on c.id = m.conversation_id
      where c.caller_phone like $1 and m.direction = 'outbound'`,
    [OPEN_CALLERS_LIKE],
  );
  return Number(rows[0]!.count);
}

export async function openConversations(options: {
  target: Target;
  db: pg.Client;
  count: number;
  concurrency: number;
  workerPid: number | undefined;
  dataDir: string;
  progress: (line: string) => void;
}): Promise<{ result: MemoryResult; callers: string[] }> {
  const { target, db, count, concurrency, workerPid, dataDir, progress } = options;
  const callers = Array.from({ length: count }, (_, index) => caller(BLOCKS.open + Math.floor(index / 10_000), index % 10_000));
  const started = Date.now();
  const cpuBefore = cpuSnapshot(dataDir);
  const series: MemoryResult['series'] = [];
  const sample = (conversations: number) => {
    const rss = workerPid === undefined ? undefined : rssBytes(workerPid);
    if (rss !== undefined) series.push({ conversations, rssBytes: rss, atSeconds: (Date.now() - started) / 1000 });
  };
  sample(0);

  let sent = false;
  let stored = 0;
  const sending = bounded(count, concurrency, async (index) => {
    while (index - stored >= MAX_WAITING) await sleep(50);
    return missedCall(target, callers[index]!);
  }).finally(() => (sent = true));
  let lastProgressAt = Date.now();
  let nextSampleAt = SAMPLE_EVERY;
  for (;;) {
    await sleep(250);
    const now = await storedCount(db);
    if (now > stored) lastProgressAt = Date.now();
    stored = now;
    if (stored >= nextSampleAt) {
      sample(stored);
      progress(`  ${stored} open conversations, worker RSS ${((series.at(-1)?.rssBytes ?? 0) / 2 ** 20).toFixed(0)} MiB`);
      nextSampleAt = (Math.floor(stored / SAMPLE_EVERY) + 1) * SAMPLE_EVERY;
    }
    if (sent && stored >= count) break;
    if (Date.now() - lastProgressAt > STALL_MS) break;
  }
  const calls = await sending;
  const seconds = (Date.now() - started) / 1000;
  if (series.at(-1)?.conversations !== stored) sample(stored);
  const perConversation = slope(series.map((point) => ({ x: point.conversations, y: point.rssBytes })));
  return {
    callers,
    result: {
      conversations: count,
      stored,
      errors: calls.filter((call) => call.error).length,
      seconds,
      workerPid,
      series,
      rssAtEndBytes: series.at(-1)?.rssBytes,
      growthPer1000Bytes: perConversation === undefined ? undefined : perConversation * 1000,
      cpuPerCall: cpuPer(cpuBefore, cpuSnapshot(dataDir), count),
    },
  };
}
