// The owner's connected calendars (issue #16; table calendar_connections). The refresh token is kept
// only sealed (providers/token-sealing.ts), with `${tenantId}:${provider}` as its sealing context,
// and never leaves this module's callers in a view. One connection per business and provider; at
// most one of a business's connections receives bookings.
import { randomBytes, createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CalendarSummary } from '../providers/calendar-results';
import type { CalendarProvider } from '../providers/owner-calendars';
import type { PushChannelRecord } from './calendar-push-channels';
import { sql } from './sql';
import { tenantSql } from './tenant-sql';

export type CalendarConnectionStatus = 'connected' | 'reconnect';

export interface CalendarConnection {
  id: string;
  tenantId: string;
  provider: CalendarProvider;
  /** The signed-in account as the provider names it (Microsoft: the mailbox); may be empty. */
  account: string;
  status: CalendarConnectionStatus;
  calendars: CalendarSummary[];
  busyCalendarIds: string[];
  bookingCalendarId: string | null;
  syncToken: string | null;
  lastSyncedAt: Date | null;
  lastFullSyncAt: Date | null;
  /** Why the last sync or call failed, in the app's words (a CalendarFailure kind), or null. */
  lastFailure: string | null;
  /** Why the last push of bookings failed (a CalendarFailure kind), or null when it went through. */
  pushFailure: string | null;
}

/** A connection with its sealed refresh token, for the activities that call the provider. */
export interface CalendarConnectionWithToken extends CalendarConnection {
  refreshTokenSealed: string | null;
  /** The push channel asked for last (ended when the next one replaces it, or on disconnect). */
  pushChannel: PushChannelRecord | null;
}

/** The sealing context of a connection's refresh token (providers/token-sealing.ts). */
export const tokenContextOf = (connection: { tenantId: string; provider: CalendarProvider }) =>
  `${connection.tenantId}:${connection.provider}`;

interface Row {
  id: string;
  tenant_id: string;
  provider: CalendarProvider;
  account: string;
  refresh_token_sealed: string | null;
  status: CalendarConnectionStatus;
  calendars: CalendarSummary[];
  busy_calendar_ids: string[];
  booking_calendar_id: string | null;
  sync_token: string | null;
  last_synced_at: Date | null;
  last_full_sync_at: Date | null;
  last_failure: string | null;
  push_failure: string | null;
  push_channel: PushChannelRecord | null;
}

const COLUMNS = `id, tenant_id, provider, account, refresh_token_sealed, status, calendars, busy_calendar_ids,
  booking_calendar_id, sync_token, last_synced_at, last_full_sync_at, last_failure, push_failure, push_channel`;

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

function withToken(row: Row): CalendarConnectionWithToken {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    provider: row.provider,
    account: row.account,
    refreshTokenSealed: row.refresh_token_sealed,
    status: row.status,
    calendars: row.calendars,
    busyCalendarIds: row.busy_calendar_ids,
    bookingCalendarId: row.booking_calendar_id,
    syncToken: row.sync_token,
    lastSyncedAt: date(row.last_synced_at),
    lastFullSyncAt: date(row.last_full_sync_at),
    lastFailure: row.last_failure,
    pushFailure: row.push_failure,
    pushChannel: row.push_channel,
  };
}

function withoutToken(row: Row): CalendarConnection {
  const { refreshTokenSealed: _sealed, pushChannel: _channel, ...connection } = withToken(row);
  return connection;
}

export async function connectionsOf(em: EntityManager, tenantId: string): Promise<CalendarConnection[]> {
  const rows = await tenantSql<Row[]>(
    em,
    tenantId,
    `select ${COLUMNS} from calendar_connections where tenant_id = :tenant order by provider`,
  );
  return rows.map(withoutToken);
}

export async function connectionOf(em: EntityManager, tenantId: string, id: string): Promise<CalendarConnection | undefined> {
  const [row] = await tenantSql<Row[]>(em, tenantId, `select ${COLUMNS} from calendar_connections where tenant_id = :tenant and id = ?`, [
    id,
  ]);
  return row ? withoutToken(row) : undefined;
}

/** Worker side: the connection a sync or booking activity works on, token included (still sealed). */
export async function connectionById(em: EntityManager, id: string): Promise<CalendarConnectionWithToken | undefined> {
  const [row] = await sql<Row[]>(em, `select ${COLUMNS} from calendar_connections where id = ?`, [id]);
  return row ? withToken(row) : undefined;
}

