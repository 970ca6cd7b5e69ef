// Raw SQL through the ORM's connection, inside `em`'s transaction when it has one. MikroORM's
// `getConnection().execute()` without the transaction context takes another pooled connection:
// the statement escapes the transaction, and under load transactions waiting for a second
// connection exhaust the pool (found by bench/missed-call-latency.ts).
import type { EntityManager } from '@mikro-orm/postgresql';

export async function sql<T extends object[] = Record<string, unknown>[]>(
  em: EntityManager,
  query: string,
  params: unknown[] = [],
): Promise<T> {
  return (await em.getConnection().execute(query, params, 'all', em.getTransactionContext())) as T;
}
