// The appointment side of the owner's own changes in their calendar (issue #16), as the calendar
// sync applies them (activities/calendar-sync.ts): the appointment an event belongs to, with what an
// alert and a text to the caller need, and moving it to the time the owner chose. The one-booking-
// per-slot index (appointments (tenant_id, starts_at) where booked) still decides: a move onto a
// time another booking holds is refused, not forced.
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from './sql';

export interface AppointmentOfEvent {
  id: string;
  tenantId: string;
  conversationId: string;
  /** The conversation's workflow, told when its appointment changes (it keeps its own copy for reminders). */
  workflowId: string;
  callerPhone: string;
  callerName: string | null;
  start: Date;
  end: Date;
  status: 'booked' | 'cancelled';
  businessName: string;
  timeZone: string;
}

export async function appointmentOfEvent(em: EntityManager, appointmentId: string): Promise<AppointmentOfEvent | undefined> {
  const [row] = await sql<
    {
      id: string;
      tenant_id: string;
      conversation_id: string;
      workflow_id: string;
      caller_phone: string;
      caller_name: string | null;
      starts_at: Date;
      ends_at: Date;
      status: 'booked' | 'cancelled';
      business_name: string;
      timezone: string;
    }[]
  >(
    em,
    `select a.id, a.tenant_id, a.conversation_id, c.workflow_id, a.caller_phone, c.lead ->> 'callerName' as caller_name,
            a.starts_at, a.ends_at, a.status, t.name as business_name, t.timezone
     from appointments a join conversations c on c.id = a.conversation_id join tenants t on t.id = a.tenant_id
     where a.id = ?`,
    [appointmentId],
  );
  return (
    row && {
      id: row.id,
      tenantId: row.tenant_id,
      conversationId: row.conversation_id,
      workflowId: row.workflow_id,
      callerPhone: row.caller_phone,
      callerName: row.caller_name,
      start: new Date(row.starts_at),
      end: new Date(row.ends_at),
      status: row.status,
      businessName: row.business_name,
      timeZone: row.timezone,
    }
  );
}

/**
 * Moves the booked appointment to the owner's new time; 'clash' (and nothing changed) when another
 * booking of the business already holds that start. Run inside the transaction that records the
 * change, so a race with a booking of that slot fails the whole change and the sync retries it.
 */
export async function moveAppointment(
  em: EntityManager,
  appointment: { id: string; tenantId: string },
  to: { start: Date; end: Date },
): Promise<'moved' | 'clash'> {
  const [taken] = await sql(em, `select 1 from appointments where tenant_id = ? and starts_at = ? and status = 'booked' and id <> ?`, [
    appointment.tenantId,
    to.start,
    appointment.id,
  ]);
  if (taken) return 'clash';
  await sql(em, `update appointments set starts_at = ?, ends_at = ? where id = ? and status = 'booked'`, [
    to.start,
    to.end,
    appointment.id,
  ]);
  return 'moved';
}
