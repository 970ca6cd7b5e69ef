// An appointment's event in an owner calendar (issue #16; table calendar_events): written when the
// booking activity places, moves or cancels the event, read back when sync sees the owner change
// that event, so their deletion or move in their own calendar finds its appointment. A create is
// written ahead ('creating') before the provider is asked, so an event whose answer was lost with
// the activity is still ours to find and remove (docs/decisions/0025-owner-calendars.md).
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from './sql';

/** 'creating': asked for (or about to be), its answer not recorded yet; the event may or may not exist. */
export type CalendarEventState = 'creating' | 'placed' | 'cancelled' | 'deleted_by_owner' | 'moved_by_owner';

export interface PlacedEvent {
  appointmentId: string;
  connectionId: string;
  tenantId: string;
  calendarId: string;
  /** Null only while 'creating' on a calendar that names the event when it makes it (Microsoft). */
  eventId: string | null;
  start: Date;
  end: Date;
  state: CalendarEventState;
}

interface Row {
  appointment_id: string;
  connection_id: string;
  tenant_id: string;
  calendar_id: string;
  event_id: string | null;
  starts_at: Date;
  ends_at: Date;
  state: CalendarEventState;
}

const COLUMNS = 'appointment_id, connection_id, tenant_id, calendar_id, event_id, starts_at, ends_at, state';

const toEvent = (row: Row): PlacedEvent => ({
  appointmentId: row.appointment_id,
  connectionId: row.connection_id,
  tenantId: row.tenant_id,
  calendarId: row.calendar_id,
  eventId: row.event_id,
  start: new Date(row.starts_at),
  end: new Date(row.ends_at),
  state: row.state,
});

export async function eventsOfAppointment(em: EntityManager, appointmentId: string): Promise<PlacedEvent[]> {
  const rows = await sql<Row[]>(em, `select ${COLUMNS} from calendar_events where appointment_id = ?`, [appointmentId]);
  return rows.map(toEvent);
}

/** The appointment whose event this is, if we made it. */
export async function eventById(em: EntityManager, connectionId: string, eventId: string): Promise<PlacedEvent | undefined> {
  const [row] = await sql<Row[]>(em, `select ${COLUMNS} from calendar_events where connection_id = ? and event_id = ?`, [
    connectionId,
    eventId,
  ]);
  return row ? toEvent(row) : undefined;
}

export async function eventsOfConnection(em: EntityManager, connectionId: string): Promise<PlacedEvent[]> {
  const rows = await sql<Row[]>(em, `select ${COLUMNS} from calendar_events where connection_id = ?`, [connectionId]);
  return rows.map(toEvent);
}

/**
 * Before the create: the event we are about to ask for, with its id when the provider lets us know
 * it beforehand (Google's is derived from the appointment). An earlier intent keeps its times: they
 * are the ones a create may already have used, so a changed booking is moved after the retry.
 * Never overwrites an event already placed or closed.
 */
export async function recordCreating(em: EntityManager, event: Omit<PlacedEvent, 'state'>): Promise<void> {
  await sql(
    em,
    `insert into calendar_events (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, 'creating')
     on conflict (appointment_id, connection_id) do update set
       calendar_id = excluded.calendar_id, event_id = excluded.event_id, updated_at = now()
     where calendar_events.state = 'creating'`,
    [event.appointmentId, event.connectionId, event.tenantId, event.calendarId, event.eventId, event.start, event.end],
  );
}

/** Records (or updates) the appointment's event as we last wrote or saw it. */
export async function recordEvent(em: EntityManager, event: PlacedEvent & { eventId: string }): Promise<void> {
  await sql(
    em,
    `insert into calendar_events (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (appointment_id, connection_id) do update set
       calendar_id = excluded.calendar_id, event_id = excluded.event_id, starts_at = excluded.starts_at,
       ends_at = excluded.ends_at, state = excluded.state, updated_at = now()`,
    [event.appointmentId, event.connectionId, event.tenantId, event.calendarId, event.eventId, event.start, event.end, event.state],
  );
}

/**
 * Moves the event to `state` (and `times`) unless it is there already; answers when it changed it
 * (the transaction's time) only to the call that did, so a sync that sees the owner's deletion twice
 * raises one alert, and each move the owner makes has a moment of its own. Start and end both count:
 * an owner who only lengthens the event has changed it too.
 */
export async function changeEventState(
  em: EntityManager,
  key: { appointmentId: string; connectionId: string },
  state: CalendarEventState,
  times?: { start: Date; end: Date },
): Promise<Date | undefined> {
  const [row] = await sql<{ updated_at: Date | string }[]>(
    em,
    `update calendar_events set state = ?, starts_at = coalesce(?, starts_at), ends_at = coalesce(?, ends_at), updated_at = now()
     where appointment_id = ? and connection_id = ?
       and (state <> ? or starts_at is distinct from coalesce(?, starts_at) or ends_at is distinct from coalesce(?, ends_at))
     returning updated_at`,
    [state, times?.start ?? null, times?.end ?? null, key.appointmentId, key.connectionId, state, times?.start ?? null, times?.end ?? null],
  );
  return row ? new Date(row.updated_at) : undefined;
}
