// The sign-in throttling policy: free attempts, then locks that double up to 15 minutes, forgotten
// after an hour of quiet; a locked key refuses without counting, so waiting it out is all it takes.
import { decideAttempt, decideAttempts, lockMs, LOGIN_POLICIES, type KeyState } from '../../api/login-throttle';

const policy = LOGIN_POLICIES.accountFromAddress;
const t0 = new Date('2026-11-26T15:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);
const state = (attempts: number, lastAttemptAt = t0, lockedUntil: Date | null = null): KeyState => ({
  attempts,
  lastAttemptAt,
  lockedUntil,
});

test.each<[number, number]>([
  [1, 0],
  [4, 0],
  [5, 1_000],
  [6, 2_000],
  [7, 4_000],
  [10, 32_000],
  [14, 512_000],
  [15, 900_000],
  [50, 900_000],
  [10_000, 900_000],
])('after %d attempts in a row the account is locked for %d ms (at most 15 minutes)', (attempts, expected) => {
  expect(lockMs(attempts, policy)).toBe(expected);
});

test('the wider keys allow more attempts before their first lock', () => {
  expect(lockMs(9, LOGIN_POLICIES.account)).toBe(0);
  expect(lockMs(10, LOGIN_POLICIES.account)).toBe(1_000);
  expect(lockMs(29, LOGIN_POLICIES.address)).toBe(0);
  expect(lockMs(30, LOGIN_POLICIES.address)).toBe(1_000);
});

describe('one attempt against one key', () => {
  test('the first attempt counts one and locks nothing', () => {
    expect(decideAttempt(undefined, policy, t0)).toEqual({ allowed: true, next: state(1) });
  });

  test('the fifth attempt in a row is let through but locks the key for a second', () => {
    expect(decideAttempt(state(4), policy, later(10))).toEqual({ allowed: true, next: state(5, later(10), later(1_010)) });
  });

  test('an attempt while locked is refused with the time left, and not counted', () => {
    expect(decideAttempt(state(9, t0, later(16_000)), policy, later(6_000))).toEqual({ allowed: false, retryAfterMs: 10_000 });
  });

  test('once the lock has passed, the next attempt is let through and locks twice as long', () => {
    expect(decideAttempt(state(9, t0, later(16_000)), policy, later(16_000))).toEqual({
      allowed: true,
      next: state(10, later(16_000), later(16_000 + 32_000)),
    });
  });

  test('after an hour of quiet the key starts from zero', () => {
    expect(decideAttempt(state(40, t0, later(900_000)), policy, later(3_600_000))).toEqual({
      allowed: true,
      next: state(1, later(3_600_000)),
    });
  });
});

test('all keys must allow an attempt; a refusal counts it against none and answers the longest wait', () => {
  const decision = decideAttempts(
    [
      { key: 'pair', policy, state: state(2) },
      { key: 'account', policy: LOGIN_POLICIES.account, state: state(12, t0, later(8_000)) },
      { key: 'address', policy: LOGIN_POLICIES.address, state: state(31, t0, later(3_000)) },
    ],
    later(1_000),
  );
  expect(decision).toEqual({ allowed: false, retryAfterMs: 7_000 });
  expect(decideAttempts([{ key: 'pair', policy, state: state(2) }], later(1_000))).toEqual({
    allowed: true,
    next: new Map([['pair', state(3, later(1_000))]]),
  });
});
