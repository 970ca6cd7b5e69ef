// What the owner does in their own calendar app, for tests and the sandbox: a demo calendar with
// busy blocks, and moving or deleting an event there (which an incremental sync must then see).
import type { CalendarStore, StoredEvent } from './calendar-store';

export const DEMO_ACCOUNT = 'owner@demo.nevermisscall.test';

/** Busy blocks the demo calendar gets, relative to the next whole day after `from` (UTC hours). */
const DEMO_BLOCKS = [
  { day: 0, startHour: 9, hours: 1, summary: 'Supplier meeting' },
  { day: 0, startHour: 13, hours: 2, summary: 'Job: water heater install' },
  { day: 1, startHour: 8, hours: 3, summary: 'Job: bathroom remodel' },
  { day: 1, startHour: 15, hours: 1, summary: "Kid's soccer game" },
  { day: 2, startHour: 10, hours: 2, summary: 'Truck service' },
];

/** Fills the account's primary calendar with the demo busy blocks (only once) and returns them. */
export function seedDemoCalendar(store: CalendarStore, accountId = DEMO_ACCOUNT, from = new Date()): StoredEvent[] {
  const calendar = store.calendar(accountId, 'primary')!;
  const existing = [...calendar.events.values()].filter((event) => !event.cancelled);
  if (existing.length > 0) return existing;
  const firstDay = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1);
  return DEMO_BLOCKS.map(({ day, startHour, hours, summary }) => {
    const start = firstDay + day * 86_400_000 + startHour * 3_600_000;
    return store.insert(accountId, calendar, {
      summary,
      start: new Date(start).toISOString(),
      end: new Date(start + hours * 3_600_000).toISOString(),
    });
  });
}

function ownersEvent(store: CalendarStore, accountId: string, calendarId: string, eventId: string): StoredEvent {
  const event = store.calendar(accountId, calendarId)?.events.get(eventId);
  if (!event || event.cancelled) throw new Error(`no event ${eventId} in calendar ${calendarId}`);
  return event;
}

/** The owner drags an event to another time in their calendar app. */
export function moveEventAsOwner(
  store: CalendarStore,
  accountId: string,
  calendarId: string,
  eventId: string,
  start: Date,
  end: Date,
): StoredEvent {
  return store.update(accountId, ownersEvent(store, accountId, calendarId, eventId), {
    start: start.toISOString(),
    end: end.toISOString(),
  });
}

/** The owner ticks "all day" on an event in their calendar app: it covers the whole UTC day it started on. */
export function makeAllDayAsOwner(store: CalendarStore, accountId: string, calendarId: string, eventId: string): StoredEvent {
  const event = ownersEvent(store, accountId, calendarId, eventId);
  const day = Date.parse(`${event.start.slice(0, 10)}T00:00:00.000Z`);
  return store.update(accountId, event, {
    start: new Date(day).toISOString(),
    end: new Date(day + 86_400_000).toISOString(),
    allDay: true,
  });
}

/** The owner deletes an event in their calendar app. */
export function deleteEventAsOwner(store: CalendarStore, accountId: string, calendarId: string, eventId: string): void {
  store.cancel(accountId, ownersEvent(store, accountId, calendarId, eventId));
}
