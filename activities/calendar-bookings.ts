// Bookings land in the owner's calendar (issue #16): `pushBookings` makes one connection's booking
// calendar agree with our appointments, and is safe to run any number of times (the calendar sync
// workflow runs it every round, and a booking or cancellation asks for a round at once).
// - a booked appointment without an event gets one, created under the appointment's id as its
//   idempotency key, so a retried activity (an answer lost after the create) finds the first event
//   instead of making a second;
// - a reschedule (the conversation books the new time, then cancels the old appointment) moves the
//   old event to the new time and hands it to the new appointment: the owner sees one event move;
// - a cancelled appointment's event is removed; a booked one whose time changed here is moved.
// An event the owner deleted is never put back (the sync asks the owner what to do), nor is one the
// owner moved dragged back. Everything done is recorded in calendar_events, a create ahead of
// asking ('creating'): an activity that dies before recording the answer leaves that row, so a
// later round retries the create, or, the appointment cancelled meanwhile, removes what it made.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { bookingConnectionsOfAppointment, bookingsToPush, relinkEvent, type BookingToPush } from '../db/calendar-bookings';
import { recordPushOutcome } from '../db/calendar-connections';
import { recordCreating, recordEvent } from '../db/calendar-events';
import { googleEventIdFor } from '../providers/google-calendar';
import type { CalendarEventInput, CalendarFailure, CalendarResult } from '../providers/calendar-results';
import type { OwnerCalendars, OwnerCalendarSession } from '../providers/owner-calendars';
import { syncCalendarNow } from '../temporal/calendar-sync';
import { withOwnerCalendar } from '../providers/owner-calendar-session';

export interface PushBookingsInput {
  connectionId: string;
}

export interface PushBookingsResult {
  created: number;
  moved: number;
  cancelled: number;
  /** Why the round stopped early, or (`rejected`) an event the provider refused and that was skipped. */
  failure?: CalendarFailure | { kind: 'not_connected' };
  /** This round found the grant dead and put the connection in "reconnect": alert the owner once. */
  newlyDisconnected?: true;
}

export interface CalendarBookingDeps {
  em: EntityManager;
  calendars: OwnerCalendars;
  /** The dashboard's address: each event links to its conversation there. */
  publicUrl: string;
  now?: () => Date;
}

/** One change to make in the owner's calendar. */
export type BookingStep =
  | { kind: 'create'; booking: BookingToPush }
  | { kind: 'reschedule'; from: BookingToPush; to: BookingToPush }
  | { kind: 'move'; booking: BookingToPush }
  | { kind: 'cancel'; booking: BookingToPush };

const isLive = (booking: BookingToPush) => booking.event?.state === 'placed' || booking.event?.state === 'moved_by_owner';
/** A create was asked for and its answer never recorded: the event may exist. */
const isCreating = (booking: BookingToPush) => booking.event?.state === 'creating';

/**
 * A reschedule books the new time first and cancels the old appointment just after: a round that
 * falls in between waits this long for the cancel (then pairs them and moves the event) before it
 * treats the new booking as one of its own.
 */
export const RESCHEDULE_SETTLE_MS = 2 * 60_000;

/** What to change so the calendar agrees with the appointments (bookingsToPush's rows). Pure. */
export function planBookingPush(bookings: BookingToPush[], now: Date): BookingStep[] {
  const cancelledWithEvent = bookings
    .filter((booking) => booking.status === 'cancelled' && isLive(booking))
    .sort((a, b) => (b.cancelledAt?.getTime() ?? 0) - (a.cancelledAt?.getTime() ?? 0));
  const steps: BookingStep[] = [];
  const handedOver = new Set<string>();
  for (const booking of bookings) {
    if (booking.status !== 'booked') continue;
    if (booking.event === null) {
      // The latest cancelled appointment of the same conversation: this booking replaced it.
      const from = cancelledWithEvent.find((old) => old.conversationId === booking.conversationId && !handedOver.has(old.appointmentId));
      if (from) {
        handedOver.add(from.appointmentId);
        steps.push({ kind: 'reschedule', from, to: booking });
      } else if (!reschedulePending(booking, bookings, now)) steps.push({ kind: 'create', booking });
    } else if (booking.event.state === 'creating') {
      // Retried under the same key (finding the event if the first create made it); never handed an
      // older event: it may have one already, and its row is taken.
      steps.push({ kind: 'create', booking });
    } else if (
      booking.event.state === 'placed' &&
      (booking.event.start.getTime() !== booking.start.getTime() || booking.event.end.getTime() !== booking.end.getTime())
    ) {
      steps.push({ kind: 'move', booking });
    }
  }
  for (const old of cancelledWithEvent) if (!handedOver.has(old.appointmentId)) steps.push({ kind: 'cancel', booking: old });
  // Cancelled while its create's answer was lost: whatever that create made is removed.
  for (const old of bookings) if (old.status === 'cancelled' && isCreating(old)) steps.push({ kind: 'cancel', booking: old });
  return steps;
}

