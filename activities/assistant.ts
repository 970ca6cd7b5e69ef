// The assistant's turn (the `ai` task queue): one call to an OpenAI-compatible model through the
// real `openai` SDK — OpenAI, a local model, the offline assistant in sandbox/ or the fake server
// in tests — then the safety net of domain/assistant-safety.ts over whatever it answered.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Context } from '@temporalio/activity';
import OpenAI from 'openai';
import { keepAttemptAlive } from './send-lease';
import { priceBookOffersFree, quotableAmounts, withProfileDefaults, type BusinessProfile } from '../domain/business-profile';
import {
  emergencyReply,
  fallbackReply,
  findingATimeReply,
  isPlainOptOut,
  looksSpanish,
  noDiscountReply,
  priceToConfirmReply,
  replyProblems,
  segmentCount,
  smsSafeText,
  soundsLikeEmergency,
  type ReplyProblem,
} from '../domain/assistant-safety';
import type { ConversationSettings } from '../domain/settings';
import { localDateTimeLabel } from '../domain/time-zone';
import { loadSettings } from '../db/business-settings';
import { publishLiveEvent } from '../db/live-events';
import { sql } from '../db/sql';
import { toConversationSummary, type ConversationRow } from '../db/views';
import type { LeadFields, TranscriptEntry } from '../workflows/messages';
import { hoursInWords, promptMessages } from './assistant-prompt';
import {
  MODEL_DECISION_JSON_SCHEMA,
  modelDecisionSchema,
  type AssistantAction,
  type DeclineReason,
  type ModelDecision,
  type PromptContext,
  type ReturningCustomer,
} from './assistant-protocol';

export interface AssistantTurnInput {
  tenantId: string;
  conversationId: string;
  businessName: string;
  transcript: TranscriptEntry[];
  lead: LeadFields;
}

/** What the workflow acts on. */
export interface AssistantDecision {
  /** What to text the caller; empty when nothing should be sent. */
  reply: string;
  fields: LeadFields;
  action: AssistantAction;
  emergency: boolean;
  /** The caller refused further texts in plain words ("leave me alone"): treat as STOP. */
  optOut: boolean;
  declineReason?: DeclineReason;
}

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
  corrected: (ReplyProblem | 'emergency_missed' | 'opt_out_missed')[];
  errors: string[];
}

