// Owners and their sessions (issue #6 point 1; decision 0008): users, auth_sessions and
// refresh_tokens. Sessions and refresh tokens have no entity: their statements lock rows and
// rely on constraints (decision 0017), so they are named SQL here. Users are read and written with
// SQL where a statement joins the business or merges jsonb, and with the User entity otherwise.
// Sign-in throttling: db/login-throttles.ts.
// The functions the api's TenantScope calls take the business first: their SQL names it as
// `:tenant` (db/tenant-sql.ts binds it) and their entity queries filter on tenantId.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Me } from '../contracts/http/business';
import type { OwnerNotifications } from './entities';
import { User } from './entities';
import type { BusinessColumns } from './businesses';
import { sql } from './sql';
import { tenantSql } from './tenant-sql';

/** The signed-in owner with their business (GET /api/me, GET /api/business). */
export interface OwnerAccountRow extends BusinessColumns {
  user_id: string;
  email: string;
  user_name: string | null;
  notifications: OwnerNotifications;
  onboarded_at: Date | null;
  /** The business's first number. */
  phone_number: string | null;
}

/** The owner as the dashboard shows them (GET /api/me, without the sandbox part the api adds). */
export type OwnerView = Omit<Me, 'sandbox'>;

export function toOwnerView(row: OwnerAccountRow): OwnerView {
  return {
    user: {
      id: row.user_id,
      email: row.email,
      name: row.user_name,
      notifications: { smsAlerts: row.notifications.smsAlerts ?? true, alertPhone: row.notifications.alertPhone ?? null },
    },
    business: {
      id: row.tenant_id,
      name: row.business_name,
      trade: row.trade,
      timeZone: row.timezone,
      ownerPhone: row.owner_phone,
      phoneNumber: row.phone_number,
      onboarded: row.onboarded_at !== null,
    },
  };
}

export async function ownerAccount(em: EntityManager, tenantId: string, userId: string): Promise<OwnerAccountRow | undefined> {
  const [row] = await tenantSql<OwnerAccountRow[]>(
    em,
    tenantId,
    `select u.id as user_id, u.email, u.name as user_name, u.notifications, t.id as tenant_id, t.name as business_name, t.trade,
            t.timezone, t.owner_phone, t.onboarded_at, t.settings,
            (select p.e164 from phone_numbers p where p.tenant_id = :tenant order by p.created_at, p.id limit 1) as phone_number
       from users u join tenants t on t.id = u.tenant_id
      where u.id = ? and u.tenant_id = :tenant and t.id = :tenant`,
    [userId],
  );
  return row;
}

/** A name of undefined keeps the stored one (null clears it); notifications merge field by field. */
export async function updateOwner(
  em: EntityManager,
  tenantId: string,
  userId: string,
  patch: { name?: string | null | undefined; notifications?: OwnerNotifications | undefined },
): Promise<void> {
  await tenantSql(
    em,
    tenantId,
    `update users set name = case when ? then ? else name end, notifications = notifications || ?::jsonb
      where id = ? and tenant_id = :tenant`,
    [patch.name !== undefined, patch.name ?? null, JSON.stringify(patch.notifications ?? {}), userId],
  );
}

/** The business's owner; undefined when the email has an account already. */
export async function createOwner(
  em: EntityManager,
  owner: { tenantId: string; email: string; passwordHash: string },
): Promise<{ id: string; email: string } | undefined> {
  const [user] = await sql<{ id: string; email: string }[]>(
    em,
    'insert into users (tenant_id, email, password_hash) values (?, ?, ?) on conflict (email) do nothing returning id, email',
    [owner.tenantId, owner.email, owner.passwordHash],
  );
  return user;
}

export interface LoginCandidate {
  id: string;
  tenant_id: string;
  email: string;
  password_hash: string;
  business_name: string;
}

export async function loginCandidate(em: EntityManager, email: string): Promise<LoginCandidate | undefined> {
  const [user] = await sql<LoginCandidate[]>(
    em,
    `select u.id, u.tenant_id, u.email, u.password_hash, t.name as business_name
       from users u join tenants t on t.id = u.tenant_id where u.email = ?`,
    [email],
  );
  return user;
}

