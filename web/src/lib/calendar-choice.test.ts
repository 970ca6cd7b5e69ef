import { expect, test } from 'vitest';
import type { CalendarConnectionView } from './calendar-api';
import { bookingKey, changedChoices, connectFailure, draftOf, needsReconnect, toggleBusy } from './calendar-choice';

const calendar = (id: string, busy: boolean, bookings = false) => ({ id, name: id, primary: id.startsWith('main'), busy, bookings });
const connection = (id: string, calendars: CalendarConnectionView['calendars'], status: 'connected' | 'reconnect' = 'connected') =>
  ({
    id,
    provider: id === 'g' ? 'google' : 'microsoft',
    account: `${id}@example.com`,
    status,
    calendars,
    lastSyncedAt: null,
    lastFailure: null,
  }) as CalendarConnectionView;

const google = connection('g', [calendar('main-g', true, true), calendar('family', false)]);
const microsoft = connection('m', [calendar('main-m', true)]);

test('the draft starts from what is saved: busy calendars per connection, the one booking calendar', () => {
  expect(draftOf([google, microsoft])).toEqual({ busy: { g: ['main-g'], m: ['main-m'] }, booking: 'g/main-g' });
  expect(changedChoices([google, microsoft], draftOf([google, microsoft]))).toEqual([]);
});

test('a busy calendar ticked sends that connection only', () => {
  const draft = toggleBusy(draftOf([google, microsoft]), 'g', 'family', true);
  expect(changedChoices([google, microsoft], draft)).toEqual([
    { connectionId: 'g', choice: { busyCalendarIds: ['main-g', 'family'], bookingCalendarId: 'main-g' } },
  ]);
  expect(changedChoices([google, microsoft], toggleBusy(draft, 'g', 'family', false))).toEqual([]);
});

test('bookings moving to another connection: the one giving them up is sent first, the one taking them last', () => {
  const draft = { ...draftOf([google, microsoft]), booking: bookingKey('m', 'main-m') };
  expect(changedChoices([google, microsoft], draft)).toEqual([
    { connectionId: 'g', choice: { busyCalendarIds: ['main-g'], bookingCalendarId: null } },
    { connectionId: 'm', choice: { busyCalendarIds: ['main-m'], bookingCalendarId: 'main-m' } },
  ]);
});

test('no booking calendar at all', () => {
  const draft = { ...draftOf([google, microsoft]), booking: null };
  expect(changedChoices([google, microsoft], draft)).toEqual([
    { connectionId: 'g', choice: { busyCalendarIds: ['main-g'], bookingCalendarId: null } },
  ]);
});

test('words for a failed connection, and whether any calendar needs reconnecting', () => {
  expect(connectFailure('denied')).toMatch(/did not allow/);
  expect(connectFailure('whatever')).toMatch(/could not be connected/);
  expect(needsReconnect([google, microsoft])).toBe(false);
  expect(needsReconnect([google, connection('m', [], 'reconnect')])).toBe(true);
});
