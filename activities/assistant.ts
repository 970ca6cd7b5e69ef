// The assistant's turn (the `ai` task queue): one call to an OpenAI-compatible model through the
// real `openai` SDK — OpenAI, a local model, the offline assistant in sandbox/ or the fake server
// in tests — then the safety net of domain/assistant-safety.ts over whatever it answered.
//
// This file is the activity: the prompt's facts read from the database, the turn, and its record.
// The model call is in assistant-model.ts and the safety net in assistant-safety-net.ts; both are
// re-exported here, where the worker, the eval and the tests import them from.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { Context } from '@temporalio/activity';
import { keepAttemptAlive } from './send-lease';
import { segmentCount } from '../domain/assistant-safety';
import type { ConversationSettings } from '../domain/settings';
import { localDateTimeLabel } from '../domain/time-zone';
import { loadSettings } from '../db/business-settings';
import { recordAiTurn } from '../db/ai-turns';
import { businessProfile } from '../db/businesses';
import { earlierConversations } from '../db/conversations';
import type { LeadFields, TranscriptEntry } from '../contracts/conversation-workflow';
import { hoursInWords } from './assistant-prompt';
import type { PromptContext, ReturningCustomer } from './assistant-protocol';
import { decideAssistantTurn, type AssistantModel, type TurnResult } from './assistant-model';
import { checkAddress, type CheckedDecision } from './assistant-address';
import type { AddressLookup } from '../providers/google-maps';
import { observeAssistantTurn } from '../observability/metrics';

export { TURN_BUDGET_MS, createModelClient, decideAssistantTurn, type AssistantModel, type TurnResult } from './assistant-model';
export { guardDecision, type AssistantDecision, type Correction } from './assistant-safety-net';

export interface AssistantTurnInput {
  tenantId: string;
  conversationId: string;
  businessName: string;
  transcript: TranscriptEntry[];
  lead: LeadFields;
}

// ---- The activity ----

/** The prompt's facts, read fresh each turn so a profile edit applies to the next message. */
export async function promptContext(em: EntityManager, input: AssistantTurnInput, now: Date): Promise<PromptContext> {
  const settings: ConversationSettings = await loadSettings(em, input.tenantId);
  return {
    business: await businessProfile(em, input.tenantId),
    hours: hoursInWords(settings.hours.weekly),
    timeZone: settings.timeZone,
    now: localDateTimeLabel(now, settings.timeZone),
    lead: input.lead,
    returningCustomer: await returningCustomer(em, input),
  };
}

/** A caller who had a conversation with this business before, recognised by their number. */
async function returningCustomer(em: EntityManager, input: AssistantTurnInput): Promise<ReturningCustomer | null> {
  const rows = await earlierConversations(em, { tenantId: input.tenantId, conversationId: input.conversationId, limit: 20 });
  if (rows.length === 0) return null;
  const named = rows.find((row) => row.lead.callerName);
  const job = rows.find((row) => row.lead.jobDescription);
  return {
    ...(named?.lead.callerName ? { name: named.lead.callerName } : {}),
    ...(job?.lead.jobDescription ? { lastJob: job.lead.jobDescription } : {}),
    previousConversations: rows.length,
  };
}

export interface AssistantActivityDeps {
  em: () => EntityManager;
  model: AssistantModel;
  /** Places the addresses callers give (Google, or the sandbox's emulator); unset: kept as written. */
  lookupAddress?: AddressLookup | undefined;
  log?: Pick<Logger, 'warn'>;
}

/**
 * Heartbeats every 2 s (the ai queue's heartbeat timeout is 10 s: a dead worker's turn is retried
 * within seconds, not after the start-to-close timeout), and passes the activity's cancellation to
 * the model call, so a turn Temporal gave up on stops asking the model.
 */
export async function assistantTurn(deps: AssistantActivityDeps, input: AssistantTurnInput): Promise<CheckedDecision> {
  const keeper = keepAttemptAlive();
  const started = performance.now();
  try {
    const em = deps.em();
    const context = await promptContext(em, input, new Date());
    const result = await decideAssistantTurn(deps.model, context, input.transcript, keeper.signal);
    const decision = await checkAddress(
      { lookup: deps.lookupAddress, ...(deps.log ? { log: deps.log } : {}) },
      { context, lead: input.lead, transcript: input.transcript, signal: keeper.signal },
      result.decision,
    );
    await recordTurn(em, input, { ...result, decision }, activityKey());
    observeAssistantTurn(result, (performance.now() - started) / 1000);
    return decision;
  } finally {
    keeper.stop();
  }
}

function activityKey(): string {
  try {
    const info = Context.current().info;
    return `${info.workflowExecution?.workflowId}/${info.workflowExecution?.runId}/${info.activityId}/${info.attempt}`;
  } catch {
    // Called outside an activity (a script): every call is its own turn.
    return `direct/${crypto.randomUUID()}`;
  }
}

/** Tokens, model and latency of the turn, for the conversation view and the business's daily usage. */
function recordTurn(em: EntityManager, input: AssistantTurnInput, result: TurnResult, key: string) {
  return recordAiTurn(em, {
    tenantId: input.tenantId,
    conversationId: input.conversationId,
    activityKey: key,
    model: result.model,
    promptTokens: result.usage.promptTokens,
    completionTokens: result.usage.completionTokens,
    latencyMs: result.latencyMs,
    modelAttempts: result.modelAttempts,
    outcome: result.outcome,
    nextAction: result.decision.action,
    replySegments: result.decision.reply ? segmentCount(result.decision.reply) : 0,
  });
}
