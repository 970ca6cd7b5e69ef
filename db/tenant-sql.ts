// A statement limited to one business (docs/decisions/0009-tenant-scope.md): it names the business
// as `:tenant` and this binds it, so a query cannot be written without deciding how it is limited;
// one without `:tenant` is refused before it reaches PostgreSQL. The db modules' dashboard queries
// run through it, called by the api's TenantScope with the business of the verified token.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from './sql';

const TENANT = /:tenant\b/;
const PLACEHOLDER = /\?|:tenant\b/g;

/** Runs `text` with every `:tenant` bound to `tenantId` and the positional `?` bound to `params`, in order. */
export async function tenantSql<T extends object[] = Record<string, unknown>[]>(
  em: EntityManager,
  tenantId: string,
  text: string,
  params: unknown[] = [],
): Promise<T> {
  if (!TENANT.test(text)) throw new Error(`tenant scope: a statement must be limited to :tenant: ${text.slice(0, 80)}`);
  const bound: unknown[] = [];
  let next = 0;
  const query = text.replace(PLACEHOLDER, (token) => {
    if (token === '?') {
      if (next >= params.length) throw new Error('tenant scope: fewer parameters than placeholders');
      bound.push(params[next++]);
    } else bound.push(tenantId);
    return '?';
  });
  if (next !== params.length) throw new Error('tenant scope: more parameters than placeholders');
  return sql<T>(em, query, bound);
}