/**
 * A new booking whose conversation still holds an older booked appointment: its cancel is on the way.
 * Whether the older one's event is placed yet does not matter: were both created in one round and
 * this one's record lost, the retry would find the older event placed and hold this one back, and
 * the cancel would then hand the older event to it as well: the owner would see two.
 */
function reschedulePending(booking: BookingToPush, bookings: BookingToPush[], now: Date): boolean {
  if (now.getTime() - booking.createdAt.getTime() >= RESCHEDULE_SETTLE_MS) return false;
  return bookings.some(
    (other) =>
      other !== booking &&
      other.conversationId === booking.conversationId &&
      other.status === 'booked' &&
      other.createdAt.getTime() < booking.createdAt.getTime(),
  );
}

/** The event as the owner reads it: the job and who, then the details and a link back to the conversation. */
export function appointmentEvent(booking: BookingToPush, publicUrl: string): CalendarEventInput {
  const lead = booking.lead ?? {};
  const who = lead.callerName ? `${lead.callerName} (${booking.callerPhone})` : booking.callerPhone;
  const address = lead.serviceAddress ?? lead.place?.formatted;
  const description = [
    `Caller: ${who}`,
    lead.jobDescription ? `Job: ${lead.jobDescription}` : undefined,
    address ? `Address: ${address}` : undefined,
    `Conversation: ${publicUrl.replace(/\/$/, '')}/?conversation=${encodeURIComponent(booking.conversationId)}`,
    'Booked by NeverMissCall.',
  ].filter((line): line is string => line !== undefined);
  return {
    idempotencyKey: booking.appointmentId,
    title: `${lead.jobDescription || 'Job'} – ${lead.callerName ?? booking.callerPhone}`,
    description: description.join('\n'),
    ...(address ? { location: address } : {}),
    start: booking.start,
    end: booking.end,
  };
}

/** Makes the connection's booking calendar agree with the business's appointments (idempotent). */
export async function pushBookings(deps: CalendarBookingDeps, input: PushBookingsInput): Promise<PushBookingsResult> {
  const { em, calendars } = deps;
  const result: PushBookingsResult = { created: 0, moved: 0, cancelled: 0 };
  const outcome = await withOwnerCalendar(em, calendars, input.connectionId, async (session, connection) => {
    if (!connection.bookingCalendarId) return { ok: true, value: undefined };
    const now = deps.now?.() ?? new Date();
    const steps = planBookingPush(await bookingsToPush(em, connection, now), now);
    const place = new EventPlacer(em, session, { connectionId: connection.id, tenantId: connection.tenantId }, deps.publicUrl, {
      // Google's event id is derived from the appointment's; Microsoft names the event when it makes it.
      eventIdAhead: connection.provider === 'google' ? googleEventIdFor : () => null,
    });
    for (const step of steps) {
      const done = await place.step(step, connection.bookingCalendarId, result);
      if (done.ok) continue;
      // The provider refuses this one event (and will keep refusing): the others still go.
      if (done.failure.kind === 'rejected') result.failure ??= done.failure;
      else return done;
    }
    return { ok: true, value: undefined };
  });
  if (!outcome.ok) {
    result.failure = outcome.failure;
    if (outcome.newlyDisconnected) result.newlyDisconnected = true;
  }
  // Kept where the owner sees it (the Status page): a calendar refusing our events must not look
  // in sync. A connection that is gone has nowhere to keep it.
  if (result.failure?.kind !== 'not_connected') await recordPushOutcome(em, input.connectionId, result.failure?.kind ?? null);
  return result;
}

class EventPlacer {
  constructor(
    private readonly em: EntityManager,
    private readonly session: OwnerCalendarSession,
    private readonly connection: { connectionId: string; tenantId: string },
    private readonly publicUrl: string,
    private readonly provider: { eventIdAhead: (idempotencyKey: string) => string | null },
  ) {}

