// The owner's calendars as both emulated providers keep them: per account, calendars of events,
// every change stamped with the account's next sequence number. A deleted event stays as a
// cancelled tombstone, so an incremental sync (Google's syncToken, Graph's deltaLink) can report
// it: "changes since N" is every event stamped after N.
import { randomUUID } from 'node:crypto';

export interface StoredEvent {
  id: string;
  calendarId: string;
  summary: string;
  description?: string | undefined;
  location?: string | undefined;
  /** ISO instants (UTC); for an all-day event, the UTC midnights that bound its days. */
  start: string;
  end: string;
  /** Dates without a time of day (Google's `start.date`, Graph's `isAllDay`), as the owner can make them. */
  allDay?: boolean | undefined;
  cancelled: boolean;
  /** The account sequence number of the last change to this event. */
  changedAt: number;
  updated: Date;
  /** Graph's idempotency key: a second create with the same one returns this event. */
  transactionId?: string | undefined;
}

export interface StoredCalendar {
  id: string;
  name: string;
  primary: boolean;
  events: Map<string, StoredEvent>;
}

export interface Account {
  id: string;
  calendars: Map<string, StoredCalendar>;
  sequence: number;
}

export type EventFields = Pick<StoredEvent, 'summary' | 'start' | 'end'> &
  Partial<Pick<StoredEvent, 'description' | 'location' | 'allDay'>>;

export class CalendarStore {
  private readonly accounts = new Map<string, Account>();
  /** Told after every stored change to an event (push-channels.ts notifies the calendar's watchers). */
  onChange?: (accountId: string, calendarId: string) => void;

  /** The account, created with one primary calendar (named after it, as Google does) on first use. */
  account(accountId: string): Account {
    let account = this.accounts.get(accountId);
    if (!account) {
      account = { id: accountId, calendars: new Map(), sequence: 0 };
      account.calendars.set(accountId, { id: accountId, name: accountId, primary: true, events: new Map() });
      this.accounts.set(accountId, account);
    }
    return account;
  }

  addCalendar(accountId: string, name: string, id: string = randomUUID()): StoredCalendar {
    const calendar: StoredCalendar = { id, name, primary: false, events: new Map() };
    this.account(accountId).calendars.set(id, calendar);
    return calendar;
  }

  calendar(accountId: string, calendarId: string): StoredCalendar | undefined {
    const account = this.account(accountId);
    // "primary" is Google's alias for the account's own calendar.
    if (calendarId === 'primary') return [...account.calendars.values()].find((calendar) => calendar.primary);
    return account.calendars.get(calendarId);
  }

  insert(accountId: string, calendar: StoredCalendar, fields: EventFields & { id?: string; transactionId?: string }): StoredEvent {
    const account = this.account(accountId);
    const event: StoredEvent = {
      ...fields,
      id: fields.id ?? randomUUID().replace(/-/g, ''),
      calendarId: calendar.id,
      cancelled: false,
      changedAt: ++account.sequence,
      updated: new Date(),
    };
    calendar.events.set(event.id, event);
    this.onChange?.(accountId, calendar.id);
    return event;
  }

  update(accountId: string, event: StoredEvent, fields: Partial<EventFields>): StoredEvent {
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(event, { [key]: value });
    // New times given as instants make an all-day event a timed one again, as at both providers.
    if (fields.start !== undefined && fields.allDay === undefined) delete event.allDay;
    event.changedAt = ++this.account(accountId).sequence;
    event.updated = new Date();
    this.onChange?.(accountId, event.calendarId);
    return event;
  }

  cancel(accountId: string, event: StoredEvent): void {
    event.cancelled = true;
    event.changedAt = ++this.account(accountId).sequence;
    event.updated = new Date();
    this.onChange?.(accountId, event.calendarId);
  }

  /** Events changed after `since` (tombstones included), oldest change first. */
  changedSince(calendar: StoredCalendar, since: number): StoredEvent[] {
    return [...calendar.events.values()].filter((event) => event.changedAt > since).sort((a, b) => a.changedAt - b.changedAt);
  }

  /** Live events overlapping [from, to). */
  busy(calendar: StoredCalendar, from: string, to: string): Array<{ start: string; end: string }> {
    const fromMs = Date.parse(from);
    const toMs = Date.parse(to);
    return [...calendar.events.values()]
      .filter((event) => !event.cancelled && Date.parse(event.start) < toMs && Date.parse(event.end) > fromMs)
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      .map(({ start, end }) => ({ start, end }));
  }

  clear(): void {
    this.accounts.clear();
  }
}
