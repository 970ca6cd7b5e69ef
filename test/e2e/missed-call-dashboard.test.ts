// End to end, as an owner would see it: in headless Chromium the owner signs in, plays a caller
// in the sandbox phone simulator, nobody answers, and the text-back shows up in the live inbox
// without a reload. Screenshots of each step go to test-artifacts/e2e/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { missedCallFrom, newCallerPhone, stack } from '../support/stack';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts/e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 812 } } as const;

let browser: Browser;
beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
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
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page) {
  await page.goto(stack.apiUrl);
  await page.waitForURL(/\/login/);
  await page.getByTestId('login-email').fill(stack.demo.email);
  await page.getByTestId('login-password').fill(stack.demo.password);
  await page.getByTestId('login-submit').click();
  await expectText(page.getByTestId('business-name'), stack.demo.businessName);
  await expectText(page.getByTestId('live-status'), 'live');
}

async function expectText(locator: Locator, text: string) {
  await locator.first().waitFor({ state: 'visible' });
  await waitUntil(async () => (await locator.first().textContent())?.includes(text) ?? false, `text "${text}"`);
}

async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A value on `window` survives only as long as the page is not reloaded. */
const markPage = (page: Page) => page.evaluate(() => Object.assign(globalThis, { __nmcNotReloaded: true }));
const pageWasNotReloaded = (page: Page) => page.evaluate(() => (globalThis as { __nmcNotReloaded?: boolean }).__nmcNotReloaded === true);

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test(`${device}: a missed call placed from the phone simulator shows up as a text-back in the inbox, live`, async () => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    try {
      await signIn(page);
      await page.screenshot({ path: path.join(ARTIFACTS, `${device}-1-inbox.png`), fullPage: true });
      await markPage(page);

      const caller = newCallerPhone();
      // The sandbox simulator is folded away once the inbox has conversations.
      if ((await page.getByTestId('simulator-panel').getAttribute('open')) === null) await page.getByTestId('simulator-toggle').click();
      await page.getByTestId('simulator-caller').fill(caller);
      await page.getByTestId('simulator-call').click();
      await expectText(page.getByTestId('simulator-status'), 'Missed call placed');

      const conversation = page.locator(`[data-testid="conversation-item"][data-caller="${caller}"]`);
      await conversation.waitFor({ state: 'visible' });
      await conversation.click();
      const textBack = page.locator('[data-testid="message"][data-direction="outbound"]', { hasText: 'Reply STOP to opt out' });
      await textBack.waitFor({ state: 'visible' });
      expect(await textBack.textContent()).toContain(stack.demo.businessName);
      expect(await pageWasNotReloaded(page)).toBe(true);
      await page.screenshot({ path: path.join(ARTIFACTS, `${device}-2-text-back.png`), fullPage: true });
    } finally {
      await context.close();
    }
  });
}

test('a missed call that happens while the owner watches (not started from the page) appears without a reload', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  try {
    await signIn(page);
    await markPage(page);
    const caller = newCallerPhone();
    // Twilio calls our webhook directly: the page learns of it only through Socket.IO.
    const response = await missedCallFrom(caller, 'busy');
    expect(response.status).toBe(200);
    const conversation = page.locator(`[data-testid="conversation-item"][data-caller="${caller}"]`);
    await conversation.waitFor({ state: 'visible', timeout: 10_000 });
    // First the new conversation, then its text-back as the preview: both pushed live.
    await expectText(conversation, 'Reply STOP');
    expect(await pageWasNotReloaded(page)).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'desktop-3-live-update.png'), fullPage: true });
  } finally {
    await context.close();
  }
});
