import {
  isOpenAt,
  nextOpening,
  openingIntervalsOn,
  parseClock,
  spansOn,
  validateBusinessHours,
  type BusinessHours,
  type WeeklyHours,
} from './business-hours';

const weekdays = (spans: WeeklyHours['mon']): Pick<WeeklyHours, 'mon' | 'tue' | 'wed' | 'thu' | 'fri'> => ({
  mon: spans,
  tue: spans,
  wed: spans,
  thu: spans,
  fri: spans,
});

/** A plumber in Chicago: lunch break on weekdays, Saturday morning, a few Sunday hours, holidays. */
const chicago: BusinessHours = {
  timeZone: 'America/Chicago',
  weekly: {
    ...weekdays([
      { open: '13:00', close: '17:00' }, // listed out of order on purpose: spansOn sorts
      { open: '08:00', close: '12:00' },
    ]),
    sat: [{ open: '09:00', close: '13:00' }],
    sun: [{ open: '10:00', close: '14:00' }],
  },
  overrides: [
    { date: '2026-11-26', closed: true, reason: 'Thanksgiving' },
    { date: '2026-12-24', spans: [{ open: '08:00', close: '12:00' }], reason: 'Christmas Eve' },
    { date: '2026-12-25', closed: true, reason: 'Christmas' },
  ],
};

/** A Berlin bakery: weekdays, and a Sunday night shift that spans the hour the clocks change. */
const berlin: BusinessHours = {
  timeZone: 'Europe/Berlin',
  weekly: { ...weekdays([{ open: '07:00', close: '16:00' }]), sat: [], sun: [{ open: '01:00', close: '04:00' }] },
  overrides: [],
};

/** A locksmith open around the clock. */
const allDay = [{ open: '00:00', close: '24:00' }];
const locksmith: BusinessHours = {
  timeZone: 'America/Chicago',
  weekly: { ...weekdays(allDay), sat: allDay, sun: allDay },
  overrides: [],
};

/** Chicago with an odd special-hours span wholly inside the 2026-03-08 spring-forward gap. */
const gapOnly: BusinessHours = { ...chicago, overrides: [{ date: '2026-03-08', spans: [{ open: '02:00', close: '02:45' }] }] };

const BUSINESSES = { chicago, berlin, locksmith, gapOnly } as const;
type BusinessName = keyof typeof BUSINESSES;

describe('spansOn: the hours of a date (an override wins over the weekday)', () => {
  test.each([
    ['2026-03-09', 'a Monday', ['08:00–12:00', '13:00–17:00']],
    ['2026-03-07', 'a Saturday', ['09:00–13:00']],
    ['2026-03-08', 'a Sunday (DST day)', ['10:00–14:00']],
    ['2026-11-26', 'Thanksgiving (a Thursday, closed by override)', []],
    ['2026-12-24', 'Christmas Eve (a Thursday with special hours)', ['08:00–12:00']],
    ['2026-12-25', 'Christmas (a Friday, closed by override)', []],
    ['2026-12-31', 'a Thursday without override', ['08:00–12:00', '13:00–17:00']],
  ])('%s, %s: %j', (date, _what, expected) => {
    expect(spansOn(date, chicago).map((span) => `${span.open}–${span.close}`)).toEqual(expected);
  });
});