  async step(step: BookingStep, bookingCalendarId: string, counts: PushBookingsResult): Promise<CalendarResult<void>> {
    switch (step.kind) {
      case 'create':
        return this.counted(await this.create(step.booking, bookingCalendarId), counts, 'created');
      case 'move':
        return this.counted(await this.move(step.booking, step.booking), counts, 'moved');
      case 'cancel':
        return this.counted(await this.cancel(step.booking), counts, 'cancelled');
      case 'reschedule': {
        const moved = await this.move(step.from, step.to);
        if (moved.ok || moved.failure.kind !== 'rejected') return this.counted(moved, counts, 'moved');
        // The old event cannot be moved (gone from the calendar): a new event, and the old one's row is closed.
        await this.cancel(step.from);
        return this.counted(await this.create(step.to, bookingCalendarId), counts, 'created');
      }
    }
  }

  private counted(done: CalendarResult<void>, counts: PushBookingsResult, what: 'created' | 'moved' | 'cancelled') {
    if (done.ok) counts[what] += 1;
    return done;
  }

  /** Written ahead, then asked: a create whose answer is lost is still found by the next round. */
  private async create(booking: BookingToPush, calendarId: string): Promise<CalendarResult<void>> {
    const event = appointmentEvent(booking, this.publicUrl);
    const key = { ...this.connection, appointmentId: booking.appointmentId, calendarId };
    const times = { start: booking.start, end: booking.end };
    await recordCreating(this.em, { ...key, eventId: this.provider.eventIdAhead(event.idempotencyKey), ...times });
    const created = await this.session.createEvent(calendarId, event);
    if (!created.ok) return created;
    const earlier = booking.event?.state === 'creating' ? booking.event : undefined;
    if (earlier && (earlier.start.getTime() !== booking.start.getTime() || earlier.end.getTime() !== booking.end.getTime())) {
      // The earlier attempt may have made the event at the booking's old time.
      const moved = await this.session.moveEvent(calendarId, created.value.eventId, booking.start, booking.end);
      // Refused: the event is gone (the owner deleted it); recorded as placed, the sync sees it gone.
      if (!moved.ok && moved.failure.kind !== 'rejected') return moved;
    }
    await recordEvent(this.em, { ...key, eventId: created.value.eventId, ...times, state: 'placed' });
    return { ok: true, value: undefined };
  }

  /** Moves `holder`'s event to `booking`'s time (the same appointment, or the one that replaced it). */
  private async move(holder: BookingToPush, booking: BookingToPush): Promise<CalendarResult<void>> {
    const event = holder.event!;
    const eventId = event.eventId!; // placed or moved by the owner: named
    const moved = await this.session.moveEvent(event.calendarId, eventId, booking.start, booking.end);
    if (!moved.ok) return moved;
    const times = { start: booking.start, end: booking.end };
    if (holder.appointmentId === booking.appointmentId) {
      await recordEvent(this.em, {
        ...this.connection,
        ...event,
        eventId,
        appointmentId: booking.appointmentId,
        ...times,
        state: 'placed',
      });
    } else {
      await relinkEvent(
        this.em,
        { ...this.connection, fromAppointmentId: holder.appointmentId, toAppointmentId: booking.appointmentId },
        times,
      );
    }
    return moved;
  }

  private async cancel(booking: BookingToPush): Promise<CalendarResult<void>> {
    const event = booking.event!;
    let eventId = event.eventId;
    if (eventId === null) {
      // A lost create on a calendar that names its events: the same create answers with the event it
      // made (or makes it now, to be removed at once); either way we learn what to remove.
      const made = await this.session.createEvent(event.calendarId, appointmentEvent(booking, this.publicUrl));
      if (!made.ok) return made;
      eventId = made.value.eventId;
    }
    const cancelled = await this.session.cancelEvent(event.calendarId, eventId);
    if (!cancelled.ok) return cancelled;
    await recordEvent(this.em, { ...this.connection, ...event, eventId, appointmentId: booking.appointmentId, state: 'cancelled' });
    return cancelled;
  }
}

/**
 * After a booking or cancellation: the sync of every calendar receiving this business's bookings
 * runs now, so the event appears in seconds. Never fails the booking: a lost request is caught up
 * by the sync's next period.
 */
export async function askBookingCalendarsToSync(em: EntityManager, temporal: Client | undefined, appointmentId: string): Promise<void> {
  if (!temporal) return;
  try {
    const connectionIds = await bookingConnectionsOfAppointment(em, appointmentId);
    await Promise.all(connectionIds.map((connectionId) => syncCalendarNow(temporal, connectionId)));
  } catch {
    // The periodic sync converges anyway.
  }
}
