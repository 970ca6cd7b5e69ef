// Graph v1.0's event delta, which exists only on a calendarView:
// `GET /me/calendars/{id}/calendarView/delta?startDateTime=…&endDateTime=…`. The first request of a
// round names the window (400 without it); the round reports the live events overlapping it, and
// its `@odata.nextLink` ($skiptoken) and `@odata.deltaLink` ($deltatoken) carry the window, so later
// requests name only their token. A later round reports the events changed since: those still in
// the window in full, and as `@removed` those deleted or moved out of it (they left the view).
import type { ServerResponse } from 'node:http';
import type { StoredCalendar, StoredEvent } from './calendar-store';
import type { CalendarEmulatorState } from './emulator-state';
import { decodeCursor, encodeCursor, sendJson } from './http';
import { graphError, graphEvent } from './microsoft-graph-api';

const DELTA_PAGE = 50;

interface Cursor {
  since: number;
  upTo: number;
  offset: number;
  initial: boolean;
  /** The round's window, ISO instants. */
  start: string;
  end: string;
}

const overlaps = (event: StoredEvent, { start, end }: { start: string; end: string }) =>
  Date.parse(event.start) < Date.parse(end) && Date.parse(event.end) > Date.parse(start);

/** The window a first request names; undefined when either end is missing or not a date-time. */
function windowOf(query: URLSearchParams): { start: string; end: string } | undefined {
  const start = Date.parse(query.get('startDateTime') ?? '');
  const end = Date.parse(query.get('endDateTime') ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return undefined;
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

export function calendarViewDelta(
  state: CalendarEmulatorState,
  accountId: string,
  calendar: StoredCalendar,
  query: URLSearchParams,
  /** This request's URL without its query, as Graph's links name it. */
  base: string,
  response: ServerResponse,
): void {
  const { store } = state;
  const deltaToken = query.get('$deltatoken');
  const skipToken = query.get('$skiptoken');
  let cursor: Cursor;
  if (skipToken !== null || deltaToken !== null) {
    const decoded = decodeCursor((skipToken ?? deltaToken)!);
    if (!decoded || decoded.calendarId !== calendar.id || typeof decoded.start !== 'string' || typeof decoded.end !== 'string')
      return graphError(response, 410, 'syncStateNotFound', 'The sync state generation is not found.');
    cursor =
      skipToken !== null
        ? (decoded as unknown as Cursor)
        : {
            since: Number(decoded.sequence),
            upTo: store.account(accountId).sequence,
            offset: 0,
            initial: false,
            start: decoded.start,
            end: decoded.end,
          };
  } else {
    const window = windowOf(query);
    if (!window)
      return graphError(
        response,
        400,
        'ErrorInvalidParameter',
        'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
      );
    cursor = { since: 0, upTo: store.account(accountId).sequence, offset: 0, initial: true, ...window };
  }
  // The first round reports what is in view; later rounds report what changed, leaving the view too.
  const changed = store
    .changedSince(calendar, cursor.since)
    .filter((event) => event.changedAt <= cursor.upTo && !(cursor.initial && (event.cancelled || !overlaps(event, cursor))));
  const value = changed
    .slice(cursor.offset, cursor.offset + DELTA_PAGE)
    .map((event) =>
      event.cancelled || !overlaps(event, cursor) ? { id: event.id, '@removed': { reason: 'deleted' } } : graphEvent(event),
    );
  const more = cursor.offset + DELTA_PAGE < changed.length;
  const link = more
    ? {
        '@odata.nextLink': `${base}?$skiptoken=${encodeCursor({ ...cursor, offset: cursor.offset + DELTA_PAGE, calendarId: calendar.id })}`,
      }
    : {
        '@odata.deltaLink': `${base}?$deltatoken=${encodeCursor({ calendarId: calendar.id, sequence: cursor.upTo, start: cursor.start, end: cursor.end })}`,
      };
  sendJson(response, 200, { '@odata.context': `${base}/$metadata#Collection(event)`, value, ...link });
}
