// When a caller would like the visit ("tomorrow afternoon", "any evening after 5", "not Monday",
// "next week", "ASAP", "mañana por la tarde"), read into windows of time in the business's zone that
// filter the free slots offered (slot-choice.ts). chrono-node reads the dates, in English and Spanish;
// the day parts, clock bounds and negations it does not make ranges of are read by time-phrases.ts.
// Deterministic: the reference instant is an input (workflows call this), never the clock.
// The two locales only (not the package root, which loads every language): this runs in workflow bundles.
import * as en from 'chrono-node/en';
import * as es from 'chrono-node/es';
import type { ParsedResult } from 'chrono-node';
import { DEFAULT_APPOINTMENT_SETTINGS } from './slots';
import {
  DAY_PARTS,
  END_OF_DAY,
  findTimePhrases,
  fold,
  negationAround,
  type DayPart,
  type MinuteRange,
  type Span,
  type TimePhrases,
} from './time-phrases';
import {
  addLocalDays,
  isValidLocalDate,
  localDaysBetween,
  localParts,
  MINUTE_MS,
  utcOffsetMs,
  weekdayOf,
  WEEKDAYS,
  zonedInstant,
  type Weekday,
} from './time-zone';

export { DAY_PARTS } from './time-phrases';

/** An interval of real time, ISO instants (JSON-safe for workflow state); a slot fits when it starts inside [start, end). */
export interface TimeWindow {
  start: string;
  end: string;
}

export interface TimePreference {
  /** The business's zone the windows and weekdays were read in. */
  timeZone: string;
  /** Absent: any time will do (only ASAP or an excluded weekday was said). Empty: every time named has passed. */
  windows?: TimeWindow[];
  /** Local weekdays the caller ruled out ("not Monday"). */
  excludeWeekdays?: Weekday[];
  /** "ASAP": the soonest free slot. */
  asap?: boolean;
  /** The words that said it, as the caller wrote them ("tomorrow afternoon"). */
  phrase: string;
}

export interface PreferenceContext {
  now: Date;
  timeZone: string;
  /** Local dates, today included, that a day part without a date ("any evening") covers. */
  horizonDays?: number;
}

/** Words before or after a date that put it in the past: the caller tells when, not asks for when. */
const PAST_BEFORE = /\b(?:since|ever\s+since|as\s+of\s+last|last|this\s+past|desde(?:\s+(?:el|la|los|hace))?)\s+$/;
const PAST_AFTER = /^\s*(?:pasad[oa]s?|anterior|ago)\b/;
/** chrono-node reads "last Thursday" as one date and, told to look forward, as the next one. */
const PAST_WORDS = /^(?:last|this\s+past)\b|\b(?:pasad[oa]s?|anterior|ago)\b/i;
/** Longer texts are not a time preference but a story; the assistant reads those. */
const MAX_TEXT_LENGTH = 500;
/** A date range ("Monday to Friday") longer than this is not a preference. */
const MAX_RANGE_DAYS = 31;
const WHOLE_DAY: MinuteRange = { from: 0, to: END_OF_DAY };
/** chrono-node numbers weekdays from Sunday = 0. */
const CHRONO_WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAY_PART_NAMES = Object.keys(DAY_PARTS) as DayPart[];

/** The caller's time preference in `text`, or undefined when it names none. */
export function readTimePreference(text: string, context: PreferenceContext): TimePreference | undefined {
  if (typeof text !== 'string' || text.length > MAX_TEXT_LENGTH || Number.isNaN(context.now.getTime())) return undefined;
  const original = text.normalize('NFKC');
  const folded = fold(original);
  const phrases = findTimePhrases(folded);
  const today = localParts(context.now, context.timeZone).date;
  const dates = readDates(phrases, today, context);
  const spans = [...phrases.spans, ...dates.spans];
  const understood = phrases.asap || phrases.dayParts.length > 0 || phrases.clocks.length > 0 || dates.named.length > 0;
  if (!understood && dates.excluded.length === 0) return undefined;

  const excludeWeekdays = WEEKDAYS.filter((weekday) => dates.excluded.includes(weekday));
  const preference: TimePreference = { timeZone: context.timeZone, phrase: phraseOf(original, spans) };
  if (phrases.asap) preference.asap = true;
  if (excludeWeekdays.length > 0) preference.excludeWeekdays = excludeWeekdays;
  const timed = phrases.dayParts.length > 0 || phrases.clocks.length > 0 || dates.named.length > 0;
  if (timed) preference.windows = windowsFor(phrases, dates.named, today, excludeWeekdays, context);
  return preference;
}

