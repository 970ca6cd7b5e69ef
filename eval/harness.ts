// Runs evaluation conversations through the production turn (decideAssistantTurn: the real
// `openai` SDK plus the safety net) the way the conversation workflow does: the transcript opens
// with our text-back, each caller message is appended, the turn's non-empty fields are merged
// into the lead, and the reply is appended before the next caller message. As in the workflow,
// an opt-out keyword (STOP, UNSUBSCRIBE, a bare CANCEL...) is honoured before the assistant is
// asked: such a turn is scored as answered by the keyword rule (domain/keywords.ts). Given a map
// (eval/maps.ts), an address the turn picked out is checked on it against the service area
// (checkAddress), as the assistant activity does after the model. Printing is eval/report.ts.
import { decideAssistantTurn, type AssistantDecision, type AssistantModel, type TurnResult } from '../activities/assistant';
import { checkAddress } from '../activities/assistant-address';
import type { AssistantAction, DeclineReason } from '../activities/assistant-protocol';
import type { LeadFields, TranscriptEntry } from '../contracts/conversation-workflow';
import { classifyKeyword } from '../domain/keywords';
import type { AddressLookup } from '../providers/google-maps';
import { EVAL_SETS, setOf, type Category, type EvalCase, type EvalSet } from './cases';
import { EVAL_PROFILE, entryTime, evalContext, openingTranscript } from './profile';
import { priceBookAmounts, scoreTurn, tally, type Check } from './score';

export interface TurnRecord {
  caller: string;
  /** 'keyword': the workflow's opt-out keyword rule answered; the model was not asked. */
  answeredBy: 'assistant' | 'keyword';
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
  rule: string;
  set: EvalSet;
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

/** Whether the workflow answers this caller text itself (an opt-out keyword), before any model. */
export function answeredByKeyword(caller: string): boolean {
  return classifyKeyword(caller) === 'opt_out';
}

/** What the workflow's keyword rule amounts to, as a turn: opted out, nothing said by the assistant. */
function keywordTurn(): TurnResult {
  const decision: AssistantDecision = { reply: '', fields: {}, action: 'close', emergency: false, optOut: true };
  return {
    decision,
    model: '',
    usage: { promptTokens: 0, completionTokens: 0 },
    latencyMs: 0,
    modelAttempts: 0,
    outcome: 'ok',
    corrected: [],
    errors: [],
  };
}

function mergeLead(lead: LeadFields, fields: LeadFields): LeadFields {
  const merged: LeadFields = { ...lead };
  // Text fields, and the placed address (an object) when the turn placed one, as the workflow keeps them.
  for (const [key, value] of Object.entries(fields) as [keyof LeadFields, unknown][]) {
    if (value) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/**
 * One conversation, every scripted turn. A turn that would end the conversation in production
 * (opt-out, handoff, close) does not stop the script: every case costs the same number of checks
 * whichever model answers, so scores stay comparable.
 */
export interface RunOptions {
  /** Where addresses are placed (eval/maps.ts); unset: kept as the turn wrote them, like live mode without a key. */
  lookupAddress?: AddressLookup;
}

export async function runCase(model: AssistantModel, evalCase: EvalCase, options: RunOptions = {}): Promise<CaseResult> {
  const transcript: TranscriptEntry[] = openingTranscript();
  let lead: LeadFields = { ...evalCase.lead };
  const turns: TurnRecord[] = [];
  for (const turn of evalCase.turns) {
    transcript.push({ author: 'caller', body: turn.caller, at: entryTime(transcript.length) });
    const byKeyword = answeredByKeyword(turn.caller);
    const context = evalContext(lead, evalCase.returningCustomer ?? null);
    const result = byKeyword ? keywordTurn() : await decideAssistantTurn(model, context, transcript);
    const decision = byKeyword
      ? result.decision
      : await checkAddress({ lookup: options.lookupAddress }, { context, lead, transcript }, result.decision);
    lead = mergeLead(lead, decision.fields);
    if (decision.reply) transcript.push({ author: 'assistant', body: decision.reply, at: entryTime(transcript.length) });
    turns.push({
      caller: turn.caller,
      answeredBy: byKeyword ? 'keyword' : 'assistant',
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
    rule: evalCase.rule,
    set: setOf(evalCase),
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
  // Keyword turns never reach a model: they would flatter the latencies.
  const latencies = turns.filter((turn) => turn.answeredBy === 'assistant').map((turn) => turn.latencyMs);
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
      model: [...new Set(turns.filter((turn) => turn.answeredBy === 'assistant').map((turn) => turn.model))].join(', '),
    },
  };
}

/** Every case, `concurrency` conversations at a time (turns within one stay in order). */
export async function runEval(
  model: AssistantModel,
  cases: readonly EvalCase[],
  options: RunOptions & { concurrency?: number } = {},
): Promise<EvalReport> {
  const results: CaseResult[] = new Array<CaseResult>(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const index = next++;
      results[index] = await runCase(model, cases[index]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, cases.length)) }, worker));
  return summarise(results);
}

/** One report per set, in EVAL_SETS order; a set none of the cases belong to is left out. */
export function splitBySet(report: EvalReport): { set: EvalSet; report: EvalReport }[] {
  return EVAL_SETS.map((set) => ({ set, cases: report.cases.filter((result) => result.set === set) }))
    .filter(({ cases }) => cases.length > 0)
    .map(({ set, cases }) => ({ set, report: summarise(cases) }));
}
