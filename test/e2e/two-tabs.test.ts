// Two dashboard tabs of one browser stay signed in across access-token expiry (issue #18 point 1;
// decision 0023). Both tabs share one refresh cookie that rotates on every use; when their access
// tokens have expired and both come back at the same moment (network back, sockets reconnecting,
// pages loading data), they renew one at a time under a Web Lock, and neither is signed out nor
// ends the session. The refresh token is nowhere a script could read it.
//
// This file runs its own api process-in-the-test (the stack's PostgreSQL, Temporal and emulator,
// the built dashboard, Socket.IO) with access tokens that last seconds, not 15 minutes, so the
// stack's api and every other test keep the production lifetime.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { initORM, type Orm } from '../../db/orm';
import { startApi, testConfig, type RunningApi } from '../support/api-app';
import { missedCallFrom, newCallerPhone, stack, withDatabase } from '../support/stack';
import { expectText, launchBrowser, shoot } from './browser';

/** Short, so the test sees tokens expire; the api still allows 5 s of clock drift past it. */
const ACCESS_TOKEN_TTL_SECONDS = 6;
const CLOCK_TOLERANCE_SECONDS = 5;

let orm: Orm;
let temporal: Client;
let api: RunningApi;
let browser: Browser;

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  api = await startApi({
    orm,
    temporal,
    live: true,
    config: testConfig({
      DATABASE_URL: stack.databaseUrl,
      PUBLIC_URL: stack.apiUrl,
      TWILIO_API_URL: stack.sandboxUrl,
      WEB_BUILD_DIR: path.resolve(__dirname, '../../web/build'),
      ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS),
      LOG_LEVEL: 'warn',
    }),
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await temporal?.connection.close();
  await orm?.close();
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function refreshCookie(context: BrowserContext) {
  // Only a URL under the cookie's path sees it.
  const cookies = await context.cookies(`${api.url}/api/auth/refresh`);
  return cookies.find((cookie) => cookie.name === '__Secure-nmc_refresh');
}

/** The browser's session as the database has it, found through the cookie's token. */
async function sessionOf(context: BrowserContext) {
  const token = (await refreshCookie(context))?.value ?? '';
  const [row] = await withDatabase(
    async (db) =>
      (
        await db.query(
          `select s.id, s.revoked_at, s.revoked_reason,
                  (select count(*)::int from refresh_tokens t where t.session_id = s.id and t.used_at is not null) as exchanges
             from auth_sessions s join refresh_tokens r on r.session_id = s.id where r.token_hash = $1`,
          [sha256(token)],
        )
      ).rows,
  );
  return row as { id: string; revoked_at: Date | null; revoked_reason: string | null; exchanges: number } | undefined;
}

async function expectSignedInAndLive(page: Page) {
  await expectText(page.getByTestId('business-name'), stack.demo.businessName, 20_000);
  await expectText(page.getByTestId('live-status'), 'live', 20_000);
  expect(page.url()).not.toContain('/login');
}

/** What scripts on the page can see: no refresh token anywhere. */
async function scriptVisibleStorage(page: Page): Promise<string> {
  return page.evaluate(() => {
    // The page's globals, typed here for a file compiled without the DOM library.
    const { localStorage, sessionStorage, document } = globalThis as unknown as {
      localStorage: object;
      sessionStorage: object;
      document: { cookie: string };
    };
    return JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie });
  });
}

test('two tabs whose access tokens expire together both renew, stay signed in and live, and the session is not revoked', async () => {
  const context = await browser.newContext();
  const [first, second] = [await context.newPage(), await context.newPage()];
  try {
    // A refresh token an older dashboard left in localStorage is thrown away unread.
    await first.goto(`${api.url}/login`);
    await first.evaluate(() =>
      (globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } }).localStorage.setItem(
        'nmc.refreshToken',
        'nmr_left-by-an-older-dashboard',
      ),
    );
    await first.reload();
    await first.getByTestId('login-email').fill(stack.demo.email);
    await first.getByTestId('login-password').fill(stack.demo.password);
    await first.getByTestId('login-submit').click();
    await expectSignedInAndLive(first);

    // The second tab has no access token of its own: it gets one with the cookie (Secure, over
    // http://127.0.0.1: Chromium counts the loopback address as a secure origin).
    await second.goto(api.url);
    await expectSignedInAndLive(second);

    const cookie = await refreshCookie(context);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/auth' });
    expect(cookie!.value).toMatch(/^nmr_/);
    for (const page of [first, second]) {
      const visible = await scriptVisibleStorage(page);
      expect(visible).not.toContain('nmr_');
      expect(visible).not.toContain(cookie!.value);
      expect(visible).not.toMatch(/refresh/i);
    }
    const before = await sessionOf(context);
    expect(before).toMatchObject({ revoked_at: null });
    const refreshes: number[] = [];
    for (const page of [first, second])
      page.on('response', (response) => {
        if (response.url().endsWith('/api/auth/refresh')) refreshes.push(response.status());
      });

    // Both tabs lose the network; meanwhile both access tokens expire (tolerance included).
    await context.setOffline(true);
    for (const page of [first, second]) await expectText(page.getByTestId('live-status'), 'offline');
    await new Promise((resolve) => setTimeout(resolve, (ACCESS_TOKEN_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS + 2) * 1000));

    // The network is back for both at once: both sockets reconnect with expired tokens and both
    // pages load data with them, at the same moment.
    await context.setOffline(false);
    await Promise.all([first.getByTestId('nav-leads').click(), second.getByTestId('nav-leads').click()]);
    await Promise.all([first.getByTestId('nav-inbox').click(), second.getByTestId('nav-inbox').click()]);
    for (const page of [first, second]) await expectSignedInAndLive(page);

    // Still live: a missed call shows up in both tabs without a reload.
    const caller = newCallerPhone();
    expect((await missedCallFrom(caller, 'busy')).status).toBe(200);
    for (const page of [first, second])
      await page.locator(`[data-testid="conversation-item"][data-caller="${caller}"]`).waitFor({ state: 'visible', timeout: 20_000 });
    await shoot(second, 'two-tabs', '01-both-live-after-expiry');

    // The same session throughout, never revoked. Both tabs renewed, and one after the other: each
    // refresh spent the newest token (had two raced with one cookie, the api's grace window would
    // have answered the second with the first's token, spending nothing).
    const after = await sessionOf(context);
    expect(after).toMatchObject({ id: before!.id, revoked_at: null, revoked_reason: null });
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    expect(refreshes.every((status) => status === 200)).toBe(true);
    expect(after!.exchanges - before!.exchanges).toBe(refreshes.length);
    for (const page of [first, second]) expect(await scriptVisibleStorage(page)).not.toContain('nmr_');
  } finally {
    await context.close();
  }
}, 120_000);
