// The api's HTTP edge without a database: request ids in every log line and response, security
// headers, CORS only for the dashboard's origin, one error shape, and 4xx (never 5xx) for anything
// malformed. Backends are stubs that fail like an outage, so a request that reached them would show.
import { rawRequest, startApi, testConfig, unreachableBackends, type RunningApi } from '../support/api-app';

let api: RunningApi;
beforeAll(async () => {
  api = await startApi({ ...unreachableBackends(), config: testConfig({ WEB_ORIGIN: 'https://dashboard.example.com' }) });
});
afterAll(() => api.close());

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('request ids', () => {
  test('every response carries an x-request-id, a fresh UUID when the client sent none', async () => {
    const response = await rawRequest(`${api.url}/healthz`, {});
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a sane incoming id is kept (so a support request can quote it); anything else is replaced', async () => {
    const kept = await rawRequest(`${api.url}/healthz`, { headers: { 'x-request-id': 'lb-7f3a9c21.eu' } });
    expect(kept.headers['x-request-id']).toBe('lb-7f3a9c21.eu');
    for (const insane of ['short', 'has spaces in it', 'x'.repeat(200), 'semi;colon;injected']) {
      const replaced = await rawRequest(`${api.url}/healthz`, { headers: { 'x-request-id': insane } });
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('every log line written while handling a request names its id, errors included', async () => {
    const response = await rawRequest(`${api.url}/readyz`, { headers: { 'x-request-id': 'trace-readyz-0001' } });
    expect(response.status).toBe(503);
    const lines = api.logs.lines.filter((line) => line.requestId === 'trace-readyz-0001');
    expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['request']));
    expect(lines.some((line) => line.level === 40)).toBe(true); // the not-ready warning
    // No line of that request went out without the id.
    expect(api.logs.lines.filter((line) => line.path === '/readyz' && line.requestId === undefined)).toEqual([]);
  });
});

describe('health and readiness', () => {
  test('/healthz answers while the process is up, even with the database down', async () => {
    expect((await rawRequest(`${api.url}/healthz`, {})).json).toEqual({ ok: true });
  });

  test('/readyz is 503 naming what is down when PostgreSQL and Temporal do not answer', async () => {
    const response = await rawRequest(`${api.url}/readyz`, {});
    expect(response.status).toBe(503);
    expect(response.json).toEqual({
      error: {
        code: 'not_ready',
        message: expect.stringContaining('database and temporal'),
        details: { checks: { database: 'unreachable', temporal: 'unreachable' } },
      },
    });
  });
});

describe('security headers and CORS', () => {
  test('API answers forbid framing, sniffing and any active content', async () => {
    const { headers } = await rawRequest(`${api.url}/api/meta`, {});
    expect(headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['x-powered-by']).toBeUndefined();
  });

  test("the dashboard's origin may call the api from the browser", async () => {
    const preflight = await rawRequest(`${api.url}/api/me`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://dashboard.example.com',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://dashboard.example.com');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('PATCH');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
  });

  test.each(['https://evil.example.com', 'https://dashboard.example.com.evil.net', 'null'])(
    'another origin (%s) gets no CORS headers',
    async (origin) => {
      const preflight = await rawRequest(`${api.url}/api/me`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await rawRequest(`${api.url}/api/meta`, { headers: { origin } });
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    },
  );
});

describe('whatever the client gets wrong is a 4xx in one shape, and nothing reaches the backends', () => {
  test.each<[string, { method: string; path: string; headers?: Record<string, string>; body?: string }, number, string]>([
    [
      'broken JSON',
      { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json' }, body: '{"email": "a@b.co",' },
      400,
      'invalid_body',
    ],
    [
      'a JSON string instead of an object',
      { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json' }, body: '"hello"' },
      400,
      'invalid_body',
    ],
    [
      'a JSON array',
      { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json' }, body: '[1,2]' },
      400,
      'invalid_request',
    ],
    [
      'a form post to the JSON api',
      { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=a' },
      415,
      'unsupported_media_type',
    ],
    [
      'plain text',
      { method: 'POST', path: '/api/auth/register', headers: { 'content-type': 'text/plain' }, body: 'hi' },
      415,
      'unsupported_media_type',
    ],
    ['no content type at all', { method: 'POST', path: '/api/auth/refresh', body: '{"refreshToken":"x"}' }, 415, 'unsupported_media_type'],
    // The api reads every body as UTF-8, whatever charset is claimed.
    [
      'a charset nobody knows',
      { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json; charset=klingon' }, body: '{}' },
      400,
      'invalid_request',
    ],
    [
      'bytes that are not UTF-8',
      { method: 'POST', path: '/api/auth/login', headers: { 'content-type': 'application/json' }, body: '{"email":"\xff\xfe"}' },
      400,
      'invalid_request',
    ],
    [
      'a body over 64 kB',
      {
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(70_000) }),
      },
      413,
      'body_too_large',
    ],
    // PostgreSQL cannot store a NUL character: refused here, not a 500 from the database.
    [
      'a NUL character in a JSON string',
      {
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json' },
        body: '{"email":"a@b.co","password":"x\\u0000y"}',
      },
      400,
      'invalid_request',
    ],
    ['an unknown path', { method: 'GET', path: '/api/no-such-thing' }, 404, 'not_found'],
    ['a method the path does not have', { method: 'DELETE', path: '/api/auth/login' }, 405, 'method_not_allowed'],
    ['no token', { method: 'GET', path: '/api/conversations' }, 401, 'unauthorized'],
    [
      'a token that is not a JWT',
      { method: 'GET', path: '/api/conversations', headers: { authorization: 'Bearer not-a-jwt' } },
      401,
      'invalid_token',
    ],
    [
      'basic auth instead of a bearer token',
      { method: 'GET', path: '/api/me', headers: { authorization: 'Basic YTpi' } },
      401,
      'unauthorized',
    ],
  ])('%s', async (_what, { method, path, headers, body }, status, code) => {
    const response = await rawRequest(`${api.url}${path}`, {
      method,
      ...(headers ? { headers } : {}),
      ...(body !== undefined ? { body } : {}),
    });
    expect(response.status).toBe(status);
    const { error, ...rest } = response.json as { error: Record<string, unknown> };
    expect(rest).toEqual({});
    expect(error).toMatchObject({ code, message: expect.any(String) });
    expect(Object.keys(error).sort()).toEqual(['code', 'details', 'message']);
    expect(String(error.message).length).toBeGreaterThan(8);
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    ['a short password', { password: 'short' }, 'invalid_request', 'password'],
    ['an email that is not one', { email: 'owner-at-example.com' }, 'invalid_request', 'email'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'invalid_request', 'timeZone'],
    ['a fixed offset instead of a zone', { timeZone: '+01:00' }, 'invalid_request', 'timeZone'],
    ['a phone number with letters', { ownerPhone: '512-CALL-NOW' }, 'invalid_phone_number', 'ownerPhone'],
    ['a phone number too short', { ownerPhone: '555-0123' }, 'invalid_phone_number', 'ownerPhone'],
    ['an empty business name', { businessName: '   ' }, 'invalid_request', 'businessName'],
    ['a field we do not know', { isAdmin: true }, 'invalid_request', 'body'],
    ['a number where text belongs', { trade: 42 }, 'invalid_request', 'trade'],
  ])('registration refuses %s, naming the field', async (_what, change, code, field) => {
    const registration = {
      email: 'owner@example.com',
      password: 'correct horse battery',
      businessName: 'Ace Plumbing',
      trade: 'plumbing',
      ownerPhone: '+15125550123',
      timeZone: 'America/Chicago',
      ...change,
    };
    const response = await rawRequest(`${api.url}/api/auth/register`, { method: 'POST', ...json(registration) });
    expect(response.status).toBe(400);
    const error = (response.json as { error: { code: string; message: string } }).error;
    expect(error.code).toBe(code);
    expect(error.message).toContain(field === 'body' ? 'isAdmin' : field);
  });

  test('a missing required field is named too', async () => {
    const response = await rawRequest(`${api.url}/api/auth/register`, { method: 'POST', ...json({ email: 'owner@example.com' }) });
    expect(response.status).toBe(400);
    expect((response.json as { error: { message: string } }).error.message).toMatch(/^password: /);
  });
});
