// End to end, as an owner would see it: in headless Chromium the owner signs in, plays a caller
// in the sandbox phone simulator, nobody answers, and the text-back shows up in the live inbox
// without a reload. Screenshots of each step go to test-artifacts/e2e/.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { missedCallFrom, newCallerPhone, stack } from '../support/stack';
import { ARTIFACTS, expectText, launchBrowser, markPage, pageWasNotReloaded, signIn as signInAsDemoOwner, VIEWPORTS } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function signIn(page: Page) {
  // Signed out, the dashboard's address leads to the login page.
  await page.goto(stack.apiUrl);
  await page.waitForURL(/\/login/);
  await signInAsDemoOwner(page);
  await expectText(page.getByTestId('business-name'), stack.demo.businessName);
}

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
