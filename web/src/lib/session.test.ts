import { afterEach, expect, test, vi } from 'vitest';

const session = await import('./session');

afterEach(() => {
  vi.unstubAllGlobals();
  session.clearSession();
});

/** navigator.locks as Chromium has it: one holder per name across every tab of the origin. */
function fakeLocks() {
  const requested: string[] = [];
  let queue: Promise<unknown> = Promise.resolve();
  const locks = {
    request: vi.fn((name: string, work: () => Promise<unknown>) => {
      requested.push(name);
      const turn = queue.then(work);
      queue = turn.catch(() => undefined);
      return turn;
    }),
  };
  vi.stubGlobal('navigator', { locks });
  return { locks, requested };
}

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
};

test('a renewal runs under the Web Lock every tab of the origin asks for', async () => {
  const { requested } = fakeLocks();
  await expect(session.renewSession(null, async () => 'fresh')).resolves.toBe('fresh');
  expect(requested).toEqual([session.RENEWAL_LOCK]);
  expect(session.getToken()).toBe('fresh');
});

test('a second caller while a renewal is under way waits for it and gets its token: the cookie is spent once', async () => {
  const { locks } = fakeLocks();
  const answer = deferred<string | null>();
  const exchange = vi.fn(() => answer.promise);
  const first = session.renewSession(null, exchange);
  const second = session.renewSession(null, exchange);
  expect(second).toBe(first);
  answer.resolve('fresh');
  await expect(Promise.all([first, second])).resolves.toEqual(['fresh', 'fresh']);
  expect(exchange).toHaveBeenCalledTimes(1);
  expect(locks.request).toHaveBeenCalledTimes(1);
  // A caller whose token was refused before the renewal finished uses the new one, no new exchange.
  await expect(session.renewSession('stale', exchange)).resolves.toBe('fresh');
  expect(exchange).toHaveBeenCalledTimes(1);
});

test('two tabs: the second exchange starts only after the first has finished (so it sends the cookie the first left)', async () => {
  fakeLocks();
  const events: string[] = [];
  const firstAnswer = deferred<string | null>();
  // Another tab holds the lock first (the fake lock is shared like the browser's).
  const otherTab = navigator.locks.request(session.RENEWAL_LOCK, async () => {
    events.push('other tab: exchange');
    await firstAnswer.promise;
    events.push('other tab: done');
  });
  const ours = session.renewSession(null, async () => {
    events.push('this tab: exchange');
    return 'ours';
  });
  await Promise.resolve();
  expect(events).toEqual(['other tab: exchange']);
  firstAnswer.resolve(null);
  await Promise.all([otherTab, ours]);
  expect(events).toEqual(['other tab: exchange', 'other tab: done', 'this tab: exchange']);
});

test('a session that cannot be renewed leaves no token; a failed exchange (offline) keeps the one there was and can be tried again', async () => {
  fakeLocks();
  session.setToken('old');
  await expect(session.renewSession('old', async () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
  expect(session.getToken()).toBe('old');
  await expect(session.renewSession('old', async () => null)).resolves.toBeNull();
  expect(session.getToken()).toBeNull();
});

test('a sign-in while a renewal is under way is kept, even when the renewal is refused (no cookie yet)', async () => {
  fakeLocks();
  const answer = deferred<string | null>();
  const renewal = session.renewSession(null, () => answer.promise);
  session.setToken('signed-in');
  answer.resolve(null);
  await expect(renewal).resolves.toBe('signed-in');
  expect(session.getToken()).toBe('signed-in');
});

test('without Web Locks (an insecure origin) the renewal still happens, once per tab', async () => {
  vi.stubGlobal('navigator', {});
  const exchange = vi.fn(async () => 'fresh');
  await expect(Promise.all([session.renewSession(null, exchange), session.renewSession(null, exchange)])).resolves.toEqual([
    'fresh',
    'fresh',
  ]);
  expect(exchange).toHaveBeenCalledTimes(1);
});

test('tokens older dashboards kept in localStorage, the refresh token among them, are deleted unread', () => {
  localStorage.setItem('nmc.refreshToken', 'nmr_old');
  localStorage.setItem('nmc.accessToken', 'old');
  localStorage.setItem('nmc.token', 'older');
  localStorage.setItem('unrelated', 'kept');
  session.discardStoredTokens();
  expect(Object.keys(localStorage)).toEqual(['unrelated']);
});
