// Simulation of the pure conversation core: thousands of random sequences of what callers, owners,
// Twilio, the assistant and the clock can do, with the product's rules checked after every step
// (test/support/conversation-world.ts). Examples test the paths we thought of; this hunts the rest.
//
// Replay a failure with the seed (and path) it prints:
//   SIM_SEED=<seed> SIM_PATH=<path> npx jest workflows/conversation/simulation.test.ts
import fc from 'fast-check';
import { DAY_MS } from '../../domain/time-zone';
import { sequenceArbitrary, World, type Step } from '../../test/support/conversation-world';

const RUNS = Number(process.env.SIM_RUNS ?? 10_000);
const seed = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const replay = { seed, ...(process.env.SIM_PATH ? { path: process.env.SIM_PATH } : {}) };
/** A fixed start (a Tuesday morning in Chicago); the steps move the clock from seconds to 30 days, across DST changes. */
const START = Date.parse('2027-03-09T14:00:00Z');

let sequences = 0;
let steps = 0;
afterAll(() => {
  process.stdout.write(`[simulation] seed ${seed}: ${sequences} sequences, ${steps} steps checked\n`);
});

function runWorld(sequence: Step[], options: ConstructorParameters<typeof World>[1] = {}): World {
  const world = new World(START, options);
  for (const step of sequence) world.apply(step);
  sequences += 1;
  steps += world.steps;
  return world;
}

test(`any sequence keeps every rule: opt-out, quiet hours, takeover, one text-back, lead moves, wake-ups, continue-as-new (${RUNS} sequences)`, () => {
  fc.assert(
    fc.property(sequenceArbitrary({}, 30), fc.boolean(), (sequence, optedOutBefore) => {
      const world = runWorld(sequence, { optedOutBefore });
      world.settle();
      for (const [id, count] of world.answeredCounts()) {
        if (count > 1) throw new Error(`caller message ${id} was answered ${count} times`);
      }
    }),
    { numRuns: RUNS, ...replay },
  );
});

test('calm conversations: with no failures and no owner, the assistant answers every caller message exactly once', () => {
  fc.assert(
    fc.property(sequenceArbitrary({ calm: true }, 20), (sequence) => {
      const world = runWorld(sequence, {});
      world.settle(1);
      const answered = world.answeredCounts();
      const state = world.state;
      // Texts the conversation took in (not those that arrived while it was closing) and that ask for an answer.
      const asked = state.seenMessageSids.filter((sid) => !state.arrivedWhileClosing.texts.some((text) => text.messageSid === sid));
      if (state.mode !== 'ai' || state.optedOut) return;
      for (const sid of asked) {
        const count = answered.get(sid) ?? 0;
        const afterClose = world.state.leadStatus === 'lost';
        if (count !== 1 && !afterClose) throw new Error(`caller message ${sid} ("${world.textBody(sid)}") was answered ${count} times`);
      }
    }),
    { numRuns: Math.max(200, Math.floor(RUNS / 10)), ...replay },
  );
});

test('a takeover followed by 30 days of silence wakes the conversation a bounded number of times', () => {
  const world = new World(START, {});
  world.apply({ kind: 'missed_call', callSid: 'CA1', voicemailOffered: false });
  world.settle(0);
  world.apply({ kind: 'caller_text', sid: 'SM1', body: 'my sink is leaking' });
  world.apply({ kind: 'take_over' });
  world.settle(0);
  let wakeUps = 0;
  for (let day = 0; day < 30 * 24; day += 1) {
    const before = world.commands.length;
    world.apply({ kind: 'advance', ms: DAY_MS / 24 });
    if (world.commands.length > before) wakeUps += 1;
  }
  // Three idle alerts with growing gaps, then silence: no timer loop.
  expect(world.commands.filter((entry) => entry.command.type === 'alert_owner').map((entry) => entry.command)).toHaveLength(3);
  expect(wakeUps).toBeLessThanOrEqual(3);
});
