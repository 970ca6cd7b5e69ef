// Push channels (issue #16; docs/decisions/0025-owner-calendars.md): the calendar sync asks the
// provider to tell our webhook (api/webhooks/calendar.ts) when the booking calendar changes, so the
// owner's own changes arrive in seconds instead of at the next poll. The webhook only signals
// syncNow; the sync itself is unchanged, and its poll stays as the safety net, since neither
// provider promises delivery. Where the providers cannot reach us (no https PUBLIC_URL outside the
// sandbox) nothing is registered and the sync polls as before.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionById } from '../db/calendar-connections';
import { swapPushChannel } from '../db/calendar-push-channels';
import type { Orm } from '../db/orm';
import { calendarPushPath, type OwnerCalendars, type RegisteredChannel } from '../providers/owner-calendars';
import { withOwnerCalendar } from '../providers/owner-calendar-session';

export interface WatchInput {
  connectionId: string;
}

/** Never thrown: not watching is an outcome, and the poll carries on either way. */
export type WatchOutcome =
  | {
      watching: true;
      expiresAtMs: number;
      /**
       * The channel this one replaced (a renewal, or another booking calendar): ended, none, or left
       * to expire when the provider would not end it (it no longer notifies anyone useful; the
       * webhook still only signals a sync). Seen in the workflow's history.
       */
      replaced: 'none' | 'ended' | 'left_to_expire';
    }
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
  if (!calendarId) {
    // The owner cleared the booking calendar: the channel left on the old one has nothing to follow.
    const live = connection.pushChannel?.registered;
    if (live) {
      await withOwnerCalendar(em, calendars, connection, (session) => session.stopWatching(live)).catch(() => undefined);
      await swapPushChannel(em, connection.id, null);
    }
    return { watching: false, reason: 'no_booking_calendar' };
  }
  // A fresh channel id each time: Google wants one per channel. The one it replaces is ended below.
  const channel = {
    id: `${connection.id}.${randomUUID().slice(0, 8)}`,
    address: `${publicUrl.replace(/\/+$/, '')}${calendarPushPath(connection.provider)}`,
    secret: calendars.pushSecret(connection.id),
  };
  // One session for the registration and the ending of the channel it replaces: one token refresh
  // (Microsoft rotates the refresh token on each, and the session's latest is the one stored).
  let replaced: 'none' | 'ended' | 'left_to_expire' = 'none';
  let disconnected = false;
  const watched = await withOwnerCalendar(em, calendars, connection, async (session) => {
    const registration = await session.watch(calendarId, channel);
    const end = async (old: RegisteredChannel) => ((await session.stopWatching(old)).ok ? 'ended' : 'left_to_expire');
    if (!registration.ok) {
      // Refused for a calendar the last channel was not for: that one watches a calendar bookings no
      // longer go to, so it ends; the refusal is kept, so this calendar is not asked again each round.
      // Refused again for the same calendar (a renewal): the live channel stays until it expires.
      if (registration.failure.kind !== 'reconnect' && connection.pushChannel?.calendarId !== calendarId) {
        const swapped = await swapPushChannel(em, connection.id, { calendarId, registered: null });
        if (swapped?.replaced?.registered) await end(swapped.replaced.registered);
      }
      return registration;
    }
    const { registered } = registration.value;
    const swapped = await swapPushChannel(em, connection.id, { calendarId, registered });
    if (!swapped) {
      // Disconnected while we registered: the new channel has nobody to notify.
      disconnected = true;
      await end(registered);
    } else if (swapped.replaced?.registered && swapped.replaced.registered.id !== registered.id) {
      replaced = await end(swapped.replaced.registered);
    }
    return registration;
  });
  if (!watched.ok) return { watching: false, reason: watched.failure.kind === 'not_connected' ? 'not_connected' : 'refused' };
  if (disconnected) return { watching: false, reason: 'not_connected' };
  return { watching: true, expiresAtMs: watched.value.expiresAt.getTime(), replaced };
}

export function createCalendarPushActivities({ orm, calendars, publicUrl }: { orm: Orm; calendars: OwnerCalendars; publicUrl: string }) {
  return {
    watchCalendar: (input: WatchInput) => watchCalendar(orm.em.fork(), calendars, publicUrl, input),
  };
}

export type CalendarPushActivities = ReturnType<typeof createCalendarPushActivities>;
