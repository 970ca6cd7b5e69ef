import { expect, test, vi } from 'vitest';

vi.mock('$app/navigation', () => ({ goto: vi.fn() }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { PageData, refreshOnLiveUpdates } = await import('./page-data.svelte');

test('an answer to an older request never replaces the newer one', async () => {
  const data = new PageData<string | null>(null);
  let answerFirst!: (value: string) => void;
  const first = data.load(() => new Promise((resolve) => (answerFirst = resolve)));
  await data.load(async () => 'second');
  answerFirst('first');
  await first;
  expect(data.value).toBe('second');
  expect(data.status).toBe('ready');
});

test('a failed refresh keeps what was loaded and says why; a failed first load is an error', async () => {
  const data = new PageData<string | null>(null);
  await data.load(() => Promise.reject(new Error('offline')));
  expect(data.status).toBe('error');
  await data.load(async () => 'numbers');
  await data.load(() => Promise.reject(new Error('offline')));
  expect(data.value).toBe('numbers');
  expect(data.status).toBe('ready');
  expect(data.error).toBeTruthy();
});

test('a burst of live updates refreshes once, and the clean-up stops listening', () => {
  vi.useFakeTimers();
  const listeners: (() => void)[] = [];
  const stop = vi.fn();
  const live = {
    on: (_event: string, listener: () => void) => (listeners.push(listener), stop),
    onConnect: (listener: () => void) => (listeners.push(listener), stop),
  };
  const refresh = vi.fn();
  const cleanUp = refreshOnLiveUpdates(live as never, refresh, 400);
  listeners.forEach((listener) => listener());
  listeners[0]!();
  vi.advanceTimersByTime(400);
  expect(refresh).toHaveBeenCalledTimes(1);
  cleanUp();
  expect(stop).toHaveBeenCalledTimes(2);
  vi.useRealTimers();
});
