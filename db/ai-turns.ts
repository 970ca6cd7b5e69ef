// What the assistant cost (docs/decisions/0017-data-layer.md): one ai_turns row per model call,
// written by the assistant activity; summed here for a conversation and per day for the business.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AiUsage } from '../contracts/http/conversations';
import { toConversationSummary, type ConversationRow } from './conversations';
import { publishLiveEvent } from './live-events';
import { sql } from './sql';
import { tenantSql } from './tenant-sql';

export type ConversationAiUsage = AiUsage;

export async function conversationAiUsage(em: EntityManager, tenantId: string, conversationId: string): Promise<ConversationAiUsage> {
  const [row] = await tenantSql<
    { turns: string; prompt_tokens: string | null; completion_tokens: string | null; model: string | null; latency: string | null }[]
  >(
    em,
    tenantId,
    `select count(*)::int as turns, sum(prompt_tokens) as prompt_tokens, sum(completion_tokens) as completion_tokens,
            (select model from ai_turns where tenant_id = :tenant and conversation_id = ? order by created_at desc limit 1) as model,
            round(avg(latency_ms)) as latency
       from ai_turns where tenant_id = :tenant and conversation_id = ?`,
    [conversationId, conversationId],
  );
  return {
    turns: Number(row?.turns ?? 0),
    promptTokens: Number(row?.prompt_tokens ?? 0),
    completionTokens: Number(row?.completion_tokens ?? 0),
    model: row?.model ?? null,
    averageLatencyMs: row?.latency == null ? null : Number(row.latency),
  };
}

export interface AiUsageDayRow {
  date: string;
  turns: number | string;
  prompt_tokens: number | string;
  completion_tokens: number | string;
}

/** Turns and tokens per day of the business's time zone. */
export function aiUsageByDay(
  em: EntityManager,
  tenantId: string,
  range: { from: Date; to: Date },
  timeZone: string,
): Promise<AiUsageDayRow[]> {
  return tenantSql<AiUsageDayRow[]>(
    em,
    tenantId,
    `select to_char(created_at at time zone ?, 'YYYY-MM-DD') as date, count(*)::int as turns,
            coalesce(sum(prompt_tokens), 0)::bigint as prompt_tokens, coalesce(sum(completion_tokens), 0)::bigint as completion_tokens
       from ai_turns where tenant_id = :tenant and created_at >= ? and created_at < ?
      group by 1 order by 1`,
    [timeZone, range.from, range.to],
  );
}

export interface AiTurn {
  tenantId: string;
  conversationId: string;
  /** One per activity attempt: a retried attempt's turn is recorded once. */
  activityKey: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  modelAttempts: number;
  outcome: 'ok' | 'fallback';
  nextAction: string;
  replySegments: number;
}

/**
 * Records a model call once per activity attempt: the conversation shows which model serves it, and
 * the dashboard hears of both (conversation.updated, ai.turn) when the transaction commits.
 */
export async function recordAiTurn(em: EntityManager, turn: AiTurn): Promise<void> {
  await em.transactional(async (tx) => {
    const inserted = await sql(
      tx,
      `insert into ai_turns (tenant_id, conversation_id, activity_key, model, prompt_tokens, completion_tokens, latency_ms,
                             model_attempts, outcome, next_action, reply_segments)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (activity_key) do nothing returning id`,
      [
        turn.tenantId,
        turn.conversationId,
        turn.activityKey,
        turn.model,
        turn.promptTokens,
        turn.completionTokens,
        turn.latencyMs,
        turn.modelAttempts,
        turn.outcome,
        turn.nextAction,
        turn.replySegments,
      ],
    );
    if (inserted.length === 0) return;
    const [conversation] = await sql<ConversationRow[]>(
      tx,
      'update conversations set assistant_model = ? where id = ? and tenant_id = ? returning *',
      [turn.model, turn.conversationId, turn.tenantId],
    );
    // The inbox learns at once that this conversation is served by the offline assistant.
    if (conversation)
      await publishLiveEvent(tx, turn.tenantId, 'conversation.updated', { conversation: toConversationSummary(conversation) });
    await publishLiveEvent(tx, turn.tenantId, 'ai.turn', {
      conversationId: turn.conversationId,
      model: turn.model,
      promptTokens: turn.promptTokens,
      completionTokens: turn.completionTokens,
      latencyMs: turn.latencyMs,
      outcome: turn.outcome,
    });
  });
}
