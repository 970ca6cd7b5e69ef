// What the calendar provider clients (google-calendar.ts, microsoft-calendar.ts) answer, in the
// app's words rather than either SDK's: a value, or a failure saying what the caller should do
// about it. A failure never carries the provider's error text, which can quote tokens.

export type CalendarFailure =
  /** The grant is expired or revoked: the owner must connect the calendar again. */
  | { kind: 'reconnect' }
  /** The provider asked us to slow down; try again after this long. */
  | { kind: 'rate_limited'; retryAfterMs: number }
  /** A server error, a timeout or the network: trying again later can help. */
  | { kind: 'retryable'; status?: number }
  /** The sync token is no longer valid: list the calendar from scratch. */
  | { kind: 'full_resync_needed' }
  /** The provider refuses this request and will keep refusing it (a bug or a gone calendar). */
  | { kind: 'rejected'; status: number; reason: string };

export type CalendarResult<T> = { ok: true; value: T } | { ok: false; failure: CalendarFailure };

export const succeeded = <T>(value: T): CalendarResult<T> => ({ ok: true, value });
export const failed = <T = never>(failure: CalendarFailure): CalendarResult<T> => ({ ok: false, failure });

export interface CalendarSummary {
  id: string;
  name: string;
  primary: boolean;
}

export interface BusyBlock {
  start: Date;
  end: Date;
}

/** An appointment as it goes into the owner's calendar. */
export interface CalendarEventInput {
  /** Our own stable key for it (e.g. the appointment id): a retried create with the same key makes no second event. */
  idempotencyKey: string;
  title: string;
  description?: string;
  location?: string;
  start: Date;
  end: Date;
}

/** One change an incremental sync reports. */
export type CalendarChange =
  | {
      kind: 'upserted';
      eventId: string;
      title: string;
      start: Date;
      end: Date;
      /** A date-only event: `start`/`end` are nominal midnights, not times (the sync leaves such a move alone). */
      allDay?: true;
    }
  | { kind: 'deleted'; eventId: string };

export interface CalendarChanges {
  changes: CalendarChange[];
  /** Where the next incremental sync starts. */
  nextSyncToken: string;
}

/** Tokens from a code exchange or a refresh. */
export interface CalendarGrant {
  refreshToken: string;
  accessToken: string;
  expiresAt: Date;
}

/** Retry-After (seconds or an HTTP date) in milliseconds; `fallbackMs` when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, fallbackMs = 30_000, now = Date.now()): number {
  if (!header) return fallbackMs;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - now);
}
