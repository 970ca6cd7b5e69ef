// The push channel a calendar connection asked for last (docs/decisions/0025-owner-calendars.md,
// "Push channels or polling"): kept in calendar_connections.push_channel so the next registration
// can end it, and compared with the booking calendar so the channel follows the owner's choice.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RegisteredChannel } from '../providers/owner-calendars';
import type { CalendarConnectionWithToken } from './calendar-connections';
import { sql } from './sql';

/**
 * The push channel asked for last: the calendar it is for, and what ends it (null when the
 * provider refused it). A booking calendar other than `calendarId` means the channel must follow.
 */
export interface PushChannelRecord {
  calendarId: string;
  registered: RegisteredChannel | null;
}

/**
 * The push channel does not follow the booking calendar: bookings go to another calendar than it
 * watches (the owner chose another), or to none while a channel is still live (the owner cleared
 * the choice). The next registration puts it right.
 */
export const pushChannelStale = (connection: CalendarConnectionWithToken): boolean =>
  connection.bookingCalendarId === null
    ? !!connection.pushChannel?.registered
    : connection.pushChannel?.calendarId !== connection.bookingCalendarId;

/**
 * Keeps the channel just asked for (null: none, the booking calendar was cleared) and hands back
 * the one it replaces (to be ended), in one statement; undefined when the connection is gone
 * (disconnected meanwhile: end the new one too).
 */
export async function swapPushChannel(
  em: EntityManager,
  id: string,
  channel: PushChannelRecord | null,
): Promise<{ replaced: PushChannelRecord | null } | undefined> {
  const [row] = await sql<{ replaced: PushChannelRecord | null }[]>(
    em,
    `update calendar_connections c set push_channel = ?::jsonb
       from (select id, push_channel from calendar_connections where id = ? for update) old
      where c.id = old.id returning old.push_channel as replaced`,
    [channel === null ? null : JSON.stringify(channel), id],
  );
  return row;
}