interface ReadDates {
  /** Local dates the caller named, sorted, without duplicates. */
  named: string[];
  excluded: Weekday[];
  spans: Span[];
}

function readDates(phrases: TimePhrases, today: string, context: PreferenceContext): ReadDates {
  const named = new Set<string>(phrases.dayOffsets.map((days) => addLocalDays(today, days)));
  const excluded: Weekday[] = [];
  const spans: Span[] = [];
  const weeks = phrases.weeks.map((week) => weekDates(week, today));
  const weekdaysNamed: Weekday[] = [];
  // "Mondays" is not a word chrono-node knows; "monday " (same length) is.
  const rest = phrases.rest.replace(/\b(mon|tues|wednes|thurs|fri|satur|sun)days\b/g, '$1day ');
  for (const result of parseDates(rest, context)) {
    const { start, end } = result;
    const dayNamed = start.isCertain('day') || start.isCertain('weekday');
    // "in 5 minutes" names today only as the date of a time: not a preference for a day.
    if (!dayNamed || result.tags().has('result/relativeDateAndTime')) continue;
    const span = { start: result.index, end: result.index + result.text.length };
    const onlyWeekday = start.isCertain('weekday') && !start.isCertain('day');
    const first = dateOf(result.start);
    if (!isValidLocalDate(first)) continue;
    // "leaking since Monday", "desde el lunes pasado", "last Friday": when the trouble began, not a wish.
    const past = PAST_WORDS.test(result.text) || PAST_BEFORE.test(rest.slice(0, span.start)) || PAST_AFTER.test(rest.slice(span.end));
    if (past) continue;
    const negation = negationAround(rest.slice(0, span.start), rest.slice(span.end));
    if (negation) {
      // "not tomorrow" rules out one date, which needs no window; "not Monday" rules out the weekday.
      const weekdayNamed = start.isCertain('weekday') ? CHRONO_WEEKDAYS[start.get('weekday') ?? -1] : undefined;
      if (weekdayNamed) excluded.push(weekdayNamed);
      spans.push({ start: span.start - negation.before, end: span.end + negation.after });
      continue;
    }
    spans.push(span);
    const weekday = weekdayOf(first);
    if (onlyWeekday && weeks.some((week) => week.some((date) => weekdayOf(date) === weekday))) {
      weekdaysNamed.push(weekday);
      continue;
    }
    const endDate = end && (end.isCertain('day') || end.isCertain('weekday')) ? dateOf(end) : first;
    const last = isValidLocalDate(endDate) ? endDate : first;
    const days = Math.min(Math.max(localDaysBetween(first, last), 0), MAX_RANGE_DAYS);
    for (let day = 0; day <= days; day += 1) named.add(addLocalDays(first, day));
  }
  // "el martes de la próxima semana", "next week, Tuesday or Wednesday": those weekdays of that week.
  for (const week of weeks) {
    const chosen = week.filter((date) => weekdaysNamed.includes(weekdayOf(date)));
    for (const date of chosen.length > 0 ? chosen : week) named.add(date);
  }
  return { named: [...named].filter((date) => date >= today).sort(), excluded, spans };
}

/** Dates chrono-node reads in English and Spanish; where both read the same words, the longer reading wins. */
function parseDates(text: string, context: PreferenceContext): ParsedResult[] {
  // chrono-node takes a fixed offset: the zone's offset now gives the right local today; dates are
  // then read as calendar days and placed in the zone by zonedInstant, so DST later is handled there.
  const reference = { instant: context.now, timezone: Math.round(utcOffsetMs(context.now, context.timeZone) / MINUTE_MS) };
  const results = [...en.casual.parse(text, reference, { forwardDate: true }), ...es.casual.parse(text, reference, { forwardDate: true })];
  results.sort((a, b) => b.text.length - a.text.length || a.index - b.index);
  const kept: ParsedResult[] = [];
  for (const result of results) {
    const overlaps = kept.some(
      (other) => result.index < other.index + other.text.length && other.index < result.index + result.text.length,
    );
    if (!overlaps) kept.push(result);
  }
  return kept.sort((a, b) => a.index - b.index);
}

function dateOf(components: ParsedResult['start']): string {
  const pad = (value: number | null) => String(value ?? 0).padStart(2, '0');
  return `${components.get('year')}-${pad(components.get('month'))}-${pad(components.get('day'))}`;
}