/** The business's connections with their sealed tokens (slots and bookings consult every one). */
export async function connectionsWithTokens(em: EntityManager, tenantId: string): Promise<CalendarConnectionWithToken[]> {
  const rows = await tenantSql<Row[]>(
    em,
    tenantId,
    `select ${COLUMNS} from calendar_connections where tenant_id = :tenant order by provider`,
  );
  return rows.map(withToken);
}

export interface NewConnection {
  tenantId: string;
  provider: CalendarProvider;
  account: string;
  refreshTokenSealed: string;
  calendars: CalendarSummary[];
}

/**
 * Connects (or reconnects) the provider's calendar. A first connection counts the primary calendar
 * as busy and books into it unless another connection already receives bookings; a reconnection
 * with the same account keeps the owner's choices and sync position and is "connected" again. A
 * reconnection with another account starts over as a first one would (bookings stay with this
 * provider if they went to it), since the old account's calendars cannot be reached.
 */
export async function saveConnection(em: EntityManager, input: NewConnection): Promise<CalendarConnection> {
  const primary = input.calendars.find((calendar) => calendar.primary) ?? input.calendars[0];
  const [row] = await tenantSql<Row[]>(
    em,
    input.tenantId,
    `insert into calendar_connections (tenant_id, provider, account, refresh_token_sealed, calendars, busy_calendar_ids, booking_calendar_id)
     values (:tenant, ?, ?, ?, ?::jsonb, ?::jsonb,
       case when exists (select 1 from calendar_connections where tenant_id = :tenant and booking_calendar_id is not null) then null else ? end)
     on conflict (tenant_id, provider) do update set
       account = excluded.account, refresh_token_sealed = excluded.refresh_token_sealed, calendars = excluded.calendars,
       status = 'connected', last_failure = null, push_failure = null, updated_at = now(),
       -- Another account: the old one's calendars are out of reach, so its choices and sync position go.
       busy_calendar_ids = case when calendar_connections.account = excluded.account
         then calendar_connections.busy_calendar_ids else excluded.busy_calendar_ids end,
       booking_calendar_id = case when calendar_connections.account = excluded.account
         then calendar_connections.booking_calendar_id
         when calendar_connections.booking_calendar_id is not null then ? else null end,
       sync_token = case when calendar_connections.account = excluded.account then calendar_connections.sync_token else null end,
       last_full_sync_at = case when calendar_connections.account = excluded.account then calendar_connections.last_full_sync_at else null end
     returning ${COLUMNS}`,
    [
      input.provider,
      input.account,
      input.refreshTokenSealed,
      JSON.stringify(input.calendars),
      JSON.stringify(primary ? [primary.id] : []),
      primary?.id ?? null,
      primary?.id ?? null,
    ],
  );
  return withoutToken(row!);
}

/** The owner's choice: which calendars count as busy, and whether (and where) this one receives bookings. */
export async function chooseCalendars(
  em: EntityManager,
  tenantId: string,
  id: string,
  choice: { busyCalendarIds: string[]; bookingCalendarId: string | null },
): Promise<CalendarConnection | undefined> {
  // One statement: the other connections give up bookings only if this one exists to take them.
  // A new booking calendar also starts its sync from scratch (the position was the old calendar's).
  const [row] = await tenantSql<Row[]>(
    em,
    tenantId,
    `with chosen as (
       update calendar_connections set busy_calendar_ids = ?::jsonb, booking_calendar_id = ?,
         sync_token = case when booking_calendar_id is not distinct from ? then sync_token end, push_failure = null,
         updated_at = now()
       where tenant_id = :tenant and id = ? returning ${COLUMNS}
     ), others as (
       update calendar_connections set booking_calendar_id = null, sync_token = null, updated_at = now()
       where tenant_id = :tenant and id <> ? and ?::text is not null and booking_calendar_id is not null
         and exists (select 1 from chosen)
     )
     select * from chosen`,
    [JSON.stringify(choice.busyCalendarIds), choice.bookingCalendarId, choice.bookingCalendarId, id, id, choice.bookingCalendarId],
  );
  return row ? withoutToken(row) : undefined;
}

