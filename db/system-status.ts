// The business's facts the Status page judges (domain/system-status.ts): its latest outbound texts
// and assistant turns. Only recent rows: the page says how things are now.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AssistantTurnFact, SentText } from '../domain/system-status';
import type { MessageStatus } from '../domain/message-status';
import { tenantSql } from './tenant-sql';

/** The latest outbound texts of the last day, newest first. */
export async function recentOutboundTexts(em: EntityManager, tenantId: string, limit = 10): Promise<SentText[]> {
  const rows = await tenantSql<{ created_at: Date; status: MessageStatus; error_code: number | null }[]>(
    em,
    tenantId,
    `select created_at, status, error_code from messages
     where tenant_id = :tenant and direction = 'outbound' and created_at > now() - interval '1 day'
     order by created_at desc, id limit ?`,
    [limit],
  );
  return rows.map((row) => ({ at: new Date(row.created_at), status: row.status, errorCode: row.error_code }));
}

/** The latest assistant turns of the last day, newest first. */
export async function recentAssistantTurns(em: EntityManager, tenantId: string, limit = 20): Promise<AssistantTurnFact[]> {
  const rows = await tenantSql<{ created_at: Date; latency_ms: number; outcome: 'ok' | 'fallback' }[]>(
    em,
    tenantId,
    `select created_at, latency_ms, outcome from ai_turns
     where tenant_id = :tenant and created_at > now() - interval '1 day'
     order by created_at desc, id limit ?`,
    [limit],
  );
  return rows.map((row) => ({ at: new Date(row.created_at), latencyMs: row.latency_ms, outcome: row.outcome }));
}
