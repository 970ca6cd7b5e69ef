// The emulator's own surface over HTTP: mounting beside other handlers (orElse), the sandbox
// controls (consent, faults, demo calendar, revoke) and the separation of the two providers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCalendarHandler, DEMO_ACCOUNT, serveCalendars, type ServedCalendars } from '.';

let emulator: ServedCalendars;
beforeAll(async () => {
  emulator = await serveCalendars();
});
afterAll(() => emulator.close());

test('paths under neither base go to orElse; unknown paths under a base are 404', async () => {
  const server = createServer((request, response) => {
    const handled = createCalendarHandler({
      orElse: (_request, other) => {
        other.end('other handler');
        return true;
      },
    })(request, response);
    if (!handled) response.end('nobody');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  expect(await (await fetch(`${origin}/google-maps/maps/api/geocode/json`)).text()).toBe('other handler');
  expect((await fetch(`${origin}/google-calendar/nothing-here`)).status).toBe(404);
  expect((await fetch(`${origin}/microsoft/graph/v1.0/me/calendars`)).status).toBe(401);
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('the consent screen approves at once, redirecting with a code and the state', async () => {
  const response = await fetch(
    `${emulator.googleBaseUrl}/o/oauth2/v2/auth?redirect_uri=${encodeURIComponent('http://app.test/cb')}&state=xyz`,
    {
      redirect: 'manual',
    },
  );
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  expect(location.origin + location.pathname).toBe('http://app.test/cb');
  expect(location.searchParams.get('state')).toBe('xyz');
  // A Google code means nothing to Microsoft.
  expect(emulator.google.grants.exchangeCode(location.searchParams.get('code')!).ok).toBe(true);
  const msCode = new URL(
    (
      await fetch(`${emulator.microsoftBaseUrl}/common/oauth2/v2.0/authorize?redirect_uri=http://app.test/cb`, { redirect: 'manual' })
    ).headers.get('location')!,
  ).searchParams.get('code')!;
  expect(emulator.google.grants.exchangeCode(msCode).ok).toBe(false);
});

test('faults, the demo calendar and revocation can be set over HTTP', async () => {
  const faults = await fetch(`${emulator.microsoftBaseUrl}/sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify([{ kind: 'rate_limited', retryAfterSeconds: 5 }]),
  });
  expect(faults.status).toBe(200);
  expect(emulator.microsoft.faults).toEqual([{ kind: 'rate_limited', count: 1, retryAfterSeconds: 5 }]);
  expect((await fetch(`${emulator.microsoftBaseUrl}/sandbox/faults`, { method: 'POST', body: '[{"kind":"meteor"}]' })).status).toBe(400);
  const demo = (await (await fetch(`${emulator.googleBaseUrl}/sandbox/demo`, { method: 'POST' })).json()) as { events: number };
  expect(demo.events).toBe(5);
  expect(emulator.microsoft.store.calendar(DEMO_ACCOUNT, 'primary')!.events.size).toBe(0);
  const code = emulator.google.grants.grantCode(DEMO_ACCOUNT);
  const grant = emulator.google.grants.exchangeCode(code);
  expect(
    (await fetch(`${emulator.googleBaseUrl}/sandbox/revoke?account=${encodeURIComponent(DEMO_ACCOUNT)}`, { method: 'POST' })).status,
  ).toBe(204);
  expect(grant.ok && emulator.google.grants.refresh(grant.tokens.refreshToken, false).ok).toBe(false);
});
