// Sign-in throttling (issue #6 point 1), shared by every api process through PostgreSQL. Each
// attempt is counted before the password is checked, under three keys: the account from this
// address (5 free attempts), the account from anywhere (10), and the address for any account
// (30). Past the free attempts each one locks its key for 1 s, doubling, at most 15 minutes; a
// successful sign-in clears the account's keys. An address the owner signed in from before is not
// held by the account-wide key, so an attacker elsewhere cannot lock the owner out.
// docs/decisions/0008-accounts-and-sessions.md explains the numbers.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  clearThrottleKeys,
  forgetIdleThrottleKeys,
  isTrustedLogin,
  lockThrottleKeys,
  saveThrottleKey,
  trustLogin,
  uncountAttempt,
} from '../db/login-throttles';

export interface ThrottlePolicy {
  /** Attempts allowed back to back before the first lock. */
  freeAttempts: number;
  /** The first lock; each further attempt doubles it. */
  baseLockMs: number;
  maxLockMs: number;
  /** A key left alone this long starts again from zero. */
  forgetAfterMs: number;
}

const MINUTE = 60_000;
const lockPolicy = (freeAttempts: number): ThrottlePolicy => ({
  freeAttempts,
  baseLockMs: 1_000,
  maxLockMs: 15 * MINUTE,
  forgetAfterMs: 60 * MINUTE,
});

export const LOGIN_POLICIES = {
  accountFromAddress: lockPolicy(5),
  account: lockPolicy(10),
  address: lockPolicy(30),
  registrationsFromAddress: lockPolicy(10),
} as const satisfies Record<string, ThrottlePolicy>;

/** How long to lock a key after its `attempts`-th attempt in a row (0: not locked). */
export function lockMs(attempts: number, policy: ThrottlePolicy): number {
  if (attempts < policy.freeAttempts) return 0;
  return Math.min(policy.maxLockMs, policy.baseLockMs * 2 ** Math.min(attempts - policy.freeAttempts, 40));
}

export interface KeyState {
  attempts: number;
  lastAttemptAt: Date;
  lockedUntil: Date | null;
}

export type AttemptDecision = { allowed: true; next: KeyState } | { allowed: false; retryAfterMs: number };

/** One attempt against one key: refused while the key is locked (and then not counted), else counted. */
export function decideAttempt(state: KeyState | undefined, policy: ThrottlePolicy, now: Date): AttemptDecision {
  if (state?.lockedUntil && state.lockedUntil.getTime() > now.getTime()) {
    return { allowed: false, retryAfterMs: state.lockedUntil.getTime() - now.getTime() };
  }
  const fresh = !state || now.getTime() - state.lastAttemptAt.getTime() >= policy.forgetAfterMs;
  const attempts = fresh ? 1 : state.attempts + 1;
  const lock = lockMs(attempts, policy);
  return { allowed: true, next: { attempts, lastAttemptAt: now, lockedUntil: lock > 0 ? new Date(now.getTime() + lock) : null } };
}

/** All keys must allow the attempt; if one refuses, none counts it, and the longest wait is the answer. */
export function decideAttempts(
  keys: { key: string; policy: ThrottlePolicy; state: KeyState | undefined }[],
  now: Date,
): { allowed: true; next: Map<string, KeyState> } | { allowed: false; retryAfterMs: number } {
  const next = new Map<string, KeyState>();
  let retryAfterMs = 0;
  for (const { key, policy, state } of keys) {
    const decision = decideAttempt(state, policy, now);
    if (decision.allowed) next.set(key, decision.next);
    else retryAfterMs = Math.max(retryAfterMs, decision.retryAfterMs);
  }
  return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true, next };
}

const keysFor = (email: string, ip: string) => ({
  accountFromAddress: `login:${email}|${ip}`,
  account: `login:${email}`,
  address: `login-ip:${ip}`,
});

async function countAttempt(
  em: EntityManager,
  keys: { key: string; policy: ThrottlePolicy }[],
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  return em.transactional(async (tx) => {
    const { rows, now } = await lockThrottleKeys(
      tx,
      keys.map(({ key }) => key),
    );
    const byKey = new Map(rows.map((row) => [row.key, row]));
    const decision = decideAttempts(
      keys.map(({ key, policy }) => {
        const row = byKey.get(key);
        return {
          key,
          policy,
          state:
            row && row.attempts > 0
              ? {
                  attempts: row.attempts,
                  lastAttemptAt: new Date(row.last_attempt_at),
                  lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
                }
              : undefined,
        };
      }),
      now,
    );
    if (!decision.allowed) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
    for (const [key, state] of decision.next) await saveThrottleKey(tx, key, state);
    // Now and then, forget keys nobody has tried for a day.
    if (Math.random() < 0.02) await forgetIdleThrottleKeys(tx);
    return { allowed: true };
  });
}

/** Counts a sign-in attempt before the password is checked; refused while any of its keys is locked. */
export async function beginLoginAttempt(em: EntityManager, { email, ip }: { email: string; ip: string }) {
  const keys = keysFor(email, ip);
  const trusted = await isTrustedLogin(em, { email, ip });
  return countAttempt(em, [
    { key: keys.accountFromAddress, policy: LOGIN_POLICIES.accountFromAddress },
    ...(trusted ? [] : [{ key: keys.account, policy: LOGIN_POLICIES.account }]),
    { key: keys.address, policy: LOGIN_POLICIES.address },
  ]);
}

/**
 * A successful sign-in clears the account's keys and trusts the address. The address's own key only
 * takes back this attempt: clearing it would let one attacker reset their address by signing in to
 * their own account between guesses at someone else's.
 */
export async function loginSucceeded(em: EntityManager, { email, ip, userId }: { email: string; ip: string; userId: string }) {
  const keys = keysFor(email, ip);
  await em.transactional(async (tx) => {
    await clearThrottleKeys(tx, [keys.accountFromAddress, keys.account]);
    await uncountAttempt(tx, keys.address);
    await trustLogin(tx, { userId, ip });
  });
}

/** Creating accounts is throttled per address too (each one costs an argon2 hash). */
export function beginRegistration(em: EntityManager, { ip }: { ip: string }) {
  return countAttempt(em, [{ key: `register-ip:${ip}`, policy: LOGIN_POLICIES.registrationsFromAddress }]);
}
