// Push channels through the app's own clients (providers/google-calendar.ts, providers/microsoft-calendar.ts)
// against the emulators, with a local receiver standing in for the api's webhooks: Google's
// events.watch announces the channel ("sync") and then POSTs its headers on every change, ours or
// the owner's; Graph's subscription is only made after the receiver echoes the validation token,
// and its notifications carry the clientState; stopped or expired channels say nothing more.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CalendarResult } from '../../providers/calendar-results';
import { createGoogleCalendar } from '../../providers/google-calendar';
import { createMicrosoftCalendar } from '../../providers/microsoft-calendar';
import { DEMO_ACCOUNT, deleteEventAsOwner, serveCalendars, type ServedCalendars } from '.';

interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

let emulator: ServedCalendars;
let receiver: Server;
let address: string;
let received: Received[] = [];
/** What the receiver does with Graph's validation request: echo the token (as it must) or not. */
let echoValidation = true;

beforeAll(async () => {
  emulator = await serveCalendars();
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      received.push({ path: url.pathname, query: url.searchParams, headers: request.headers, body: Buffer.concat(chunks).toString() });
      const token = url.searchParams.get('validationToken');
      if (token !== null) {
        response.writeHead(echoValidation ? 200 : 500, { 'content-type': 'text/plain' });
        return response.end(echoValidation ? token : '');
      }
      response.writeHead(url.pathname.endsWith('/microsoft') ? 202 : 200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  address = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emulator.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  received = [];
  echoValidation = true;
  for (const state of [emulator.google, emulator.microsoft]) {
    state.store.clear();
    state.grants.clear();
    state.channels.clear();
  }
});

const value = <T>(result: CalendarResult<T>): T => {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.failure)}`);
  return result.value;
};
const client = { clientId: 'c', clientSecret: 's', redirectUri: 'http://127.0.0.1/callback' };
const event = (key: string) => ({
  idempotencyKey: key,
  title: key,
  start: new Date('2026-12-01T10:00:00Z'),
  end: new Date('2026-12-01T11:00:00Z'),
});
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(check()).toBe(true);
};

test('Google: events.watch opens a channel that announces itself and then reports every change', async () => {
  const google = createGoogleCalendar({ ...client, baseUrl: emulator.googleBaseUrl });
  const session = google.session(value(await google.exchangeCode(emulator.google.grants.grantCode(DEMO_ACCOUNT))).refreshToken);
  const before = Date.now();
  const watched = value(
    await session.watch('primary', { id: 'conn-1.a', address: `${address}/webhooks/calendar/google`, token: 'secret-1' }),
  );
  expect(watched.expiresAt.getTime()).toBeGreaterThan(before + 86_400_000);
  expect(watched.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000);
  await until(() => received.length === 1);
  expect(received[0]!.headers['x-goog-resource-state']).toBe('sync');

  const { eventId } = value(await session.createEvent('primary', event('push-one')));
  await until(() => received.length === 2);
  deleteEventAsOwner(emulator.google.store, DEMO_ACCOUNT, DEMO_ACCOUNT, eventId); // the owner's own change
  await until(() => received.length === 3);
  for (const message of received.slice(1)) {
    expect(message.path).toBe('/webhooks/calendar/google');
    expect(message.headers['x-goog-channel-id']).toBe('conn-1.a');
    expect(message.headers['x-goog-channel-token']).toBe('secret-1');
    expect(message.headers['x-goog-resource-state']).toBe('exists');
    expect(message.body).toBe('');
  }
  expect(received.map((message) => message.headers['x-goog-message-number'])).toEqual(['1', '2', '3']);

  // A second channel with the same id is refused; a stopped channel says nothing more.
  const again = await session.watch('primary', { id: 'conn-1.a', address, token: 'x' });
  expect(again.ok).toBe(false);
  const channel = emulator.google.channels.get('conn-1.a')!;
  expect(emulator.google.channels.stop('conn-1.a', channel.resourceId)).toBe(true);
  value(await session.createEvent('primary', event('push-two')));
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(received).toHaveLength(3);
});

test('Google: channels/stop ends a channel over HTTP; an unknown channel is 404', async () => {
  const google = createGoogleCalendar({ ...client, baseUrl: emulator.googleBaseUrl });
  const grant = value(await google.exchangeCode(emulator.google.grants.grantCode(DEMO_ACCOUNT)));
  const session = google.session(grant.refreshToken);
  value(await session.watch('primary', { id: 'conn-2.a', address, token: 't' }));
  const resourceId = emulator.google.channels.get('conn-2.a')!.resourceId;
  const stop = (id: string) =>
    fetch(`${new URL(emulator.googleBaseUrl).origin}/calendar/v3/channels/stop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grant.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, resourceId }),
    });
  expect((await stop('conn-2.a')).status).toBe(204);
  expect(emulator.google.channels.get('conn-2.a')).toBeUndefined();
  expect((await stop('conn-2.a')).status).toBe(404);
});