const WEEKS_AHEAD: Readonly<Record<TimePhrases['weeks'][number]['which'], number>> = { this: 0, next: 1, afterNext: 2 };

/** Dates of "this week" (today to Sunday), "next week" or the one after (Monday to Sunday), or their weekends. */
function weekDates(week: TimePhrases['weeks'][number], today: string): string[] {
  const daysFromMonday = WEEKDAYS.indexOf(weekdayOf(today));
  const monday = addLocalDays(today, -daysFromMonday + WEEKS_AHEAD[week.which] * 7);
  const dates = Array.from({ length: 7 }, (_, day) => addLocalDays(monday, day)).filter((date) => date >= today);
  return week.weekend ? dates.filter((date) => ['sat', 'sun'].includes(weekdayOf(date))) : dates;
}

function windowsFor(phrases: TimePhrases, named: string[], today: string, excluded: Weekday[], context: PreferenceContext): TimeWindow[] {
  const horizon = Math.max(1, Math.floor(context.horizonDays ?? DEFAULT_APPOINTMENT_SETTINGS.horizonDays));
  const todayOnly = phrases.dayParts.some((dayPart) => dayPart.today);
  const dates = named.length > 0 ? named : todayOnly ? [today] : Array.from({ length: horizon }, (_, day) => addLocalDays(today, day));
  const ranges = minuteRanges(phrases);
  const now = context.now.getTime();
  const windows: TimeWindow[] = [];
  for (const date of dates) {
    if (excluded.includes(weekdayOf(date))) continue;
    for (const range of ranges) {
      const start = Math.max(zonedInstant(date, range.from, context.timeZone).getTime(), now);
      const end = zonedInstant(date, range.to, context.timeZone).getTime();
      if (end > start) windows.push({ start: new Date(start).toISOString(), end: new Date(end).toISOString() });
    }
  }
  return windows;
}

/**
 * The minutes of a day the caller wants: the day parts named (all day if none), within every clock
 * bound ("evening after 6" is 18:00–21:00). When they contradict ("morning after 2"), the clock wins:
 * it is the more precise of the two.
 */
function minuteRanges(phrases: TimePhrases): MinuteRange[] {
  const named = phrases.dayParts.filter((dayPart) => !dayPart.negated).map((dayPart) => dayPart.part);
  const ruledOut = phrases.dayParts.filter((dayPart) => dayPart.negated).map((dayPart) => dayPart.part);
  // "not in the morning" leaves the other parts of the day.
  const wanted = named.length > 0 ? named : ruledOut.length > 0 ? DAY_PART_NAMES.filter((part) => !ruledOut.includes(part)) : [];
  const parts = wanted.length > 0 ? wanted.map((part) => DAY_PARTS[part]) : [WHOLE_DAY];
  const clock = phrases.clocks.reduce<MinuteRange | undefined>((acc, range) => acc && intersect(acc, range), WHOLE_DAY);
  const bounds = clock ? [clock] : phrases.clocks;
  const ranges = parts.flatMap((part) => bounds.map((bound) => intersect(part, bound))).filter((range) => range !== undefined);
  return ranges.length > 0 ? unique(ranges) : bounds;
}

function intersect(a: MinuteRange, b: MinuteRange): MinuteRange | undefined {
  const range = { from: Math.max(a.from, b.from), to: Math.min(a.to, b.to) };
  return range.to > range.from ? range : undefined;
}

/** Sorted, with overlapping or touching ranges joined ("afternoon or evening" is 12:00–21:00). */
function unique(ranges: MinuteRange[]): MinuteRange[] {
  const joined: MinuteRange[] = [];
  for (const range of [...ranges].sort((a, b) => a.from - b.from)) {
    const last = joined[joined.length - 1];
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else joined.push({ ...range });
  }
  return joined;
}

/** The caller's own words for the preference: the phrases found, joined where only a short word parts them. */
function phraseOf(original: string, spans: Span[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const groups: Span[] = [];
  for (const span of sorted) {
    const last = groups[groups.length - 1];
    if (last && /^[\s,]*(?:\p{L}{1,4}[\s,]+)?$/u.test(original.slice(last.end, span.start))) last.end = Math.max(last.end, span.end);
    else groups.push({ ...span });
  }
  return groups
    .map((group) => original.slice(group.start, group.end).trim())
    .filter((part) => part !== '')
    .join(', ');
}
