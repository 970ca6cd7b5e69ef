// What the end-to-end tests share: Debian's Chromium through playwright-core, the two screen sizes
// every step is photographed at, and waiting for what an owner would see.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { stack } from '../support/stack';

export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 812 } } as const;

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function expectText(locator: Locator, text: string | RegExp, timeoutMs = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: timeoutMs });
  const matches = (value: string | null) => (typeof text === 'string' ? (value ?? '').includes(text) : text.test(value ?? ''));
  await waitUntil(async () => matches(await locator.first().textContent()), `text ${String(text)}`, timeoutMs);
}

/** Signs in on the login page (the demo owner unless told otherwise) and waits for the dashboard's live events. */
export async function signIn(page: Page, owner: { email: string; password: string } = stack.demo): Promise<void> {
  await page.goto(`${stack.apiUrl}/login`);
  await page.getByTestId('login-email').fill(owner.email);
  await page.getByTestId('login-password').fill(owner.password);
  await page.getByTestId('login-submit').click();
  await expectText(page.getByTestId('live-status'), 'live');
}

/** Screenshots of the page as it is, on a desktop and on a 375 px phone: <prefix>-desktop-<name>.png and <prefix>-phone-<name>.png. */
export async function shoot(page: Page, prefix: string, name: string): Promise<void> {
  const original = page.viewportSize() ?? VIEWPORTS.desktop;
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(ARTIFACTS, `${prefix}-desktop-${name}.png`), fullPage: true });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(ARTIFACTS, `${prefix}-phone-${name}.png`), fullPage: true });
  await page.setViewportSize(original);
  await page.waitForTimeout(100);
}

/** A value on `window` survives only as long as the page is not reloaded. */
export const markPage = (page: Page) => page.evaluate(() => Object.assign(globalThis, { __nmcNotReloaded: true }));
export const pageWasNotReloaded = (page: Page) =>
  page.evaluate(() => (globalThis as { __nmcNotReloaded?: boolean }).__nmcNotReloaded === true);

const REFRESH_COOKIE = '__Secure-nmc_refresh';
const issued = new WeakMap<BrowserContext, { token: string; until: number }>();

/**
 * An access token of the page's session, for a test to call the api as that owner. The dashboard
 * keeps its own in memory, out of reach; this exchanges the browser's refresh cookie (tests can read
 * HttpOnly cookies) from the test itself, so it works while the page is offline or navigating, and
 * puts the new cookie back into the browser, as the browser would have stored it. Reused for a few
 * minutes (tokens last 15), so a test's many calls do not rotate the cookie under the page.
 */
export async function accessTokenOf(page: Page): Promise<string> {
  const context = page.context();
  const known = issued.get(context);
  if (known && known.until > Date.now()) return known.token;
  const refreshUrl = `${new URL(page.url()).origin}/api/auth/refresh`;
  const cookie = (await context.cookies(refreshUrl)).find((candidate) => candidate.name === REFRESH_COOKIE);
  if (!cookie) throw new Error('the page has no refresh cookie: sign in first');
  const response = await fetch(refreshUrl, {
    method: 'POST',
    headers: { cookie: `${REFRESH_COOKIE}=${cookie.value}`, 'x-requested-with': 'nevermisscall' },
  });
  if (!response.ok) throw new Error(`refresh with the page's cookie: ${response.status} ${await response.text()}`);
  const next = response.headers
    .getSetCookie()
    .find((line) => line.startsWith(`${REFRESH_COOKIE}=`))
    ?.slice(REFRESH_COOKIE.length + 1)
    .split(';')[0];
  if (next) await context.addCookies([{ ...cookie, value: next }]);
  const { accessToken } = (await response.json()) as { accessToken: string };
  issued.set(context, { token: accessToken, until: Date.now() + 5 * 60_000 });
  return accessToken;
}
