import { expect, test } from 'vitest';
import { byLocalDate, datesOf, rangeOf, step, todayIn, webcalUrl, weekStart } from './calendar';

test('a week runs Monday to Sunday, whatever day is picked', () => {
  expect(weekStart('2026-03-05')).toBe('2026-03-02'); // a Thursday
  expect(weekStart('2026-03-08')).toBe('2026-03-02'); // the Sunday
  expect(datesOf('week', '2026-03-05')).toHaveLength(7);
  expect(step('week', '2026-03-05', 1)).toBe('2026-03-09');
  expect(step('day', '2026-03-01', -1)).toBe('2026-02-28');
});

test("a day's range is midnight to midnight in the business's zone, 23 hours on the day clocks spring forward", () => {
  const { from, to } = rangeOf('day', '2026-03-08', 'America/Chicago');
  expect(from).toBe('2026-03-08T06:00:00.000Z');
  expect(to).toBe('2026-03-09T05:00:00.000Z');
});

test("appointments are grouped by the business's local date, not the browser's", () => {
  const late = { start: '2026-03-03T04:30:00Z' }; // 22:30 on Mar 2 in Chicago
  const groups = byLocalDate([late], 'America/Chicago');
  expect([...groups.keys()]).toEqual(['2026-03-02']);
  expect(todayIn('America/Chicago', new Date('2026-03-03T04:30:00Z'))).toBe('2026-03-02');
});

test('the calendar link opens a calendar app by the webcal scheme', () => {
  expect(webcalUrl('https://app.example.com/api/calendar/abc.ics')).toBe('webcal://app.example.com/api/calendar/abc.ics');
});

test('a time range names AM or PM once when both ends share it', async () => {
  const { timeRange } = await import('./format');
  expect(timeRange('2026-03-02T15:00:00Z', '2026-03-02T17:00:00Z', 'America/Chicago')).toMatch(/^9:00–11:00\sAM$/);
  expect(timeRange('2026-03-02T17:00:00Z', '2026-03-02T19:00:00Z', 'America/Chicago')).toMatch(/^11:00\sAM–1:00\sPM$/);
});
