// Accounts against the real stack: registering, signing in, refresh tokens that rotate and whose
// reuse ends the whole session, logging out, and sign-in throttling that lives in PostgreSQL (so it
// holds across api processes: this file's api and the stack's share it).
import { Client, Connection } from '@temporalio/client';
import { initORM, type Orm } from '../../db/orm';
import { createHash, randomUUID } from 'node:crypto';
import { REFRESH_GRACE_SECONDS } from '../../api/accounts';
import { call, randomIp, refreshCookieOf, registerBusiness, signIn, withRefreshCookie } from '../support/api-client';
import { startApi, testConfig, type RunningApi } from '../support/api-app';
import { stack, withDatabase } from '../support/stack';

let orm: Orm;
let temporal: Client;
let api: RunningApi;

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  api = await startApi({
    orm,
    temporal,
    config: testConfig({ DATABASE_URL: stack.databaseUrl, PUBLIC_URL: stack.apiUrl, TWILIO_API_URL: stack.sandboxUrl }),
  });
});
afterAll(async () => {
  if (process.env.NMC_DEBUG)
    for (const line of api.logs.lines.filter((l) => Number(l.level) >= 50).slice(0, 3)) console.log(JSON.stringify(line).slice(0, 1500));
  await api?.close();
  await temporal?.connection.close();
  await orm?.close();
});

const count = (sql: string, params: unknown[] = []) => withDatabase(async (db) => Number((await db.query(sql, params)).rows[0].count));

