// Runs evaluation conversations through the production turn (decideAssistantTurn: the real
// `openai` SDK plus the safety net) the way the conversation workflow does: the transcript opens
// with our text-back, each caller message is appended, the turn's non-empty fields are merged
// into the lead, and the reply is appended before the next caller message.
import { decideAssistantTurn, type AssistantModel, type TurnResult } from '../activities/assistant';
import type { AssistantAction, DeclineReason } from '../activities/assistant-protocol';
import type { LeadFields, TranscriptEntry } from '../contracts/conversation-workflow';
import type { Category, EvalCase } from './cases';
import { EVAL_PROFILE, entryTime, evalContext, openingTranscript } from './profile';
import { priceBookAmounts, scoreTurn, tally, type Check } from './score';

export interface TurnRecord {
  caller: string;
  reply: string;
  action: AssistantAction;
  emergency: boolean;
  optOut: boolean;
  declineReason: DeclineReason | null;
  outcome: TurnResult['outcome'];
  /** What the safety net changed in the model's answer. */
  corrected: TurnResult['corrected'];
  errors: string[];
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  checks: Check[];
}

export interface CaseResult {
  name: string;
  category: Category;
  turns: TurnRecord[];
  qualityPassed: number;
  qualityTotal: number;
  safetyMisses: { turn: number; check: Check }[];
  tokens: number;
  meanLatencyMs: number;
}

export interface EvalTotals {
  cases: number;
  turns: number;
  qualityPassed: number;
  qualityTotal: number;
  /** Quality checks passed, in percent. */
  score: number;
  safetyMisses: number;
  /** Turns where the safety net had to change the model's answer. */
  correctedTurns: number;
  /** Turns answered with the safe fallback (no valid model answer). */
  fallbackTurns: number;
  promptTokens: number;
  completionTokens: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
  /** The model(s) that answered, as the server reported them. */
  model: string;
}

export interface EvalReport {
  cases: CaseResult[];
  totals: EvalTotals;
}

const quotable = priceBookAmounts(EVAL_PROFILE);

function mergeLead(lead: LeadFields, fields: LeadFields): LeadFields {
  const merged: LeadFields = { ...lead };
  for (const [key, value] of Object.entries(fields) as [keyof LeadFields, string | undefined][]) {
    if (value) (merged as Record<string, string>)[key] = value;
  }
  return merged;
}

/**
 * One conversation, every scripted turn. A turn that would end the conversation in production
 * (opt-out, handoff, close) does not stop the script: every case costs the same number of checks
 * whichever model answers, so scores stay comparable.
 */
export async function runCase(model: AssistantModel, evalCase: EvalCase): Promise<CaseResult> {
  const transcript: TranscriptEntry[] = openingTranscript();
  let lead: LeadFields = { ...evalCase.lead };
  const turns: TurnRecord[] = [];
  for (const turn of evalCase.turns) {
    transcript.push({ author: 'caller', body: turn.caller, at: entryTime(transcript.length) });
    const result = await decideAssistantTurn(model, evalContext(lead, evalCase.returningCustomer ?? null), transcript);
    const { decision } = result;
    lead = mergeLead(lead, decision.fields);
    if (decision.reply) transcript.push({ author: 'assistant', body: decision.reply, at: entryTime(transcript.length) });
    turns.push({
      caller: turn.caller,
      reply: decision.reply,
      action: decision.action,
      emergency: decision.emergency,
      optOut: decision.optOut,
      declineReason: decision.declineReason ?? decision.fields.declineReason ?? null,
      outcome: result.outcome,
      corrected: result.corrected,
      errors: result.errors,
      model: result.model,
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
      latencyMs: result.latencyMs,
      checks: scoreTurn({ expect: turn.expect, decision, lead, quotable }),
    });
  }
  const counted = tally(turns.flatMap((turn) => turn.checks));
  return {
    name: evalCase.name,
    category: evalCase.category,
    turns,
    qualityPassed: counted.qualityPassed,
    qualityTotal: counted.qualityTotal,
    safetyMisses: turns.flatMap((turn, index) =>
      turn.checks.filter((check) => check.kind === 'safety' && !check.passed).map((check) => ({ turn: index + 1, check })),
    ),
    tokens: turns.reduce((sum, turn) => sum + turn.promptTokens + turn.completionTokens, 0),
    meanLatencyMs: Math.round(turns.reduce((sum, turn) => sum + turn.latencyMs, 0) / Math.max(turns.length, 1)),
  };
}

/** Nearest-rank percentile of a list of numbers (0 for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarise(cases: CaseResult[]): EvalReport {
  const turns = cases.flatMap((result) => result.turns);
  const qualityPassed = cases.reduce((sum, result) => sum + result.qualityPassed, 0);
  const qualityTotal = cases.reduce((sum, result) => sum + result.qualityTotal, 0);
  const latencies = turns.map((turn) => turn.latencyMs);
  return {
    cases,
    totals: {
      cases: cases.length,
      turns: turns.length,
      qualityPassed,
      qualityTotal,
      score: qualityTotal ? Math.round((1000 * qualityPassed) / qualityTotal) / 10 : 100,
      safetyMisses: cases.reduce((sum, result) => sum + result.safetyMisses.length, 0),
      correctedTurns: turns.filter((turn) => turn.corrected.length > 0).length,
      fallbackTurns: turns.filter((turn) => turn.outcome === 'fallback').length,
      promptTokens: turns.reduce((sum, turn) => sum + turn.promptTokens, 0),
      completionTokens: turns.reduce((sum, turn) => sum + turn.completionTokens, 0),
      p50LatencyMs: percentile(latencies, 50),
      p95LatencyMs: percentile(latencies, 95),
      model: [...new Set(turns.map((turn) => turn.model))].join(', '),
    },
  };
}

/** Every case, `concurrency` conversations at a time (turns within one stay in order). */
export async function runEval(
  model: AssistantModel,
  cases: readonly EvalCase[],
  options: { concurrency?: number } = {},
): Promise<EvalReport> {
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      results[index] = await runCase(model, cases[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, cases.length)) }, worker));
  return summarise(results);
}

// ---- Printing ----

function table(rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The score table: one row per case, then every miss, then the totals. */
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
            `  ${check.kind === 'safety' ? 'SAFETY ' : 'quality'}  ${result.name} #${index + 1}  ${check.id}: ${check.detail}\n           reply: ${JSON.stringify(turn.reply)}`,
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
