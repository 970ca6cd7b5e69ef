// Calendar arithmetic for the appointments page, in the business's time zone (the domain's own
// wall-clock functions, so the dashboard and the workflow agree on which day a job falls).
import { addLocalDays, localParts, weekdayOf, WEEKDAYS, zonedInstant } from '$domain/time-zone';

export type CalendarView = 'day' | 'week';

export function todayIn(timeZone: string, now = new Date()): string {
  return localParts(now, timeZone).date;
}

/** The Monday of the week a date falls in. */
export function weekStart(date: string): string {
  return addLocalDays(date, -WEEKDAYS.indexOf(weekdayOf(date)));
}

/** The local dates a view shows. */
export function datesOf(view: CalendarView, date: string): string[] {
  if (view === 'day') return [date];
  const monday = weekStart(date);
  return WEEKDAYS.map((_, index) => addLocalDays(monday, index));
}

/** The instants bounding a view, for the api's from/to. */
export function rangeOf(view: CalendarView, date: string, timeZone: string): { from: string; to: string } {
  const dates = datesOf(view, date);
  const first = dates[0]!;
  const last = dates[dates.length - 1]!;
  return { from: zonedInstant(first, 0, timeZone).toISOString(), to: zonedInstant(addLocalDays(last, 1), 0, timeZone).toISOString() };
}

/** Where "previous" and "next" go from a view. */
export function step(view: CalendarView, date: string, direction: -1 | 1): string {
  return addLocalDays(view === 'day' ? date : weekStart(date), direction * (view === 'day' ? 1 : 7));
}

/** The local date an instant falls on in the business's zone. */
export function localDateOf(iso: string, timeZone: string): string {
  return localParts(new Date(iso), timeZone).date;
}

/** "Mon, Mar 4" for a local date (rendered at noon UTC so no zone can move it to another day). */
export function formatLocalDate(date: string, style: 'short' | 'long' = 'short'): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, {
    weekday: style === 'long' ? 'long' : 'short',
    month: style === 'long' ? 'long' : 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** Items grouped by the local date of their start, each group in time order. */
export function byLocalDate<T extends { start: string }>(items: readonly T[], timeZone: string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const date = localDateOf(item.start, timeZone);
    groups.set(date, [...(groups.get(date) ?? []), item]);
  }
  return groups;
}

/** A calendar app subscribes to webcal:// links; the https address works too when pasted. */
export function webcalUrl(icsUrl: string): string {
  return icsUrl.replace(/^https?:\/\//, 'webcal://');
}

export function isLocalDate(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
