// Business hours per weekday in the business's time zone, with holiday / closed-day / special-hours
// overrides (docs/product.md journey 10). Hours are wall-clock times: "08:00–17:00" stays 08:00–17:00
// on the day the clocks change, whatever that does to the UTC instants.
import {
  addLocalDays,
  canonicalTimeZone,
  isValidLocalDate,
  localParts,
  weekdayOf,
  WEEKDAYS,
  zonedInstant,
  type Weekday,
} from './time-zone';

export interface OpeningSpan {
  /** 'HH:MM', 00:00–23:59. */
  open: string;
  /** 'HH:MM' after `open`; '24:00' closes at midnight (a business open around the clock). */
  close: string;
}

/** An empty array means closed that weekday. */
export type WeeklyHours = Record<Weekday, OpeningSpan[]>;

/** A holiday or closed day, or special hours for one date; it replaces the weekday's hours. */
export type DateOverride =
  { date: string; closed: true; reason?: string } | { date: string; closed?: false; spans: OpeningSpan[]; reason?: string };

export interface BusinessHours {
  timeZone: string;
  weekly: WeeklyHours;
  overrides: DateOverride[];
}

/** One opening span on one date, as instants. */
export interface OpeningInterval {
  start: Date;
  end: Date;
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const MINUTES_PER_DAY = 24 * 60;

/** 'HH:MM' as minutes since midnight; '24:00' (1440) only where a closing time is meant. */
export function parseClock(value: string, role: 'open' | 'close' = 'open'): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (role === 'close' && value === '24:00') return MINUTES_PER_DAY;
  const match = CLOCK.exec(value);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Minutes since midnight as 'HH:MM'. */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The opening spans of a local date, earliest first: the date's override if any, else its weekday's hours. */
export function spansOn(date: string, hours: BusinessHours): OpeningSpan[] {
  const override = hours.overrides.find((candidate) => candidate.date === date);
  const spans = override ? (override.closed === true ? [] : override.spans) : (hours.weekly[weekdayOf(date)] ?? []);
  return [...spans].sort((a, b) => (parseClock(a.open) ?? 0) - (parseClock(b.open) ?? 0));
}

/**
 * The opening spans of a local date as instants. The wall times become instants by the rules of
 * zonedInstant (a time in the spring-forward gap starts after the gap; a time in the fall-back
 * overlap is its earlier occurrence); a span that vanishes in a gap is left out.
 */
export function openingIntervalsOn(date: string, hours: BusinessHours): OpeningInterval[] {
  const intervals: OpeningInterval[] = [];
  for (const span of spansOn(date, hours)) {
    const open = parseClock(span.open, 'open');
    const close = parseClock(span.close, 'close');
    if (open === undefined || close === undefined || close <= open) continue;
    const start = zonedInstant(date, open, hours.timeZone);
    const end = zonedInstant(date, close, hours.timeZone);
    if (end.getTime() > start.getTime()) intervals.push({ start, end });
  }
  return intervals;
}

export function isOpenAt(instant: Date, hours: BusinessHours): boolean {
  const ms = instant.getTime();
  const { date } = localParts(instant, hours.timeZone);
  return openingIntervalsOn(date, hours).some(({ start, end }) => start.getTime() <= ms && ms < end.getTime());
}

/**
 * When the business is next open: `instant` itself if open now, else the start of the next opening
 * span on the instant's local date or one of the following `searchDays` dates; undefined if the
 * business stays closed all that time.
 */
export function nextOpening(instant: Date, hours: BusinessHours, searchDays = 14): Date | undefined {
  const ms = instant.getTime();
  const today = localParts(instant, hours.timeZone).date;
  for (let day = 0; day <= searchDays; day += 1) {
    for (const { start, end } of openingIntervalsOn(addLocalDays(today, day), hours)) {
      if (end.getTime() <= ms) continue;
      return start.getTime() <= ms ? new Date(ms) : start;
    }
  }
  return undefined;
}

export type BusinessHoursValidation = { ok: true; value: BusinessHours } | { ok: false; reason: string };

/**
 * Checks business hours that came from outside (dashboard, API, stored settings) and returns a clean
 * copy: the zone under its canonical name, spans earliest first. `overrides` may be left out.
 */
export function validateBusinessHours(hours: unknown): BusinessHoursValidation {
  if (!isRecord(hours)) return fail('Business hours must be an object.');

  const timeZone = typeof hours.timeZone === 'string' ? canonicalTimeZone(hours.timeZone) : undefined;
  if (timeZone === undefined)
    return fail(`timeZone ${JSON.stringify(hours.timeZone)} is not a known IANA time zone (like America/Chicago).`);

  if (!isRecord(hours.weekly)) return fail('weekly must be an object with the hours of each weekday (mon … sun).');
  const unknownDay = Object.keys(hours.weekly).find((key) => !(WEEKDAYS as readonly string[]).includes(key));
  if (unknownDay !== undefined) return fail(`weekly.${unknownDay} is not a weekday; use mon, tue, wed, thu, fri, sat, sun.`);
  const weekly = {} as WeeklyHours;
  for (const day of WEEKDAYS) {
    const spans = validateSpans(hours.weekly[day], `weekly.${day}`);
    if (typeof spans === 'string') return fail(spans);
    weekly[day] = spans;
  }

  const rawOverrides = hours.overrides ?? [];
  if (!Array.isArray(rawOverrides)) return fail('overrides must be a list of dates.');
  const overrides: DateOverride[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of rawOverrides.entries()) {
    const override = validateOverride(raw, `overrides[${index}]`);
    if (typeof override === 'string') return fail(override);
    if (seen.has(override.date)) return fail(`overrides[${index}]: ${override.date} has more than one override.`);
    seen.add(override.date);
    overrides.push(override);
  }
  overrides.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  return { ok: true, value: { timeZone, weekly, overrides } };
}

function validateOverride(raw: unknown, where: string): DateOverride | string {
  if (!isRecord(raw)) return `${where} must be an object with a date.`;
  if (typeof raw.date !== 'string' || !isValidLocalDate(raw.date))
    return `${where}.date ${JSON.stringify(raw.date)} is not a date (YYYY-MM-DD).`;
  if (raw.reason !== undefined && typeof raw.reason !== 'string') return `${where}.reason must be text.`;
  const reason = typeof raw.reason === 'string' && raw.reason.trim() !== '' ? { reason: raw.reason.trim() } : {};
  if (raw.closed === true) {
    if (raw.spans !== undefined) return `${where}: a closed day (${raw.date}) cannot also have opening hours.`;
    return { date: raw.date, closed: true, ...reason };
  }
  if (raw.closed !== undefined && raw.closed !== false) return `${where}.closed must be true or false.`;
  if (raw.spans === undefined) return `${where}: ${raw.date} needs either closed: true or its opening hours (spans).`;
  const spans = validateSpans(raw.spans, `${where}.spans`);
  if (typeof spans === 'string') return spans;
  return { date: raw.date, spans, ...reason };
}

function validateSpans(raw: unknown, where: string): OpeningSpan[] | string {
  if (!Array.isArray(raw)) return `${where} must be a list of opening hours (an empty list means closed).`;
  const spans: { span: OpeningSpan; open: number; close: number }[] = [];
  for (const [index, span] of raw.entries()) {
    const at = `${where}[${index}]`;
    if (!isRecord(span)) return `${at} must have open and close times.`;
    const open = parseClock(span.open as string, 'open');
    if (open === undefined) return `${at}.open ${JSON.stringify(span.open)} is not a time of day (HH:MM, 00:00–23:59).`;
    const close = parseClock(span.close as string, 'close');
    if (close === undefined) return `${at}.close ${JSON.stringify(span.close)} is not a time of day (HH:MM, 00:01–24:00).`;
    if (close <= open) return `${at}: closing time ${span.close as string} must be after opening time ${span.open as string}.`;
    spans.push({ span: { open: span.open as string, close: span.close as string }, open, close });
  }
  spans.sort((a, b) => a.open - b.open);
  for (let index = 1; index < spans.length; index += 1) {
    const previous = spans[index - 1];
    const current = spans[index];
    if (previous && current && current.open < previous.close) {
      return `${where}: ${previous.span.open}–${previous.span.close} and ${current.span.open}–${current.span.close} overlap.`;
    }
  }
  return spans.map(({ span }) => span);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
