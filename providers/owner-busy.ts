// The owner's busy times from every calendar the business connected (issue #16), for the free
// slots the assistant offers and the dashboard lists, and for the check at the moment of booking.
// A calendar that cannot be asked in time (waiting for reconnection, a provider failure, slower
// than the time limit) never holds an offer: its busy times are left out and the answer says the
// calendars were not all checked, so slots fall back to business hours and our own bookings.
import type { EntityManager } from '@mikro-orm/postgresql';
import { connectionsWithTokens, type CalendarConnectionWithToken } from '../db/calendar-connections';
import { eventsOfConnection } from '../db/calendar-events';
import type { CalendarUnchecked, OwnerBusy } from '../contracts/http/appointments';
import type { BusyBlock } from './calendar-results';
import type { OwnerCalendars } from './owner-calendars';
import { withOwnerCalendar } from './owner-calendar-session';

export type { OwnerBusy } from '../contracts/http/appointments';
/** Why some busy times are missing: a calendar to reconnect, or one that did not answer in time. */
export type UncheckedReason = CalendarUnchecked;

/** All calendars together: a caller waiting for times is never held longer than this. */
export const BUSY_CHECK_TIMEOUT_MS = 3_000;
/** Microsoft's getSchedule answers at most 62 days; slots further out are checked at booking. */
export const BUSY_WINDOW_MAX_MS = 62 * 24 * 3600_000;

export interface BusyCheck {
  calendars: OwnerCalendars;
  timeoutMs?: number;
}

/**
 * Busy blocks of the owner's calendars overlapping [from, to). Blocks that are exactly an event we
 * placed for one of our appointments are left out: our own table already holds those bookings (and
 * a cancelled one whose event is not removed yet must not keep its slot). An event the owner moved
 * in their calendar no longer matches what we placed, so it counts as busy where it now is.
 */
export async function ownerBusyTimes(
  em: EntityManager,
  check: BusyCheck,
  tenantId: string,
  window: { from: Date; to: Date },
): Promise<OwnerBusy> {
  const connections = await connectionsWithTokens(em, tenantId);
  if (connections.length === 0) return { busy: [] };
  const to = new Date(Math.min(window.to.getTime(), window.from.getTime() + BUSY_WINDOW_MAX_MS));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), check.timeoutMs ?? BUSY_CHECK_TIMEOUT_MS);
  });
  try {
    const answers = await Promise.all(
      connections.map((connection) =>
        Promise.race([busyOf(em.fork(), check.calendars, connection, window.from, to), deadline]).catch(() => 'failed' as const),
      ),
    );
    const busy: BusyBlock[] = [];
    let unchecked: UncheckedReason | undefined;
    for (const answer of answers) {
      if (typeof answer === 'object') busy.push(...answer);
      else if (answer === 'reconnect') unchecked = 'reconnect';
      else if (answer !== 'skipped') unchecked ??= 'unavailable';
    }
    busy.sort((a, b) => a.start.getTime() - b.start.getTime());
    return unchecked ? { busy, unchecked } : { busy };
  } finally {
    clearTimeout(timer);
  }
}

async function busyOf(
  em: EntityManager,
  calendars: OwnerCalendars,
  connection: CalendarConnectionWithToken,
  from: Date,
  to: Date,
): Promise<BusyBlock[] | 'skipped' | 'reconnect' | 'failed'> {
  if (connection.status === 'reconnect') return 'reconnect';
  // The owner chose no calendar as busy (Microsoft's schedule is their default calendar).
  if (connection.busyCalendarIds.length === 0) return 'skipped';
  const [outcome, ours] = await Promise.all([
    withOwnerCalendar(em, calendars, connection, (session) => session.busy(connection.busyCalendarIds, from, to)),
    eventsOfConnection(em, connection.id),
  ]);
  if (!outcome.ok) return outcome.failure.kind === 'reconnect' || outcome.failure.kind === 'not_connected' ? 'reconnect' : 'failed';
  // Our own events are not the owner's busy time (the appointment blocks its slot itself); an event
  // we cancelled, or the owner deleted, is gone, so a block at its old time is the owner's own.
  const placed = new Set(
    ours
      .filter((event) => event.state !== 'cancelled' && event.state !== 'deleted_by_owner')
      .map((event) => `${event.start.getTime()}/${event.end.getTime()}`),
  );
  return outcome.value.filter((block) => !placed.has(`${block.start.getTime()}/${block.end.getTime()}`));
}
