// `npm run bench`: one throwaway stack (scripts/stack.mjs), one run, every number bench/README.md
// explains: missed call → text stored and webhook response time over a sweep of rates, against a
// bare non-durable baseline at the same rates; caller text → assistant reply; stored message →
// Socket.IO event; the worker's memory with many open conversations; CPU per call of each process;
// and that no text-back was lost or sent twice. It prints and writes bench/results/<time>.json; it
// asserts nothing (the exit code is 0 whatever it measured). Only 127.0.0.1 is ever targeted.
import pg from 'pg';
import { benchArgs, type BenchArgs } from './args';
import { startBareServer, bareTextCounts, bareTextsStored, type BareServer } from './bare-baseline';
import { BLOCKS, callers } from './callers';
import { acceptedTextBacks, exactlyOnce, storedTextBacks } from './exactly-once';
import { openConversations } from './open-conversations';
import { cpuPer, cpuSnapshot, workerPid } from './process-cpu';
import { ourTextsStored, rateWindow, waitForTexts, type StoredTimes, type WindowResult } from './rate-sweep';
import { callerTextsToReply } from './replies';
import { machineFacts, printReport, ratios, writeResult, type BenchResult } from './report';
import { listenForMessages, signIn } from './socket-latency';
import { sleep, summarize } from './stats';
import { atRate, missedCall, type SentCall, type Target } from './webhooks';

const PAUSE_BETWEEN_WINDOWS_MS = 2_000;
const IDLE_MS = 5_000;
const progress = (line: string) => process.stdout.write(`${line}\n`);