/** Keeps the refresh token the provider rotated to (Microsoft), or one resealed under the current key. */
export async function storeRefreshToken(em: EntityManager, id: string, refreshTokenSealed: string): Promise<void> {
  await sql(em, 'update calendar_connections set refresh_token_sealed = ?, updated_at = now() where id = ?', [refreshTokenSealed, id]);
}

/**
 * The grant is expired or revoked: the owner must connect again. Returns true only for the call
 * that changed the state, so one owner alert is raised however many activities notice it.
 */
export async function markReconnect(em: EntityManager, id: string): Promise<boolean> {
  const rows = await sql<{ id: string }[]>(
    em,
    `update calendar_connections set status = 'reconnect', last_failure = 'reconnect', updated_at = now()
     where id = ? and status <> 'reconnect' returning id`,
    [id],
  );
  return rows.length > 0;
}

export async function recordFailure(em: EntityManager, id: string, failure: string): Promise<void> {
  await sql(em, 'update calendar_connections set last_failure = ?, updated_at = now() where id = ?', [failure.slice(0, 100), id]);
}

/** How the last push of bookings went: a CalendarFailure kind, or null when every step went through. */
export async function recordPushOutcome(em: EntityManager, id: string, failure: string | null): Promise<void> {
  await sql(em, 'update calendar_connections set push_failure = ? where id = ? and push_failure is distinct from ?', [
    failure?.slice(0, 100) ?? null,
    id,
    failure?.slice(0, 100) ?? null,
  ]);
}

/**
 * Incremental sync of `calendarId` reached `syncToken`; `full` when it listed the calendar from
 * scratch. Not kept when the connection's booking calendar changed while the round listed it (the
 * owner chose another, or reconnected another account): the position belongs to the old calendar.
 */
export async function recordSync(
  em: EntityManager,
  id: string,
  sync: { syncToken: string; full: boolean; calendarId: string },
): Promise<void> {
  await sql(
    em,
    `update calendar_connections set sync_token = ?, last_synced_at = now(), last_failure = null, updated_at = now()
       ${sync.full ? ', last_full_sync_at = now()' : ''}
     where id = ? and booking_calendar_id = ?`,
    [sync.syncToken, id, sync.calendarId],
  );
}

/** Disconnects: the row (and its sealed token, and its events' links) is gone; the caller revokes the grant first. */
export async function deleteConnection(em: EntityManager, tenantId: string, id: string): Promise<CalendarConnectionWithToken | undefined> {
  const [row] = await tenantSql<Row[]>(
    em,
    tenantId,
    `delete from calendar_connections where tenant_id = :tenant and id = ? returning ${COLUMNS}`,
    [id],
  );
  return row ? withToken(row) : undefined;
}

// ---- the OAuth round trip's state --------------------------------------------------------------

/** How long the owner has at the provider's consent screen. */
export const OAUTH_STATE_LIFETIME_MINUTES = 15;

const stateHash = (state: string) => createHash('sha256').update(state).digest('hex');

/** A single-use state for one consent round trip of this business (the callback carries it back). */
export async function createOAuthState(em: EntityManager, tenantId: string, provider: CalendarProvider): Promise<string> {
  const state = randomBytes(24).toString('base64url');
  // The browser keeps one state per provider (api/calendar-consent-cookie.ts), so an earlier one for
  // this provider can never be used again: replaced, as the expired ones go. A business has at most
  // one state per provider, however often "Connect" is pressed.
  await tenantSql(
    em,
    tenantId,
    `with replaced as (
       delete from calendar_oauth_states where tenant_id = :tenant and (provider = ? or expires_at < now())
     )
     insert into calendar_oauth_states (state_hash, tenant_id, provider, expires_at)
     values (?, :tenant, ?, now() + make_interval(mins => ?))`,
    [provider, stateHash(state), provider, OAUTH_STATE_LIFETIME_MINUTES],
  );
  return state;
}

/** The business and provider a callback's state was issued for; undefined when unknown, used or expired. */
export async function consumeOAuthState(
  em: EntityManager,
  state: string,
): Promise<{ tenantId: string; provider: CalendarProvider } | undefined> {
  await sql(em, 'delete from calendar_oauth_states where expires_at < now()');
  const [row] = await sql<{ tenant_id: string; provider: CalendarProvider }[]>(
    em,
    'delete from calendar_oauth_states where state_hash = ? and expires_at >= now() returning tenant_id, provider',
    [stateHash(state)],
  );
  return row ? { tenantId: row.tenant_id, provider: row.provider } : undefined;
}
