// The opening-hours form's drafts: what the owner is editing (a day keeps its spans while closed,
// an override keeps its times while "closed all day"), how they become the api's hours, and what
// an owner must fix first, in their words (the api checks again with the domain rules).
import { parseClock, type DateOverride, type OpeningSpan } from '$domain/business-hours';
import { WEEKDAYS, type Weekday } from '$domain/time-zone';
import type { Settings } from '$lib/api';

export type Hours = Settings['hours'];

export const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export interface DayDraft {
  open: boolean;
  spans: OpeningSpan[];
}

export interface OverrideDraft {
  date: string;
  closed: boolean;
  open: string;
  close: string;
  reason: string;
}

export function dayDrafts(weekly: Hours['weekly']): Record<Weekday, DayDraft> {
  return Object.fromEntries(
    WEEKDAYS.map((day) => {
      const spans = weekly[day] ?? [];
      return [
        day,
        {
          open: spans.length > 0,
          spans: spans.length > 0 ? spans.map((span) => ({ ...span })) : [{ open: '08:00', close: '17:00' }],
        },
      ];
    }),
  ) as Record<Weekday, DayDraft>;
}

export function overrideDrafts(overrides: Hours['overrides']): OverrideDraft[] {
  return overrides.map((override) => ({
    date: override.date,
    closed: override.closed === true,
    open: override.closed === true ? '09:00' : (override.spans[0]?.open ?? '09:00'),
    close: override.closed === true ? '13:00' : (override.spans[0]?.close ?? '13:00'),
    reason: override.reason ?? '',
  }));
}

export function toHours(days: Record<Weekday, DayDraft>, overrides: OverrideDraft[]): Hours {
  const weekly = Object.fromEntries(
    WEEKDAYS.map((day) => [day, days[day].open ? days[day].spans.map((span) => ({ ...span })) : []]),
  ) as Hours['weekly'];
  const dated: DateOverride[] = overrides
    .filter((override) => override.date)
    .map((override) => {
      const reason = override.reason.trim() || undefined;
      return override.closed
        ? { date: override.date, closed: true as const, ...(reason ? { reason } : {}) }
        : { date: override.date, spans: [{ open: override.open, close: override.close }], ...(reason ? { reason } : {}) };
    });
  return { weekly, overrides: dated };
}

/** What an owner must fix before saving, or null. */
export function checkHours(hours: Hours, overrides: OverrideDraft[]): string | null {
  for (const day of WEEKDAYS) {
    const spans = [...hours.weekly[day]].sort((a, b) => (parseClock(a.open) ?? 0) - (parseClock(b.open) ?? 0));
    for (const [index, span] of spans.entries()) {
      const open = parseClock(span.open, 'open');
      const close = parseClock(span.close, 'close');
      if (open === undefined || close === undefined) return `Enter both opening and closing times for ${DAY_NAMES[day]}.`;
      if (close <= open) return `On ${DAY_NAMES[day]}, the closing time (${span.close}) must be after the opening time (${span.open}).`;
      const previous = spans[index - 1];
      if (previous && open < (parseClock(previous.close, 'close') ?? 0)) return `On ${DAY_NAMES[day]}, two opening periods overlap.`;
    }
  }
  const dates: string[] = [];
  for (const override of overrides) {
    if (!override.date) return 'Pick a date for each closed day, or remove the empty one.';
    if (dates.includes(override.date)) return `${override.date} is listed twice; keep one.`;
    dates.push(override.date);
    if (!override.closed) {
      const open = parseClock(override.open, 'open');
      const close = parseClock(override.close, 'close');
      if (open === undefined || close === undefined || close <= open)
        return `On ${override.date}, the closing time must be after the opening time.`;
    }
  }
  return null;
}
