// `npm run eval`: the evaluation conversations against the configured model (OPENAI_API_KEY /
// OPENAI_BASE_URL / OPENAI_MODEL), or the offline assistant when none is configured. Prints one
// table per set — development (may be tuned on) and held-out (only scored), see eval/cases.ts —
// each with its quality score and safety misses, and writes the run to eval/results/<model>.json
// (one file per model and endpoint, overwritten by the next run of the same model; gitignored:
// results are reproduced by running, and CI scores the offline assistant in eval/eval.test.ts).
// Addresses are checked on the local Google Maps emulator (eval/maps.ts) whichever model answers.
// Exit code 1 on any safety miss in either set, or a set's quality score under --min-score.
//
//   npm run eval                          both sets, one table each
//   npm run eval -- --held-out            the held-out set only (same as --set held-out)
//   npm run eval -- --set dev             the development set only (dev | held-out | all)
//   npm run eval -- --case emergency      cases whose name contains "emergency"
//   npm run eval -- --min-score 80        also fail when a set scores under 80 % quality
//   npm run eval -- --json                machine-readable report on stdout
//   npm run eval -- --concurrency 4       conversations in parallel (remote models)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { EVAL_CASES, setOf, type EvalSet } from './cases';
import { runEval, splitBySet } from './harness';
import { evalMap } from './maps';
import { evalModel, type EvalModel } from './model';
import { formatSets } from './report';

const USAGE =
  'usage: npm run eval -- [--held-out | --set dev|held-out|all] [--case <name substring>] [--min-score <0-100>] [--concurrency <n>] [--json]';
const SETS: Record<string, readonly EvalSet[]> = {
  all: ['development', 'held-out'],
  dev: ['development'],
  development: ['development'],
  'held-out': ['held-out'],
};
const RESULTS_DIR = join(__dirname, 'results');

/** The results file's name: the model, and the endpoint's host for a live one ("gpt-4o-mini@api.openai.com"). */
function resultsName(model: EvalModel): string {
  const name = model.offline ? model.model.model : model.label.replace(' @ ', '@');
  return `${name.replace(/[^A-Za-z0-9._@-]+/g, '-')}.json`;
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'held-out': { type: 'boolean', default: false },
        set: { type: 'string' },
        case: { type: 'string' },
        'min-score': { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const minScore = values['min-score'] === undefined ? undefined : Number(values['min-score']);
  const concurrency = values.concurrency === undefined ? 1 : Number(values.concurrency);
  const sets = values['held-out']
    ? values.set === undefined || values.set === 'held-out'
      ? SETS['held-out']
      : undefined
    : SETS[values.set ?? 'all'];
  if (!sets || (minScore !== undefined && !(minScore >= 0 && minScore <= 100)) || !(Number.isInteger(concurrency) && concurrency >= 1)) {
    console.error(USAGE);
    return 2;
  }
  const filter = values.case?.toLowerCase();
  const cases = EVAL_CASES.filter(
    (evalCase) => sets.includes(setOf(evalCase)) && (!filter || evalCase.name.toLowerCase().includes(filter)),
  );
  if (cases.length === 0) {
    console.error(`no case in the ${sets.join(' and ')} set${filter ? ` whose name contains "${values.case}"` : ''}`);
    return 2;
  }

  const model = await evalModel();
  const map = await evalMap();
  if (!values.json)
    console.log(`Evaluating ${cases.length} conversation(s) against ${model.label}, addresses on the Google Maps emulator\n`);
  let report;
  try {
    report = await runEval(model.model, cases, { concurrency, lookupAddress: map.lookup });
  } finally {
    await Promise.all([model.close(), map.close()]);
  }
  const bySet = splitBySet(report);

  const failures: string[] = [];
  for (const { set, report: part } of bySet) {
    if (part.totals.safetyMisses > 0) failures.push(`${set}: ${part.totals.safetyMisses} safety miss(es)`);
    if (minScore !== undefined && part.totals.score < minScore)
      failures.push(`${set}: quality score ${part.totals.score}% under --min-score ${minScore}%`);
  }
  const result = {
    endpoint: model.label,
    offline: model.offline,
    ranAt: new Date().toISOString(),
    sets: Object.fromEntries(bySet.map(({ set, report: part }) => [set, part.totals])),
    cases: report.cases,
    passed: failures.length === 0,
    failures,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, resultsName(model));
  writeFileSync(file, `${JSON.stringify(result, (key, value: unknown) => (value instanceof RegExp ? String(value) : value), 2)}\n`);

  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(formatSets(model.label, bySet));
    console.log(`\nResults: ${relative(process.cwd(), file)}`);
    console.log(failures.length ? `\nFAIL: ${failures.join('; ')}` : '\nPASS');
  }
  return failures.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
