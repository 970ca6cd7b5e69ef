// The model call of an assistant turn: one OpenAI-compatible chat completion through the real
// `openai` SDK (OpenAI, a local model, the offline assistant in sandbox/ or the fake server in
// tests), retried on errors and invalid output within one time budget, then handed to the safety
// net (assistant-safety-net.ts). No database here: the eval (eval/harness.ts) calls it without one.
import OpenAI from 'openai';
import type { TranscriptEntry } from '../contracts/conversation-workflow';
import { promptMessages } from './assistant-prompt';
import { MODEL_DECISION_JSON_SCHEMA, modelDecisionSchema, type ModelDecision, type PromptContext } from './assistant-protocol';
import { guardDecision, type AssistantDecision, type Correction } from './assistant-safety-net';

export interface AssistantModel {
  client: OpenAI;
  model: string;
  /** Per model call. */
  timeoutMs?: number;
  /** Model calls per turn before the safe fallback (errors, timeouts and invalid output count). */
  attempts?: number;
  /**
   * All model calls of one turn end within this (default 75 s), so the turn, with its database
   * work, fits the ai queue's 90 s start-to-close timeout whatever OPENAI_TIMEOUT_MS says.
   */
  turnBudgetMs?: number;
}

/** The model calls' share of an assistant turn; the activity's start-to-close timeout is 90 s. */
export const TURN_BUDGET_MS = 75_000;

export interface TurnResult {
  decision: AssistantDecision;
  /** The model that answered (as the server reports it), or the one asked for if none answered. */
  model: string;
  usage: { promptTokens: number; completionTokens: number };
  latencyMs: number;
  modelAttempts: number;
  /** 'fallback': no valid answer came back; the caller got the safe text and the owner the conversation. */
  outcome: 'ok' | 'fallback';
  /** What the safety net changed in the model's answer. */
  corrected: Correction[];
  errors: string[];
}

export function createModelClient(options: { apiKey: string; baseURL?: string }): OpenAI {
  // Retries are ours (decideAssistantTurn): invalid output is retried like an error, and a turn
  // has one budget for both.
  return new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One assistant turn: ask the model (retrying errors and invalid output), then apply the safety net. */
export async function decideAssistantTurn(
  model: AssistantModel,
  context: PromptContext,
  transcript: TranscriptEntry[],
  signal?: AbortSignal,
): Promise<TurnResult> {
  const attempts = model.attempts ?? 3;
  const started = performance.now();
  const deadline = started + (model.turnBudgetMs ?? TURN_BUDGET_MS);
  const usage = { promptTokens: 0, completionTokens: 0 };
  const errors: string[] = [];
  let answeredBy = model.model;
  let answer: ModelDecision | undefined;
  let made = 0;
  while (made < attempts && !answer) {
    if (made > 0) await sleep(200 * made);
    // Temporal gave up on this attempt (or the worker is stopping): no more model calls.
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('assistant turn cancelled');
    const remaining = Math.floor(deadline - performance.now());
    if (remaining < 1_000) {
      errors.push('turn budget spent');
      break;
    }
    made += 1;
    try {
      const completion = await model.client.chat.completions.create(
        {
          model: model.model,
          messages: promptMessages(context, transcript),
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'assistant_decision', strict: true, schema: MODEL_DECISION_JSON_SCHEMA },
          },
          temperature: 0.2,
          max_tokens: 500,
        },
        { timeout: Math.min(model.timeoutMs ?? 20_000, remaining), maxRetries: 0, ...(signal ? { signal } : {}) },
      );
      answeredBy = completion.model || answeredBy;
      usage.promptTokens += completion.usage?.prompt_tokens ?? 0;
      usage.completionTokens += completion.usage?.completion_tokens ?? 0;
      const content = completion.choices[0]?.message?.content ?? '';
      const parsed = modelDecisionSchema.safeParse(parseJson(content));
      if (parsed.success) answer = parsed.data;
      else errors.push(`invalid output: ${parsed.error.issues[0]?.message ?? 'not the decision shape'}`);
    } catch (error) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('assistant turn cancelled');
      errors.push(
        error instanceof OpenAI.APIError ? `model error ${error.status ?? ''} ${error.message}`.trim() : (error as Error).message,
      );
    }
  }
  const latencyMs = Math.round(performance.now() - started);
  const guarded = guardDecision(answer, context, transcript);
  return {
    ...guarded,
    model: answeredBy,
    usage,
    latencyMs,
    modelAttempts: made,
    outcome: answer ? 'ok' : 'fallback',
    errors,
  };
}

function parseJson(content: string): unknown {
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}
