// Bookings for the dashboard's bookSlot and the assistant alike go through one activity; the
// database's unique index decides between two callers racing for one slot (db/appointments.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { freeSlots, type Slot } from '../domain/slots';
import { chooseSlots } from '../domain/slot-choice';
import { readTimePreference } from '../domain/time-preferences';
import type { ConversationSettings } from '../domain/settings';
import * as appointments from '../db/appointments';

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

/** Free slots right now: business hours minus booked appointments and their buffers. */
export async function listFreeSlots(em: EntityManager, input: SlotQuery): Promise<SlotView[]> {
  const now = new Date(input.now);
  const booked = await appointments.bookedSpans(em, input.tenantId, now);
  const query = { now, hours: input.settings.hours, settings: input.settings.appointments, booked };
  if (input.preferences === undefined && input.alreadyOffered === undefined) {
    // The dashboard's list, and offers of conversations recorded before preferences were read.
    return freeSlots({ ...query, ...(input.limit ? { limit: input.limit } : {}) }).map(toView);
  }
  return chooseOffer(freeSlots({ ...query, limit: CANDIDATE_SLOTS }), { ...input, now, timeZone: input.settings.timeZone });
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

/** Books a slot; a retry after success finds this conversation's own booking and succeeds again. */
export async function bookAppointment(em: EntityManager, input: BookInput): Promise<BookResult> {
  const appointmentId = await appointments.bookAppointment(em, input);
  return appointmentId ? { ok: true, appointmentId } : { ok: false, reason: 'slot_taken' };
}

export async function cancelAppointment(em: EntityManager, input: { appointmentId: string }): Promise<void> {
  await appointments.cancelAppointment(em, input.appointmentId);
}