test('Graph: a subscription is made only after the validation handshake, then every change is notified with its clientState', async () => {
  const microsoft = createMicrosoftCalendar({ ...client, baseUrl: emulator.microsoftBaseUrl });
  const session = microsoft.session(value(await microsoft.exchangeCode(emulator.microsoft.grants.grantCode(DEMO_ACCOUNT))).refreshToken);
  const notificationUrl = `${address}/webhooks/calendar/microsoft`;

  echoValidation = false;
  expect((await session.subscribe(DEMO_ACCOUNT, { address: notificationUrl, clientState: 'conn-3.s' })).ok).toBe(false);
  expect(received).toHaveLength(1); // the validation request, answered wrongly: nothing subscribed

  echoValidation = true;
  const subscribed = value(await session.subscribe(DEMO_ACCOUNT, { address: notificationUrl, clientState: 'conn-3.s' }));
  expect(subscribed.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3 * 86_400_000);
  expect(received).toHaveLength(2);
  expect(received[1]!.query.get('validationToken')).toBeTruthy();

  const { eventId } = value(await session.createEvent(DEMO_ACCOUNT, event('graph-one')));
  value(await session.cancelEvent(DEMO_ACCOUNT, eventId));
  await until(() => received.length === 4);
  for (const message of received.slice(2)) {
    const notification = (JSON.parse(message.body) as { value: Array<Record<string, unknown>> }).value[0]!;
    expect(notification).toMatchObject({ clientState: 'conn-3.s', changeType: 'updated', resource: `me/calendars/${DEMO_ACCOUNT}/events` });
  }
});

test("Google: the client's stopWatching ends the channel with the resource id Google gave; stopping it again still counts as ended", async () => {
  const google = createGoogleCalendar({ ...client, baseUrl: emulator.googleBaseUrl });
  const session = google.session(value(await google.exchangeCode(emulator.google.grants.grantCode(DEMO_ACCOUNT))).refreshToken);
  const watched = value(await session.watch('primary', { id: 'conn-4.a', address: `${address}/webhooks/calendar/google`, token: 't' }));
  expect(watched.resourceId).toBe(emulator.google.channels.get('conn-4.a')!.resourceId);
  // A wrong resource id does not end it (Google checks both, and answers 404 as for an unknown channel).
  await session.stopWatching({ id: 'conn-4.a', resourceId: 'not-its-resource' });
  expect(emulator.google.channels.liveOf(DEMO_ACCOUNT).map((channel) => channel.id)).toEqual(['conn-4.a']);
  value(await session.stopWatching({ id: 'conn-4.a', resourceId: watched.resourceId }));
  const listed = (await (await fetch(`${emulator.googleBaseUrl}/sandbox/channels?account=${encodeURIComponent(DEMO_ACCOUNT)}`)).json()) as {
    channels: unknown[];
  };
  expect(listed.channels).toEqual([]);
  value(await session.stopWatching({ id: 'conn-4.a', resourceId: watched.resourceId }));
  value(await session.createEvent('primary', event('after-stop')));
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(received.filter((message) => message.headers['x-goog-resource-state'] === 'exists')).toEqual([]);
});

test("Graph: the client's unsubscribe deletes the subscription by the id Graph gave; deleting it again still counts as ended", async () => {
  const microsoft = createMicrosoftCalendar({ ...client, baseUrl: emulator.microsoftBaseUrl });
  const session = microsoft.session(value(await microsoft.exchangeCode(emulator.microsoft.grants.grantCode(DEMO_ACCOUNT))).refreshToken);
  const subscribed = value(
    await session.subscribe(DEMO_ACCOUNT, { address: `${address}/webhooks/calendar/microsoft`, clientState: 'conn-5.s' }),
  );
  // The sandbox lists it as tests see it (GET <base>/sandbox/channels).
  const listed = (await (
    await fetch(`${emulator.microsoftBaseUrl}/sandbox/channels?account=${encodeURIComponent(DEMO_ACCOUNT)}`)
  ).json()) as {
    channels: { id: string; calendarId: string }[];
  };
  expect(listed.channels).toEqual([expect.objectContaining({ id: subscribed.subscriptionId, calendarId: DEMO_ACCOUNT })]);
  value(await session.unsubscribe(subscribed.subscriptionId));
  expect(emulator.microsoft.channels.liveOf(DEMO_ACCOUNT)).toEqual([]);
  value(await session.unsubscribe(subscribed.subscriptionId));
  value(await session.createEvent(DEMO_ACCOUNT, event('after-unsubscribe')));
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(received.filter((message) => message.body.includes('conn-5.s'))).toEqual([]);
});
