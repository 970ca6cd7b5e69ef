// Opt-outs: a caller who texted STOP gets nothing more from that business, in any conversation,
// until START. Kept per business and number (the law's unit), apart from any conversation.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Statement } from './sql';

/** Whether the caller opted out, as a statement for a batch: a row when they did. */
export function optedOutQuery(input: { tenantId: string; callerPhone: string }): Statement {
  return { text: 'select 1 from opt_outs where tenant_id = ? and phone = ?', params: [input.tenantId, input.callerPhone] };
}

/** STOP (`optedOut`) or START; repeating either changes nothing. */
export async function setOptOut(em: EntityManager, input: { tenantId: string; callerPhone: string; optedOut: boolean }): Promise<void> {
  if (input.optedOut) {
    await sql(em, 'insert into opt_outs (tenant_id, phone) values (?, ?) on conflict do nothing', [input.tenantId, input.callerPhone]);
  } else {
    await sql(em, 'delete from opt_outs where tenant_id = ? and phone = ?', [input.tenantId, input.callerPhone]);
  }
}