export function createModelClient(options: { apiKey: string; baseURL?: string }): OpenAI {
  // Retries are ours (decideAssistantTurn): invalid output is retried like an error, and a turn
  // has one budget for both.
  return new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lastCallerMessage(transcript: TranscriptEntry[]): string {
  return [...transcript].reverse().find((entry) => entry.author === 'caller')?.body ?? '';
}

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

/**
 * The safety net: the decision the workflow may act on, whatever the model answered (undefined:
 * no valid answer at all). Keyword checks on the caller's message back up the model's flags.
 */
export function guardDecision(
  answer: ModelDecision | undefined,
  context: PromptContext,
  transcript: TranscriptEntry[],
): { decision: AssistantDecision; corrected: TurnResult['corrected'] } {
  const callerSaid = lastCallerMessage(transcript);
  const spanish = looksSpanish(callerSaid);
  const business = context.business.name;
  const corrected: TurnResult['corrected'] = [];
  const fields = answer ? leadFields(answer.fields) : {};

  if (answer?.optOut || isPlainOptOut(callerSaid)) {
    if (!answer?.optOut) corrected.push('opt_out_missed');
    return { decision: { reply: '', fields: {}, action: 'close', emergency: false, optOut: true }, corrected };
  }
  if (!answer) {
    const emergency = soundsLikeEmergency(callerSaid);
    const reply = emergency ? emergencyReply(business, spanish) : fallbackReply(business, spanish);
    return {
      decision: { reply, fields: emergency ? { urgency: 'emergency' } : {}, action: 'handoff', emergency, optOut: false },
      corrected,
    };
  }

  let reply = smsSafeText(answer.reply);
  let action: AssistantAction = answer.nextAction === 'book' ? 'offer_slots' : answer.nextAction;
  const emergency = answer.emergency || soundsLikeEmergency(callerSaid);
  if (emergency) {
    if (!answer.emergency) corrected.push('emergency_missed');
    const problems = replyProblems(reply, quotableAmounts(context.business), false, {
      freeInPriceBook: priceBookOffersFree(context.business),
    });
    if (!answer.emergency || problems.length > 0) reply = emergencyReply(business, spanish);
    return {
      decision: { reply, fields: { ...fields, urgency: 'emergency' }, action: 'handoff', emergency: true, optOut: false },
      corrected,
    };
  }

  const problems = replyProblems(reply, quotableAmounts(context.business), false, {
    freeInPriceBook: priceBookOffersFree(context.business),
  });
  corrected.push(...problems);
  if (problems.includes('empty') && action === 'offer_slots') reply = findingATimeReply(spanish);
  else if (problems.includes('empty') || problems.includes('json') || problems.includes('too_long')) {
    reply = fallbackReply(business, spanish);
    action = 'handoff';
  } else if (problems.includes('promises_discount')) reply = noDiscountReply(spanish);
  else if (problems.includes('ungrounded_price')) reply = priceToConfirmReply(spanish);
  else if (problems.includes('claims_booking')) {
    // Only the workflow books; a model that says "you're booked" gets the real free times offered instead.
    reply = findingATimeReply(spanish);
    action = 'offer_slots';
  }
  // A decline whose text could not be sent is the owner's to word: the handoff stands.
  const declineReason = action === 'handoff' ? undefined : (answer.declineReason ?? undefined);
  if (declineReason) action = 'close';
  return {
    decision: {
      reply,
      fields: declineReason ? { ...fields, declineReason } : fields,
      action,
      emergency: false,
      optOut: false,
      ...(declineReason ? { declineReason } : {}),
    },
    corrected,
  };
}

function leadFields(fields: ModelDecision['fields']): LeadFields {
  const lead: LeadFields = {};
  const text = (value: string | null, max: number) => (value && value.trim() ? smsSafeText(value).slice(0, max) : undefined);
  const callerName = text(fields.callerName, 80);
  const serviceAddress = text(fields.serviceAddress, 200);
  const jobDescription = text(fields.jobDescription, 300);
  const preferredTime = text(fields.preferredTime, 120);
  if (callerName) lead.callerName = callerName;
  if (serviceAddress) lead.serviceAddress = serviceAddress;
  if (jobDescription) lead.jobDescription = jobDescription;
  if (preferredTime) lead.preferredTime = preferredTime;
  if (fields.urgency) lead.urgency = fields.urgency;
  return lead;
}

// ---- The activity ----

interface TenantProfileRow {
  name: string;
  trade: string;
  settings: { profile?: Partial<BusinessProfile> };
}

/** The prompt's facts, read fresh each turn so a profile edit applies to the next message. */
export async function promptContext(em: EntityManager, input: AssistantTurnInput, now: Date): Promise<PromptContext> {
  const [tenant] = await sql<TenantProfileRow[]>(em, 'select name, trade, settings from tenants where id = ?', [input.tenantId]);
  if (!tenant) throw new Error(`tenant ${input.tenantId} does not exist`);
  const settings: ConversationSettings = await loadSettings(em, input.tenantId);
  return {
    business: withProfileDefaults(tenant.settings.profile, { name: tenant.name, trade: tenant.trade }),
    hours: hoursInWords(settings.hours.weekly),
    timeZone: settings.timeZone,
    now: localDateTimeLabel(now, settings.timeZone),
    lead: input.lead,
    returningCustomer: await returningCustomer(em, input),
  };
}

/** A caller who had a conversation with this business before, recognised by their number. */
async function returningCustomer(em: EntityManager, input: AssistantTurnInput): Promise<ReturningCustomer | null> {
  const rows = await sql<{ lead: LeadFields; lead_status: string }[]>(
    em,
    `select earlier.lead, earlier.lead_status from conversations earlier
       join conversations this_one on this_one.id = ? and this_one.tenant_id = earlier.tenant_id and this_one.caller_phone = earlier.caller_phone
      where earlier.id <> this_one.id and earlier.tenant_id = ? order by earlier.created_at desc limit 20`,
    [input.conversationId, input.tenantId],
  );
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
}

/**
 * Heartbeats every 2 s (the ai queue's heartbeat timeout is 10 s: a dead worker's turn is retried
 * within seconds, not after the start-to-close timeout), and passes the activity's cancellation to
 * the model call, so a turn Temporal gave up on stops asking the model.
 */
export async function assistantTurn(deps: AssistantActivityDeps, input: AssistantTurnInput): Promise<AssistantDecision> {
  const keeper = keepAttemptAlive();
  try {
    const em = deps.em();
    const context = await promptContext(em, input, new Date());
    const result = await decideAssistantTurn(deps.model, context, input.transcript, keeper.signal);
    await recordTurn(em, input, result, activityKey());
    return result.decision;
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
async function recordTurn(em: EntityManager, input: AssistantTurnInput, result: TurnResult, key: string) {
  await em.transactional(async (tx) => {
    const inserted = await sql(
      tx,
      `insert into ai_turns (tenant_id, conversation_id, activity_key, model, prompt_tokens, completion_tokens, latency_ms,
                             model_attempts, outcome, next_action, reply_segments)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (activity_key) do nothing returning id`,
      [
        input.tenantId,
        input.conversationId,
        key,
        result.model,
        result.usage.promptTokens,
        result.usage.completionTokens,
        result.latencyMs,
        result.modelAttempts,
        result.outcome,
        result.decision.action,
        result.decision.reply ? segmentCount(result.decision.reply) : 0,
      ],
    );
    if (inserted.length === 0) return;
    const [conversation] = await sql<ConversationRow[]>(
      tx,
      'update conversations set assistant_model = ? where id = ? and tenant_id = ? returning *',
      [result.model, input.conversationId, input.tenantId],
    );
    // The inbox learns at once that this conversation is served by the offline assistant.
    if (conversation)
      await publishLiveEvent(tx, input.tenantId, 'conversation.updated', { conversation: toConversationSummary(conversation) });
    await publishLiveEvent(tx, input.tenantId, 'ai.turn', {
      conversationId: input.conversationId,
      model: result.model,
      promptTokens: result.usage.promptTokens,
      completionTokens: result.usage.completionTokens,
      latencyMs: result.latencyMs,
      outcome: result.outcome,
    });
  });
}
