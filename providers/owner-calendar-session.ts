// One call on an owner's connected calendar, as every calendar activity makes it: open the sealed
// refresh token, run the work, keep the token the provider rotated to (or reseal it under the
// current key), and turn an expired or revoked grant into the connection's "reconnect" state. The
// token is never logged or returned.
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  connectionById,
  markReconnect,
  recordFailure,
  storeRefreshToken,
  tokenContextOf,
  type CalendarConnectionWithToken,
} from '../db/calendar-connections';
import type { CalendarFailure, CalendarResult } from './calendar-results';
import type { OwnerCalendars, OwnerCalendarSession, RegisteredChannel } from './owner-calendars';

export type OwnerCalendarOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      failure: CalendarFailure | { kind: 'not_connected' };
      /** This call found the grant dead and put the connection in "reconnect": alert the owner once. */
      newlyDisconnected?: true;
    };

/**
 * Runs `work` with a session on the connection. A failure the work returns is handed back as is;
 * `reconnect` also marks the connection. A connection gone, waiting for reconnection, or whose
 * token no longer opens (a key dropped too early) answers `not_connected` without calling out.
 */
export async function withOwnerCalendar<T>(
  em: EntityManager,
  calendars: OwnerCalendars,
  connectionOrId: string | CalendarConnectionWithToken,
  work: (session: OwnerCalendarSession, connection: CalendarConnectionWithToken) => Promise<CalendarResult<T>>,
): Promise<OwnerCalendarOutcome<T>> {
  const connection = typeof connectionOrId === 'string' ? await connectionById(em, connectionOrId) : connectionOrId;
  if (!connection || connection.status !== 'connected' || !connection.refreshTokenSealed) {
    return { ok: false, failure: { kind: 'not_connected' } };
  }
  const context = tokenContextOf(connection);
  const refreshToken = calendars.sealer.open(connection.refreshTokenSealed, context);
  if (refreshToken === undefined) {
    const newly = await markReconnect(em, connection.id);
    return { ok: false, failure: { kind: 'reconnect' }, ...(newly ? { newlyDisconnected: true as const } : {}) };
  }
  const session = calendars.session(connection.provider, refreshToken, connection.account);
  const result = await work(session, connection);
  const current = session.currentRefreshToken();
  if (current && (current !== refreshToken || calendars.sealer.isStale(connection.refreshTokenSealed))) {
    await storeRefreshToken(em, connection.id, calendars.sealer.seal(current, context));
  }
  if (result.ok) return result;
  if (result.failure.kind === 'reconnect') {
    const newly = await markReconnect(em, connection.id);
    return { ok: false, failure: result.failure, ...(newly ? { newlyDisconnected: true as const } : {}) };
  }
  await recordFailure(em, connection.id, result.failure.kind);
  return { ok: false, failure: result.failure };
}

/**
 * Ends a channel with the grant of a connection just deleted (the disconnect), whose row carries the
 * current token; false when the provider would not (it expires by itself: at most a week at Google,
 * three days at Graph). Live connections end their channels inside the registration's own session
 * (activities/calendar-push.ts), which saves a token refresh.
 */
export async function endPushChannel(
  em: EntityManager,
  calendars: OwnerCalendars,
  connection: CalendarConnectionWithToken,
  channel: RegisteredChannel,
): Promise<boolean> {
  const ended = await withOwnerCalendar(em, calendars, connection, (session) => session.stopWatching(channel)).catch(() => undefined);
  return ended?.ok === true;
}
