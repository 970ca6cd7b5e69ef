// The api starting while PostgreSQL or Temporal restarts: a refused or reset connection is tried
// again (the fault tier once saw an api exit on one ECONNRESET and stay down), and a step that keeps
// failing still stops the process, with its own error.
import { retryStartup } from './startup-retry';

const quiet = () => {
  const warnings: unknown[] = [];
  return { warnings, log: { warn: (...args: unknown[]) => void warnings.push(args) } };
};

test('a step that fails twice and then works is waited for', async () => {
  const { warnings, log } = quiet();
  let calls = 0;
  const value = await retryStartup(
    'connecting',
    async () => {
      calls += 1;
      if (calls < 3) throw new Error('read ECONNRESET');
      return 'connected';
    },
    { log, firstDelayMs: 1 },
  );
  expect(value).toBe('connected');
  expect(calls).toBe(3);
  expect(warnings).toHaveLength(2);
});

test('a step still failing at the deadline gives up with its own error', async () => {
  const { log } = quiet();
  let calls = 0;
  const failing = retryStartup(
    'connecting',
    async () => {
      calls += 1;
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    },
    { log, giveUpAfterMs: 50, firstDelayMs: 5, maxDelayMs: 10 },
  );
  await expect(failing).rejects.toThrow('connect ECONNREFUSED 127.0.0.1:5432');
  expect(calls).toBeGreaterThan(1);
});
