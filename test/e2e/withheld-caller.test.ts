// A caller who withholds their number (From "anonymous") is put through to the owner like anyone;
// nobody can be texted back, and the inbox lists the missed call as "Number withheld", with the
// voicemail they left. Screenshot on a 375 px phone, where the list is the whole screen.
import type { Browser } from 'playwright-core';
import { callerCalls } from '../support/stack';
import { expectText, launchBrowser, shoot, signIn, VIEWPORTS } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('the inbox shows a missed call from a withheld number, with its voicemail, and no conversation for it', async () => {
  const said = `Boiler is making a noise, I will call again ${Date.now().toString(36)}`;
  const call = await callerCalls('anonymous', { owner: 'no-answer', voicemail: said });
  // The owner's phone was rung, as for any caller.
  expect(call.events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'dial', result: 'no-answer' })]));

  const context = await browser.newContext({ viewport: VIEWPORTS.phone });
  const page = await context.newPage();
  try {
    await signIn(page);
    const withheld = page.getByTestId('withheld-calls');
    await withheld.waitFor({ state: 'visible', timeout: 20_000 });
    const item = withheld.getByTestId('withheld-call').filter({ hasText: 'Number withheld' }).first();
    await expectText(item, 'Number withheld');
    await expectText(withheld.getByTestId('voicemail-transcription').first(), said, 20_000);
    await shoot(page, 'withheld-caller', '01-inbox');
    // No conversation was opened for "anonymous".
    expect(await page.locator('[data-testid="conversation-item"][data-caller="anonymous"]').count()).toBe(0);
  } finally {
    await context.close();
  }
}, 90_000);
