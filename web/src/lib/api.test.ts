import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { json } from './test-helpers';

const goto = vi.fn(async () => {});
vi.mock('$app/navigation', () => ({ goto }));
vi.mock('$app/paths', () => ({ resolve: (path: string) => path }));

const { api, ApiError, describeError } = await import('./api');
const { getToken, getRefreshToken, setSession } = await import('./session');

const fetchMock = vi.fn<typeof fetch>();
beforeEach(() => {
  vi.stubGlobal('fetch', fetchMock);
  setSession({ accessToken: 'old-access', refreshToken: 'refresh-1' });
});
afterEach(() => {
  vi.unstubAllGlobals();
  fetchMock.mockReset();
  goto.mockClear();
});

const authorization = (call: Parameters<typeof fetch>) => new Headers(call[1]?.headers).get('authorization');

test('a 401 renews the access token with the refresh token and retries the request once', async () => {
  fetchMock
    .mockResolvedValueOnce(json(401, { error: { code: 'token_expired', message: 'expired' } }))
    .mockResolvedValueOnce(json(200, { accessToken: 'new-access', refreshToken: 'refresh-2' }))
    .mockResolvedValueOnce(json(200, { conversations: [], nextCursor: null }));

  await expect(api.conversations()).resolves.toEqual({ conversations: [], nextCursor: null });
  expect(fetchMock.mock.calls.map((call) => String(call[0]))).toEqual([
    '/api/conversations?limit=50',
    '/api/auth/refresh',
    '/api/conversations?limit=50',
  ]);
  expect(JSON.parse(String(fetchMock.mock.calls[1]![1]!.body))).toEqual({ refreshToken: 'refresh-1' });
  expect(authorization(fetchMock.mock.calls[2]!)).toBe('Bearer new-access');
  expect(getToken()).toBe('new-access');
  expect(getRefreshToken()).toBe('refresh-2');
  expect(goto).not.toHaveBeenCalled();
});

test('requests failing together share one renewal (a refresh token works once; reusing it would end the session)', async () => {
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    if (url === '/api/auth/refresh') return json(200, { accessToken: 'new-access', refreshToken: 'refresh-2' });
    return new Headers(init?.headers).get('authorization') === 'Bearer new-access' ? json(200, { ok: url }) : json(401, null);
  });
  await Promise.all([api.me(), api.settings(), api.business()]);
  expect(fetchMock.mock.calls.filter((call) => String(call[0]) === '/api/auth/refresh')).toHaveLength(1);
});

test('when the session cannot be renewed the owner goes to the sign-in page and the tokens are gone', async () => {
  fetchMock
    .mockResolvedValueOnce(json(401, null))
    .mockResolvedValueOnce(json(401, { error: { code: 'invalid_refresh_token', message: 'x' } }));
  await expect(api.me()).rejects.toBeInstanceOf(ApiError);
  expect(goto).toHaveBeenCalledWith('/login?session=expired', { replaceState: true });
  expect(getToken()).toBeNull();
  expect(getRefreshToken()).toBeNull();
});

test('another tab renewed first: its token is used instead of spending the refresh token again', async () => {
  fetchMock.mockImplementationOnce(async () => {
    setSession({ accessToken: 'from-other-tab', refreshToken: 'refresh-9' });
    return json(401, null);
  });
  fetchMock.mockResolvedValueOnce(json(200, { user: {} }));
  await api.me();
  expect(fetchMock.mock.calls.map((call) => String(call[0]))).toEqual(['/api/me', '/api/me']);
  expect(authorization(fetchMock.mock.calls[1]!)).toBe('Bearer from-other-tab');
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
