// Bookings for the dashboard's bookSlot and the assistant alike go through one activity; the
// database's unique index decides between two callers racing for one slot (db/appointments.ts).
// With the owner's calendars connected (issue #16), their busy times block slots too, and a slot
// is checked against them again at the moment of booking (providers/owner-busy.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { freeSlots, overlapsBooking, type Slot } from '../domain/slots';
import { chooseSlots } from '../domain/slot-choice';
import { readTimePreference } from '../domain/time-preferences';
import type { ConversationSettings } from '../domain/settings';
import * as appointments from '../db/appointments';
import { loadSettings } from '../db/business-settings';
import { ownerBusyTimes, type BusyCheck, type OwnerBusy, type UncheckedReason } from '../providers/owner-busy';

export interface SlotView {
  start: string;
  end: string;
  /** One of the nearest free times: none fits the time the caller asked for. */
  fits?: false;
  /** Offered to this caller before: no new time was left that suits as well. */
  offeredBefore?: true;
}

export interface SlotQuery {
  tenantId: string;
  settings: ConversationSettings;
  now: string;
  limit?: number;
  /** Texts that may state when the caller wants us, latest first; the first that names a time is used. */
  preferences?: string[];
  /** Starts (ISO) already offered to this caller: new times first. */
  alreadyOffered?: string[];
}

/** Free slots looked through to choose an offer: two weeks of a busy day's openings. */
const CANDIDATE_SLOTS = 200;

export type BookInput = appointments.NewAppointment;

export type BookResult = { ok: true; appointmentId: string } | { ok: false; reason: 'slot_taken' };

const toView = (slot: Slot): SlotView => ({ start: slot.start.toISOString(), end: slot.end.toISOString() });

const DAY_MS = 24 * 3600_000;

/** Free slots with whether the owner's calendars were all checked (the dashboard says when not). */
export interface CheckedSlots {
  slots: SlotView[];
  /** Some connected calendar could not be checked: these times come from business hours and our bookings only. */
  calendarUnchecked?: UncheckedReason;
}

/** The activity: free slots as the conversation reads them (a calendar not checked changes nothing it does). */
export async function listFreeSlots(em: EntityManager, input: SlotQuery, check?: BusyCheck): Promise<SlotView[]> {
  return (await listCheckedSlots(em, input, check)).slots;
}

/**
 * Free slots right now: business hours minus booked appointments, the owner's busy times (when
 * `check` gives their calendars) and the buffers around both.
 */
export async function listCheckedSlots(em: EntityManager, input: SlotQuery, check?: BusyCheck): Promise<CheckedSlots> {
  const now = new Date(input.now);
  const window = { from: now, to: new Date(now.getTime() + (input.settings.appointments.horizonDays + 1) * DAY_MS) };
  const [booked, owner] = await Promise.all([
    appointments.bookedSpans(em, input.tenantId, now),
    check ? ownerBusyTimes(em, check, input.tenantId, window) : ({ busy: [] } as OwnerBusy),
  ]);
  const query = { now, hours: input.settings.hours, settings: input.settings.appointments, booked, busy: owner.busy };
  const unchecked = owner.unchecked ? { calendarUnchecked: owner.unchecked } : {};
  if (input.preferences === undefined && input.alreadyOffered === undefined) {
    // The dashboard's list, and offers of conversations recorded before preferences were read.
    return { slots: freeSlots({ ...query, ...(input.limit ? { limit: input.limit } : {}) }).map(toView), ...unchecked };
  }
  const slots = chooseOffer(freeSlots({ ...query, limit: CANDIDATE_SLOTS }), { ...input, now, timeZone: input.settings.timeZone });
  return { slots, ...unchecked };
}

/**
 * The slots to text the caller: the first of their texts that names a time decides (read with
 * chrono-node in the business's zone, domain/time-preferences.ts; kept out of the workflow's
 * bundle by running here), then domain/slot-choice.ts picks new times that fit, or the nearest.
 */
export function chooseOffer(
  free: Slot[],
  input: { now: Date; timeZone: string; limit?: number; preferences?: string[]; alreadyOffered?: string[] },
): SlotView[] {
  const { now, timeZone } = input;
  const preference = (input.preferences ?? [])
    .map((text) => readTimePreference(text, { now, timeZone }))
    .find((read) => read !== undefined);
  const choice = chooseSlots({
    free,
    ...(preference ? { preference } : {}),
    alreadyOffered: input.alreadyOffered ?? [],
    limit: input.limit ?? 3,
  });
  const offered = new Set((input.alreadyOffered ?? []).map((start) => Date.parse(start)));
  return choice.slots.map((slot) => ({
    ...toView(slot),
    ...(preference && !choice.fits ? { fits: false as const } : {}),
    ...(offered.has(slot.start.getTime()) ? { offeredBefore: true as const } : {}),
  }));
}

/**
 * Books a slot; a retry after success finds this conversation's own booking and succeeds again.
 * With `check`, the slot is first checked against the owner's calendars as they are now: a slot
 * that became busy since it was offered is `slot_taken` (the conversation offers fresh times). A
 * calendar that cannot answer in time does not hold the caller: the booking goes ahead on our own
 * table, as before calendars were connected.
 */
export async function bookAppointment(em: EntityManager, input: BookInput, check?: BusyCheck): Promise<BookResult> {
  if (check && (await busyInOwnerCalendar(em, input, check))) return { ok: false, reason: 'slot_taken' };
  const appointmentId = await appointments.bookAppointment(em, input);
  return appointmentId ? { ok: true, appointmentId } : { ok: false, reason: 'slot_taken' };
}

async function busyInOwnerCalendar(em: EntityManager, input: BookInput, check: BusyCheck): Promise<boolean> {
  const mine = await appointments.bookedAppointmentOf(em, input.tenantId, input.conversationId);
  // A retry of a booking that was made: the database answers, not the calendar (which shows it now).
  if (mine && new Date(mine.starts_at).getTime() === Date.parse(input.start)) return false;
  const slot = { start: new Date(input.start), end: new Date(input.end) };
  const { bufferMinutes } = (await loadSettings(em, input.tenantId)).appointments;
  const margin = Math.max(0, bufferMinutes) * 60_000;
  const window = { from: new Date(slot.start.getTime() - margin), to: new Date(slot.end.getTime() + margin) };
  const { busy } = await ownerBusyTimes(em, check, input.tenantId, window);
  return overlapsBooking(slot, busy, bufferMinutes);
}

export async function cancelAppointment(em: EntityManager, input: { appointmentId: string }): Promise<void> {
  await appointments.cancelAppointment(em, input.appointmentId);
}