async function main(args: BenchArgs) {
  const startedAt = Date.now();
  const { ROOT, startThrowawayStack } = await import('../scripts/stack.mjs');
  // The date is the run's start (it names the results file); the commit is what was measured.
  const machine = machineFacts(ROOT);
  progress('starting the stack ...');
  const { stack, dataDir, dispose } = await startThrowawayStack({ dashboard: 'none', logLevel: 'warn', prefix: 'nmc-bench-' });
  const db = new pg.Client({ connectionString: stack.urls.database });
  await db.connect();
  // Stopped from outside (Ctrl-C, kill): the stack goes with us. Without this, a killed run left
  // its api, worker and PostgreSQL running and loading the machine for the next measurement.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      progress(`\n${signal}: stopping the stack ...`);
      void db
        .end()
        .catch(() => undefined)
        .then(() => dispose({}))
        .finally(() => process.exit(130));
    });
  }
  const ours: Target = { baseUrl: stack.urls.api, authToken: stack.env.TWILIO_AUTH_TOKEN, businessNumber: stack.demo.businessNumber };
  let bareServer: BareServer | undefined;
  try {
    bareServer = args.bare ? await startBareServer(ROOT, stack.env, stack.demo.businessName) : undefined;
    const bare: Target | undefined = bareServer && { ...ours, baseUrl: bareServer.url };

    progress('warming up ...');
    const oursCallers = callers(BLOCKS.warmUpOurs, 10);
    const bareCallers = bare ? callers(BLOCKS.warmUpBare, 10) : [];
    await atRate(20, oursCallers.length, (i) => missedCall(ours, oursCallers[i]!));
    if (bare) await atRate(20, bareCallers.length, (i) => missedCall(bare, bareCallers[i]!));
    await waitForTexts(db, oursCallers, ourTextsStored, 60_000);
    await sleep(PAUSE_BETWEEN_WINDOWS_MS);
    // What the stack burns doing nothing (Temporal's and the worker's polling): every window pays it.
    const idleBefore = cpuSnapshot(dataDir);
    await sleep(IDLE_MS);
    const idleCpuPerSecond = cpuPer(idleBefore, cpuSnapshot(dataDir), IDLE_MS / 1000);

    const socket = await listenForMessages(stack.urls.api, await signIn(stack.urls.api, stack.demo.email, stack.demo.password));
    const windows: WindowResult[] = [];
    const ourRuns = new Map<number, { calls: SentCall[]; textAt: Map<string, number> }>();
    for (const [index, rate] of args.rates.entries()) {
      const total = Math.max(1, Math.round(rate * args.seconds));
      // Ours, then the bare baseline at the same rate: both see the machine in the same state.
      const systems: { system: 'ours' | 'bare'; target: Target; block: number; stored: StoredTimes }[] = [
        { system: 'ours', target: ours, block: BLOCKS.ours, stored: ourTextsStored },
      ];
      if (bare) systems.push({ system: 'bare', target: bare, block: BLOCKS.bare, stored: bareTextsStored });
      for (const { system, target, block, stored } of systems) {
        progress(`${rate}/s ${system}: ${total} missed calls ...`);
        const list = callers(block + index, total);
        (system === 'ours' ? oursCallers : bareCallers).push(...list);
        const run = await rateWindow({ system, rate, seconds: args.seconds, target, callers: list, db, stored, dataDir });
        windows.push(run.result);
        if (system === 'ours') ourRuns.set(rate, run);
        await sleep(PAUSE_BETWEEN_WINDOWS_MS);
      }
    }

    const result: BenchResult = {
      machine,
      args,
      idleCpuPerSecond,
      windows,
      ratios: ratios(windows),
    };
    if (args.breakdown) {
      const rate = args.breakdownRate ?? args.rates.at(-1)!;
      progress(`reading the workflow histories of ${rate}/s ...`);
      const { whereTheTimeGoes } = await import('./where-the-time-goes.js');
      const run = ourRuns.get(rate)!;
      const stages = await whereTheTimeGoes(stack.urls.temporal, stack.demo.tenantId, run.calls, run.textAt);
      result.breakdown = { rate, stages: Object.fromEntries(stages.map(([name, samples]) => [name, summarize(samples)])) };
    }

    if (args.replies > 0) {
      socket.setPhase('replies');
      const asked = [...ourRuns.values()].flatMap((run) =>
        run.calls.filter((call) => run.textAt.has(call.caller)).map((call) => call.caller),
      );
      progress(`${Math.min(args.replies, asked.length)} caller texts at ${args.replyRate}/s ...`);
      result.replies = await callerTextsToReply({ target: ours, db, callers: asked.slice(0, args.replies), rate: args.replyRate });
    }
    result.socket = await socket.stop(db, stack.demo.tenantId);

    const openCallers: string[] = [];
    if (args.open > 0) {
      progress(`${args.open} open conversations, ${args.openConcurrency} missed calls in flight ...`);
      const open = await openConversations({
        target: ours,
        db,
        count: args.open,
        concurrency: args.openConcurrency,
        workerPid: workerPid(),
        dataDir,
        progress,
      });
      result.memory = open.result;
      openCallers.push(...open.callers);
    }

    progress('counting text-backs per caller ...');
    const accepted = await acceptedTextBacks(
      { accountSid: stack.env.TWILIO_ACCOUNT_SID, authToken: stack.env.TWILIO_AUTH_TOKEN, apiUrl: stack.urls.sandbox },
      stack.demo.businessNumber,
    );
    const everyOurs = [...oursCallers, ...openCallers];
    result.exactlyOnce = { ours: exactlyOnce(everyOurs, await storedTextBacks(db, everyOurs), accepted) };
    if (bare) result.exactlyOnce.bare = exactlyOnce(bareCallers, await bareTextCounts(db, bareCallers), accepted);

    printReport(result, (text) => process.stdout.write(text));
    progress(`\nthe whole run took ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
    progress(`results: ${writeResult(ROOT, result)}`);
  } finally {
    await bareServer?.stop();
    await db.end();
    const keepData = Boolean(process.env.NMC_BENCH_KEEP);
    await dispose({ keepData });
    if (keepData) progress(`kept ${dataDir}`);
  }
}

let args: BenchArgs;
try {
  args = benchArgs();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
main(args).catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
