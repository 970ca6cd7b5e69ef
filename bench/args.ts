// The benchmark's flags (bench/README.md lists them with what each number means).
import { parseArgs } from 'node:util';

export interface BenchArgs {
  rates: number[];
  seconds: number;
  /** Caller texts answered by the assistant; 0 skips. */
  replies: number;
  replyRate: number;
  /** Conversations left open to weigh the worker; 0 skips. */
  open: number;
  openConcurrency: number;
  bare: boolean;
  breakdown: boolean;
  breakdownRate: number | undefined;
}

function numbers(flag: string, raw: string): number[] {
  const values = raw.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((value) => !Number.isFinite(value) || value <= 0)) {
    throw new Error(`--${flag} takes positive numbers separated by commas, not "${raw}"`);
  }
  return values;
}

function whole(flag: string, raw: string, { min = 0 } = {}): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${flag} takes a whole number ≥ ${min}, not "${raw}"`);
  return value;
}

export function benchArgs(argv = process.argv.slice(2)): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      rates: { type: 'string', default: '5,10,20,30' },
      // The old single-rate flag still works: `--rate 20` is `--rates 20`.
      rate: { type: 'string' },
      seconds: { type: 'string', default: '10' },
      replies: { type: 'string', default: '50' },
      'reply-rate': { type: 'string', default: '5' },
      open: { type: 'string', default: '10000' },
      'open-concurrency': { type: 'string', default: '30' },
      'no-bare': { type: 'boolean', default: false },
      breakdown: { type: 'boolean', default: false },
      'breakdown-rate': { type: 'string' },
    },
  });
  const rates = numbers('rates', values.rate ?? values.rates);
  const breakdownRate = values['breakdown-rate'] === undefined ? undefined : numbers('breakdown-rate', values['breakdown-rate'])[0];
  if (breakdownRate !== undefined && !rates.includes(breakdownRate))
    throw new Error(`--breakdown-rate ${breakdownRate} is not one of --rates`);
  return {
    rates,
    seconds: numbers('seconds', values.seconds)[0]!,
    replies: whole('replies', values.replies),
    replyRate: numbers('reply-rate', values['reply-rate'])[0]!,
    open: whole('open', values.open),
    openConcurrency: whole('open-concurrency', values['open-concurrency'], { min: 1 }),
    bare: !values['no-bare'],
    breakdown: values.breakdown || breakdownRate !== undefined,
    breakdownRate,
  };
}
