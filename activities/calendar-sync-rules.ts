// What the calendar sync (activities/calendar-sync.ts) makes of what the owner's calendar reports,
// as pure rules: what a change means for our event, when an event missing from a full listing was
// deleted by the owner, and the key that makes each of the owner's moves one alert.
import type { CalendarConnection } from '../db/calendar-connections';
import type { PlacedEvent } from '../db/calendar-events';
import type { CalendarChange } from '../providers/calendar-results';
import { graphDeltaWindow } from '../providers/microsoft-calendar-delta';

/** Events whose changes in the owner's calendar are ours to reflect. */
export const LIVE_STATES: PlacedEvent['state'][] = ['placed', 'moved_by_owner'];

/**
 * How far ahead a full listing taken at `listedAt` sees: Microsoft lists only a window
 * (graphDeltaWindow, providers/microsoft-calendar.ts); Google the whole calendar (undefined). The
 * provider fixes its window a moment after `listedAt`, so this end is never past the real one; its
 * start needs no check, as only appointments not over yet are reconciled.
 */
export const listingReach = (provider: CalendarConnection['provider'], listedAt: Date): Date | undefined =>
  provider === 'microsoft' ? graphDeltaWindow(listedAt).end : undefined;

/** An all-day event (marked so by the provider clients): dates only, no time of day to move to. */
const isAllDay = (change: CalendarChange): boolean => change.kind === 'upserted' && change.allDay === true;

/** What one reported change means for the event of ours it names. */
export function ownerChangeOf(change: CalendarChange, event: { start: Date; end: Date }): 'deleted' | 'moved' | 'unchanged' {
  if (change.kind === 'deleted') return 'deleted';
  // The owner turned our event into an all-day one: no new time for the appointment, so it keeps its
  // own and no one is asked (docs/decisions/0025-owner-calendars.md).
  if (isAllDay(change)) return 'unchanged';
  return change.start.getTime() !== event.start.getTime() || change.end.getTime() !== event.end.getTime() ? 'moved' : 'unchanged';
}

/**
 * Whether a full listing that lacks `event` means the owner deleted it: the event was live and ours
 * before the listing was taken (`earlier`; one a late push created after it could not be listed),
 * it lives in the listed calendar, and its appointment lies inside what the listing covered.
 */
export function missingMeansDeleted(
  event: PlacedEvent & { eventId: string },
  earlier: PlacedEvent | undefined,
  { calendarId, reach }: { calendarId: string; reach: Date | undefined },
): boolean {
  return (
    earlier !== undefined &&
    LIVE_STATES.includes(earlier.state) &&
    earlier.eventId === event.eventId &&
    event.calendarId === calendarId &&
    (reach === undefined || event.start < reach)
  );
}

/**
 * One alert per move the owner makes: from where to where, and when the sync applied it. Moving
 * back and forth (T1→T2→T1→T2) repeats a from-and-to pair, and the last move is the one the caller
 * must hear about, so the moment keeps each its own; a move applied once has one moment (the event's
 * state changes once), and its alert is written in the same transaction.
 */
export const movedAlertKey = (
  connectionId: string,
  from: { eventId: string | null; start: Date },
  to: { start: Date },
  appliedAt: Date,
): string => `moved:${connectionId}:${from.eventId}:${from.start.toISOString()}>${to.start.toISOString()}@${appliedAt.toISOString()}`;
