import {
  QUIET_END_MINUTES,
  QUIET_START_MINUTES,
  RECENT_CALLER_CONTACT_MS,
  isQuietTime,
  isStartedByUs,
  quietHoursRelease,
  whenToSend,
} from './quiet-hours';

const CHICAGO = 'America/Chicago';
const BERLIN = 'Europe/Berlin';
const MINUTE = 60_000;

test('quiet hours are 21:00–08:00', () => {
  expect([QUIET_START_MINUTES, QUIET_END_MINUTES, RECENT_CALLER_CONTACT_MS]).toEqual([21 * 60, 8 * 60, 5 * MINUTE]);
});

describe('isQuietTime: 21:00 up to 08:00 on the business’s wall clock', () => {
  test.each([
    // [instant, zone, quiet, local time and the bug it catches]
    ['2026-06-16T01:59:00Z', CHICAGO, false, '20:59 CDT: the last minute before quiet hours'],
    ['2026-06-16T01:59:59Z', CHICAGO, false, '20:59:59 CDT: seconds do not round up into quiet hours'],
    ['2026-06-16T02:00:00Z', CHICAGO, true, '21:00 CDT: quiet starts inclusive'],
    ['2026-06-16T04:59:00Z', CHICAGO, true, '23:59 CDT'],
    ['2026-06-16T05:00:00Z', CHICAGO, true, '00:00 CDT: the night wraps over midnight'],
    ['2026-06-16T12:59:00Z', CHICAGO, true, '07:59 CDT'],
    ['2026-06-16T13:00:00Z', CHICAGO, false, '08:00 CDT: quiet ends exclusive'],
    ['2026-06-16T17:00:00Z', CHICAGO, false, '12:00 CDT: daytime (UTC 17:00 is not “evening”)'],
    ['2026-06-16T06:00:00Z', 'UTC', true, '06:00 UTC: the zone matters'],
    ['2026-06-16T06:00:00Z', BERLIN, false, '08:00 CEST: same instant, Berlin is awake'],
    ['2026-03-08T13:30:00Z', CHICAGO, false, 'spring-forward day 08:30 CDT: a CST offset says 07:30 quiet'],
    ['2026-03-08T12:30:00Z', CHICAGO, true, 'spring-forward day 07:30 CDT'],
    ['2026-03-09T01:59:00Z', CHICAGO, false, 'spring-forward day 20:59 CDT'],
    ['2026-03-09T02:00:00Z', CHICAGO, true, 'spring-forward day 21:00 CDT: a CST offset says 20:00'],
    ['2026-11-01T13:30:00Z', CHICAGO, true, 'fall-back day 07:30 CST: a CDT offset says 08:30 awake'],
    ['2026-11-01T14:00:00Z', CHICAGO, false, 'fall-back day 08:00 CST'],
    ['2026-11-02T02:59:00Z', CHICAGO, false, 'fall-back day 20:59 CST'],
    ['2026-11-02T03:00:00Z', CHICAGO, true, 'fall-back day 21:00 CST'],
    ['2026-03-29T06:30:00Z', BERLIN, false, 'spring-forward day 08:30 CEST: a CET offset says 07:30 quiet'],
    ['2026-03-29T05:30:00Z', BERLIN, true, 'spring-forward day 07:30 CEST'],
    ['2026-03-29T19:00:00Z', BERLIN, true, 'spring-forward day 21:00 CEST: a CET offset says 20:00'],
    ['2026-10-25T06:30:00Z', BERLIN, true, 'fall-back day 07:30 CET: a CEST offset says 08:30 awake'],
    ['2026-10-25T07:00:00Z', BERLIN, false, 'fall-back day 08:00 CET'],
    ['2026-10-25T19:59:00Z', BERLIN, false, 'fall-back day 20:59 CET'],
    ['2026-10-25T20:00:00Z', BERLIN, true, 'fall-back day 21:00 CET'],
  ])('%s in %s quiet: %s — %s', (instant, zone, quiet) => {
    expect(isQuietTime(new Date(instant), zone)).toBe(quiet);
  });
});