describe('isOpenAt reads the hours in the business’s zone, on the right local date, across DST', () => {
  test.each([
    // [hours, instant, open, what the bug would be]
    ['chicago', '2026-03-09T13:00:00Z', true, 'Mon 08:00 CDT: opening minute is open'],
    ['chicago', '2026-03-09T12:59:00Z', false, 'Mon 07:59 CDT: one minute before opening'],
    ['chicago', '2026-03-10T16:59:00Z', true, 'Tue 11:59 CDT: last minute before lunch'],
    ['chicago', '2026-03-10T17:00:00Z', false, 'Tue 12:00 CDT: closing time is exclusive'],
    ['chicago', '2026-03-10T17:30:00Z', false, 'Tue 12:30 CDT: lunch break between spans'],
    ['chicago', '2026-03-10T18:00:00Z', true, 'Tue 13:00 CDT: second span opens'],
    ['chicago', '2026-03-10T21:59:00Z', true, 'Tue 16:59 CDT'],
    ['chicago', '2026-03-10T22:00:00Z', false, 'Tue 17:00 CDT: closed'],
    ['chicago', '2026-03-06T14:00:00Z', true, 'Fri before spring-forward 08:00 CST'],
    ['chicago', '2026-03-07T15:00:00Z', true, 'Sat 09:00 CST'],
    ['chicago', '2026-03-08T15:00:00Z', true, 'Sun 10:00 CDT (DST day): a CST offset says 09:00 closed'],
    ['chicago', '2026-03-08T14:59:00Z', false, 'Sun 09:59 CDT (DST day)'],
    ['chicago', '2026-03-08T18:59:00Z', true, 'Sun 13:59 CDT (DST day)'],
    ['chicago', '2026-03-08T19:00:00Z', false, 'Sun 14:00 CDT (DST day): a CST offset says 13:00 open'],
    ['chicago', '2026-11-01T15:00:00Z', false, 'Sun 09:00 CST (fall-back day): a CDT offset says 10:00 open'],
    ['chicago', '2026-11-01T16:00:00Z', true, 'Sun 10:00 CST (fall-back day)'],
    ['chicago', '2026-11-01T19:59:00Z', true, 'Sun 13:59 CST (fall-back day)'],
    ['chicago', '2026-11-01T20:00:00Z', false, 'Sun 14:00 CST (fall-back day)'],
    ['chicago', '2026-11-02T14:00:00Z', true, 'Mon after fall-back 08:00 CST'],
    ['chicago', '2026-11-02T13:30:00Z', false, 'Mon after fall-back 07:30 CST: a CDT offset says 08:30 open'],
    ['chicago', '2026-03-14T03:30:00Z', false, 'Fri 22:30 CDT: UTC says Saturday 03:30'],
    ['chicago', '2026-11-26T16:00:00Z', false, 'Thanksgiving Thu 10:00: closed by override'],
    ['chicago', '2026-12-24T16:00:00Z', true, 'Christmas Eve 10:00: special hours'],
    ['chicago', '2026-12-24T19:00:00Z', false, 'Christmas Eve 13:00: special hours replace the weekday afternoon'],
    ['chicago', '2026-12-25T16:00:00Z', false, 'Christmas Fri 10:00: closed by override'],
    ['chicago', '2026-12-26T15:00:00Z', true, 'Sat after Christmas: weekly hours again'],
    ['berlin', '2026-03-27T06:00:00Z', true, 'Fri before spring-forward 07:00 CET'],
    ['berlin', '2026-03-27T05:30:00Z', false, 'Fri 06:30 CET'],
    ['berlin', '2026-03-30T05:00:00Z', true, 'Mon after spring-forward 07:00 CEST: a CET offset says 06:00 closed'],
    ['berlin', '2026-03-30T04:59:00Z', false, 'Mon 06:59 CEST'],
    ['berlin', '2026-03-28T23:59:00Z', false, 'Sun 00:59 CET: the night shift starts at 01:00'],
    ['berlin', '2026-03-29T00:00:00Z', true, 'Sun 01:00 CET: night shift opens'],
    ['berlin', '2026-03-29T00:59:00Z', true, 'Sun 01:59 CET, just before the gap'],
    ['berlin', '2026-03-29T01:00:00Z', true, 'Sun 03:00 CEST, just after the gap'],
    ['berlin', '2026-03-29T01:59:00Z', true, 'Sun 03:59 CEST'],
    ['berlin', '2026-03-29T02:00:00Z', false, 'Sun 04:00 CEST: closed (2 real hours that night)'],
    ['berlin', '2026-10-24T22:59:00Z', false, 'Sun 00:59 CEST (fall-back day)'],
    ['berlin', '2026-10-24T23:00:00Z', true, 'Sun 01:00 CEST: night shift opens'],
    ['berlin', '2026-10-25T00:30:00Z', true, 'Sun 02:30 CEST, first time round'],
    ['berlin', '2026-10-25T01:30:00Z', true, 'Sun 02:30 CET, second time round'],
    ['berlin', '2026-10-25T02:59:00Z', true, 'Sun 03:59 CET (4 real hours that night)'],
    ['berlin', '2026-10-25T03:00:00Z', false, 'Sun 04:00 CET: closed'],
    ['berlin', '2026-10-26T06:00:00Z', true, 'Mon after fall-back 07:00 CET'],
    ['berlin', '2026-10-26T05:30:00Z', false, 'Mon 06:30 CET: a CEST offset says 07:30 open'],
    ['locksmith', '2026-03-08T06:00:00Z', true, 'around the clock: midnight on the DST day'],
    ['locksmith', '2026-03-08T07:59:00Z', true, 'around the clock: just before the gap'],
    ['locksmith', '2026-03-08T08:00:00Z', true, 'around the clock: just after the gap'],
    ['locksmith', '2026-11-01T06:30:00Z', true, 'around the clock: first 01:30'],
    ['locksmith', '2026-11-01T07:30:00Z', true, 'around the clock: second 01:30'],
    ['locksmith', '2026-03-09T04:59:59Z', true, 'around the clock: 23:59:59 (24:00 closes at the next midnight)'],
  ] as [BusinessName, string, boolean, string][])('%s at %s open: %s — %s', (business, instant, open) => {
    expect(isOpenAt(new Date(instant), BUSINESSES[business])).toBe(open);
  });
});

