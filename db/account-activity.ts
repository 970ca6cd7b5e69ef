// The business's security-relevant events, written where they happen (api/accounts.ts, the scope's
// number and settings changes, takeovers) and read by the owner in Settings. A detail is a short,
// human line: an address, a phone number, what changed — never a token or a password.
import type { EntityManager } from '@mikro-orm/postgresql';
import { tenantSql } from './tenant-sql';

export const ACCOUNT_ACTIVITY_KINDS = [
  'sign_in',
  'sign_in_failed',
  'sign_in_blocked',
  'refresh_token_reused',
  'number_bought',
  'number_attached',
  'number_released',
  'settings_changed',
  'takeover',
  'calendar_connected',
  'calendar_disconnected',
] as const;
export type AccountActivityKind = (typeof ACCOUNT_ACTIVITY_KINDS)[number];

export interface AccountActivity {
  id: string;
  kind: AccountActivityKind;
  detail: string;
  createdAt: Date;
}

export async function recordAccountActivity(em: EntityManager, tenantId: string, kind: AccountActivityKind, detail = ''): Promise<void> {
  await tenantSql(em, tenantId, 'insert into account_activity (tenant_id, kind, detail) values (:tenant, ?, ?)', [
    kind,
    detail.slice(0, 200),
  ]);
}

export async function recentAccountActivity(em: EntityManager, tenantId: string, limit: number): Promise<AccountActivity[]> {
  const rows = await tenantSql<{ id: string; kind: AccountActivityKind; detail: string; created_at: Date }[]>(
    em,
    tenantId,
    'select id, kind, detail, created_at from account_activity where tenant_id = :tenant order by created_at desc, id limit ?',
    [limit],
  );
  return rows.map((row) => ({ id: row.id, kind: row.kind, detail: row.detail, createdAt: new Date(row.created_at) }));
}
