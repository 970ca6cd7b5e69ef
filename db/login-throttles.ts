// Sign-in throttling's rows (api/login-throttle.ts decides; decision 0008): one row per key with
// its attempt count and lock, and the addresses an owner signed in from before. All SQL: the keys
// are created by upsert and locked in key order (decision 0017).
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from './sql';

export interface ThrottleRow {
  key: string;
  attempts: number;
  last_attempt_at: Date | string;
  locked_until: Date | string | null;
}

/**
 * Creates the keys that are new and locks them all until the transaction ends, in key order, so
 * concurrent attempts queue instead of deadlocking; also answers the database's clock.
 */
export async function lockThrottleKeys(em: EntityManager, keys: string[]): Promise<{ rows: ThrottleRow[]; now: Date }> {
  const names = [...keys].sort();
  const list = names.map(() => '?').join(', ');
  await sql(em, `insert into login_throttles (key) values ${names.map(() => '(?)').join(', ')} on conflict (key) do nothing`, names);
  const rows = await sql<(ThrottleRow & { now: Date })[]>(
    em,
    `select key, attempts, last_attempt_at, locked_until, now() as now from login_throttles where key in (${list}) order by key for update`,
    names,
  );
  return { rows, now: new Date(rows[0]!.now) };
}

export async function saveThrottleKey(
  em: EntityManager,
  key: string,
  state: { attempts: number; lastAttemptAt: Date; lockedUntil: Date | null },
): Promise<void> {
  await sql(em, 'update login_throttles set attempts = ?, last_attempt_at = ?, locked_until = ? where key = ?', [
    state.attempts,
    state.lastAttemptAt,
    state.lockedUntil,
    key,
  ]);
}

/** Forgets keys nobody has tried for a day. */
export async function forgetIdleThrottleKeys(em: EntityManager): Promise<void> {
  await sql(
    em,
    `delete from login_throttles where last_attempt_at < now() - interval '1 day' and coalesce(locked_until, '-infinity') < now()`,
  );
}

export async function clearThrottleKeys(em: EntityManager, keys: string[]): Promise<void> {
  await sql(em, `delete from login_throttles where key in (${keys.map(() => '?').join(', ')})`, keys);
}

/** Takes one attempt back from the key. */
export async function uncountAttempt(em: EntityManager, key: string): Promise<void> {
  await sql(em, 'update login_throttles set attempts = greatest(attempts - 1, 0) where key = ?', [key]);
}

/** The account signed in successfully from this address within 30 days. */
export async function isTrustedLogin(em: EntityManager, { email, ip }: { email: string; ip: string }): Promise<boolean> {
  const [trusted] = await sql(
    em,
    `select 1 from trusted_logins t join users u on u.id = t.user_id
      where u.email = ? and t.ip = ? and t.last_success_at > now() - interval '30 days'`,
    [email, ip],
  );
  return trusted !== undefined;
}

export async function trustLogin(em: EntityManager, { userId, ip }: { userId: string; ip: string }): Promise<void> {
  await sql(em, 'insert into trusted_logins (user_id, ip) values (?, ?) on conflict (user_id, ip) do update set last_success_at = now()', [
    userId,
    ip,
  ]);
}
