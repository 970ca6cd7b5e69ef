import type { BusinessHours, WeeklyHours } from './business-hours';
import { DEFAULT_WEEKLY_HOURS } from './settings';
import {
  DEFAULT_APPOINTMENT_SETTINGS,
  MIN_LEAD_MINUTES,
  freeSlots,
  isSlotFree,
  overlapsBooking,
  validateAppointmentSettings,
  type AppointmentSettings,
  type BookedSlot,
  type Slot,
} from './slots';

const CHICAGO = 'America/Chicago';
const BERLIN = 'Europe/Berlin';

/** Chicago in June is CDT (UTC-5): '2026-06-15 08:00' → that instant. Written by hand so tests do not use the code they test. */
const cdt = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00-05:00`);
const booking = (start: string, end: string): BookedSlot => ({ start: cdt(start), end: cdt(end) });

/** A slot as the owner reads it in a zone, from Intl directly: '2026-06-15 08:00–10:00'. */
function label(slot: Slot, timeZone = CHICAGO): string {
  const local = (instant: Date) => instant.toLocaleString('sv-SE', { timeZone }).slice(0, 16);
  return `${local(slot.start)}–${local(slot.end).slice(11)}`;
}
const iso = (slot: Slot): string => `${slot.start.toISOString()}/${slot.end.toISOString()}`;

const plumber: BusinessHours = { timeZone: CHICAGO, weekly: DEFAULT_WEEKLY_HOURS, overrides: [] };
const sevenDays = (timeZone: string): BusinessHours => {
  const day = [{ open: '08:00', close: '17:00' }];
  const weekly: WeeklyHours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
  return { timeZone, weekly, overrides: [] };
};
const settings = (changes: Partial<AppointmentSettings> = {}): AppointmentSettings => ({ ...DEFAULT_APPOINTMENT_SETTINGS, ...changes });

test('defaults: 2-hour slots, 30-minute buffer, 14 days ahead, 4 jobs a day, 1 hour lead time', () => {
  expect(DEFAULT_APPOINTMENT_SETTINGS).toEqual({ slotMinutes: 120, bufferMinutes: 30, horizonDays: 14, maxJobsPerDay: 4 });
  expect(MIN_LEAD_MINUTES).toBe(60);
});

// Default plumber hours: Mon–Fri 08:00–17:00 (slots 08:00, 10:30, 13:00; 15:30 would end 17:30),
// Sat 09:00–13:00 (one slot, 09:00), Sun closed. 2026-06-15 is a Monday.
describe('freeSlots: the grid, lead time, buffers, daily cap, horizon and limit', () => {
  interface Case {
    now: string;
    hours?: BusinessHours;
    settings?: AppointmentSettings;
    booked?: BookedSlot[];
    limit?: number;
    expected: string[];
  }
  const MON_ALL = ['2026-06-15 08:00–10:00', '2026-06-15 10:30–12:30', '2026-06-15 13:00–15:00'];
  const TUE_ALL = ['2026-06-16 08:00–10:00', '2026-06-16 10:30–12:30', '2026-06-16 13:00–15:00'];
  const onlyMonday = settings({ horizonDays: 1 });

  test.each<[string, Case]>([
    [
      'slots start at the opening and step by slot + buffer; the last fits inside the span',
      { now: '2026-06-15 06:00', limit: 7, expected: [...MON_ALL, ...TUE_ALL, '2026-06-17 08:00–10:00'] },
    ],
    ['default limit is 5', { now: '2026-06-15 06:00', expected: [...MON_ALL, ...TUE_ALL.slice(0, 2)] }],
    ['limit 2', { now: '2026-06-15 06:00', limit: 2, expected: MON_ALL.slice(0, 2) }],
    ['limit 0 asks for nothing', { now: '2026-06-15 06:00', limit: 0, expected: [] }],
    [
      'Saturday has one slot, Sunday none',
      { now: '2026-06-19 16:00', limit: 3, expected: ['2026-06-20 09:00–11:00', '2026-06-22 08:00–10:00', '2026-06-22 10:30–12:30'] },
    ],
    ['lead time: a slot exactly 60 min away is offered', { now: '2026-06-15 07:00', settings: onlyMonday, expected: MON_ALL }],
    ['lead time: 59 min away is too soon', { now: '2026-06-15 07:01', settings: onlyMonday, expected: MON_ALL.slice(1) }],
    ['lead time: mid-morning', { now: '2026-06-15 09:31', settings: onlyMonday, expected: MON_ALL.slice(2) }],
    ['lead time: a slot already started is never offered', { now: '2026-06-15 13:30', settings: onlyMonday, expected: [] }],
    [
      'a booked slot is not offered again (two callers never get the same slot)',
      {
        now: '2026-06-15 06:00',
        settings: onlyMonday,
        booked: [booking('2026-06-15 10:30', '2026-06-15 12:30')],
        expected: [MON_ALL[0]!, MON_ALL[2]!],
      },
    ],
    [
      'exactly one buffer between appointments is enough',
      {
        now: '2026-06-15 06:00',
        settings: onlyMonday,
        booked: [booking('2026-06-15 10:30', '2026-06-15 12:30')],
        expected: ['2026-06-15 08:00–10:00', '2026-06-15 13:00–15:00'],
      },
    ],
    [
      'an owner booking off the grid blocks the slot it overlaps',
      {
        now: '2026-06-15 06:00',
        settings: onlyMonday,
        booked: [booking('2026-06-15 11:00', '2026-06-15 12:00')],
        expected: [MON_ALL[0]!, MON_ALL[2]!],
      },
    ],
    [
      'the buffer after a booking blocks the next slot',
      { now: '2026-06-15 06:00', settings: onlyMonday, booked: [booking('2026-06-15 10:05', '2026-06-15 10:15')], expected: [MON_ALL[2]!] },
    ],
    [
      'the buffer before a booking blocks the previous slot',
      {
        now: '2026-06-15 06:00',
        settings: onlyMonday,
        booked: [booking('2026-06-15 15:00', '2026-06-15 15:30')],
        expected: MON_ALL.slice(0, 2),
      },
    ],
    [
      'buffers on both sides of a short booking',
      { now: '2026-06-15 06:00', settings: onlyMonday, booked: [booking('2026-06-15 12:45', '2026-06-15 13:15')], expected: [MON_ALL[0]!] },
    ],
    [
      'a booking before opening with its buffer clear of 08:00 blocks nothing',
      { now: '2026-06-15 06:00', settings: onlyMonday, booked: [booking('2026-06-15 07:00', '2026-06-15 07:30')], expected: MON_ALL },
    ],
    [
      'a booking on another day blocks nothing today',
      { now: '2026-06-15 06:00', settings: onlyMonday, booked: [booking('2026-06-16 08:00', '2026-06-16 10:00')], expected: MON_ALL },
    ],
    [
      'no buffer: slots step by the slot length and may touch a booking',
      {
        now: '2026-06-15 06:00',
        settings: settings({ horizonDays: 1, bufferMinutes: 0 }),
        booked: [booking('2026-06-15 10:00', '2026-06-15 10:30')],
        expected: ['2026-06-15 08:00–10:00', '2026-06-15 12:00–14:00', '2026-06-15 14:00–16:00'],
      },
    ],
    [
      'one-hour slots, 15-minute buffer',
      {
        now: '2026-06-15 06:00',
        settings: settings({ horizonDays: 1, slotMinutes: 60, bufferMinutes: 15 }),
        limit: 10,
        expected: ['08:00–09:00', '09:15–10:15', '10:30–11:30', '11:45–12:45', '13:00–14:00', '14:15–15:15', '15:30–16:30'].map(
          (time) => `2026-06-15 ${time}`,
        ),
      },
    ],
    [
      'daily cap reached: the day is full even with free time left',
      {
        now: '2026-06-15 06:00',
        settings: settings({ maxJobsPerDay: 2 }),
        booked: [booking('2026-06-15 06:00', '2026-06-15 06:30'), booking('2026-06-15 18:00', '2026-06-15 18:30')],
        limit: 3,
        expected: TUE_ALL,
      },
    ],
    [
      'daily cap not reached: one booking of two',
      {
        now: '2026-06-15 06:00',
        settings: settings({ maxJobsPerDay: 2, horizonDays: 1 }),
        booked: [booking('2026-06-15 18:00', '2026-06-15 18:30')],
        expected: MON_ALL,
      },
    ],
    [
      'daily cap of 4 (default) with four bookings',
      {
        now: '2026-06-15 06:00',
        booked: [
          booking('2026-06-15 05:00', '2026-06-15 05:15'),
          booking('2026-06-15 05:15', '2026-06-15 05:30'),
          booking('2026-06-15 18:00', '2026-06-15 18:15'),
          booking('2026-06-15 19:00', '2026-06-15 19:15'),
        ],
        limit: 3,
        expected: TUE_ALL,
      },
    ],
    [
      'the cap counts by local date: Mon 19:00 CDT is Tuesday in UTC but fills Monday',
      {
        now: '2026-06-15 06:00',
        settings: settings({ maxJobsPerDay: 1 }),
        booked: [booking('2026-06-15 19:00', '2026-06-15 19:30')],
        limit: 3,
        expected: TUE_ALL,
      },
    ],
    [
      'offering is not booking: a cap of 1 still offers every free slot',
      { now: '2026-06-15 06:00', settings: settings({ maxJobsPerDay: 1, horizonDays: 1 }), expected: MON_ALL },
    ],
    ['horizon 1 is today only', { now: '2026-06-15 06:00', settings: settings({ horizonDays: 1 }), limit: 100, expected: MON_ALL }],
    [
      'horizon 2 is today and tomorrow',
      { now: '2026-06-15 06:00', settings: settings({ horizonDays: 2 }), limit: 100, expected: [...MON_ALL, ...TUE_ALL] },
    ],
    [
      'horizon counts local days: Mon 20:00 CDT is Tuesday in UTC, but today is still Monday',
      { now: '2026-06-15 20:00', settings: settings({ horizonDays: 1 }), limit: 100, expected: [] },
    ],
    ['horizon 0 offers nothing', { now: '2026-06-15 06:00', settings: settings({ horizonDays: 0 }), expected: [] }],
    [
      'a closed-day override removes the day',
      {
        now: '2026-06-15 06:00',
        hours: { ...plumber, overrides: [{ date: '2026-06-15', closed: true, reason: 'Family day' }] },
        limit: 3,
        expected: TUE_ALL,
      },
    ],
    [
      'special hours replace the weekday',
      {
        now: '2026-06-15 06:00',
        hours: { ...plumber, overrides: [{ date: '2026-06-15', spans: [{ open: '10:00', close: '13:00' }] }] },
        limit: 2,
        expected: ['2026-06-15 10:00–12:00', '2026-06-16 08:00–10:00'],
      },
    ],
    [
      'a slot never spans a lunch break: each span has its own grid',
      {
        now: '2026-06-15 06:00',
        hours: {
          ...plumber,
          weekly: {
            ...plumber.weekly,
            mon: [
              { open: '08:00', close: '11:00' },
              { open: '12:00', close: '16:00' },
            ],
          },
        },
        settings: onlyMonday,
        expected: ['2026-06-15 08:00–10:00', '2026-06-15 12:00–14:00'],
      },
    ],
    [
      'unusable settings (slot length 0) offer nothing instead of looping',
      { now: '2026-06-15 06:00', settings: settings({ slotMinutes: 0 }), expected: [] },
    ],
  ])(
    '%s',
    (_behaviour, { now, hours = plumber, settings: appointmentSettings = DEFAULT_APPOINTMENT_SETTINGS, booked = [], limit, expected }) => {
      const slots = freeSlots({ now: cdt(now), hours, settings: appointmentSettings, booked, ...(limit === undefined ? {} : { limit }) });
      expect(slots.map((slot) => label(slot))).toEqual(expected);
    },
  );

  test('the full default horizon: 14 local dates from today, 10 weekdays × 3 + 2 Saturdays × 1', () => {
    const slots = freeSlots({
      now: cdt('2026-06-15 06:00'),
      hours: plumber,
      settings: DEFAULT_APPOINTMENT_SETTINGS,
      booked: [],
      limit: 1000,
    });
    expect(slots).toHaveLength(32);
    expect(label(slots[slots.length - 1]!)).toBe('2026-06-27 09:00–11:00');
    const starts = slots.map((slot) => slot.start.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});

describe('freeSlots across DST: a slot keeps its local wall time', () => {
  test.each([
    // [zone, now (UTC), horizon days, expected UTC slots, why]
    [
      CHICAGO,
      '2026-03-07T12:00:00Z',
      2,
      [
        '2026-03-07T14:00:00.000Z/2026-03-07T16:00:00.000Z',
        '2026-03-07T16:30:00.000Z/2026-03-07T18:30:00.000Z',
        '2026-03-07T19:00:00.000Z/2026-03-07T21:00:00.000Z',
        '2026-03-08T13:00:00.000Z/2026-03-08T15:00:00.000Z',
        '2026-03-08T15:30:00.000Z/2026-03-08T17:30:00.000Z',
        '2026-03-08T18:00:00.000Z/2026-03-08T20:00:00.000Z',
      ],
      'Sat in CST, Sun (spring-forward) in CDT: 08:00 both days, not 09:00 on Sunday',
    ],
    [
      CHICAGO,
      '2026-10-31T11:00:00Z',
      2,
      [
        '2026-10-31T13:00:00.000Z/2026-10-31T15:00:00.000Z',
        '2026-10-31T15:30:00.000Z/2026-10-31T17:30:00.000Z',
        '2026-10-31T18:00:00.000Z/2026-10-31T20:00:00.000Z',
        '2026-11-01T14:00:00.000Z/2026-11-01T16:00:00.000Z',
        '2026-11-01T16:30:00.000Z/2026-11-01T18:30:00.000Z',
        '2026-11-01T19:00:00.000Z/2026-11-01T21:00:00.000Z',
      ],
      'Sat in CDT, Sun (fall-back) in CST: 08:00 both days, not 07:00 on Sunday',
    ],
    [
      BERLIN,
      '2026-03-28T05:00:00Z',
      2,
      [
        '2026-03-28T07:00:00.000Z/2026-03-28T09:00:00.000Z',
        '2026-03-28T09:30:00.000Z/2026-03-28T11:30:00.000Z',
        '2026-03-28T12:00:00.000Z/2026-03-28T14:00:00.000Z',
        '2026-03-29T06:00:00.000Z/2026-03-29T08:00:00.000Z',
        '2026-03-29T08:30:00.000Z/2026-03-29T10:30:00.000Z',
        '2026-03-29T11:00:00.000Z/2026-03-29T13:00:00.000Z',
      ],
      'Berlin: Sat in CET, Sun (spring-forward) in CEST',
    ],
    [
      BERLIN,
      '2026-10-24T04:00:00Z',
      2,
      [
        '2026-10-24T06:00:00.000Z/2026-10-24T08:00:00.000Z',
        '2026-10-24T08:30:00.000Z/2026-10-24T10:30:00.000Z',
        '2026-10-24T11:00:00.000Z/2026-10-24T13:00:00.000Z',
        '2026-10-25T07:00:00.000Z/2026-10-25T09:00:00.000Z',
        '2026-10-25T09:30:00.000Z/2026-10-25T11:30:00.000Z',
        '2026-10-25T12:00:00.000Z/2026-10-25T14:00:00.000Z',
      ],
      'Berlin: Sat in CEST, Sun (fall-back) in CET',
    ],
  ])('%s from %s, %d days: %j — %s', (zone, now, horizonDays, expected) => {
    const slots = freeSlots({ now: new Date(now), hours: sevenDays(zone), settings: settings({ horizonDays }), booked: [], limit: 100 });
    expect(slots.map(iso)).toEqual(expected);
    expect(new Set(slots.map((slot) => label(slot, zone).slice(11)))).toEqual(new Set(['08:00–10:00', '10:30–12:30', '13:00–15:00']));
  });

  test('around the clock on the spring-forward night: the slot that starts in the gap starts when it ends', () => {
    const allDay = [{ open: '00:00', close: '24:00' }];
    const hours: BusinessHours = {
      timeZone: CHICAGO,
      weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      overrides: [],
    };
    const slots = freeSlots({
      now: new Date('2026-03-08T05:00:00Z'),
      hours,
      settings: settings({ bufferMinutes: 0, horizonDays: 2 }),
      booked: [],
      limit: 4,
    });
    expect(slots.map((slot) => label(slot))).toEqual([
      '2026-03-08 00:00–03:00',
      '2026-03-08 03:00–04:00',
      '2026-03-08 04:00–06:00',
      '2026-03-08 06:00–08:00',
    ]);
    for (let index = 1; index < slots.length; index += 1)
      expect(slots[index]!.start.getTime()).toBeGreaterThanOrEqual(slots[index - 1]!.end.getTime());
  });
});

describe('isSlotFree: the early check on a requested booking', () => {
  const tuesdayJob = booking('2026-06-16 10:30', '2026-06-16 12:30');
  test.each<[string, string, string, string, boolean, Partial<AppointmentSettings>?]>([
    ['a free grid slot', '2026-06-15 06:00', '2026-06-15 08:00', '2026-06-15 10:00', true],
    ['the booked slot itself (the second caller is refused)', '2026-06-15 06:00', '2026-06-16 10:30', '2026-06-16 12:30', false],
    ['a slot exactly one buffer before the booking', '2026-06-15 06:00', '2026-06-16 08:00', '2026-06-16 10:00', true],
    ['a slot exactly one buffer after the booking', '2026-06-15 06:00', '2026-06-16 13:00', '2026-06-16 15:00', true],
    ['off the grid', '2026-06-15 06:00', '2026-06-15 08:15', '2026-06-15 10:15', false],
    ['the wrong length', '2026-06-15 06:00', '2026-06-15 08:00', '2026-06-15 09:00', false],
    ['ending after closing time', '2026-06-15 06:00', '2026-06-15 15:30', '2026-06-15 17:30', false],
    ['on a closed Sunday', '2026-06-15 06:00', '2026-06-21 08:00', '2026-06-21 10:00', false],
    ['inside the lead time', '2026-06-15 07:30', '2026-06-15 08:00', '2026-06-15 10:00', false],
    ['in the past', '2026-06-15 06:00', '2026-06-12 08:00', '2026-06-12 10:00', false],
    ['on the last date of the horizon', '2026-06-15 06:00', '2026-06-26 13:00', '2026-06-26 15:00', true],
    ['past the horizon', '2026-06-15 06:00', '2026-06-29 08:00', '2026-06-29 10:00', false],
    ['on a day the cap has filled', '2026-06-15 06:00', '2026-06-16 08:00', '2026-06-16 10:00', false, { maxJobsPerDay: 1 }],
    ['on a day the cap leaves open', '2026-06-15 06:00', '2026-06-17 08:00', '2026-06-17 10:00', true, { maxJobsPerDay: 1 }],
  ])('%s (now %s): %s–%s free: %s', (_what, now, start, end, free, changes = {}) => {
    expect(
      isSlotFree(
        { start: cdt(start), end: cdt(end) },
        { now: cdt(now), hours: plumber, settings: settings(changes), booked: [tuesdayJob] },
      ),
    ).toBe(free);
  });

  test.each([
    ['2026-03-08T13:00:00Z', '2026-03-08T15:00:00Z', true, '08:00–10:00 CDT on the spring-forward Sunday'],
    ['2026-03-08T14:00:00Z', '2026-03-08T16:00:00Z', false, 'the same slot computed with last week’s CST offset'],
    ['2026-11-01T14:00:00Z', '2026-11-01T16:00:00Z', true, '08:00–10:00 CST on the fall-back Sunday'],
    ['2026-11-01T13:00:00Z', '2026-11-01T15:00:00Z', false, 'the same slot computed with CDT'],
  ])('DST: %s–%s free: %s — %s', (start, end, free) => {
    const now = new Date(start.startsWith('2026-03') ? '2026-03-07T12:00:00Z' : '2026-10-31T12:00:00Z');
    expect(
      isSlotFree(
        { start: new Date(start), end: new Date(end) },
        { now, hours: sevenDays(CHICAGO), settings: DEFAULT_APPOINTMENT_SETTINGS, booked: [] },
      ),
    ).toBe(free);
  });

  test('an invalid date is never free', () => {
    expect(
      isSlotFree(
        { start: new Date(Number.NaN), end: cdt('2026-06-15 10:00') },
        { now: cdt('2026-06-15 06:00'), hours: plumber, settings: DEFAULT_APPOINTMENT_SETTINGS, booked: [] },
      ),
    ).toBe(false);
  });

  test.each([
    ['no bookings', []],
    [
      'one booking a day',
      [
        booking('2026-06-15 10:30', '2026-06-15 12:30'),
        booking('2026-06-16 13:00', '2026-06-16 15:00'),
        booking('2026-06-18 09:00', '2026-06-18 09:20'),
      ],
    ],
  ])('every slot freeSlots offers passes isSlotFree and keeps the buffer (%s): one rule, not two', (_what, booked) => {
    const input = { now: cdt('2026-06-15 06:00'), hours: plumber, settings: DEFAULT_APPOINTMENT_SETTINGS, booked };
    const slots = freeSlots({ ...input, limit: 1000 });
    expect(slots.length).toBeGreaterThan(20);
    for (const slot of slots) {
      expect(isSlotFree(slot, input)).toBe(true);
      expect(overlapsBooking(slot, booked, DEFAULT_APPOINTMENT_SETTINGS.bufferMinutes)).toBe(false);
    }
  });
});

describe("busy: the owner's own calendar (issue #16)", () => {
  const now = cdt('2026-06-15 06:00');
  const onlyMonday = settings({ horizonDays: 1 });
  const monday = (busy: BookedSlot[], changes: Partial<AppointmentSettings> = {}) =>
    freeSlots({ now, hours: plumber, settings: { ...onlyMonday, ...changes }, booked: [], busy, limit: 10 }).map((slot) => label(slot));

  test('a busy hour removes the slot it falls in, and keeps the buffer around it as a booking does', () => {
    expect(monday([booking('2026-06-15 09:00', '2026-06-15 10:00')])).toEqual(['2026-06-15 10:30–12:30', '2026-06-15 13:00–15:00']);
    // Ending 15 minutes before the 10:30 slot: inside its 30-minute buffer.
    expect(monday([booking('2026-06-15 09:00', '2026-06-15 10:15')])).toEqual(['2026-06-15 13:00–15:00']);
    expect(monday([booking('2026-06-15 12:40', '2026-06-15 12:45')])).toEqual(['2026-06-15 08:00–10:00']);
    expect(monday([booking('2026-06-15 12:40', '2026-06-15 12:45')], { bufferMinutes: 0 })).toEqual([
      '2026-06-15 08:00–10:00',
      '2026-06-15 10:00–12:00',
      '2026-06-15 14:00–16:00',
    ]);
  });

  test('busy times are not jobs: a day full of meetings is not a day with maxJobsPerDay bookings', () => {
    const meetings = [booking('2026-06-15 06:00', '2026-06-15 06:10'), booking('2026-06-15 18:00', '2026-06-15 18:10')];
    expect(monday(meetings, { maxJobsPerDay: 1 })).toEqual(['2026-06-15 08:00–10:00', '2026-06-15 10:30–12:30', '2026-06-15 13:00–15:00']);
    // The same two spans as booked jobs close the day.
    expect(
      freeSlots({ now, hours: plumber, settings: settings({ horizonDays: 1, maxJobsPerDay: 1 }), booked: meetings, limit: 10 }),
    ).toEqual([]);
  });

  test('isSlotFree, the check at booking, sees the same busy times', () => {
    const busy = [booking('2026-06-15 09:00', '2026-06-15 10:00')];
    const input = { now, hours: plumber, settings: DEFAULT_APPOINTMENT_SETTINGS, booked: [], busy };
    expect(isSlotFree({ start: cdt('2026-06-15 08:00'), end: cdt('2026-06-15 10:00') }, input)).toBe(false);
    expect(isSlotFree({ start: cdt('2026-06-15 13:00'), end: cdt('2026-06-15 15:00') }, input)).toBe(true);
  });
});

describe('overlapsBooking', () => {
  const job = [booking('2026-06-15 10:00', '2026-06-15 12:00')];
  test.each([
    ['2026-06-15 07:30', '2026-06-15 09:30', 30, false, 'ends one buffer before'],
    ['2026-06-15 07:31', '2026-06-15 09:31', 30, true, 'ends a minute inside the buffer'],
    ['2026-06-15 12:30', '2026-06-15 14:30', 30, false, 'starts one buffer after'],
    ['2026-06-15 12:29', '2026-06-15 14:29', 30, true, 'starts a minute inside the buffer'],
    ['2026-06-15 12:00', '2026-06-15 14:00', 0, false, 'touching with no buffer'],
    ['2026-06-15 10:30', '2026-06-15 11:00', 0, true, 'inside the booking'],
    ['2026-06-15 09:00', '2026-06-15 13:00', 0, true, 'around the booking'],
  ])('%s–%s with buffer %d overlaps: %s — %s', (start, end, buffer, overlaps) => {
    expect(overlapsBooking({ start: cdt(start), end: cdt(end) }, job, buffer)).toBe(overlaps);
  });
});

describe('validateAppointmentSettings', () => {
  test.each([
    [{}, DEFAULT_APPOINTMENT_SETTINGS],
    [{ slotMinutes: 60 }, { ...DEFAULT_APPOINTMENT_SETTINGS, slotMinutes: 60 }],
    [
      { slotMinutes: 90, bufferMinutes: 0, horizonDays: 30, maxJobsPerDay: 8 },
      { slotMinutes: 90, bufferMinutes: 0, horizonDays: 30, maxJobsPerDay: 8 },
    ],
  ])('accepted: %j', (input, expected) => {
    expect(validateAppointmentSettings(input)).toEqual({ ok: true, value: expected });
  });

  test.each([
    [null, 'must be an object'],
    [{ slotMinutes: 0 }, 'slotMinutes must be a whole number from 15 to 1440, not 0'],
    [{ slotMinutes: 90.5 }, 'slotMinutes'],
    [{ slotMinutes: '120' }, 'not "120"'],
    [{ bufferMinutes: -5 }, 'bufferMinutes'],
    [{ horizonDays: 0 }, 'horizonDays must be a whole number from 1 to 365'],
    [{ horizonDays: 1000 }, 'horizonDays'],
    [{ maxJobsPerDay: 0 }, 'maxJobsPerDay'],
  ])('refused: %j (%s)', (input, reason) => {
    const result = validateAppointmentSettings(input);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toContain(reason);
  });
});
