// Push channels (issue #16; docs/decisions/0025-owner-calendars.md): the calendar sync asks the
// provider to tell our webhook (api/webhooks/calendar.ts) when the booking calendar changes, so the
// owner's own changes arrive in seconds instead of at the next poll. The webhook only signals
// syncNow; the sync itself is unchanged, and its poll stays as the safety net, since neither
// provider promises delivery. Where the providers cannot reach us (no https PUBLIC_URL outside the
// sandbox) nothing is registered and the sync polls as before.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionById } from '../db/calendar-connections';
import type { Orm } from '../db/orm';
import { calendarPushPath, type OwnerCalendars } from '../providers/owner-calendars';
import { withOwnerCalendar } from '../providers/owner-calendar-session';

export interface WatchInput {
  connectionId: string;
}

/** Never thrown: not watching is an outcome, and the poll carries on either way. */
export type WatchOutcome =
  | { watching: true; expiresAtMs: number }
  | { watching: false; reason: 'unreachable' | 'not_connected' | 'no_booking_calendar' | 'refused' };

export async function watchCalendar(
  em: EntityManager,
  calendars: OwnerCalendars,
  publicUrl: string,
  input: WatchInput,
): Promise<WatchOutcome> {
  if (!calendars.pushReachable) return { watching: false, reason: 'unreachable' };
  const connection = await connectionById(em, input.connectionId);
  if (!connection || connection.status !== 'connected') return { watching: false, reason: 'not_connected' };
  const calendarId = connection.bookingCalendarId;
  if (!calendarId) return { watching: false, reason: 'no_booking_calendar' };
  // A fresh channel id each time: Google wants one per channel; the old channel expires on its own.
  const channel = {
    id: `${connection.id}.${randomUUID().slice(0, 8)}`,
    address: `${publicUrl.replace(/\/+$/, '')}${calendarPushPath(connection.provider)}`,
    secret: calendars.pushSecret(connection.id),
  };
  const watched = await withOwnerCalendar(em, calendars, connection, (session) => session.watch(calendarId, channel));
  if (!watched.ok) return { watching: false, reason: watched.failure.kind === 'not_connected' ? 'not_connected' : 'refused' };
  return { watching: true, expiresAtMs: watched.value.expiresAt.getTime() };
}

export function createCalendarPushActivities({ orm, calendars, publicUrl }: { orm: Orm; calendars: OwnerCalendars; publicUrl: string }) {
  return {
    watchCalendar: (input: WatchInput) => watchCalendar(orm.em.fork(), calendars, publicUrl, input),
  };
}

export type CalendarPushActivities = ReturnType<typeof createCalendarPushActivities>;
