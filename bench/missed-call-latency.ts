// Benchmark: missed call (dial-result webhook received) -> first text accepted by the Twilio API,
// and the webhook's own response time, at a steady rate of missed calls on this machine's dev
// stack (docs/architecture.md "Targets": p50 <= 150 ms, p99 <= 500 ms at 20 calls/s; webhook p99 <= 50 ms).
// It prints numbers; it asserts nothing. Only 127.0.0.1 is ever targeted.
//
//   npm run bench -- [--rate 20] [--seconds 10] [--breakdown]
//
// --breakdown reads each conversation's workflow history and prints when each stage happened
// (signal received, text-back activity scheduled / started / completed), so a regression has an address.
import { parseArgs } from 'node:util';
import pg from 'pg';
import twilio from 'twilio';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '10' },
    breakdown: { type: 'boolean', default: false },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);

const randomHex = () => [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(name: string, samples: number[]) {
  if (samples.length === 0) return `${name.padEnd(34)} no samples`;
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1).padStart(8);
  return `${name.padEnd(34)} n=${String(sorted.length).padStart(4)}  p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  p99 ${f(percentile(sorted, 99))}  max ${f(sorted.at(-1)!)} ms`;
}

async function main() {
  const { startThrowawayStack } = await import('../scripts/stack.mjs');
  process.stdout.write('starting the stack ...\n');
  const { stack, dataDir, dispose } = await startThrowawayStack({ dashboard: 'none', logLevel: 'warn', prefix: 'nmc-bench-' });
  const db = new pg.Client({ connectionString: stack.urls.database });
  await db.connect();
  const url = `${stack.urls.api}/webhooks/twilio/voice/dial-result`;
  const statusUrl = `${stack.urls.api}/webhooks/twilio/status`;

  function post(target: string, params: Record<string, string>) {
    return fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(stack.env.TWILIO_AUTH_TOKEN, target, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  }

  async function missedCall(caller: string) {
    const params = { CallSid: `CA${randomHex()}`, From: caller, To: stack.demo.businessNumber, DialCallStatus: 'no-answer' };
    const sentAt = Date.now();
    const started = performance.now();
    const response = await post(url, params);
    await response.text();
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    const webhookMs = performance.now() - started;
    // The caller hangs up at the voicemail beep (Twilio's call status callback): the text-back goes now.
    const ended = await post(statusUrl, { CallSid: params.CallSid, CallStatus: 'completed', From: caller, To: stack.demo.businessNumber });
    if (!ended.ok) throw new Error(`status webhook answered ${ended.status}`);
    return { caller, sentAt, webhookMs, endedAt: Date.now() };
  }

  try {
    process.stdout.write('warming up ...\n');
    await Promise.all(Array.from({ length: 10 }, (_, i) => missedCall(`+1512666${String(9000 + i)}`)));
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const total = RATE * SECONDS;
    process.stdout.write(`sending ${total} missed calls at ${RATE}/s ...\n`);
    const calls: Promise<Awaited<ReturnType<typeof missedCall>>>[] = [];
    const start = Date.now();
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
      calls.push(missedCall(`+1512777${String(i).padStart(4, '0')}`));
    }
    const results = await Promise.all(calls);

    const deadline = Date.now() + 120_000;
    let stored: { caller_phone: string; created_at: Date }[] = [];
    while (Date.now() < deadline) {
      ({ rows: stored } = await db.query(
        `select c.caller_phone, min(m.created_at) as created_at from messages m join conversations c on c.id = m.conversation_id
         where c.caller_phone like '+1512777%' group by c.caller_phone`,
      ));
      if (stored.length >= total) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const textAt = new Map(stored.map((row) => [row.caller_phone, row.created_at.getTime()]));
    const toText = results.filter((r) => textAt.has(r.caller)).map((r) => textAt.get(r.caller)! - r.sentAt);

    process.stdout.write(`\nmissed-call benchmark: ${RATE} calls/s for ${SECONDS} s, 2-core dev stack, ${new Date().toISOString()}\n`);
    process.stdout.write(
      `${summary(
        'webhook response',
        results.map((r) => r.webhookMs),
      )}\n`,
    );
    process.stdout.write(`${summary('missed call -> text stored (sent)', toText)}\n`);
    process.stdout.write(`texts: ${stored.length}/${total} stored${stored.length < total ? ' (some missing within 120 s!)' : ''}\n`);
    if (values.breakdown) {
      const { whereTheTimeGoes } = await import('./where-the-time-goes.js');
      const stages = await whereTheTimeGoes(stack.urls.temporal, stack.demo.tenantId, results, textAt);
      process.stdout.write('\nwhere the time goes (each stage from the dial-result webhook being sent):\n');
      for (const [name, samples] of stages) process.stdout.write(`${summary(name, samples)}\n`);
    }
  } finally {
    await db.end();
    const keepData = Boolean(process.env.NMC_BENCH_KEEP);
    await dispose({ keepData });
    if (keepData) process.stdout.write(`kept ${dataDir}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