describe('quietHoursRelease: a held text goes at the next local 08:00', () => {
  test.each<[string, string, string | undefined, string]>([
    // [instant, zone, release, why]
    ['2026-06-16T01:59:00Z', CHICAGO, undefined, '20:59 CDT: not quiet, nothing to hold'],
    ['2026-06-16T17:00:00Z', CHICAGO, undefined, 'noon: not quiet'],
    ['2026-06-16T13:00:00Z', CHICAGO, undefined, '08:00 CDT sharp: not quiet'],
    ['2026-06-16T02:00:00Z', CHICAGO, '2026-06-16T13:00:00.000Z', '21:00 CDT → next morning 08:00 CDT'],
    ['2026-06-16T04:59:59Z', CHICAGO, '2026-06-16T13:00:00.000Z', '23:59:59 CDT → next morning (not two mornings later)'],
    ['2026-06-16T05:00:00Z', CHICAGO, '2026-06-16T13:00:00.000Z', '00:00 CDT → this morning (not the next day’s)'],
    ['2026-06-16T12:59:00Z', CHICAGO, '2026-06-16T13:00:00.000Z', '07:59 CDT → in a minute'],
    ['2026-03-08T04:00:00Z', CHICAGO, '2026-03-08T13:00:00.000Z', 'Sat 22:00 CST → Sun 08:00 CDT (adding 10 h would give 09:00)'],
    ['2026-03-08T07:30:00Z', CHICAGO, '2026-03-08T13:00:00.000Z', '01:30 CST before the gap → 08:00 CDT'],
    ['2026-03-08T08:30:00Z', CHICAGO, '2026-03-08T13:00:00.000Z', '03:30 CDT after the gap → 08:00 CDT'],
    ['2026-03-09T02:00:00Z', CHICAGO, '2026-03-09T13:00:00.000Z', 'spring-forward day 21:00 CDT → Mon 08:00 CDT'],
    ['2026-11-01T02:00:00Z', CHICAGO, '2026-11-01T14:00:00.000Z', 'Sat 21:00 CDT → Sun 08:00 CST (adding 11 h would give 07:00)'],
    ['2026-11-01T06:30:00Z', CHICAGO, '2026-11-01T14:00:00.000Z', 'first 01:30 (CDT) → 08:00 CST'],
    ['2026-11-01T07:30:00Z', CHICAGO, '2026-11-01T14:00:00.000Z', 'second 01:30 (CST) → 08:00 CST'],
    ['2026-11-01T13:59:00Z', CHICAGO, '2026-11-01T14:00:00.000Z', '07:59 CST → 08:00 CST'],
    ['2026-11-01T14:00:00Z', CHICAGO, undefined, '08:00 CST: not quiet (a CDT offset would hold it until tomorrow)'],
    ['2027-01-01T04:00:00Z', CHICAGO, '2027-01-01T14:00:00.000Z', 'New Year’s Eve 22:00 → New Year’s Day 08:00 (year rolls over)'],
    ['2026-03-28T22:00:00Z', BERLIN, '2026-03-29T06:00:00.000Z', 'Sat 23:00 CET → Sun 08:00 CEST'],
    ['2026-03-29T00:30:00Z', BERLIN, '2026-03-29T06:00:00.000Z', '01:30 CET before the gap → 08:00 CEST'],
    ['2026-03-29T01:30:00Z', BERLIN, '2026-03-29T06:00:00.000Z', '03:30 CEST after the gap → 08:00 CEST'],
    ['2026-10-24T20:00:00Z', BERLIN, '2026-10-25T07:00:00.000Z', 'Sat 22:00 CEST → Sun 08:00 CET'],
    ['2026-10-25T00:30:00Z', BERLIN, '2026-10-25T07:00:00.000Z', 'first 02:30 (CEST) → 08:00 CET'],
    ['2026-10-25T01:30:00Z', BERLIN, '2026-10-25T07:00:00.000Z', 'second 02:30 (CET) → 08:00 CET'],
    ['2026-06-16T22:00:00Z', 'Asia/Kolkata', '2026-06-17T02:30:00.000Z', '03:30 IST → 08:00 IST (half-hour offset)'],
  ])('%s in %s → %s — %s', (instant, zone, release) => {
    expect(quietHoursRelease(new Date(instant), zone)?.toISOString()).toBe(release);
  });
});

