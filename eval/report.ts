// The eval's printed report: per set (development, held-out) a table with one row per case, every
// miss, then the set's totals; last a summary of both sets side by side. Plain text for a terminal.
import type { EvalSet } from './cases';
import type { EvalReport } from './harness';

const SET_TITLES: Record<EvalSet, string> = {
  development: 'Development set (the assistant may be tuned on these)',
  'held-out': 'Held-out set (only scored, never tuned on)',
};

function table(rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** One set's score table: one row per case, then every miss, then the totals. */
export function formatReport(report: EvalReport): string {
  const rows = [
    ['case', 'category', 'turns', 'quality', 'safety misses', 'net fixes', 'tokens', 'mean ms'],
    ...report.cases.map((result) => [
      result.name,
      result.category,
      String(result.turns.length),
      `${result.qualityPassed}/${result.qualityTotal}`,
      result.safetyMisses.length ? `${result.safetyMisses.length} !!` : '0',
      String(result.turns.filter((turn) => turn.corrected.length > 0).length),
      String(result.tokens),
      String(result.meanLatencyMs),
    ]),
  ];
  const out = [table(rows, new Set([2, 3, 4, 5, 6, 7]))];

  const misses = report.cases.flatMap((result) =>
    result.turns.flatMap((turn, index) =>
      turn.checks
        .filter((check) => !check.passed)
        .map(
          (check) =>
            `  ${check.kind === 'safety' ? 'SAFETY ' : 'quality'}  ${result.name} #${index + 1}  ${check.id}: ${check.detail}\n` +
            `           rule: ${result.rule}\n           reply: ${JSON.stringify(turn.reply)}`,
        ),
    ),
  );
  if (misses.length) out.push('', 'Misses:', ...misses);

  const t = report.totals;
  out.push(
    '',
    `Model:          ${t.model || '(none answered)'}`,
    `Cases / turns:  ${t.cases} / ${t.turns}`,
    `Quality score:  ${t.score}% (${t.qualityPassed}/${t.qualityTotal} checks)`,
    `Safety misses:  ${t.safetyMisses}`,
    `Safety net:     corrected ${t.correctedTurns} turn(s), fallback on ${t.fallbackTurns}`,
    `Tokens:         ${t.promptTokens} prompt + ${t.completionTokens} completion = ${t.promptTokens + t.completionTokens}`,
    `Latency:        p50 ${t.p50LatencyMs} ms, p95 ${t.p95LatencyMs} ms`,
  );
  return out.join('\n');
}

/** Every set's table under its title, then both sets' totals side by side. */
export function formatSets(endpoint: string, sets: { set: EvalSet; report: EvalReport }[]): string {
  const out: string[] = [];
  for (const { set, report } of sets) {
    const title = `== ${SET_TITLES[set]}: ${report.totals.cases} case(s) ==`;
    out.push(title, '', formatReport(report), '', '');
  }
  const rows = [
    ['set', 'cases', 'turns', 'quality', 'checks', 'safety misses'],
    ...sets.map(({ set, report: { totals } }) => [
      set,
      String(totals.cases),
      String(totals.turns),
      `${totals.score}%`,
      `${totals.qualityPassed}/${totals.qualityTotal}`,
      String(totals.safetyMisses),
    ]),
  ];
  out.push(`Summary for ${endpoint}:`, table(rows, new Set([1, 2, 3, 4, 5])));
  return out.join('\n');
}
