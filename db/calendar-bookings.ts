// What putting bookings into an owner's calendar reads and writes beyond db/calendar-events.ts
// (issue #16; activities/calendar-bookings.ts): the business's appointments that may need an
// event, a move or a cancel in one connection's booking calendar, and an event handed from a
// rescheduled appointment to the one that replaced it.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LeadFields } from '../domain/conversation-facts';
import type { AppointmentRow, AppointmentStatus } from './appointments';
import type { CalendarEventState } from './calendar-events';
import { sql } from './sql';

/** An appointment with its lead, and its event in this connection's calendar if it has one. */
export interface BookingToPush {
  appointmentId: string;
  conversationId: string;
  callerPhone: string;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  cancelledAt: Date | null;
  createdAt: Date;
  lead: LeadFields | null;
  /** eventId is null only while 'creating' on a calendar that names its events itself (Microsoft). */
  event: { calendarId: string; eventId: string | null; start: Date; end: Date; state: CalendarEventState } | null;
}

/** An appointment with its event in this connection's calendar, if any. */
interface Row extends AppointmentRow {
  calendar_id: string | null;
  event_id: string | null;
  event_starts_at: Date | null;
  event_ends_at: Date | null;
  state: CalendarEventState | null;
}

/**
 * The business's booked appointments that have not ended, and its cancelled ones whose event is
 * still in this connection's calendar (placed by us, or moved there by the owner) or may be (a
 * create whose answer was never recorded).
 */
export async function bookingsToPush(em: EntityManager, connection: { id: string; tenantId: string }, now: Date): Promise<BookingToPush[]> {
  const rows = await sql<Row[]>(
    em,
    `select a.id, a.conversation_id, a.caller_phone, a.starts_at, a.ends_at, a.status, a.cancelled_at, a.created_at, c.lead,
            e.calendar_id, e.event_id, e.starts_at as event_starts_at, e.ends_at as event_ends_at, e.state
     from appointments a
     join conversations c on c.id = a.conversation_id and c.tenant_id = a.tenant_id
     left join calendar_events e on e.appointment_id = a.id and e.connection_id = ?
     where a.tenant_id = ?
       and ((a.status = 'booked' and a.ends_at > ?) or (a.status = 'cancelled' and e.state in ('placed', 'moved_by_owner', 'creating')))
     order by a.starts_at, a.id`,
    [connection.id, connection.tenantId, now],
  );
  return rows.map((row) => ({
    appointmentId: row.id,
    conversationId: row.conversation_id,
    callerPhone: row.caller_phone,
    start: new Date(row.starts_at),
    end: new Date(row.ends_at),
    status: row.status,
    cancelledAt: row.cancelled_at === null ? null : new Date(row.cancelled_at),
    createdAt: new Date(row.created_at),
    lead: row.lead,
    event:
      row.state === null
        ? null
        : {
            calendarId: row.calendar_id!,
            eventId: row.event_id,
            start: new Date(row.event_starts_at!),
            end: new Date(row.event_ends_at!),
            state: row.state!,
          },
  }));
}

/**
 * A reschedule: the cancelled appointment's event, moved to the new time, now belongs to the
 * appointment that replaced it (so the owner keeps one event, and a later change finds it).
 */
export async function relinkEvent(
  em: EntityManager,
  key: { fromAppointmentId: string; toAppointmentId: string; connectionId: string },
  times: { start: Date; end: Date },
): Promise<void> {
  await sql(
    em,
    `update calendar_events set appointment_id = ?, starts_at = ?, ends_at = ?, state = 'placed', updated_at = now()
     where appointment_id = ? and connection_id = ?`,
    [key.toAppointmentId, times.start, times.end, key.fromAppointmentId, key.connectionId],
  );
}

/** The connections whose booking calendar should hear about this appointment's change now. */
export async function bookingConnectionsOfAppointment(em: EntityManager, appointmentId: string): Promise<string[]> {
  const rows = await sql<{ id: string }[]>(
    em,
    `select k.id from calendar_connections k join appointments a on a.tenant_id = k.tenant_id
     where a.id = ? and k.status = 'connected' and k.booking_calendar_id is not null`,
    [appointmentId],
  );
  return rows.map((row) => row.id);
}