describe('register and sign in', () => {
  test('registering creates the business and its owner, signs in, and stores only an argon2id hash', async () => {
    const owner = await registerBusiness(api.url, {
      businessName: 'Kyle’s Keys & Locks',
      trade: 'locksmith',
      ownerPhone: '(737) 555-0142',
    });
    expect(owner).toMatchObject({
      accessToken: expect.any(String),
      refreshToken: expect.stringMatching(/^nmr_/),
      user: { email: owner.email },
    });
    const me = await call<{ user: { id: string; name: null }; business: Record<string, unknown> }>(api.url, 'GET', '/api/me', {
      token: owner.accessToken,
    });
    expect(me.status).toBe(200);
    expect(me.body.business).toEqual({
      id: owner.business.id,
      name: 'Kyle’s Keys & Locks',
      trade: 'locksmith',
      timeZone: 'America/Chicago',
      ownerPhone: '+17375550142',
      phoneNumber: null,
      onboarded: false,
    });
    const [row] = await withDatabase(
      async (db) => (await db.query('select password_hash from users where email = $1', [owner.email])).rows,
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(owner.password);
    const stored = await withDatabase(
      async (db) =>
        (
          await db.query('select token_hash from refresh_tokens r join auth_sessions s on s.id = r.session_id where s.user_id = $1', [
            owner.user.id,
          ])
        ).rows,
    );
    expect(stored).toEqual([{ token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  });

  test('an email that already has an account gets 409 and creates nothing', async () => {
    const owner = await registerBusiness(api.url);
    const tenants = await count('select count(*) from tenants');
    const again = await call(api.url, 'POST', '/api/auth/register', {
      ip: randomIp(),
      body: {
        email: owner.email.toUpperCase(),
        password: 'another password',
        businessName: 'Copycat',
        trade: 'x',
        ownerPhone: '+15125550100',
        timeZone: 'UTC',
      },
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'email_taken' } });
    expect(await count('select count(*) from tenants')).toBe(tenants);
  });

  test('sign in answers accessToken (and token, for the older dashboard) and sets the refresh cookie', async () => {
    const owner = await registerBusiness(api.url);
    const signedIn = await signIn(api.url, owner.email.toUpperCase(), owner.password);
    expect(signedIn.token).toBe(signedIn.accessToken);
    expect(signedIn.refreshToken).toMatch(/^nmr_/);
    expect(signedIn.business).toEqual(owner.business);
  });

  test('a wrong password and an unknown email get the same 401', async () => {
    const owner = await registerBusiness(api.url);
    const wrong = await call(api.url, 'POST', '/api/auth/login', {
      ip: randomIp(),
      body: { email: owner.email, password: 'not the password' },
    });
    const unknown = await call(api.url, 'POST', '/api/auth/login', {
      ip: randomIp(),
      body: { email: 'nobody@example.com', password: 'whatever' },
    });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_credentials' } });
  });

  test('the stack’s api (another process) signs the demo owner in with accessToken and token', async () => {
    const signedIn = await signIn(stack.apiUrl, stack.demo.email, stack.demo.password);
    expect(signedIn.token).toBe(signedIn.accessToken);
  });
});

describe('sessions: refresh tokens rotate, reuse ends the family, logout ends it too', () => {
  const refresh = (refreshToken: string) => withRefreshCookie(api.url, 'refresh', refreshToken);
  const logout = (refreshToken: string) => withRefreshCookie(api.url, 'logout', refreshToken);
  const me = (accessToken: string) => call(api.url, 'GET', '/api/me', { token: accessToken });
  /** The grace window, passed: the token's use is moved back rather than the test waiting it out. */
  const usedLongAgo = (refreshToken: string) =>
    withDatabase((db) =>
      db.query(`update refresh_tokens set used_at = now() - make_interval(secs => $2) where token_hash = $1`, [
        createHash('sha256').update(refreshToken).digest('hex'),
        REFRESH_GRACE_SECONDS + 1,
      ]),
    );

  test('each refresh returns a new pair; the old refresh token cannot be used twice', async () => {
    const owner = await registerBusiness(api.url);
    const first = await refresh(owner.refreshToken);
    expect(first.status).toBe(200);
    const firstToken = refreshCookieOf(first.headers)!;
    expect(firstToken).toMatch(/^nmr_/);
    expect(firstToken).not.toBe(owner.refreshToken);
    expect((await me(first.body.accessToken)).status).toBe(200);
    const second = await refresh(firstToken);
    expect(second.status).toBe(200);
    expect((await me(second.body.accessToken)).status).toBe(200);
  });

  test('a refresh token presented again after the grace window (stolen and used by someone) revokes every token of the session', async () => {
    const owner = await registerBusiness(api.url);
    const thief = await refresh(owner.refreshToken);
    expect(thief.status).toBe(200);
    await usedLongAgo(owner.refreshToken);
    // The real owner comes back with the token the thief already used.
    const reuse = await refresh(owner.refreshToken);
    expect(reuse.status).toBe(401);
    expect(reuse.body).toMatchObject({ error: { code: 'refresh_token_reused' } });
    expect(refreshCookieOf(reuse.headers)).toBe('');
    // Whoever holds the newer tokens is out too: the refresh token and the access token.
    expect((await refresh(refreshCookieOf(thief.headers)!)).body).toMatchObject({ error: { code: 'session_ended' } });
    expect((await me(thief.body.accessToken)).status).toBe(401);
    expect((await me(owner.accessToken)).status).toBe(401);
    const [session] = await withDatabase(
      async (db) =>
        (
          await db.query(
            'select s.revoked_reason from auth_sessions s join refresh_tokens r on r.session_id = s.id where r.token_hash = $1',
            [createHash('sha256').update(owner.refreshToken).digest('hex')],
          )
        ).rows,
    );
    expect(session.revoked_reason).toBe('refresh_token_reused');
    // Another sign-in of the same owner is its own family and is untouched.
    const elsewhere = await signIn(api.url, owner.email, owner.password);
    expect((await me(elsewhere.accessToken)).status).toBe(200);
  });

  test('two refreshes racing with the same cookie (two tabs): both get the same new refresh token, and the session lives on', async () => {
    const owner = await registerBusiness(api.url);
    const answers = await Promise.all([refresh(owner.refreshToken), refresh(owner.refreshToken)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const [first, second] = answers.map((answer) => refreshCookieOf(answer.headers));
    expect(first).toMatch(/^nmr_/);
    expect(second).toBe(first);
    for (const answer of answers) expect((await me(answer.body.accessToken)).status).toBe(200);
    // The shared successor is the live token: it refreshes once more like any other.
    const next = await refresh(first!);
    expect(next.status).toBe(200);
    expect(refreshCookieOf(next.headers)).not.toBe(first);
  });

  test('within the grace window a token two steps back is reuse: the grace covers only the newest exchange', async () => {
    const owner = await registerBusiness(api.url);
    const first = refreshCookieOf((await refresh(owner.refreshToken)).headers)!;
    expect((await refresh(first)).status).toBe(200);
    const stale = await refresh(owner.refreshToken);
    expect(stale.body).toMatchObject({ error: { code: 'refresh_token_reused' } });
  });

  test('the refresh token never appears in a JSON answer; the cookie is HttpOnly, Secure, SameSite=Strict and only for /api/auth', async () => {
    const email = `owner-${randomUUID()}@example.com`;
    const register = await call(api.url, 'POST', '/api/auth/register', {
      ip: randomIp(),
      body: {
        email,
        password: 'a-long-password',
        businessName: 'Cookie Plumbing',
        trade: 'plumbing',
        ownerPhone: '+15125550188',
        timeZone: 'UTC',
      },
    });
    const login = await call(api.url, 'POST', '/api/auth/login', { ip: randomIp(), body: { email, password: 'a-long-password' } });
    const refreshed = await refresh(refreshCookieOf(login.headers)!);
    for (const answer of [register, login, refreshed]) {
      expect(answer.status).toBeLessThan(300);
      const cookies = answer.headers.getSetCookie();
      expect(cookies).toHaveLength(1);
      const [pair, ...attributes] = cookies[0]!.split(/;\s*/);
      expect(pair).toMatch(/^__Secure-nmc_refresh=nmr_[\w-]{43}$/);
      expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=2592000', 'Path=/api/auth', 'SameSite=Strict', 'Secure']);
      const token = pair!.split('=')[1]!;
      expect(JSON.stringify(answer.body)).not.toContain(token);
      expect(JSON.stringify(answer.body)).not.toMatch(/nmr_|refresh/i);
    }
    expect(Object.keys(refreshed.body).sort()).toEqual(['accessToken']);
  });

  test('refresh and logout without the CSRF header, or from another site, get 403 and change nothing', async () => {
    const owner = await registerBusiness(api.url);
    const tokens = () =>
      withDatabase(
        async (db) =>
          (
            await db.query(
              'select r.token_hash, r.used_at, s.revoked_at from refresh_tokens r join auth_sessions s on s.id = r.session_id where s.user_id = $1',
              [owner.user.id],
            )
          ).rows,
      );
    const before = await tokens();
    for (const route of ['refresh', 'logout'] as const) {
      for (const headers of <Record<string, string>[]>[
        {},
        { 'sec-fetch-site': 'same-origin' },
        { 'x-requested-with': 'nevermisscall', 'sec-fetch-site': 'cross-site' },
        { 'x-requested-with': 'nevermisscall', 'sec-fetch-site': 'same-site' },
        { 'x-requested-with': 'nevermisscall', origin: 'https://evil.example' },
      ]) {
        const refused = await withRefreshCookie(api.url, route, owner.refreshToken, headers);
        expect([route, headers, refused.status, refused.body.error?.code]).toEqual([route, headers, 403, 'cross_site_request_refused']);
        expect(refused.headers.getSetCookie()).toEqual([]);
      }
    }
    expect(await tokens()).toEqual(before);
    expect((await me(owner.accessToken)).status).toBe(200);
    // The dashboard's own request (same origin, the header) works.
    const own = await withRefreshCookie(api.url, 'refresh', owner.refreshToken, {
      'x-requested-with': 'nevermisscall',
      'sec-fetch-site': 'same-origin',
      origin: api.url,
    });
    expect(own.status).toBe(200);
  });

  test('logout ends the session and clears the cookie: its refresh and access tokens stop working at once', async () => {
    const owner = await registerBusiness(api.url);
    const answer = await logout(owner.refreshToken);
    expect(answer.status).toBe(204);
    expect(answer.headers.getSetCookie()).toEqual(['__Secure-nmc_refresh=; Max-Age=0; Path=/api/auth; HttpOnly; Secure; SameSite=Strict']);
    expect((await me(owner.accessToken)).status).toBe(401);
    expect((await refresh(owner.refreshToken)).status).toBe(401);
    // Logging out again, with a token nobody issued, or with no cookie at all, is harmless.
    expect((await logout(owner.refreshToken)).status).toBe(204);
    expect((await logout('nmr_' + 'x'.repeat(43))).status).toBe(204);
    expect((await call(api.url, 'POST', '/api/auth/logout', { headers: { 'x-requested-with': 'nevermisscall' } })).status).toBe(204);
  });

  test('a refresh token nobody issued, or none at all, gets 401', async () => {
    expect((await refresh('nmr_' + 'y'.repeat(43))).body).toMatchObject({ error: { code: 'invalid_refresh_token' } });
    const none = await call(api.url, 'POST', '/api/auth/refresh', { headers: { 'x-requested-with': 'nevermisscall' } });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: { code: 'invalid_refresh_token' } });
  });
});

describe('sign-in throttling', () => {
  const attempt = (email: string, password: string, ip: string, baseUrl = api.url) =>
    call<{ error?: { code: string; details?: { retryAfterSeconds: number } } }>(baseUrl, 'POST', '/api/auth/login', {
      ip,
      body: { email, password },
    });

  test('five wrong passwords from one address lock that account there briefly; the right one then waits too; afterwards it works and the slate is clean', async () => {
    const owner = await registerBusiness(api.url);
    const ip = randomIp();
    for (let tries = 0; tries < 5; tries += 1) expect((await attempt(owner.email, 'guess', ip)).status).toBe(401);
    const locked = await attempt(owner.email, owner.password, ip);
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('1');
    expect(locked.body.error).toMatchObject({ code: 'too_many_attempts', details: { retryAfterSeconds: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await attempt(owner.email, owner.password, ip)).status).toBe(200);
    expect((await attempt(owner.email, 'typo', ip)).status).toBe(401);
  });

  test('the lock is in PostgreSQL: the stack’s api process refuses the same attempt', async () => {
    const owner = await registerBusiness(api.url);
    const ip = randomIp();
    for (let tries = 0; tries < 6; tries += 1) await attempt(owner.email, 'guess', ip);
    const elsewhere = await attempt(owner.email, owner.password, ip, stack.apiUrl);
    expect(elsewhere.status).toBe(429);
    expect(await count("select count(*) from login_throttles where key like 'login:' || $1 || '%'", [owner.email])).toBeGreaterThan(0);
  });

  test('an attacker spreading guesses over many addresses locks the account, but not for the owner at an address they signed in from before', async () => {
    const owner = await registerBusiness(api.url);
    const home = randomIp();
    await signIn(api.url, owner.email, owner.password, home);
    // Ten guesses are free; from then on the account locks for longer and longer (however slow this machine is).
    for (let tries = 0; tries < 10; tries += 1) expect((await attempt(owner.email, `guess-${tries}`, randomIp())).status).toBe(401);
    const later = [];
    for (let tries = 0; tries < 4; tries += 1) later.push((await attempt(owner.email, 'guess', randomIp())).status);
    expect(later).toContain(429);
    expect((await attempt(owner.email, owner.password, randomIp())).status).toBe(429);
    expect((await attempt(owner.email, owner.password, home)).status).toBe(200);
  });

  test('one address guessing at many accounts is held after 30 attempts, whichever account it tries', async () => {
    const ip = randomIp();
    for (let tries = 0; tries < 30; tries += 1) expect((await attempt(`nobody-${tries}@example.com`, 'guess', ip)).status).toBe(401);
    expect((await attempt('someone-new@example.com', 'guess', ip)).status).toBe(429);
    const owner = await registerBusiness(api.url);
    expect((await attempt(owner.email, owner.password, ip)).status).toBe(429);
    expect((await attempt(owner.email, owner.password, randomIp())).status).toBe(200);
  });
});
