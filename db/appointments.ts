// Appointments (docs/product.md journey 7): booked by the conversation's activity (for the dashboard's
// bookSlot and the assistant alike), listed for the owner's calendar and its feed. The booking is
// SQL because the partial unique index on (tenant_id, starts_at) where status = 'booked' decides
// between two callers racing for one slot (decision 0017); reads that need the lead join the
// conversation in SQL, plain reads use the Appointment entity.
// The functions the api's TenantScope calls take the business first: their SQL names it as
// `:tenant` (db/tenant-sql.ts binds it) and their entity queries filter on tenantId.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppointmentView } from '../contracts/http/appointments';
import type { LeadFields } from '../domain/conversation-facts';
import { Appointment } from './entities';
import { sql } from './sql';
import { tenantSql } from './tenant-sql';

export type AppointmentStatus = 'booked' | 'cancelled';

/** An appointment with its conversation's lead (who, where, what job). */
export interface AppointmentRow {
  id: string;
  conversation_id: string;
  caller_phone: string;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  lead: LeadFields | null;
  created_at: Date;
  cancelled_at: Date | null;
}

/** An appointment as an event of the owner's calendar feed (api/ics.ts formats it as iCalendar). */
export interface CalendarAppointment {
  id: string;
  start: Date;
  end: Date;
  status: AppointmentStatus;
  callerPhone: string;
  callerName?: string | undefined;
  serviceAddress?: string | undefined;
  jobDescription?: string | undefined;
  createdAt: Date;
  cancelledAt?: Date | null | undefined;
}

export interface Span {
  start: Date;
  end: Date;
}

const WITH_LEAD = `select a.*, c.lead from appointments a join conversations c on c.id = a.conversation_id and c.tenant_id = :tenant`;

/** The business's appointments overlapping the period, earliest first (booked only, unless asked). */
export function appointmentsBetween(
  em: EntityManager,
  tenantId: string,
  range: { from: Date; to: Date },
  { includeCancelled = false } = {},
): Promise<AppointmentRow[]> {
  return tenantSql<AppointmentRow[]>(
    em,
    tenantId,
    `${WITH_LEAD}
      where a.tenant_id = :tenant and a.starts_at < ? and a.ends_at > ? ${includeCancelled ? '' : "and a.status = 'booked'"}
      order by a.starts_at, a.id`,
    [range.to, range.from],
  );
}

/** The conversation's latest booked appointment, if it has one. */
export async function bookedAppointmentOf(em: EntityManager, tenantId: string, conversationId: string): Promise<AppointmentRow | null> {
  const [row] = await tenantSql<AppointmentRow[]>(
    em,
    tenantId,
    `${WITH_LEAD}
      where a.tenant_id = :tenant and a.conversation_id = ? and a.status = 'booked' order by a.starts_at desc limit 1`,
    [conversationId],
  );
  return row ?? null;
}

/** When the business is booked from `after` on: what free slots are computed around. */
export async function bookedSpans(em: EntityManager, tenantId: string, after: Date): Promise<Span[]> {
  const booked = await em.find(
    Appointment,
    { tenantId, status: 'booked', endsAt: { $gt: after } },
    { fields: ['startsAt', 'endsAt'], orderBy: { startsAt: 'asc' } },
  );
  return booked.map((row) => ({ start: new Date(row.startsAt), end: new Date(row.endsAt) }));
}

export interface NewAppointment {
  tenantId: string;
  conversationId: string;
  callerPhone: string;
  start: string;
  end: string;
}

/**
 * Books the slot for the conversation: its own booking of that slot if it has one already (a
 * retried activity), else a new one; undefined when another booking holds the slot.
 */
export async function bookAppointment(em: EntityManager, input: NewAppointment): Promise<string | undefined> {
  const mine = await em.findOne(
    Appointment,
    { tenantId: input.tenantId, conversationId: input.conversationId, startsAt: new Date(input.start), status: 'booked' },
    { fields: ['id'] },
  );
  if (mine) return mine.id;
  const [created] = await sql<{ id: string }[]>(
    em,
    `insert into appointments (tenant_id, conversation_id, caller_phone, starts_at, ends_at) values (?, ?, ?, ?, ?)
     on conflict (tenant_id, starts_at) where status = 'booked' do nothing returning id`,
    [input.tenantId, input.conversationId, input.callerPhone, input.start, input.end],
  );
  return created?.id;
}

/** Cancels the appointment; cancelling it again keeps the first cancellation's time. */
export async function cancelAppointment(em: EntityManager, appointmentId: string): Promise<void> {
  await sql(em, `update appointments set status = 'cancelled', cancelled_at = coalesce(cancelled_at, now()) where id = ?`, [appointmentId]);
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** An appointment as the dashboard's calendar shows it (GET /api/appointments). */
export function toAppointmentView(row: AppointmentRow): AppointmentView {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    callerPhone: row.caller_phone,
    callerName: row.lead?.callerName ?? null,
    start: iso(row.starts_at),
    end: iso(row.ends_at),
    status: row.status,
    serviceAddress: row.lead?.serviceAddress ?? null,
    jobDescription: row.lead?.jobDescription ?? null,
  };
}

/** The appointment as an event of the calendar feed (api/ics.ts formats it). */
export function toCalendarAppointment(row: AppointmentRow): CalendarAppointment {
  return {
    id: row.id,
    start: new Date(row.starts_at),
    end: new Date(row.ends_at),
    status: row.status,
    callerPhone: row.caller_phone,
    callerName: row.lead?.callerName,
    serviceAddress: row.lead?.serviceAddress,
    jobDescription: row.lead?.jobDescription,
    createdAt: new Date(row.created_at),
    cancelledAt: row.cancelled_at ? new Date(row.cancelled_at) : null,
  };
}
