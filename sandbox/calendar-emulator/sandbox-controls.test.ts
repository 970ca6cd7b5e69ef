// The owner's side over HTTP, for stack tests (test/support/calendar-connection.ts): an event put in
// the owner's calendar is busy for the app, and the owner's live events can be listed.
import { serveCalendars, type ServedCalendars } from '.';

let emulator: ServedCalendars;
beforeAll(async () => {
  emulator = await serveCalendars();
});
afterAll(() => emulator.close());

const ACCOUNT = 'someone@calendar.test';
const post = (base: string, body: unknown) =>
  fetch(`${base}/sandbox/events?account=${encodeURIComponent(ACCOUNT)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test('an event the owner adds is in their primary calendar, busy, and listed; the other provider knows nothing of it', async () => {
  const added = await post(emulator.googleBaseUrl, { start: '2031-01-07T15:00:00Z', end: '2031-01-07T16:00:00Z', summary: 'Dentist' });
  expect(added.status).toBe(201);
  const calendar = emulator.google.store.calendar(ACCOUNT, 'primary')!;
  expect(emulator.google.store.busy(calendar, '2031-01-07T00:00:00Z', '2031-01-08T00:00:00Z')).toEqual([
    { start: '2031-01-07T15:00:00.000Z', end: '2031-01-07T16:00:00.000Z' },
  ]);
  const listed = (await (await fetch(`${emulator.googleBaseUrl}/sandbox/events?account=${encodeURIComponent(ACCOUNT)}`)).json()) as {
    events: { summary: string; calendarId: string; start: string }[];
  };
  expect(listed.events).toEqual([expect.objectContaining({ summary: 'Dentist', calendarId: ACCOUNT, start: '2031-01-07T15:00:00.000Z' })]);
  const other = (await (await fetch(`${emulator.microsoftBaseUrl}/sandbox/events?account=${encodeURIComponent(ACCOUNT)}`)).json()) as {
    events: unknown[];
  };
  expect(other.events).toEqual([]);
});

test('an event without a sensible span or in an unknown calendar is refused', async () => {
  expect((await post(emulator.microsoftBaseUrl, { start: '2031-01-07T16:00:00Z', end: '2031-01-07T15:00:00Z' })).status).toBe(400);
  expect((await post(emulator.microsoftBaseUrl, { start: 'soon', end: '2031-01-07T15:00:00Z' })).status).toBe(400);
  expect(
    (await post(emulator.microsoftBaseUrl, { start: '2031-01-07T15:00:00Z', end: '2031-01-07T16:00:00Z', calendarId: 'nope' })).status,
  ).toBe(400);
});

test('a calendar the owner adds is listed with its name; one without a name is refused', async () => {
  const added = await fetch(`${emulator.googleBaseUrl}/sandbox/calendars?account=${encodeURIComponent(ACCOUNT)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Jobs' }),
  });
  expect(added.status).toBe(201);
  const { id } = (await added.json()) as { id: string };
  expect(emulator.google.store.calendar(ACCOUNT, id)).toMatchObject({ name: 'Jobs', primary: false });
  const unnamed = await fetch(`${emulator.googleBaseUrl}/sandbox/calendars?account=${encodeURIComponent(ACCOUNT)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: ' ' }),
  });
  expect(unnamed.status).toBe(400);
});
