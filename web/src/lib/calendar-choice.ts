// The owner's calendar choices in Settings: which calendars count as busy (per connection) and the
// one calendar, across all connections, that receives bookings. Pure, so it is tested without a page.
import type { CalendarChoice, CalendarConnectionView, CalendarProvider } from './calendar-api';

export const PROVIDER_NAMES: Record<CalendarProvider, string> = { google: 'Google Calendar', microsoft: 'Microsoft 365' };

export interface ChoiceDraft {
  /** connection id → ids of its calendars that count as busy */
  busy: Record<string, string[]>;
  /** `${connectionId}/${calendarId}`, or null: bookings go to no calendar */
  booking: string | null;
}

export const bookingKey = (connectionId: string, calendarId: string) => `${connectionId}/${calendarId}`;

export function draftOf(connections: CalendarConnectionView[]): ChoiceDraft {
  const busy: Record<string, string[]> = {};
  let booking: string | null = null;
  for (const connection of connections) {
    busy[connection.id] = connection.calendars.filter((calendar) => calendar.busy).map((calendar) => calendar.id);
    const target = connection.calendars.find((calendar) => calendar.bookings);
    if (target && booking === null) booking = bookingKey(connection.id, target.id);
  }
  return { busy, booking };
}

export function toggleBusy(draft: ChoiceDraft, connectionId: string, calendarId: string, on: boolean): ChoiceDraft {
  const current = draft.busy[connectionId] ?? [];
  const next = on ? [...new Set([...current, calendarId])] : current.filter((id) => id !== calendarId);
  return { ...draft, busy: { ...draft.busy, [connectionId]: next } };
}

/** What to send for each connection whose choice changed; the one receiving bookings goes last. */
export function changedChoices(
  connections: CalendarConnectionView[],
  draft: ChoiceDraft,
): Array<{ connectionId: string; choice: CalendarChoice }> {
  const saved = draftOf(connections);
  const changes = connections
    .map((connection) => {
      const busyCalendarIds = connection.calendars.map((calendar) => calendar.id).filter((id) => draft.busy[connection.id]?.includes(id));
      const booking = connection.calendars.find((calendar) => draft.booking === bookingKey(connection.id, calendar.id));
      const sameBusy = [...busyCalendarIds].sort().join('\n') === [...(saved.busy[connection.id] ?? [])].sort().join('\n');
      const wasBooking = connection.calendars.find((calendar) => calendar.bookings)?.id ?? null;
      const choice = { busyCalendarIds, bookingCalendarId: booking?.id ?? null };
      return { connectionId: connection.id, choice, changed: !sameBusy || wasBooking !== choice.bookingCalendarId };
    })
    .filter((change) => change.changed)
    .map(({ connectionId, choice }) => ({ connectionId, choice }));
  // The api moves bookings away from every other connection when one takes them: send that one last.
  return changes.sort((a, b) => Number(a.choice.bookingCalendarId !== null) - Number(b.choice.bookingCalendarId !== null));
}

/** Words for `?calendar=error&reason=` after the consent screen. */
export function connectFailure(reason: string | null): string {
  switch (reason) {
    case 'denied':
      return 'You did not allow access, so no calendar was connected.';
    case 'rate_limited':
    case 'retryable':
      return 'The calendar service did not answer in time. Try connecting again in a minute.';
    case 'reconnect':
    case 'rejected':
    case 'no_code':
    case 'provider_error':
      return 'The calendar service did not give access. Try connecting again.';
    default:
      return 'Your calendar could not be connected. Try again.';
  }
}

export const needsReconnect = (connections: CalendarConnectionView[]) =>
  connections.some((connection) => connection.status === 'reconnect');
