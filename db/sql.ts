// Raw SQL through the ORM's connection, inside `em`'s transaction when it has one. MikroORM's
// `getConnection().execute()` without the transaction context takes another pooled connection:
// the statement escapes the transaction, and under load transactions waiting for a second
// connection exhaust the pool (found by bench/missed-call-latency.ts).
import type { EntityManager } from '@mikro-orm/postgresql';

/** One statement and its parameters: run alone (`sql`) or with others in one round trip (`sqlBatch`). */
export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * Several statements in one round trip: PostgreSQL runs them in order, inside `em`'s transaction
 * when it has one (else as one implicit transaction); the rows each returned, in order. For the
 * hot path, where each round trip wakes another process (docs/decisions/0019).
 */
export async function sqlBatch(em: EntityManager, statements: Statement[]): Promise<Record<string, unknown>[][]> {
  if (statements.length === 1) return [await sql(em, statements[0]!.text, statements[0]!.params)];
  const text = statements.map((statement) => statement.text).join(';\n');
  return (await sql(
    em,
    text,
    statements.flatMap((statement) => statement.params),
  )) as unknown as Record<string, unknown>[][];
}

export async function sql<T extends object[] = Record<string, unknown>[]>(
  em: EntityManager,
  query: string,
  params: unknown[] = [],
): Promise<T> {
  return (await em.getConnection().execute(query, params, 'all', em.getTransactionContext())) as T;
}