describe('nextOpening: when a caller can next reach the business', () => {
  test.each([
    // [hours, from, expected, searchDays, why]
    ['chicago', '2026-03-10T15:00:00Z', '2026-03-10T15:00:00.000Z', 14, 'open now: the instant itself'],
    ['chicago', '2026-03-09T11:00:00Z', '2026-03-09T13:00:00.000Z', 14, 'Mon 06:00 CDT: opens 08:00 the same day'],
    ['chicago', '2026-03-10T17:00:00Z', '2026-03-10T18:00:00.000Z', 14, 'lunch break: the afternoon span'],
    ['chicago', '2026-03-07T20:00:00Z', '2026-03-08T15:00:00.000Z', 14, 'Sat 14:00 CST → Sun 10:00 CDT (a CST offset gives 16:00Z)'],
    ['chicago', '2026-10-31T18:00:00Z', '2026-11-01T16:00:00.000Z', 14, 'Sat 13:00 CDT → Sun 10:00 CST (a CDT offset gives 15:00Z)'],
    ['chicago', '2026-11-01T20:00:00Z', '2026-11-02T14:00:00.000Z', 14, 'Sun 14:00 CST → Mon 08:00 CST'],
    ['chicago', '2026-03-14T03:30:00Z', '2026-03-14T14:00:00.000Z', 14, 'Fri 22:30 CDT → Sat 09:00 CDT'],
    ['chicago', '2026-12-24T18:00:00Z', '2026-12-26T15:00:00.000Z', 14, 'Christmas Eve afternoon → Christmas closed → Sat 09:00'],
    ['chicago', '2026-11-25T23:00:00Z', '2026-11-27T14:00:00.000Z', 14, 'Wed evening → Thanksgiving closed → Fri 08:00'],
    ['berlin', '2026-03-28T11:00:00Z', '2026-03-29T00:00:00.000Z', 14, 'Sat → Sun 01:00 CET night shift'],
    ['berlin', '2026-03-29T02:00:00Z', '2026-03-30T05:00:00.000Z', 14, 'after the short night → Mon 07:00 CEST'],
    ['berlin', '2026-10-25T04:00:00Z', '2026-10-26T06:00:00.000Z', 14, 'after the long night → Mon 07:00 CET'],
  ] as [BusinessName, string, string, number, string][])(
    '%s from %s: next opening %s (searchDays %d) — %s',
    (business, from, expected, searchDays) => {
      expect(nextOpening(new Date(from), BUSINESSES[business], searchDays)?.toISOString()).toBe(expected);
    },
  );

  const mondaysOnly: BusinessHours = {
    timeZone: 'America/Chicago',
    weekly: { mon: [{ open: '08:00', close: '12:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    overrides: [],
  };
  test.each([
    [6, '2026-03-16T13:00:00.000Z', 'next Monday is 6 days after Tuesday: found'],
    [5, undefined, 'searching only 5 more days misses it'],
    [0, undefined, 'only today'],
  ] as [number, string | undefined, string][])('searchDays %d from a Tuesday evening: %s (%s)', (searchDays, expected) => {
    expect(nextOpening(new Date('2026-03-10T23:00:00Z'), mondaysOnly, searchDays)?.toISOString()).toBe(expected);
  });

  test('a business closed every day has no next opening (no endless search)', () => {
    const closed: BusinessHours = { ...mondaysOnly, weekly: { ...mondaysOnly.weekly, mon: [] } };
    expect(nextOpening(new Date('2026-03-10T23:00:00Z'), closed)).toBeUndefined();
  });

  test('the default search covers a two-week holiday closure', () => {
    const overrides = Array.from({ length: 13 }, (_, day) => ({
      date: `2026-12-${String(19 + day).padStart(2, '0')}`,
      closed: true as const,
    }));
    const holiday = { ...chicago, overrides };
    // Closed Sat 12-19 … Thu 12-31; opens Fri 2027-01-01 08:00 CST.
    expect(nextOpening(new Date('2026-12-19T12:00:00Z'), holiday)?.toISOString()).toBe('2027-01-01T14:00:00.000Z');
  });
});

describe('openingIntervalsOn: a day’s hours as instants', () => {
  test.each([
    ['berlin', '2026-03-29', [['2026-03-29T00:00:00.000Z', '2026-03-29T02:00:00.000Z']], 'the short night: 2 real hours'],
    ['berlin', '2026-10-25', [['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z']], 'the long night: 4 real hours'],
    ['locksmith', '2026-03-08', [['2026-03-08T06:00:00.000Z', '2026-03-09T05:00:00.000Z']], 'a 23-hour day'],
    ['locksmith', '2026-11-01', [['2026-11-01T05:00:00.000Z', '2026-11-02T06:00:00.000Z']], 'a 25-hour day'],
    ['gapOnly', '2026-03-08', [], 'a span wholly inside the spring-forward gap never opens'],
  ] as [BusinessName, string, string[][], string][])('%s on %s: %j — %s', (business, date, expected) => {
    expect(openingIntervalsOn(date, BUSINESSES[business]).map(({ start, end }) => [start.toISOString(), end.toISOString()])).toEqual(
      expected,
    );
  });
});

describe('parseClock', () => {
  test.each([
    ['00:00', 'open', 0],
    ['08:30', 'open', 510],
    ['23:59', 'open', 1439],
    ['24:00', 'close', 1440],
    ['24:00', 'open', undefined],
    ['8:30', 'open', undefined],
    ['08:60', 'open', undefined],
    ['25:00', 'close', undefined],
    ['0830', 'open', undefined],
    ['08:30:00', 'open', undefined],
    ['', 'open', undefined],
  ] as const)('parseClock(%j, %s) is %j', (value, role, expected) => {
    expect(parseClock(value, role)).toBe(expected);
  });
});

describe('validateBusinessHours: what the owner sets is checked before it is stored', () => {
  const valid = {
    timeZone: 'America/Chicago',
    weekly: { mon: [{ open: '08:00', close: '17:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    overrides: [],
  };
  const withMon = (mon: unknown) => ({ ...valid, weekly: { ...valid.weekly, mon } });
  const withOverrides = (overrides: unknown) => ({ ...valid, overrides });

  test('valid hours come back as a clean copy: canonical zone, spans sorted, overrides by date, reasons trimmed', () => {
    const result = validateBusinessHours({
      ...withMon([
        { open: '13:00', close: '17:00' },
        { open: '08:00', close: '13:00' },
      ]),
      timeZone: 'america/chicago',
      overrides: [
        { date: '2026-12-25', closed: true, reason: ' Christmas ' },
        { date: '2026-12-24', closed: false, spans: [{ open: '08:00', close: '12:00' }] },
      ],
    });
    expect(result).toEqual({
      ok: true,
      value: {
        timeZone: 'America/Chicago',
        weekly: {
          ...valid.weekly,
          mon: [
            { open: '08:00', close: '13:00' },
            { open: '13:00', close: '17:00' },
          ],
        },
        overrides: [
          { date: '2026-12-24', spans: [{ open: '08:00', close: '12:00' }] },
          { date: '2026-12-25', closed: true, reason: 'Christmas' },
        ],
      },
    });
  });

  test.each([
    ['missing overrides are none', { timeZone: valid.timeZone, weekly: valid.weekly }],
    ['open around the clock (24:00 closes)', withMon([{ open: '00:00', close: '24:00' }])],
    [
      'adjacent spans do not overlap',
      withMon([
        { open: '08:00', close: '12:00' },
        { open: '12:00', close: '17:00' },
      ]),
    ],
    ['closed every day', withMon([])],
    ['a special-hours day with no spans is a closed day', withOverrides([{ date: '2026-07-03', spans: [] }])],
    ['Europe/Berlin', { ...valid, timeZone: 'Europe/Berlin' }],
  ])('accepted: %s', (_what, hours) => {
    expect(validateBusinessHours(hours).ok).toBe(true);
  });

  test.each([
    ['not an object', null, 'must be an object'],
    ['a list', [], 'must be an object'],
    ['unknown zone', { ...valid, timeZone: 'Mars/Olympus' }, 'timeZone "Mars/Olympus"'],
    ['fixed offset zone', { ...valid, timeZone: '-06:00' }, 'timeZone "-06:00"'],
    ['missing zone', { weekly: valid.weekly }, 'timeZone undefined'],
    ['missing weekly', { timeZone: valid.timeZone }, 'weekly must be an object'],
    ['missing weekday', { ...valid, weekly: { ...valid.weekly, sun: undefined } }, 'weekly.sun must be a list'],
    ['misspelt weekday', { ...valid, weekly: { ...valid.weekly, thur: [] } }, 'weekly.thur is not a weekday'],
    ['hour without leading zero', withMon([{ open: '8:00', close: '17:00' }]), 'weekly.mon[0].open "8:00" is not a time of day'],
    ['24:00 as an opening', withMon([{ open: '24:00', close: '24:00' }]), 'weekly.mon[0].open "24:00"'],
    ['hour 25', withMon([{ open: '08:00', close: '25:00' }]), 'weekly.mon[0].close "25:00"'],
    ['minute 60', withMon([{ open: '08:60', close: '17:00' }]), 'weekly.mon[0].open "08:60"'],
    ['no colon', withMon([{ open: '0800', close: '1700' }]), 'weekly.mon[0].open "0800"'],
    ['a number', withMon([{ open: 8, close: 17 }]), 'weekly.mon[0].open 8'],
    ['missing close', withMon([{ open: '08:00' }]), 'weekly.mon[0].close undefined'],
    ['close equals open', withMon([{ open: '08:00', close: '08:00' }]), 'closing time 08:00 must be after opening time 08:00'],
    ['overnight span', withMon([{ open: '22:00', close: '02:00' }]), 'closing time 02:00 must be after opening time 22:00'],
    [
      'overlapping spans',
      withMon([
        { open: '08:00', close: '12:00' },
        { open: '11:00', close: '14:00' },
      ]),
      '08:00–12:00 and 11:00–14:00 overlap',
    ],
    [
      'overlap listed out of order',
      withMon([
        { open: '13:00', close: '17:00' },
        { open: '08:00', close: '13:30' },
      ]),
      '08:00–13:30 and 13:00–17:00 overlap',
    ],
    ['a span that is not an object', withMon(['08:00-17:00']), 'weekly.mon[0] must have open and close'],
    ['spans not a list', withMon({ open: '08:00', close: '17:00' }), 'weekly.mon must be a list'],
    ['overrides not a list', withOverrides({ date: '2026-12-25', closed: true }), 'overrides must be a list'],
    ['impossible date', withOverrides([{ date: '2026-02-30', closed: true }]), 'overrides[0].date "2026-02-30" is not a date'],
    ['US date format', withOverrides([{ date: '12/25/2026', closed: true }]), 'overrides[0].date "12/25/2026"'],
    ['no date', withOverrides([{ closed: true }]), 'overrides[0].date undefined'],
    [
      'the same date twice',
      withOverrides([
        { date: '2026-12-25', closed: true },
        { date: '2026-12-25', spans: [] },
      ]),
      'overrides[1]: 2026-12-25 has more than one override',
    ],
    [
      'closed with spans',
      withOverrides([{ date: '2026-12-25', closed: true, spans: [] }]),
      'a closed day (2026-12-25) cannot also have opening hours',
    ],
    ['neither closed nor spans', withOverrides([{ date: '2026-12-25' }]), '2026-12-25 needs either closed: true or its opening hours'],
    ['closed as text', withOverrides([{ date: '2026-12-25', closed: 'yes' }]), 'overrides[0].closed must be true or false'],
    [
      'bad special hours',
      withOverrides([{ date: '2026-12-24', spans: [{ open: '12:00', close: '08:00' }] }]),
      'overrides[0].spans[0]: closing time',
    ],
    ['reason not text', withOverrides([{ date: '2026-12-25', closed: true, reason: 7 }]), 'overrides[0].reason must be text'],
  ])('refused: %s', (_what, hours, reason) => {
    const result = validateBusinessHours(hours);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toContain(reason);
  });
});
