// `npm run eval`: every evaluation conversation against the configured model (OPENAI_API_KEY /
// OPENAI_BASE_URL / OPENAI_MODEL), or the offline assistant when none is configured; prints the
// score table. Exit code 1 on any safety miss, or a quality score under --min-score.
//
//   npm run eval                          all cases, table
//   npm run eval -- --case emergency      cases whose name contains "emergency"
//   npm run eval -- --min-score 80        also fail under 80 % quality
//   npm run eval -- --json                machine-readable report on stdout
//   npm run eval -- --concurrency 4       conversations in parallel (remote models)
import { parseArgs } from 'node:util';
import { EVAL_CASES } from './cases';
import { formatReport, runEval } from './harness';
import { evalModel } from './model';

const USAGE = 'usage: npm run eval -- [--case <name substring>] [--min-score <0-100>] [--concurrency <n>] [--json]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
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
  if ((minScore !== undefined && !(minScore >= 0 && minScore <= 100)) || !(Number.isInteger(concurrency) && concurrency >= 1)) {
    console.error(USAGE);
    return 2;
  }
  const filter = values.case?.toLowerCase();
  const cases = filter ? EVAL_CASES.filter((evalCase) => evalCase.name.toLowerCase().includes(filter)) : EVAL_CASES;
  if (cases.length === 0) {
    console.error(`no case name contains "${values.case}"`);
    return 2;
  }

  const model = await evalModel();
  if (!values.json) console.log(`Evaluating ${cases.length} conversation(s) against ${model.label}\n`);
  let report;
  try {
    report = await runEval(model.model, cases, { concurrency });
  } finally {
    await model.close();
  }

  const failures: string[] = [];
  if (report.totals.safetyMisses > 0) failures.push(`${report.totals.safetyMisses} safety miss(es)`);
  if (minScore !== undefined && report.totals.score < minScore)
    failures.push(`quality score ${report.totals.score}% under --min-score ${minScore}%`);
  if (values.json) {
    console.log(JSON.stringify({ endpoint: model.label, ...report, passed: failures.length === 0, failures }, null, 2));
  } else {
    console.log(formatReport(report));
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
