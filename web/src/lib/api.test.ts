import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { json } from './test-helpers';

const goto = vi.fn(async () => {});
vi.mock('$app/navigation', () => ({ goto }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { api, ApiError, describeError } = await import('./api');
const { clearSession, getToken, setToken } = await import('./session');

const fetchMock = vi.fn<typeof fetch>();
beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  setToken('old-access');
});
afterEach(() => {
  vi.unstubAllGlobals();
  fetchMock.mockReset();
  goto.mockClear();
});

const header = (call: Parameters<typeof fetch>, name: string) => new Headers(call[1]?.headers).get(name);
const authorization = (call: Parameters<typeof fetch>) => header(call, 'authorization');

test('a 401 renews the access token with the refresh cookie (no body, the CSRF header) and retries the request once', async () => {
  fetchMock
    .mockResolvedValueOnce(json(401, { error: { code: 'token_expired', message: 'expired' } }))
    .mockResolvedValueOnce(json(200, { accessToken: 'new-access' }))
    .mockResolvedValueOnce(json(200, { conversations: [], nextCursor: null }));

  await expect(api.conversations()).resolves.toEqual({ conversations: [], nextCursor: null });
  expect(fetchMock.mock.calls.map((call) => String(call[0]))).toEqual([
    '/api/conversations?limit=50',
    '/api/auth/refresh',
    '/api/conversations?limit=50',
  ]);
  const refresh = fetchMock.mock.calls[1]!;
  expect(refresh[1]).toMatchObject({ method: 'POST', body: undefined });
  expect(header(refresh, 'x-requested-with')).toBe('nevermisscall');
  expect(authorization(refresh)).toBeNull();
  expect(authorization(fetchMock.mock.calls[2]!)).toBe('Bearer new-access');
  expect(getToken()).toBe('new-access');
  expect(goto).not.toHaveBeenCalled();
});

test('requests failing together share one renewal (a refresh token works once; reusing it would end the session)', async () => {
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    if (url === '/api/auth/refresh') return json(200, { accessToken: 'new-access' });
    return new Headers(init?.headers).get('authorization') === 'Bearer new-access' ? json(200, { ok: url }) : json(401, null);
  });
  await Promise.all([api.me(), api.settings(), api.business()]);
  expect(fetchMock.mock.calls.filter((call) => String(call[0]) === '/api/auth/refresh')).toHaveLength(1);
});

test('a tab with no access token yet (a reload, a new tab) gets one with the cookie before its first call', async () => {
  clearSession();
  fetchMock.mockResolvedValueOnce(json(200, { accessToken: 'this-tab' })).mockResolvedValueOnce(json(200, { user: {} }));
  await api.me();
  expect(fetchMock.mock.calls.map((call) => String(call[0]))).toEqual(['/api/auth/refresh', '/api/me']);
  expect(authorization(fetchMock.mock.calls[1]!)).toBe('Bearer this-tab');
});

test('when the session cannot be renewed the owner goes to the sign-in page and the token is gone', async () => {
  fetchMock
    .mockResolvedValueOnce(json(401, null))
    .mockResolvedValueOnce(json(401, { error: { code: 'invalid_refresh_token', message: 'x' } }));
  await expect(api.me()).rejects.toBeInstanceOf(ApiError);
  expect(goto).toHaveBeenCalledWith('/login?session=expired', { replaceState: true });
  expect(getToken()).toBeNull();
});

test('an outage while renewing is an error to show, not a reason to sign out', async () => {
  fetchMock.mockResolvedValueOnce(json(401, null)).mockResolvedValueOnce(json(503, { error: { code: 'not_ready', message: 'starting' } }));
  await expect(api.me()).rejects.toMatchObject({ status: 503 });
  expect(goto).not.toHaveBeenCalled();
});

test('sign-in keeps the access token in memory only; sign-out forgets it and asks the api to end the cookie’s session', async () => {
  clearSession();
  fetchMock.mockResolvedValueOnce(
    json(200, { accessToken: 'a1', token: 'a1', user: { id: 'u', email: 'a@b.c' }, business: { id: 'b', name: 'B' } }),
  );
  await api.login('a@b.c', 'secret-secret');
  expect(getToken()).toBe('a1');
  expect(Object.keys(localStorage)).toEqual([]);
  fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
  await api.logout();
  expect(getToken()).toBeNull();
  const logout = fetchMock.mock.calls[1]!;
  expect([String(logout[0]), logout[1]?.body, header(logout, 'x-requested-with')]).toEqual([
    '/api/auth/logout',
    undefined,
    'nevermisscall',
  ]);
});

test('errors read as sentences an owner can act on; a network failure says what to check', async () => {
  fetchMock.mockResolvedValueOnce(json(400, { error: { code: 'invalid_phone_number', message: 'ownerPhone: must be a US number' } }));
  const failure = await api.updateBusiness({ ownerPhone: '12' }).catch((error: unknown) => error);
  expect(failure).toMatchObject({ status: 400, code: 'invalid_phone_number' });
  expect(describeError(failure)).toBe('OwnerPhone: must be a US number.');

  fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
  expect(describeError(await api.me().catch((error: unknown) => error))).toMatch(/Check your internet connection/);
});

test('sign-in accepts the older answer that carried only `token`', async () => {
  fetchMock.mockResolvedValueOnce(json(200, { token: 'legacy', user: { id: 'u', email: 'a@b.c' }, business: { id: 'b', name: 'B' } }));
  await expect(api.login('a@b.c', 'secret-secret')).resolves.toMatchObject({ accessToken: 'legacy' });
});
