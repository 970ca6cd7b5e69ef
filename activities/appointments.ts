// Bookings for the dashboard's bookSlot and the assistant alike go through one activity; the
// database's unique index decides between two callers racing for one slot (db/appointments.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { freeSlots, type Slot } from '../domain/slots';
import type { ConversationSettings } from '../domain/settings';
import * as appointments from '../db/appointments';

export interface SlotView {
  start: string;
  end: string;
}

export type BookInput = appointments.NewAppointment;

export type BookResult = { ok: true; appointmentId: string } | { ok: false; reason: 'slot_taken' };

const toView = (slot: Slot): SlotView => ({ start: slot.start.toISOString(), end: slot.end.toISOString() });

/** Free slots right now: business hours minus booked appointments and their buffers. */
export async function listFreeSlots(
  em: EntityManager,
  input: { tenantId: string; settings: ConversationSettings; now: string; limit?: number },
): Promise<SlotView[]> {
  const booked = await appointments.bookedSpans(em, input.tenantId, new Date(input.now));
  return freeSlots({
    now: new Date(input.now),
    hours: input.settings.hours,
    settings: input.settings.appointments,
    booked,
    ...(input.limit ? { limit: input.limit } : {}),
  }).map(toView);
}

/** Books a slot; a retry after success finds this conversation's own booking and succeeds again. */
export async function bookAppointment(em: EntityManager, input: BookInput): Promise<BookResult> {
  const appointmentId = await appointments.bookAppointment(em, input);
  return appointmentId ? { ok: true, appointmentId } : { ok: false, reason: 'slot_taken' };
}

export async function cancelAppointment(em: EntityManager, input: { appointmentId: string }): Promise<void> {
  await appointments.cancelAppointment(em, input.appointmentId);
}
