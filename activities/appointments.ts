// Bookings for the dashboard's bookSlot and the assistant alike go through one activity; the
// database's unique index decides between two callers racing for one slot.
import type { EntityManager } from '@mikro-orm/postgresql';
import { freeSlots, type Slot } from '../domain/slots';
import type { ConversationSettings } from '../domain/settings';
import { sql } from '../db/sql';

export interface SlotView {
  start: string;
  end: string;
}

export interface BookInput {
  tenantId: string;
  conversationId: string;
  callerPhone: string;
  start: string;
  end: string;
}

export type BookResult = { ok: true; appointmentId: string } | { ok: false; reason: 'slot_taken' };

const toView = (slot: Slot): SlotView => ({ start: slot.start.toISOString(), end: slot.end.toISOString() });

/** Free slots right now: business hours minus booked appointments and their buffers. */
export async function listFreeSlots(
  em: EntityManager,
  input: { tenantId: string; settings: ConversationSettings; now: string; limit?: number },
): Promise<SlotView[]> {
  const booked = await sql<{ starts_at: Date; ends_at: Date }[]>(
    em,
    `select starts_at, ends_at from appointments where tenant_id = ? and status = 'booked' and ends_at > ?`,
    [input.tenantId, input.now],
  );
  return freeSlots({
    now: new Date(input.now),
    hours: input.settings.hours,
    settings: input.settings.appointments,
    booked: booked.map((row) => ({ start: new Date(row.starts_at), end: new Date(row.ends_at) })),
    ...(input.limit ? { limit: input.limit } : {}),
  }).map(toView);
}

/** Books a slot; a retry after success finds this conversation's own booking and succeeds again. */
export async function bookAppointment(em: EntityManager, input: BookInput): Promise<BookResult> {
  const [mine] = await sql<{ id: string }[]>(
    em,
    `select id from appointments where tenant_id = ? and conversation_id = ? and starts_at = ? and status = 'booked'`,
    [input.tenantId, input.conversationId, input.start],
  );
  if (mine) return { ok: true, appointmentId: mine.id };
  const [created] = await sql<{ id: string }[]>(
    em,
    `insert into appointments (tenant_id, conversation_id, caller_phone, starts_at, ends_at) values (?, ?, ?, ?, ?)
     on conflict (tenant_id, starts_at) where status = 'booked' do nothing returning id`,
    [input.tenantId, input.conversationId, input.callerPhone, input.start, input.end],
  );
  return created ? { ok: true, appointmentId: created.id } : { ok: false, reason: 'slot_taken' };
}

export async function cancelAppointment(em: EntityManager, input: { appointmentId: string }): Promise<void> {
  await sql(em, `update appointments set status = 'cancelled', cancelled_at = coalesce(cancelled_at, now()) where id = ?`, [
    input.appointmentId,
  ]);
}