describe('isStartedByUs: a reply to the caller’s own contact of the last 5 minutes is not ours to hold', () => {
  const now = new Date('2026-06-16T04:00:00Z');
  test.each<[number | undefined, boolean, string]>([
    [undefined, true, 'no contact from the caller at all: a nudge or reminder'],
    [0, false, 'the caller wrote this very moment'],
    [4 * MINUTE + 59_000, false, '4:59 ago'],
    [5 * MINUTE, false, 'exactly 5 minutes ago still counts as recent'],
    [5 * MINUTE + 1, true, 'a millisecond past 5 minutes: started by us'],
    [2 * 60 * MINUTE, true, 'two hours ago: a follow-up'],
    [-30_000, false, 'stamped 30 s in the future (clock skew between webhook and workflow): still recent'],
  ])('last contact %p ms before now → started by us: %s — %s', (ago, expected) => {
    const lastCallerContactAt = ago === undefined ? undefined : new Date(now.getTime() - ago);
    expect(isStartedByUs({ now, lastCallerContactAt })).toBe(expected);
  });

  test('an invalid contact date holds the text rather than risk a night-time send', () => {
    expect(isStartedByUs({ now, lastCallerContactAt: new Date(Number.NaN) })).toBe(true);
  });
});

describe('whenToSend: now, or 08:00 when a text we start would land in quiet hours', () => {
  test.each<[string, string, string | undefined, string, string]>([
    // [now, zone, last caller contact, send at, why]
    ['2026-06-16T17:00:00Z', CHICAGO, undefined, '2026-06-16T17:00:00.000Z', 'noon nudge: at once'],
    ['2026-06-16T17:00:00Z', CHICAGO, '2026-06-16T16:58:00Z', '2026-06-16T17:00:00.000Z', 'noon reply: at once'],
    ['2026-06-16T03:00:00Z', CHICAGO, undefined, '2026-06-16T13:00:00.000Z', '22:00 nudge: held until 08:00'],
    ['2026-06-16T03:00:00Z', CHICAGO, '2026-06-16T02:58:00Z', '2026-06-16T03:00:00.000Z', '22:00 reply to a call 2 min ago: at once'],
    [
      '2026-06-16T03:00:00Z',
      CHICAGO,
      '2026-06-16T02:55:00Z',
      '2026-06-16T03:00:00.000Z',
      '22:00 reply to a call exactly 5 min ago: at once',
    ],
    ['2026-06-16T03:00:00Z', CHICAGO, '2026-06-16T02:50:00Z', '2026-06-16T13:00:00.000Z', '22:00 text 10 min after the call: ours, held'],
    ['2026-03-08T12:00:00Z', CHICAGO, undefined, '2026-03-08T13:00:00.000Z', 'spring-forward day 07:00 CDT reminder → 08:00 CDT'],
    ['2026-11-01T13:00:00Z', CHICAGO, undefined, '2026-11-01T14:00:00.000Z', 'fall-back day 07:00 CST reminder → 08:00 CST'],
    ['2026-03-29T05:00:00Z', BERLIN, undefined, '2026-03-29T06:00:00.000Z', 'spring-forward day 07:00 CEST → 08:00 CEST'],
    ['2026-10-25T06:00:00Z', BERLIN, undefined, '2026-10-25T07:00:00.000Z', 'fall-back day 07:00 CET → 08:00 CET'],
  ])('at %s in %s, caller last seen %s → send at %s — %s', (now, timeZone, last, expected) => {
    const sendAt = whenToSend({ now: new Date(now), timeZone, lastCallerContactAt: last === undefined ? undefined : new Date(last) });
    expect(sendAt.toISOString()).toBe(expected);
  });
});
