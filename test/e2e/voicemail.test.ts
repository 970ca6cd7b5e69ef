// A caller leaves a voicemail (the sandbox phone simulator, signed in as the demo owner): the
// conversation shows the call where it happened, a player for the recording and its transcription,
// next to the text-back. Screenshots on a desktop and a 375 px phone.
import type { Browser } from 'playwright-core';
import { expectText, launchBrowser, signIn, shoot, VIEWPORTS } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

test('a voicemail left from the phone simulator plays in the conversation, with its transcription', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  try {
    await signIn(page);

    await page.getByTestId('nav-simulator').click();
    const said = `Water heater is leaking in the garage, call me back ${Date.now().toString(36)}`;
    await page.getByTestId('simulator-answer-voicemail').check();
    await page.getByTestId('simulator-voicemail').fill(said);
    await page.getByTestId('simulator-call').click();
    await expectText(page.getByTestId('simulator-status'), 'Voicemail left', 20_000);
    await shoot(page, 'voicemail', '01-simulator');

    const caller = (await page.getByTestId('simulator-caller-number').textContent()) ?? '';
    await page.getByTestId('nav-inbox').click();
    const digits = caller.replace(/\D/g, '').slice(-10);
    const item = page.locator(`[data-testid="conversation-item"][data-caller="+1${digits}"]`);
    await item.waitFor({ state: 'visible' });
    await item.click();
    await page.waitForURL(/[?&]conversation=/);

    const voicemail = page.getByTestId('voicemail').last();
    await voicemail.waitFor({ state: 'visible', timeout: 20_000 });
    // The recording plays from a signed address the api serves; the browser can fetch it.
    const src = (await voicemail.getByTestId('voicemail-audio').getAttribute('src')) ?? '';
    expect(src).not.toBe('');
    const recording = await page.evaluate(async (url) => {
      const response = await fetch(url);
      return { status: response.status, type: response.headers.get('content-type') ?? '' };
    }, src);
    expect(recording).toMatchObject({ status: 200, type: expect.stringMatching(/^audio\//) });
    expect(await voicemail.getByTestId('voicemail-audio').getAttribute('controls')).not.toBeNull();
    await expectText(voicemail.getByTestId('voicemail-transcription'), said, 20_000);
    await page.locator('[data-testid="message"][data-direction="outbound"]').first().waitFor({ state: 'visible' });
    await shoot(page, 'voicemail', '02-conversation');
  } finally {
    await context.close();
  }
}, 90_000);
