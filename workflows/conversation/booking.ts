// Appointments: offers the caller answers with a number, bookings from the dashboard, cancelling
// and rescheduling. The booking activity (the database's unique index) decides between two callers
// racing for one slot; "booked" is said only after it is stored.
import {
  bookingConfirmation,
  cancellationConfirmation,
  nothingFitsText,
  onlyTimesText,
  rescheduleConfirmation,
  stillFreeText,
  OFFER_VALID_MS,
  offerExpiredText,
  reminderTimes,
  slotOfferText,
  slotTakenText,
} from '../../domain/appointments';
import { markUnanswered } from './caller';
import {
  alertOwner,
  answerUpdate,
  automatedAuthor,
  emit,
  iso,
  isWaitingFor,
  moveLead,
  nextRef,
  settle,
  textCaller,
  waitFor,
  type Ctx,
} from './context';
import { maybeStartTurn } from './assistant';
import type { Slot } from './model';

/** Texts the caller numbered free slots; with none free the assistant (or the owner) takes it from there. */
export function offerSlots(ctx: Ctx, how: { prefix?: string; answers?: string[]; alertIfNone?: boolean }) {
  if (isWaitingFor(ctx, 'slots')) return;
  const ref = nextRef(ctx);
  waitFor(ctx, { ref, on: 'slots', purpose: 'offer', ...how });
  // The caller's own words pick the times: their latest text, then what the assistant noted.
  const { s } = ctx;
  const said = [...s.transcript].reverse().find((entry) => entry.author === 'caller')?.body;
  const preferences = [said, s.lead.preferredTime].filter((text): text is string => Boolean(text));
  emit(ctx, { type: 'list_slots', ref, limit: 3, preferences, alreadyOffered: [...(s.offered ?? [])] });
}

/** Offered starts kept: enough for weeks of offers, bounded so the state stays small. */
const OFFERED_KEPT = 30;

export function onSlotsListed(ctx: Ctx, ref: number, slots: Slot[]) {
  const asked = settle(ctx, ref, 'slots');
  const { s } = ctx;
  if (!asked) return;
  if (asked.purpose === 'dashboard_book') {
    const slot = slots.find((candidate) => Date.parse(candidate.start) === Date.parse(asked.start));
    if (!slot) {
      answerUpdate(ctx, asked.requestId, {
        ok: false,
        type: 'SlotUnavailable',
        message: 'that time is not free; pick one of the offered slots',
        details: { alternatives: slots.slice(0, 5) },
      });
      return;
    }
    return book(ctx, slot, { requestId: asked.requestId });
  }
  if (s.phase !== 'open' || s.optedOut) return;
  if (slots.length === 0) {
    if (asked.alertIfNone)
      alertOwner(ctx, 'no_free_slots', `NeverMissCall: ${s.callerPhone} wants to book but no slot is free in the next days.`);
    // Nothing to offer: whoever has the conversation answers the caller in words.
    for (const id of asked.answers ?? []) markUnanswered(ctx, id);
    maybeStartTurn(ctx);
    return;
  }
  s.offer = { slots, at: iso(ctx.now) };
  s.offered = [...(s.offered ?? []), ...slots.map((slot) => slot.start)].slice(-OFFERED_KEPT);
  const settings = s.settings!;
  const offer = slotOfferText(
    settings.businessName,
    slots.map((slot) => ({ start: new Date(slot.start), end: new Date(slot.end) })),
    settings.timeZone,
  );
  // Never the same offer twice in a row in the same words: say why these times (nothing fits,
  // still free), and when even that matches the last offer, say it another way.
  const why = slots.some((slot) => slot.fits === false)
    ? nothingFitsText()
    : slots.every((slot) => slot.offeredBefore)
      ? stillFreeText()
      : undefined;
  const prefix = [asked.prefix, why].filter(Boolean).join(' ');
  const candidates = [prefix ? `${prefix} ${offer}` : offer, `${stillFreeText()} ${offer}`, `${onlyTimesText()} ${offer}`];
  const body = candidates.find((candidate) => candidate !== s.lastOffer)!;
  s.lastOffer = body;
  textCaller(ctx, {
    kind: 'offer',
    body,
    author: automatedAuthor(ctx),
    ...(asked.answers ? { answers: asked.answers } : {}),
  });
}

/** The caller answered an offer with its number: book it unless the offer went stale. */
export function pickOffered(ctx: Ctx, index: number, messageSid: string) {
  const offer = ctx.s.offer!;
  const slot = offer.slots[index]!;
  if (Date.parse(slot.start) <= ctx.now || ctx.now - Date.parse(offer.at) > OFFER_VALID_MS) {
    ctx.s.offer = undefined;
    return offerSlots(ctx, { prefix: offerExpiredText(), answers: [messageSid] });
  }
  book(ctx, slot, { answers: [messageSid] });
}

