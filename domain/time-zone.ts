// Wall-clock time in a business's time zone, from the built-in Intl API only (no date library):
// deterministic for a given instant, so workflows may call it (docs/architecture.md, domain/).
// Local dates are plain 'YYYY-MM-DD' strings: they compare and sort as text, and carry no zone.

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** Indexed by Date#getUTCDay(), which starts on Sunday. */
const WEEKDAY_BY_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export interface LocalParts {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  weekday: Weekday;
  /** Whole minutes since local midnight, 0–1439. */
  minutes: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Building a DateTimeFormat is the slow part; one per zone is enough, and the result depends only
// on the zone name, so caching cannot change any answer.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function assertInstant(instant: Date): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

/** The zone's UTC offset in milliseconds at an instant (local wall clock = instant + offset). */
export function utcOffsetMs(instant: Date, timeZone: string): number {
  return offsetAt(assertInstant(instant), timeZone);
}

function offsetAt(ms: number, timeZone: string): number {
  // Intl formats whole seconds; measure the offset at the start of this second.
  const second = ms - (((ms % 1000) + 1000) % 1000);
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(second))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year ?? 1970,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  return wall - second;
}

/** Midnight UTC of a YYYY-MM-DD calendar date in ms, or undefined if it is not a real date. */
function parseLocalDate(date: string): number | undefined {
  const match = LOCAL_DATE.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2026-02-30 over to March: a real date survives the round trip.
  return formatLocalDate(ms) === date ? ms : undefined;
}

function formatLocalDate(utcMidnightMs: number): string {
  return new Date(utcMidnightMs).toISOString().slice(0, 10);
}

function requireLocalDate(date: string): number {
  const ms = parseLocalDate(date);
  if (ms === undefined) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return ms;
}

/** Whether a string is a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isValidLocalDate(date: string): boolean {
  return typeof date === 'string' && parseLocalDate(date) !== undefined;
}

/** The weekday of a calendar date; the same everywhere, so no zone is needed. */
export function weekdayOf(date: string): Weekday {
  return WEEKDAY_BY_UTC_DAY[new Date(requireLocalDate(date)).getUTCDay()] as Weekday;
}

/** The local date, weekday and minute of the day of an instant in a time zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const ms = assertInstant(instant);
  const wall = ms + offsetAt(ms, timeZone);
  const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
  return {
    date: formatLocalDate(midnight),
    weekday: WEEKDAY_BY_UTC_DAY[new Date(midnight).getUTCDay()] as Weekday,
    minutes: Math.floor((wall - midnight) / MINUTE_MS),
  };
}

/**
 * The instant at which the wall clock in `timeZone` shows `minutes` past midnight of `date`
 * (minutes may reach 1440 and beyond: 1440 is the next midnight).
 * In a spring-forward gap the wall time does not exist: the first valid instant after the gap is
 * returned (02:30 on 2026-03-08 in Chicago is 03:00 CDT). In the fall-back overlap it exists twice:
 * the earlier instant is returned.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  if (!Number.isFinite(minutes)) throw new RangeError(`Not a number of minutes: ${minutes}`);
  const wall = requireLocalDate(date) + minutes * MINUTE_MS;
  // Offsets are within ±14 h, so a day either side brackets any single transition near `wall`.
  const offsetBefore = offsetAt(wall - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter((ms) => ms + offsetAt(ms, timeZone) === wall).sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return new Date(earliest);
  return new Date(transitionBetween(wall - offsetAfter, wall - offsetBefore, timeZone));
}

/** The first instant (to the second) after `from` at which the offset differs from the one at `from`. */
function transitionBetween(from: number, to: number, timeZone: string): number {
  let low = Math.floor(Math.min(from, to) / 1000);
  let high = Math.ceil(Math.max(from, to) / 1000);
  const offsetLow = offsetAt(low * 1000, timeZone);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle * 1000, timeZone) === offsetLow) low = middle;
    else high = middle;
  }
  return high * 1000;
}

/** Calendar arithmetic on a YYYY-MM-DD date (days may be negative). */
export function addLocalDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return formatLocalDate(requireLocalDate(date) + days * DAY_MS);
}

/** Whole calendar days from `from` to `to` (negative if `to` is earlier). */
export function localDaysBetween(from: string, to: string): number {
  return Math.round((requireLocalDate(to) - requireLocalDate(from)) / DAY_MS);
}

/**
 * The zone's canonical IANA name, or undefined if it is not a zone this runtime knows.
 * Fixed offsets such as '+01:00' are refused: they ignore daylight saving time, so a business
 * using one would be an hour off for half of the year.
 */
export function canonicalTimeZone(timeZone: string): string | undefined {
  if (typeof timeZone !== 'string' || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timeZone)) return undefined;
  try {
    return formatterFor(timeZone).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export function isValidTimeZone(timeZone: string): boolean {
  return canonicalTimeZone(timeZone) !== undefined;
}

/** "Thu 2026-11-26 09:14": an instant as the business's wall clock shows it (for the assistant's prompt). */
export function localDateTimeLabel(instant: Date, timeZone: string): string {
  const { date, weekday, minutes } = localParts(instant, timeZone);
  const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${weekday[0]!.toUpperCase()}${weekday.slice(1)} ${date} ${clock}`;
}
