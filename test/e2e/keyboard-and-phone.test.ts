// An owner on a 375 px phone with only a keyboard (issue #7, points 3 and 5): signs in with Tab,
// Shift+Tab, typing and Enter; opens a conversation, takes it over and texts the caller without a
// click, with focus on the expected control, visibly, at each step. No page is wider than the phone
// (inbox, conversation, settings, KPIs), and each is photographed at 375 px. A takeover made from
// another client (the REST api) and an alert raised on the server show up in the page live.
import type { Browser, Locator, Page } from 'playwright-core';
import path from 'node:path';
import { newCallerPhone, stack } from '../support/stack';
import { ARTIFACTS, expectText, launchBrowser, markPage, pageWasNotReloaded, VIEWPORTS, waitUntil } from './browser';

const PASSWORD = 'correct horse battery';
const run = Date.now().toString(36);
const email = `keyboard-${run}@phone.test`;
const PHONE = { width: 375, height: 740 } as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function rest<T>(token: string, route: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${stack.apiUrl}${route}`, {
    method: init.method ?? 'GET',
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, body: (json && text ? JSON.parse(text) : text) as T };
}

const isFocused = (locator: Locator) => locator.evaluate((element) => element === element.ownerDocument.activeElement);
/** Focused and showing it: what a keyboard user sees is where they are. */
const hasVisibleFocus = (locator: Locator) =>
  locator.evaluate((element) => element === element.ownerDocument.activeElement && element.matches(':focus-visible'));

/** Presses Tab (or Shift+Tab) until the control has focus; fails if the keyboard cannot reach it. */
async function tabTo(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', maxPresses = 40): Promise<void> {
  await target.waitFor({ state: 'visible' });
  for (let presses = 0; presses < maxPresses; presses++) {
    await page.keyboard.press(key);
    if (await isFocused(target)) {
      expect(await hasVisibleFocus(target)).toBe(true);
      return;
    }
  }
  const active = await page.evaluate(() =>
    (globalThis as unknown as { document: { activeElement: { outerHTML: string } | null } }).document.activeElement?.outerHTML.slice(
      0,
      200,
    ),
  );
  throw new Error(`${key} never reached the control (focus is on ${active})`);
}

const noHorizontalOverflow = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );

async function photograph(page: Page, name: string, fullPage = true) {
  expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: path.join(ARTIFACTS, `keyboard-phone-${name}.png`), fullPage });
}

const shared = { token: '', caller: '', conversationId: '', page: undefined as unknown as Page };

test('setup: a business signs up, gets a sandbox number and a missed call', async () => {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  try {
    const page = await context.newPage();
    await page.goto(`${stack.apiUrl}/signup`);
    await page.getByTestId('signup-email').fill(email);
    await page.getByTestId('signup-password').fill(PASSWORD);
    await page.getByTestId('signup-business').fill(`Keyboard Heating ${run}`);
    await page.getByTestId('signup-trade').fill('HVAC');
    await page.getByTestId('signup-phone').fill('(512) 555-0178');
    await page.getByTestId('signup-timezone').selectOption('America/Chicago');
    await page.getByTestId('signup-submit').click();
    await page.locator('[data-testid="onboarding-step"][data-step="business"]').waitFor({ state: 'visible' });
    await page.goto(`${stack.apiUrl}/onboarding?step=9`);
    await page.locator('[data-testid="onboarding-step"][data-step="number"]').waitFor({ state: 'visible' });
    await page.getByTestId('area-code').fill('512');
    await page.getByTestId('number-search').click();
    await page.getByTestId('available-number').first().getByTestId('number-buy').click();
    await page.getByTestId('owned-number').waitFor({ state: 'visible' });
    await page.getByTestId('onboarding-finish').click();
    await page.waitForURL((url) => url.pathname === '/');
  } finally {
    await context.close();
  }

  // Another client: the REST api with its own session.
  const login = await rest<{ accessToken: string }>('', '/api/auth/login', { method: 'POST', body: { email, password: PASSWORD } });
  expect(login.status).toBe(200);
  shared.token = login.body.accessToken;
  shared.caller = newCallerPhone();
  const call = await rest(shared.token, '/api/sandbox/calls', {
    method: 'POST',
    body: { callerPhone: shared.caller, answer: 'no-answer' },
  });
  expect(call.status).toBe(202);
  await waitUntil(async () => {
    const { body } = await rest<{ conversations: { id: string; callerPhone: string }[] }>(shared.token, '/api/conversations');
    shared.conversationId = body.conversations?.find((conversation) => conversation.callerPhone === shared.caller)?.id ?? '';
    return shared.conversationId !== '';
  }, 'the missed call as a conversation');
}, 120_000);

test('at 375 px, with the keyboard only: sign in, open the conversation, take over and text the caller', async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = (shared.page = await context.newPage());
  await page.goto(`${stack.apiUrl}/login`);

  const emailField = page.getByLabel('Email');
  const passwordField = page.getByLabel('Password');
  const submit = page.getByRole('button', { name: 'Sign in' });
  await tabTo(page, emailField);
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  expect(await hasVisibleFocus(passwordField)).toBe(true);
  await page.keyboard.type('wrong password');
  await page.keyboard.press('Tab');
  expect(await hasVisibleFocus(submit)).toBe(true);
  // Back up to fix the password, as someone who noticed a typo would.
  await page.keyboard.press('Shift+Tab');
  expect(await hasVisibleFocus(passwordField)).toBe(true);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(PASSWORD);
  expect(await passwordField.inputValue()).toBe(PASSWORD);
  expect(await emailField.inputValue()).toBe(email);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/');
  await expectText(page.getByTestId('live-status'), 'live');

  const item = page.locator(`[data-testid="conversation-item"][data-caller="${shared.caller}"]`);
  await item.waitFor({ state: 'visible' });
  await photograph(page, '01-inbox');
  await tabTo(page, item);
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`[?&]conversation=${shared.conversationId}`));
  await page.getByRole('heading', { name: /Conversation with/ }).waitFor({ state: 'visible' });
  await markPage(page);

  const takeover = page.getByRole('button', { name: 'Take over' });
  await tabTo(page, takeover);
  await page.keyboard.press('Enter');
  const handback = page.getByRole('button', { name: 'Hand back to AI' });
  await handback.waitFor({ state: 'visible' });
  await expectText(page.getByTestId('conversation-announcement'), 'You took over');

  const composer = page.getByRole('textbox', { name: /^Text to/ });
  await tabTo(page, composer);
  const text = `Hi, this is the owner typing on my phone ${run}. I can come by at 3.`;
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  const sent = page.locator('[data-testid="message"][data-author="owner"]').filter({ hasText: text });
  await sent.waitFor({ state: 'visible' });
  await waitUntil(async () => ['queued', 'sent', 'delivered'].includes((await sent.getAttribute('data-status')) ?? ''), 'the text stored');
  expect(await composer.inputValue()).toBe('');
  expect(await pageWasNotReloaded(page)).toBe(true);

  await sent.scrollIntoViewIfNeeded();
  expect(await sent.isVisible()).toBe(true);
  await photograph(page, '02-conversation', false);
}, 90_000);

test('a takeover and a hand back from another client, and a server-side alert, appear live at 375 px', async () => {
  const page = shared.page;
  const badge = page.locator('[aria-labelledby="thread-heading"] [data-testid="mode-badge"]').first();

  // Hand back from the api: the page shows the assistant in charge again, without a reload.
  const back = await rest(shared.token, `/api/conversations/${shared.conversationId}/handback`, { method: 'POST' });
  expect(back.status).toBeLessThan(300);
  await page.getByRole('button', { name: 'Take over' }).waitFor({ state: 'visible' });
  await expectText(badge, /AI|assistant/);

  const over = await rest(shared.token, `/api/conversations/${shared.conversationId}/takeover`, { method: 'POST' });
  expect(over.status).toBeLessThan(300);
  await page.getByRole('button', { name: 'Hand back to AI' }).waitFor({ state: 'visible' });
  await expectText(badge, 'You');
  expect(await pageWasNotReloaded(page)).toBe(true);

  // Give it back to the assistant, so the caller's next text is the assistant's to handle.
  expect((await rest(shared.token, `/api/conversations/${shared.conversationId}/handback`, { method: 'POST' })).status).toBeLessThan(300);
  await page.getByRole('button', { name: 'Take over' }).waitFor({ state: 'visible' });

  // Settings, with the keyboard: an alert shows as a toast anywhere but its own conversation.
  const settingsLink = page.getByTestId('nav-settings');
  await tabTo(page, settingsLink, 'Shift+Tab', 80);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/settings');
  await page.locator('main h1, main h2').first().waitFor({ state: 'visible' });
  await markPage(page);
  await photograph(page, '03-settings');

  const gas = await rest(shared.token, '/api/sandbox/texts', {
    method: 'POST',
    body: { body: 'I smell gas in the basement', callerPhone: shared.caller },
  });
  expect(gas.status).toBe(202);
  const toast = page.getByTestId('alert-toast').first();
  await toast.waitFor({ state: 'visible', timeout: 20_000 });
  await expectText(toast, 'I smell gas');
  await expectText(page.getByTestId('alerts-count'), /[1-9]/);
  expect(await pageWasNotReloaded(page)).toBe(true);
  await photograph(page, '04-settings-alert');

  const kpis = page.getByTestId('nav-kpis');
  await tabTo(page, kpis, 'Tab', 80);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === '/kpis');
  await page.getByTestId('kpi-booked').waitFor({ state: 'visible' });
  expect(await page.getByTestId('funnel-missed').getAttribute('data-value')).toBe('1');
  await photograph(page, '05-kpis');
  await page.context().close();
}, 90_000);
