// What pushBookings plans from the appointments and their events (the stack test
// test/integration/calendar-bookings.test.ts runs it against the emulators): one event per
// booking, a reschedule moves the old event rather than making a new one, a cancel removes it, and
// nothing the owner deleted or moved is touched.
import type { BookingToPush } from '../db/calendar-bookings';
import type { CalendarEventState } from '../db/calendar-events';
import { appointmentEvent, planBookingPush, RESCHEDULE_SETTLE_MS, type BookingStep } from './calendar-bookings';

const at = (hour: number) => new Date(Date.UTC(2031, 0, 7, hour));
const NOW = at(12);
let next = 0;
function booking(changes: Partial<BookingToPush> = {}): BookingToPush {
  next += 1;
  return {
    appointmentId: `a${next}`,
    conversationId: `c${next}`,
    callerPhone: '+15125550100',
    start: at(15),
    end: at(17),
    status: 'booked',
    cancelledAt: null,
    createdAt: at(1),
    lead: null,
    event: null,
    ...changes,
  };
}
const placed = (start = at(15), end = at(17), state: CalendarEventState = 'placed') => ({
  calendarId: 'primary',
  eventId: `e${next}`,
  start,
  end,
  state,
});
const shown = (steps: BookingStep[]) =>
  steps.map((step) =>
    step.kind === 'reschedule'
      ? `reschedule ${step.from.appointmentId}→${step.to.appointmentId}`
      : `${step.kind} ${step.booking.appointmentId}`,
  );

test('a booking without an event gets one; one with its event in place needs nothing', () => {
  const fresh = booking();
  const done = booking({ event: placed() });
  expect(shown(planBookingPush([fresh, done], NOW))).toEqual([`create ${fresh.appointmentId}`]);
});

test('a reschedule: the cancelled booking of the same conversation hands its event to the new one', () => {
  const old = booking({ status: 'cancelled', cancelledAt: at(1), event: placed() });
  const replacement = booking({ conversationId: old.conversationId, start: at(18), end: at(20) });
  const stranger = booking({ start: at(18), end: at(20) });
  expect(shown(planBookingPush([old, replacement, stranger], NOW))).toEqual([
    `reschedule ${old.appointmentId}→${replacement.appointmentId}`,
    `create ${stranger.appointmentId}`,
  ]);
});

test('the latest cancelled booking is the one replaced; an older one left with an event is removed', () => {
  const older = booking({ status: 'cancelled', cancelledAt: at(1), event: placed() });
  const latest = booking({ conversationId: older.conversationId, status: 'cancelled', cancelledAt: at(2), event: placed(at(18), at(20)) });
  const replacement = booking({ conversationId: older.conversationId, start: at(9), end: at(11) });
  expect(shown(planBookingPush([older, latest, replacement], NOW))).toEqual([
    `reschedule ${latest.appointmentId}→${replacement.appointmentId}`,
    `cancel ${older.appointmentId}`,
  ]);
});

test("a round between the new booking and the old one's cancel waits for the cancel, then moves the event; not for ever", () => {
  const old = booking({ createdAt: at(1), event: placed() });
  const replacement = booking({
    conversationId: old.conversationId,
    createdAt: new Date(NOW.getTime() - 5_000),
    start: at(18),
    end: at(20),
  });
  expect(shown(planBookingPush([old, replacement], NOW))).toEqual([]);
  const later = new Date(replacement.createdAt.getTime() + RESCHEDULE_SETTLE_MS);
  expect(shown(planBookingPush([old, replacement], later))).toEqual([`create ${replacement.appointmentId}`]);
  const cancelled = { ...old, status: 'cancelled' as const, cancelledAt: NOW };
  expect(shown(planBookingPush([cancelled, replacement], NOW))).toEqual([`reschedule ${old.appointmentId}→${replacement.appointmentId}`]);
});

test('a booking whose time changed here moves its event; events the owner moved or deleted are left as they are', () => {
  const changed = booking({ start: at(18), end: at(20), event: placed(at(15), at(17)) });
  const ownerMoved = booking({ start: at(18), end: at(20), event: placed(at(9), at(11), 'moved_by_owner') });
  const ownerDeleted = booking({ event: placed(at(15), at(17), 'deleted_by_owner') });
  expect(shown(planBookingPush([changed, ownerMoved, ownerDeleted], NOW))).toEqual([`move ${changed.appointmentId}`]);
});

test('a cancelled booking whose event is still there (ours or moved by the owner) has it removed', () => {
  const ours = booking({ status: 'cancelled', cancelledAt: at(1), event: placed() });
  const moved = booking({ status: 'cancelled', cancelledAt: at(1), event: placed(at(9), at(11), 'moved_by_owner') });
  expect(shown(planBookingPush([ours, moved], NOW)).sort()).toEqual(
    [`cancel ${moved.appointmentId}`, `cancel ${ours.appointmentId}`].sort(),
  );
});

test("a create whose answer was lost ('creating'): retried while booked, never handed an old event; removed once cancelled", () => {
  const unsure = (changes: Partial<BookingToPush>) => booking({ ...changes, event: { ...placed(), eventId: null, state: 'creating' } });
  const retried = unsure({});
  // Its conversation's older booking, cancelled with its event: a reschedule, but the retried
  // booking may hold an event already, so the old one is removed rather than handed over.
  const old = booking({ conversationId: retried.conversationId, status: 'cancelled', cancelledAt: at(2), event: placed(at(9), at(11)) });
  const cancelled = unsure({ status: 'cancelled', cancelledAt: at(3) });
  expect(shown(planBookingPush([old, retried, cancelled], NOW))).toEqual([
    `create ${retried.appointmentId}`,
    `cancel ${old.appointmentId}`,
    `cancel ${cancelled.appointmentId}`,
  ]);
});

test('the event says who, what job, where, and links back to the conversation; keyed by the appointment', () => {
  const event = appointmentEvent(
    booking({
      appointmentId: 'appt-1',
      conversationId: 'conv-1',
      lead: { callerName: 'Dana Smith', jobDescription: 'Leaking kitchen sink', serviceAddress: '12 Oak Street, Austin' },
    }),
    'https://app.example.com/',
  );
  expect(event).toEqual({
    idempotencyKey: 'appt-1',
    title: 'Leaking kitchen sink – Dana Smith',
    description: [
      'Caller: Dana Smith (+15125550100)',
      'Job: Leaking kitchen sink',
      'Address: 12 Oak Street, Austin',
      'Conversation: https://app.example.com/?conversation=conv-1',
      'Booked by NeverMissCall.',
    ].join('\n'),
    location: '12 Oak Street, Austin',
    start: at(15),
    end: at(17),
  });
  expect(appointmentEvent(booking(), 'https://app.example.com').title).toBe('Job – +15125550100');
});
