// Counting what a business does against its limits (api/business-limits.ts decides the limits):
// one row per business, action and fixed window, incremented in one statement, so two requests at
// the same moment are both counted.
import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantSql } from './tenant-sql';

export interface Use {
  /** Uses in this window, this one included. */
  count: number;
  /** When the window ends (the next use is counted afresh). */
  windowEndsAt: Date;
}

/** Counts one use of `action` in the current window of `windowSeconds`, dropping this action's windows older than a day. */
export async function countUse(em: EntityManager, tenantId: string, action: string, windowSeconds: number): Promise<Use> {
  const [row] = await tenantSql<{ count: number; window_start: Date }[]>(
    em,
    tenantId,
    `with gone as (
       delete from business_usage where tenant_id = :tenant and action = ? and window_start < now() - interval '1 day'
     )
     insert into business_usage (tenant_id, action, window_start, count)
     values (:tenant, ?, to_timestamp(floor(extract(epoch from now()) / ?) * ?), 1)
     on conflict (tenant_id, action, window_start) do update set count = business_usage.count + 1
     returning count, window_start`,
    [action, action, windowSeconds, windowSeconds],
  );
  return { count: Number(row!.count), windowEndsAt: new Date(new Date(row!.window_start).getTime() + windowSeconds * 1000) };
}