export function book(ctx: Ctx, slot: Slot, how: { requestId?: string; answers?: string[] }) {
  const ref = nextRef(ctx);
  waitFor(ctx, { ref, on: 'book', slot, ...how });
  emit(ctx, { type: 'book', ref, slot });
}

export function onBooked(ctx: Ctx, ref: number, appointmentId: string) {
  const asked = settle(ctx, ref, 'book');
  if (!asked) return;
  const { s } = ctx;
  const settings = s.settings!;
  const previous = s.appointment;
  // Moving a booking: the old slot is freed only once the new one is safely held.
  if (previous && previous.id !== appointmentId) emit(ctx, { type: 'cancel_booking', appointmentId: previous.id });
  s.appointment = { id: appointmentId, start: asked.slot.start, end: asked.slot.end };
  s.offer = undefined;
  s.remindersSent = remindersAlreadyPast(ctx, asked.slot.start);
  moveLead(ctx, { type: 'appointment_booked' });
  const moved = previous !== undefined && previous.id !== appointmentId;
  textCaller(ctx, {
    kind: 'booking',
    body: (moved ? rescheduleConfirmation : bookingConfirmation)(settings.businessName, new Date(asked.slot.start), settings.timeZone),
    author: automatedAuthor(ctx),
    appointmentId,
    ...(asked.answers ? { answers: asked.answers } : {}),
  });
  alertOwner(
    ctx,
    'booking_made',
    moved
      ? `NeverMissCall: ${s.callerPhone} moved their appointment from ${previous.start} to ${asked.slot.start}.`
      : `NeverMissCall: ${s.callerPhone} booked ${asked.slot.start} (${s.lead.jobDescription ?? 'job not described'}).`,
  );
  if (asked.requestId) answerUpdate(ctx, asked.requestId, { ok: true, value: s.appointment });
}

export function onSlotTaken(ctx: Ctx, ref: number) {
  const asked = settle(ctx, ref, 'book');
  if (!asked) return;
  if (asked.requestId) {
    answerUpdate(ctx, asked.requestId, { ok: false, type: 'SlotTaken', message: 'that time was just taken; pick another' });
    return;
  }
  if (ctx.s.phase === 'open' && !ctx.s.optedOut)
    offerSlots(ctx, { prefix: slotTakenText(ctx.s.settings!.businessName), answers: asked.answers ?? [] });
}

export function cancelBooking(ctx: Ctx, how: { requestId?: string; answers?: string[] }) {
  const { s } = ctx;
  const appointment = s.appointment;
  if (!appointment) {
    if (how.requestId)
      answerUpdate(ctx, how.requestId, { ok: false, type: 'NoAppointment', message: 'this conversation has no appointment' });
    return;
  }
  const settings = s.settings!;
  emit(ctx, { type: 'cancel_booking', appointmentId: appointment.id });
  s.appointment = undefined;
  s.remindersSent = [];
  moveLead(ctx, { type: 'appointment_cancelled' });
  textCaller(ctx, {
    kind: 'cancellation',
    body: cancellationConfirmation(settings.businessName, new Date(appointment.start), settings.timeZone),
    author: automatedAuthor(ctx),
    ...(how.answers ? { answers: how.answers } : {}),
  });
  alertOwner(ctx, 'booking_cancelled', `NeverMissCall: ${s.callerPhone} cancelled the appointment at ${appointment.start}.`);
  if (how.requestId) answerUpdate(ctx, how.requestId, { ok: true, value: null });
}

/**
 * The owner moved or deleted the appointment in their own calendar (the calendar sync says so).
 * The conversation's copy follows — reminders then go for the new time, or not at all — and
 * nothing is texted: the owner chose in the dashboard whether to tell the caller. Another
 * appointment than this conversation's current one (already moved on, or a repeat) changes nothing.
 */
export function onAppointmentChangedInCalendar(ctx: Ctx, change: { appointmentId: string; start?: string; end?: string }) {
  const { s } = ctx;
  if (!s.appointment || s.appointment.id !== change.appointmentId) return;
  if (change.start === undefined || change.end === undefined) {
    s.appointment = undefined;
    s.remindersSent = [];
    moveLead(ctx, { type: 'appointment_cancelled' });
    return;
  }
  if (s.appointment.start === change.start && s.appointment.end === change.end) return;
  s.appointment = { id: change.appointmentId, start: change.start, end: change.end };
  // Moved to later today: the day-before reminder is not sent at once (that would tell the caller
  // of the move before the owner chose to).
  s.remindersSent = remindersAlreadyPast(ctx, change.start);
}

/** Reminders whose time has already passed (a booking for later today) are not sent late. */
function remindersAlreadyPast(ctx: Ctx, start: string): string[] {
  const settings = ctx.s.settings!;
  return reminderTimes(new Date(start), settings.reminderOffsetsMs, settings.timeZone)
    .filter((due) => due.getTime() <= ctx.now)
    .map((due) => due.toISOString());
}
