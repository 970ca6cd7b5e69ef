// What Graph v1.0's event delta lists and how its rows read (providers/microsoft-calendar.ts asks
// for it): the calendarView window a full round covers, and one delta row as a CalendarChange.
import type { CalendarChange } from './calendar-results';

const DAY_MS = 86_400_000;

/**
 * The span a full delta round lists. Graph v1.0 has event delta only on a calendarView (a start/end
 * window; the unbounded events/delta is beta-only), so a round sees only events overlapping it.
 * One day back keeps an appointment under way in view (a sync only reflects ones not over yet);
 * 400 days ahead covers the furthest booking a business can allow (slot settings' horizonDays
 * max 365, domain/slots.ts) with a month to spare. The window is fixed when a round starts and
 * carried in its links; only a full listing starts a new one, so the full reconcile counts an
 * event as deleted only when its appointment lies inside the window it listed (activities/calendar-sync.ts).
 * An event the owner moves beyond the window leaves the view: Graph reports it `@removed`.
 */
export const GRAPH_DELTA_WINDOW = { pastMs: DAY_MS, aheadMs: 400 * DAY_MS } as const;

/** The window a full delta round started at `now` lists. */
export const graphDeltaWindow = (now: Date): { start: Date; end: Date } => ({
  start: new Date(now.getTime() - GRAPH_DELTA_WINDOW.pastMs),
  end: new Date(now.getTime() + GRAPH_DELTA_WINDOW.aheadMs),
});

/** Graph's UTC date-time as received with timeZone "UTC": no offset. */
export const fromGraphTime = (value: { dateTime?: string } | undefined) =>
  new Date(`${(value?.dateTime ?? '1970-01-01T00:00:00').replace(/Z$/, '')}Z`);

export interface GraphEvent {
  id?: string;
  subject?: string;
  start?: { dateTime?: string };
  end?: { dateTime?: string };
  isAllDay?: boolean;
  '@removed'?: unknown;
}

/**
 * One delta row as a change. An all-day event's times are midnights in some zone, not a time of
 * day: it is marked `allDay` so the sync leaves the appointment's time alone (as for Google's
 * date-only events, providers/google-calendar.ts).
 */
export function graphChangeOf(event: GraphEvent): CalendarChange {
  if (event['@removed'] !== undefined) return { kind: 'deleted', eventId: event.id ?? '' };
  const change: CalendarChange = {
    kind: 'upserted',
    eventId: event.id ?? '',
    title: event.subject ?? '',
    start: fromGraphTime(event.start),
    end: fromGraphTime(event.end),
  };
  if (event.isAllDay === true) change.allDay = true;
  return change;
}
