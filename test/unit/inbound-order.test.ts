// Deliveries for one conversation run one after another in the order they were asked for, so a
// hang-up's signal waits for its missed call's instead of finding it unmarked and signalling it
// twice; different conversations do not wait for each other, and a failed delivery does not block
// the next one.
import fc from 'fast-check';
import { inOrderPerConversation } from '../../temporal/inbound-delivery';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('one conversation: the second delivery starts only after the first finished', async () => {
  const run = inOrderPerConversation();
  const log: string[] = [];
  let releaseFirst!: () => void;
  const first = run('w1', async () => {
    log.push('missed:start');
    await new Promise<void>((resolve) => (releaseFirst = resolve));
    log.push('missed:end');
  });
  const second = run('w1', async () => {
    log.push('ended');
  });
  await tick();
  expect(log).toEqual(['missed:start']);
  releaseFirst();
  await Promise.all([first, second]);
  expect(log).toEqual(['missed:start', 'missed:end', 'ended']);
});

test('another conversation does not wait, and a failure does not block what follows', async () => {
  const run = inOrderPerConversation();
  const log: string[] = [];
  let releaseFirst!: () => void;
  const blocked = run('w1', () => new Promise<void>((resolve) => (releaseFirst = resolve)));
  await run('w2', async () => {
    log.push('other conversation');
  });
  expect(log).toEqual(['other conversation']);
  releaseFirst();
  await blocked;
  await expect(run('w1', () => Promise.reject(new Error('Temporal unreachable')))).rejects.toThrow('unreachable');
  await expect(run('w1', async () => 'delivered')).resolves.toBe('delivered');
});

// Property: whatever the mix of conversations, durations and failures, deliveries of one
// conversation start in the order they were asked for and never overlap; every delivery settles
// with its own outcome; deliveries of different conversations may overlap. fast-check prints the
// seed and path of a failing case; replay it with `{ seed, path }` in fc.assert's options.

const yieldTurns = async (turns: number) => {
  for (let i = 0; i < turns; i++) await tick();
};

test('random deliveries: in asked order per conversation, never overlapping, each settling with its own outcome', async () => {
  const delivery = fc.record({
    conversation: fc.constantFrom('w0', 'w1', 'w2'),
    turns: fc.nat({ max: 4 }),
    fails: fc.boolean(),
    gapTurns: fc.nat({ max: 2 }),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(delivery, { minLength: 1, maxLength: 25 }), async (deliveries) => {
      const run = inOrderPerConversation();
      const started: { conversation: string; index: number }[] = [];
      const running = new Set<string>();
      const overlaps: string[] = [];
      const settled: Promise<void>[] = [];
      for (const [index, d] of deliveries.entries()) {
        const outcome = run(d.conversation, async () => {
          if (running.has(d.conversation)) overlaps.push(`${d.conversation}#${index}`);
          running.add(d.conversation);
          started.push({ conversation: d.conversation, index });
          await yieldTurns(d.turns);
          running.delete(d.conversation);
          if (d.fails) throw new Error(`failed #${index}`);
          return index;
        });
        settled.push(
          outcome.then(
            (value) => expect({ index, value, fails: d.fails }).toEqual({ index, value: index, fails: false }),
            (error: Error) =>
              expect({ index, message: error.message, fails: d.fails }).toEqual({ index, message: `failed #${index}`, fails: true }),
          ),
        );
        await yieldTurns(d.gapTurns);
      }
      await Promise.all(settled);
      expect(overlaps).toEqual([]);
      expect(started).toHaveLength(deliveries.length);
      for (const conversation of ['w0', 'w1', 'w2']) {
        const order = started.filter((s) => s.conversation === conversation).map((s) => s.index);
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
    }),
    { numRuns: 300 },
  );
});
