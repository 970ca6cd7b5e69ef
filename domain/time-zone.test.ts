import {
  addLocalDays,
  canonicalTimeZone,
  isValidLocalDate,
  isValidTimeZone,
  localDaysBetween,
  localParts,
  utcOffsetMs,
  weekdayOf,
  zonedInstant,
} from './time-zone';

const CHICAGO = 'America/Chicago';
const BERLIN = 'Europe/Berlin';

// DST in 2026: Chicago springs forward 02:00 CST → 03:00 CDT on 03-08 (08:00Z) and falls back
// 02:00 CDT → 01:00 CST on 11-01 (07:00Z); Berlin 02:00 CET → 03:00 CEST on 03-29 (01:00Z) and
// 03:00 CEST → 02:00 CET on 10-25 (01:00Z).

describe('localParts reads the wall clock of the business, not of the server or UTC', () => {
  test.each([
    // [instant, zone, date, weekday, minutes, what a bug would do]
    ['2026-03-08T07:59:00Z', CHICAGO, '2026-03-08', 'sun', 1 * 60 + 59, 'last minute of CST before the gap'],
    ['2026-03-08T08:00:00Z', CHICAGO, '2026-03-08', 'sun', 3 * 60, 'first minute of CDT: a fixed -6 h offset would say 02:00'],
    ['2026-03-08T13:00:00Z', CHICAGO, '2026-03-08', 'sun', 8 * 60, 'morning after spring-forward is 08:00, not 07:00'],
    ['2026-03-09T04:59:00Z', CHICAGO, '2026-03-08', 'sun', 23 * 60 + 59, 'UTC already says Monday; locally it is still Sunday'],
    ['2026-03-09T05:00:00Z', CHICAGO, '2026-03-09', 'mon', 0, 'local midnight under CDT'],
    ['2026-11-01T06:30:00Z', CHICAGO, '2026-11-01', 'sun', 1 * 60 + 30, '01:30 CDT, first time round'],
    ['2026-11-01T07:30:00Z', CHICAGO, '2026-11-01', 'sun', 1 * 60 + 30, '01:30 CST, second time round'],
    ['2026-11-01T08:00:00Z', CHICAGO, '2026-11-01', 'sun', 2 * 60, 'after fall-back, 08:00Z is 02:00'],
    ['2026-11-01T14:00:00Z', CHICAGO, '2026-11-01', 'sun', 8 * 60, 'morning after fall-back: a fixed -5 h offset would say 09:00'],
    ['2026-01-01T05:59:00Z', CHICAGO, '2025-12-31', 'wed', 23 * 60 + 59, 'year boundary: still New Year’s Eve locally'],
    ['2026-06-15T13:59:59.999Z', CHICAGO, '2026-06-15', 'mon', 8 * 60 + 59, 'seconds are cut, not rounded up to 09:00'],
    ['2026-03-29T00:59:00Z', BERLIN, '2026-03-29', 'sun', 1 * 60 + 59, 'last minute of CET before the gap'],
    ['2026-03-29T01:00:00Z', BERLIN, '2026-03-29', 'sun', 3 * 60, 'first minute of CEST'],
    ['2026-03-29T06:00:00Z', BERLIN, '2026-03-29', 'sun', 8 * 60, 'morning after spring-forward'],
    ['2026-10-24T22:00:00Z', BERLIN, '2026-10-25', 'sun', 0, 'UTC says Saturday; Berlin is already at Sunday midnight'],
    ['2026-10-25T00:30:00Z', BERLIN, '2026-10-25', 'sun', 2 * 60 + 30, '02:30 CEST, first time round'],
    ['2026-10-25T01:30:00Z', BERLIN, '2026-10-25', 'sun', 2 * 60 + 30, '02:30 CET, second time round'],
    ['2026-10-25T07:00:00Z', BERLIN, '2026-10-25', 'sun', 8 * 60, 'morning after fall-back'],
    ['2026-06-15T02:30:00Z', 'Asia/Kolkata', '2026-06-15', 'mon', 8 * 60, 'half-hour offsets'],
    ['2026-06-15T23:59:00Z', 'UTC', '2026-06-15', 'mon', 23 * 60 + 59, 'UTC itself'],
  ])('%s in %s is %s (%s) minute %d — %s', (instant, zone, date, weekday, minutes) => {
    expect(localParts(new Date(instant), zone)).toEqual({ date, weekday, minutes });
  });

  test.each([
    ['2026-06-15', 'mon'],
    ['2026-06-16', 'tue'],
    ['2026-06-17', 'wed'],
    ['2026-06-18', 'thu'],
    ['2026-06-19', 'fri'],
    ['2026-06-20', 'sat'],
    ['2026-06-21', 'sun'],
  ])('every weekday is named right: %s at local noon is %s (in both zones and via weekdayOf)', (date, weekday) => {
    expect(localParts(new Date(`${date}T17:00:00Z`), CHICAGO).weekday).toBe(weekday);
    expect(localParts(new Date(`${date}T10:00:00Z`), BERLIN).weekday).toBe(weekday);
    expect(weekdayOf(date)).toBe(weekday);
  });

  test('an invalid Date is refused rather than read as some time', () => {
    expect(() => localParts(new Date(Number.NaN), CHICAGO)).toThrow(RangeError);
  });

  test.each([
    ['2026-03-08T07:59:00Z', CHICAGO, -6],
    ['2026-03-08T08:00:00Z', CHICAGO, -5],
    ['2026-11-01T06:59:00Z', CHICAGO, -5],
    ['2026-11-01T07:00:00Z', CHICAGO, -6],
    ['2026-03-29T00:59:00Z', BERLIN, 1],
    ['2026-03-29T01:00:00Z', BERLIN, 2],
    ['2026-10-25T00:59:00Z', BERLIN, 2],
    ['2026-10-25T01:00:00Z', BERLIN, 1],
  ])('the offset changes exactly at the transition: %s in %s is UTC%+d h', (instant, zone, hours) => {
    expect(utcOffsetMs(new Date(instant), zone)).toBe(hours * 3_600_000);
  });
});

