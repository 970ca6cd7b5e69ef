// Deliveries for one conversation run one after another in the order they were asked for, so a
// hang-up's signal waits for its missed call's instead of finding it unmarked and signalling it
// twice; different conversations do not wait for each other, and a failed delivery does not block
// the next one.
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
