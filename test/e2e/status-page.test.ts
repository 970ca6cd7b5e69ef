// The Status page (issue #17 point 6) as an owner sees it in Chromium: texting is green while texts
// go through, turns amber when the Twilio emulator reports one undelivered (30003), and green again
// by itself once the next text goes through. The platform areas (Temporal, the database, workers
// polling every task queue) are green on a healthy stack. Screenshots in test-artifacts/e2e/.
import type { Browser, Page } from 'playwright-core';
import { eventually, missedCallFrom, newCallerPhone, sandboxJson, textsTo } from '../support/stack';
import { expectText, launchBrowser, signIn, shoot, VIEWPORTS, waitUntil } from './browser';

const setFaults = (faults: object) =>
  sandboxJson('/sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await setFaults({}).catch(() => undefined);
  await browser?.close();
});

const level = (page: Page, area: string) => page.locator(`[data-testid="status-area"][data-area="${area}"]`).getAttribute('data-level');
const summary = (page: Page, area: string) =>
  page.locator(`[data-testid="status-area"][data-area="${area}"] [data-testid="status-summary"]`);

async function textBackTo(caller: string): Promise<void> {
  expect((await missedCallFrom(caller)).status).toBe(200);
  await eventually(async () => ((await textsTo(caller)).length > 0 ? true : undefined), {
    what: `the text-back to ${caller}`,
    timeoutMs: 20_000,
  });
}

test('texting turns amber when the emulator fails a send and green when texts recover; the platform is green', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  try {
    await signIn(page);

    // A text that goes through: texting is green.
    await textBackTo(newCallerPhone());
    await page.getByTestId('nav-status').click();
    await page.getByTestId('status-overall').waitFor({ state: 'visible' });
    await waitUntil(async () => (await level(page, 'texting')) === 'green', 'texting green');
    for (const area of ['temporal', 'database', 'workers']) expect(await level(page, area)).toBe('green');
    await expectText(summary(page, 'workers'), /conversations: [1-9]/);
    await shoot(page, 'status', '01-green');

    // The carrier reports the next text undelivered (30003): amber, in words, with what to do — without a reload.
    await setFaults({ undeliverable: 1 });
    await textBackTo(newCallerPhone());
    await waitUntil(async () => (await level(page, 'texting')) === 'amber', 'texting amber', 20_000);
    await expectText(summary(page, 'texting'), '30003 phone unreachable');
    expect(await page.getByTestId('status-overall').getAttribute('data-level')).not.toBe('green');
    await shoot(page, 'status', '02-amber');

    // The next text goes through: green again by itself, the failure still named.
    await textBackTo(newCallerPhone());
    await waitUntil(async () => (await level(page, 'texting')) === 'green', 'texting green again', 20_000);
    await expectText(summary(page, 'texting'), /[1-9]\d* of the last \d+ failed \(.*30003/);
    await shoot(page, 'status', '03-recovered');
  } finally {
    await context.close();
  }
}, 120_000);