describe('zonedInstant turns a wall-clock time into the instant it happens', () => {
  test.each([
    // [date, 'HH:MM', zone, instant, why]
    ['2026-03-07', '08:00', CHICAGO, '2026-03-07T14:00:00.000Z', 'the day before: CST'],
    ['2026-03-08', '00:00', CHICAGO, '2026-03-08T06:00:00.000Z', 'midnight before the change is still CST'],
    ['2026-03-08', '01:59', CHICAGO, '2026-03-08T07:59:00.000Z', 'last wall minute before the gap'],
    ['2026-03-08', '02:00', CHICAGO, '2026-03-08T08:00:00.000Z', 'gap: 02:00 does not exist, the gap ends at 03:00 CDT'],
    ['2026-03-08', '02:30', CHICAGO, '2026-03-08T08:00:00.000Z', 'gap: first valid instant after it (not 03:30, not 01:30)'],
    ['2026-03-08', '02:59', CHICAGO, '2026-03-08T08:00:00.000Z', 'gap: last missing minute'],
    ['2026-03-08', '03:00', CHICAGO, '2026-03-08T08:00:00.000Z', 'first wall minute after the gap'],
    ['2026-03-08', '08:00', CHICAGO, '2026-03-08T13:00:00.000Z', 'a fixed -6 h offset would give 14:00Z'],
    ['2026-03-08', '24:00', CHICAGO, '2026-03-09T05:00:00.000Z', '24:00 is the next midnight'],
    ['2026-11-01', '00:30', CHICAGO, '2026-11-01T05:30:00.000Z', 'before the overlap: CDT'],
    ['2026-11-01', '01:00', CHICAGO, '2026-11-01T06:00:00.000Z', 'overlap: the earlier 01:00 (CDT)'],
    ['2026-11-01', '01:30', CHICAGO, '2026-11-01T06:30:00.000Z', 'overlap: the earlier 01:30 (CDT), not 07:30Z'],
    ['2026-11-01', '01:59', CHICAGO, '2026-11-01T06:59:00.000Z', 'overlap: the earlier 01:59'],
    ['2026-11-01', '02:00', CHICAGO, '2026-11-01T08:00:00.000Z', 'after the overlap: CST'],
    ['2026-11-01', '08:00', CHICAGO, '2026-11-01T14:00:00.000Z', 'a fixed -5 h offset would give 13:00Z'],
    ['2026-03-28', '08:00', BERLIN, '2026-03-28T07:00:00.000Z', 'the day before: CET'],
    ['2026-03-29', '01:59', BERLIN, '2026-03-29T00:59:00.000Z', 'last wall minute before the gap'],
    ['2026-03-29', '02:00', BERLIN, '2026-03-29T01:00:00.000Z', 'gap: the gap ends at 03:00 CEST'],
    ['2026-03-29', '02:30', BERLIN, '2026-03-29T01:00:00.000Z', 'gap: first valid instant after it'],
    ['2026-03-29', '03:00', BERLIN, '2026-03-29T01:00:00.000Z', 'first wall minute after the gap'],
    ['2026-03-29', '08:00', BERLIN, '2026-03-29T06:00:00.000Z', 'morning after spring-forward: CEST'],
    ['2026-10-25', '01:59', BERLIN, '2026-10-24T23:59:00.000Z', 'before the overlap: CEST, previous UTC date'],
    ['2026-10-25', '02:00', BERLIN, '2026-10-25T00:00:00.000Z', 'overlap: the earlier 02:00 (CEST)'],
    ['2026-10-25', '02:30', BERLIN, '2026-10-25T00:30:00.000Z', 'overlap: the earlier 02:30 (CEST), not 01:30Z'],
    ['2026-10-25', '03:00', BERLIN, '2026-10-25T02:00:00.000Z', 'after the overlap: CET'],
    ['2026-10-25', '08:00', BERLIN, '2026-10-25T07:00:00.000Z', 'morning after fall-back: CET'],
    ['2026-06-15', '08:00', 'Asia/Kolkata', '2026-06-15T02:30:00.000Z', 'half-hour offset'],
    ['2026-10-04', '02:15', 'Australia/Lord_Howe', '2026-10-03T15:30:00.000Z', 'a 30-minute DST gap ends at 02:30'],
    ['2026-06-15', '08:00', 'UTC', '2026-06-15T08:00:00.000Z', 'UTC itself'],
  ])('%s %s in %s is %s — %s', (date, clock, zone, instant) => {
    const [hours, minutes] = clock.split(':').map(Number) as [number, number];
    expect(zonedInstant(date, hours * 60 + minutes, zone).toISOString()).toBe(instant);
  });

  // [date, zone, the spring-forward gap in wall minutes if the day has one]
  test.each([
    ['2026-03-08', CHICAGO, [120, 180]],
    ['2026-11-01', CHICAGO, undefined],
    ['2026-03-29', BERLIN, [120, 180]],
    ['2026-10-25', BERLIN, undefined],
    ['2026-06-15', CHICAGO, undefined],
  ] as [string, string, [number, number] | undefined][])(
    'every minute of %s in %s round-trips through localParts, gap %j moves to its end (catches off-by-an-hour anywhere in the day)',
    (date, zone, gap) => {
      for (let minute = 0; minute < 1440; minute += 1) {
        const parts = localParts(zonedInstant(date, minute, zone), zone);
        if (gap && minute >= gap[0] && minute < gap[1]) {
          expect(parts).toMatchObject({ date, minutes: gap[1] });
        } else {
          expect(parts).toMatchObject({ date, minutes: minute });
        }
      }
    },
  );

  test.each([['2026-02-30'], ['2026-13-01'], ['26-03-08'], ['2026-3-8'], ['']])(
    'a date that is not YYYY-MM-DD or not real (%j) is refused',
    (date) => {
      expect(() => zonedInstant(date, 480, CHICAGO)).toThrow(RangeError);
    },
  );

  test('an unknown zone is refused', () => {
    expect(() => zonedInstant('2026-06-15', 480, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('local calendar dates', () => {
  test.each([
    ['2026-03-07', 1, '2026-03-08', 'across a DST change the date still moves by one'],
    ['2026-03-08', 1, '2026-03-09', 'the 23-hour day still counts as one'],
    ['2026-11-01', 1, '2026-11-02', 'the 25-hour day still counts as one'],
    ['2026-01-31', 1, '2026-02-01', 'month end'],
    ['2026-12-31', 1, '2027-01-01', 'year end'],
    ['2028-02-28', 1, '2028-02-29', 'leap day'],
    ['2026-02-28', 1, '2026-03-01', 'no leap day in 2026'],
    ['2026-03-01', -1, '2026-02-28', 'backwards'],
    ['2026-06-15', 0, '2026-06-15', 'zero days'],
    ['2026-06-15', 14, '2026-06-29', 'the default horizon'],
  ])('addLocalDays(%s, %d) is %s — %s', (date, days, expected) => {
    expect(addLocalDays(date, days)).toBe(expected);
    expect(localDaysBetween(date, expected)).toBe(days);
  });

  test.each([[1.5], [Number.NaN]])('a fractional or missing number of days (%p) is refused', (days) => {
    expect(() => addLocalDays('2026-06-15', days)).toThrow(RangeError);
  });

  test.each([
    ['2026-06-15', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-04-31', false],
    ['2026-00-10', false],
    ['2026-6-15', false],
    ['2026-06-15T00:00', false],
    ['15/06/2026', false],
    ['', false],
  ])('isValidLocalDate(%j) is %j', (date, valid) => {
    expect(isValidLocalDate(date)).toBe(valid);
  });
});

describe('time zones a business may use', () => {
  test.each([
    ['America/Chicago', 'America/Chicago'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['America/New_York', 'America/New_York'],
    ['Pacific/Honolulu', 'Pacific/Honolulu'],
    ['UTC', 'UTC'],
    ['america/chicago', 'America/Chicago'],
    ['US/Central', 'America/Chicago'],
  ])('%s is valid, canonically %s', (zone, canonical) => {
    expect(isValidTimeZone(zone)).toBe(true);
    expect(canonicalTimeZone(zone)).toBe(canonical);
  });

  test.each([
    ['', 'empty'],
    ['Mars/Olympus', 'unknown'],
    ['Central Time', 'a description, not a zone'],
    [' America/Chicago', 'leading space'],
    ['+01:00', 'fixed offsets ignore DST'],
    ['-06:00', 'fixed offsets ignore DST'],
    [undefined as unknown as string, 'not a string'],
  ])('%j is not valid (%s)', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
    expect(canonicalTimeZone(zone)).toBeUndefined();
  });
});