export async function userByEmail(em: EntityManager, email: string): Promise<{ id: string; tenantId: string } | null> {
  return em.findOne(User, { email }, { fields: ['id', 'tenantId'] });
}

export async function setPasswordHash(em: EntityManager, userId: string, passwordHash: string): Promise<void> {
  await em.nativeUpdate(User, { id: userId }, { passwordHash });
}

// ---- sessions and refresh tokens ------------------------------------------------------------------

export async function openSession(em: EntityManager, session: { userId: string; tenantId: string; expiresAt: Date }): Promise<string> {
  const [row] = await sql<{ id: string }[]>(
    em,
    'insert into auth_sessions (user_id, tenant_id, expires_at) values (?, ?, ?) returning id',
    [session.userId, session.tenantId, session.expiresAt],
  );
  return row!.id;
}

/** Refresh tokens are stored only as their SHA-256 hash. */
export async function storeRefreshToken(em: EntityManager, token: { hash: string; sessionId: string; expiresAt: Date }): Promise<void> {
  await sql(em, 'insert into refresh_tokens (token_hash, session_id, expires_at) values (?, ?, ?)', [
    token.hash,
    token.sessionId,
    token.expiresAt,
  ]);
}

export interface RefreshTokenRow {
  session_id: string;
  used_at: Date | null;
  /** Measured by the database's clock, like used_at; null while unused. */
  seconds_since_used: number | null;
  expires_at: Date;
  user_id: string;
  tenant_id: string;
  revoked_at: Date | null;
  session_expires_at: Date;
}

/** The token and its session, locked until the transaction ends, so two refreshes with one token queue. */
export async function lockRefreshToken(em: EntityManager, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  const [token] = await sql<RefreshTokenRow[]>(
    em,
    `select r.session_id, r.used_at, extract(epoch from now() - r.used_at)::float8 as seconds_since_used, r.expires_at,
            s.user_id, s.tenant_id, s.revoked_at, s.expires_at as session_expires_at
       from refresh_tokens r join auth_sessions s on s.id = r.session_id
      where r.token_hash = ? for update of r, s`,
    [tokenHash],
  );
  return token;
}

/** The token belongs to the session and has not been exchanged yet. */
export async function refreshTokenIsUnused(em: EntityManager, tokenHash: string, sessionId: string): Promise<boolean> {
  const rows = await sql(em, 'select 1 from refresh_tokens where token_hash = ? and session_id = ? and used_at is null', [
    tokenHash,
    sessionId,
  ]);
  return rows.length === 1;
}

/** The token is used up and its session was refreshed now. */
export async function spendRefreshToken(em: EntityManager, tokenHash: string, sessionId: string): Promise<void> {
  await sql(em, 'update refresh_tokens set used_at = now() where token_hash = ?', [tokenHash]);
  await sql(em, 'update auth_sessions set last_refreshed_at = now() where id = ?', [sessionId]);
}

export type RevokeReason = 'logout' | 'refresh_token_reused';

/** Ends an open session, named by its id or by one of its refresh tokens; anything else changes nothing. */
export async function revokeSession(
  em: EntityManager,
  session: { id: string } | { refreshTokenHash: string },
  reason: RevokeReason,
): Promise<void> {
  const [condition, param] =
    'id' in session
      ? ['id = ?', session.id]
      : ['id = (select session_id from refresh_tokens where token_hash = ?)', session.refreshTokenHash];
  await sql(em, `update auth_sessions set revoked_at = now(), revoked_reason = ? where revoked_at is null and ${condition}`, [
    reason,
    param,
  ]);
}

/** The session is open: not logged out, not revoked after a stolen refresh token, not expired, and still the owner's. */
export async function sessionIsOpen(em: EntityManager, owner: { sessionId: string; userId: string; tenantId: string }): Promise<boolean> {
  const rows = await sql(
    em,
    `select 1 from auth_sessions s join users u on u.id = s.user_id and u.tenant_id = s.tenant_id
      where s.id = ? and s.user_id = ? and s.tenant_id = ? and s.revoked_at is null and s.expires_at > now()`,
    [owner.sessionId, owner.userId, owner.tenantId],
  );
  return rows.length === 1;
}
