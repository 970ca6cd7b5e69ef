// The owner's Google Calendar through Google's own SDK (`@googleapis/calendar`, with its OAuth 2.0
// client from google-auth-library): exchange the consent code, refresh, list calendars, free/busy
// for a window, create (idempotently) / move / cancel an appointment's event, and the changes
// since a sync token. In the sandbox and tests the same SDK talks to the local emulator
// (sandbox/calendar-emulator/): `baseUrl` replaces Google's OAuth endpoints and its origin
// replaces https://www.googleapis.com (the SDK keeps only a root URL's origin), so request building, token refresh and response parsing are the SDK's.
// Every answer is a CalendarResult: nothing here throws, and no failure quotes a token.
import { createHash } from 'node:crypto';
import { auth, calendar, type calendar_v3 } from '@googleapis/calendar';
import {
  failed,
  succeeded,
  type BusyBlock,
  type CalendarChange,
  type CalendarChanges,
  type CalendarEventInput,
  type CalendarGrant,
  type CalendarResult,
  type CalendarSummary,
} from './calendar-results';
import { googleFailureOf } from './google-calendar-errors';

export const GOOGLE_CALENDAR_SCOPES = ['https://www.googleapis.com/auth/calendar'];
/** Google answers in well under a second; a stuck request should not hold an activity longer. */
export const GOOGLE_CALENDAR_TIMEOUT_MS = 10_000;

export interface GoogleCalendarOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Stands in for Google's API and OAuth hosts, e.g. the emulator's http://127.0.0.1:4010/google-calendar. */
  baseUrl?: string | undefined;
  timeoutMs?: number;
}

/**
 * Google event ids are base32hex (a-v, 0-9), 5 to 1024 characters, and chosen by the caller if it
 * likes: the hex digest of our key is one, so the same appointment always gets the same id.
 */
export const googleEventIdFor = (idempotencyKey: string): string => createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);

async function attempt<T>(work: () => Promise<T>): Promise<CalendarResult<T>> {
  try {
    return succeeded(await work());
  } catch (error) {
    return failed(googleFailureOf(error));
  }
}

/**
 * Node's own fetch for every request the SDKs make, rather than the node-fetch gaxios would import
 * on first use: one HTTP stack fewer, and that dynamic import fails inside Jest's module sandbox.
 */
const NODE_FETCH = { fetchImplementation: (...args: Parameters<typeof fetch>) => fetch(...args) };

export function createGoogleCalendar({
  clientId,
  clientSecret,
  redirectUri,
  baseUrl,
  timeoutMs = GOOGLE_CALENDAR_TIMEOUT_MS,
}: GoogleCalendarOptions) {
  const base = baseUrl?.replace(/\/+$/, '');
  const oauthClient = () =>
    new auth.OAuth2({
      clientId,
      clientSecret,
      redirectUri,
      transporterOptions: { ...NODE_FETCH, timeout: timeoutMs },
      // An access token Google stops honouring before its expiry time (401) is refreshed once and
      // the request retried; without this the SDK trusts the expiry time and gives up.
      forceRefreshOnFailure: true,
      ...(base
        ? {
            endpoints: {
              oauth2TokenUrl: `${base}/token`,
              oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`,
              oauth2RevokeUrl: `${base}/revoke`,
            },
          }
        : {}),
    });
  const grantOf = (
    tokens: { access_token?: string | null; refresh_token?: string | null; expiry_date?: number | null },
    refreshToken?: string,
  ): CalendarGrant => ({
    accessToken: tokens.access_token ?? '',
    refreshToken: tokens.refresh_token ?? refreshToken ?? '',
    expiresAt: new Date(tokens.expiry_date ?? Date.now()),
  });

  return {
    /** Where to send the owner to consent (offline access, so a refresh token comes back). */
    authorizationUrl(state: string): string {
      return oauthClient().generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: GOOGLE_CALENDAR_SCOPES, state });
    },

    exchangeCode(code: string): Promise<CalendarResult<CalendarGrant>> {
      return attempt(async () => grantOf((await oauthClient().getToken(code)).tokens));
    },

    refresh(refreshToken: string): Promise<CalendarResult<CalendarGrant>> {
      const client = oauthClient();
      client.setCredentials({ refresh_token: refreshToken });
      return attempt(async () => {
        await client.getAccessToken();
        return grantOf(client.credentials, refreshToken);
      });
    },

    /** Ends the grant at Google (the owner disconnected); a token Google no longer knows counts as revoked. */
    revoke(refreshToken: string): Promise<CalendarResult<void>> {
      return attempt(async () => {
        try {
          await oauthClient().revokeToken(refreshToken);
        } catch (error) {
          if ((error as { response?: { status?: number } }).response?.status !== 400) throw error;
        }
      });
    },

    /** The owner's calendar, reached with their refresh token (the SDK refreshes access as needed). */
    session(refreshToken: string): GoogleCalendarSession {
      const client = oauthClient();
      client.setCredentials({ refresh_token: refreshToken });
      // One call is one request: retrying is the caller's decision (an activity's retry policy).
      const api = calendar({
        version: 'v3',
        auth: client,
        ...NODE_FETCH,
        timeout: timeoutMs,
        retry: false,
        ...(base ? { rootUrl: `${new URL(base).origin}/` } : {}),
      });
      return googleSession(api);
    },
  };
}

export type GoogleCalendar = ReturnType<typeof createGoogleCalendar>;
export type GoogleCalendarSession = ReturnType<typeof googleSession>;

/**
 * One listed event as a change. An all-day event has only dates ("2026-12-01"), no time of day and
 * no zone: read as UTC midnights it would put an appointment the evening before in America. So it
 * is marked `allDay` (with those midnights as its nominal times) and the sync leaves the
 * appointment and its time alone: the owner made it an all-day note, not a move to a new time
 * (activities/calendar-sync.ts; docs/decisions/0025-owner-calendars.md).
 */
export function googleChangeOf(event: calendar_v3.Schema$Event): CalendarChange {
  if (event.status === 'cancelled') return { kind: 'deleted', eventId: event.id ?? '' };
  const change: CalendarChange = {
    kind: 'upserted',
    eventId: event.id ?? '',
    title: event.summary ?? '',
    start: new Date(event.start?.dateTime ?? event.start?.date ?? 0),
    end: new Date(event.end?.dateTime ?? event.end?.date ?? 0),
  };
  if (!event.start?.dateTime && event.start?.date) change.allDay = true;
  return change;
}

/** A push channel to register: where Google should POST, under which id, with which secret token. */
export interface PushChannelRequest {
  id: string;
  address: string;
  token: string;
}

function googleSession(api: calendar_v3.Calendar) {
  return {
    /**
     * Asks Google to POST to `address` when the calendar's events change (events.watch). Google
     * picks the expiry (a week at most); the channel is renewed by registering a new one.
     */
    watch: (calendarId: string, channel: PushChannelRequest): Promise<CalendarResult<{ expiresAt: Date; resourceId: string }>> =>
      attempt(async () => {
        const { data } = await api.events.watch({
          calendarId,
          requestBody: { id: channel.id, type: 'web_hook', address: channel.address, token: channel.token },
        });
        return { expiresAt: new Date(Number(data.expiration ?? 0)), resourceId: data.resourceId ?? '' };
      }),

    /** Ends a channel (channels.stop needs the resource id Google gave); one Google no longer knows counts as stopped. */
    stopWatching: (channel: { id: string; resourceId: string }): Promise<CalendarResult<void>> =>
      attempt(async () => {
        try {
          await api.channels.stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } });
        } catch (error) {
          const status = (error as { response?: { status?: number } }).response?.status;
          if (status !== 404) throw error;
        }
      }),

    listCalendars: (): Promise<CalendarResult<CalendarSummary[]>> =>
      attempt(async () => {
        const { data } = await api.calendarList.list();
        return (data.items ?? []).map((entry) => ({ id: entry.id ?? '', name: entry.summary ?? '', primary: entry.primary === true }));
      }),

    /** Busy blocks in [from, to) across the given calendars, merged into one sorted list. */
    freeBusy: (calendarIds: string[], from: Date, to: Date): Promise<CalendarResult<BusyBlock[]>> =>
      attempt(async () => {
        const { data } = await api.freebusy.query({
          requestBody: { timeMin: from.toISOString(), timeMax: to.toISOString(), items: calendarIds.map((id) => ({ id })) },
        });
        return Object.values(data.calendars ?? {})
          .flatMap((entry) => entry.busy ?? [])
          .map((block) => ({ start: new Date(block.start ?? 0), end: new Date(block.end ?? 0) }))
          .sort((a, b) => a.start.getTime() - b.start.getTime());
      }),

    /** Creates the event under an id derived from its key; a retry finds the first one instead of making another. */
    createEvent: (calendarId: string, event: CalendarEventInput): Promise<CalendarResult<{ eventId: string }>> =>
      attempt(async () => {
        const id = googleEventIdFor(event.idempotencyKey);
        try {
          await api.events.insert({
            calendarId,
            requestBody: {
              id,
              summary: event.title,
              ...(event.description !== undefined ? { description: event.description } : {}),
              ...(event.location !== undefined ? { location: event.location } : {}),
              start: { dateTime: event.start.toISOString() },
              end: { dateTime: event.end.toISOString() },
            },
          });
        } catch (error) {
          // 409 duplicate: an earlier attempt created it (its answer was lost). That is success.
          if ((error as { response?: { status?: number } }).response?.status !== 409) throw error;
        }
        return { eventId: id };
      }),

    moveEvent: (calendarId: string, eventId: string, start: Date, end: Date): Promise<CalendarResult<void>> =>
      attempt(async () => {
        await api.events.patch({
          calendarId,
          eventId,
          requestBody: { start: { dateTime: start.toISOString() }, end: { dateTime: end.toISOString() } },
        });
      }),

    /** Deletes the event; one already gone (404, or 410 deleted) counts as cancelled. */
    cancelEvent: (calendarId: string, eventId: string): Promise<CalendarResult<void>> =>
      attempt(async () => {
        try {
          await api.events.delete({ calendarId, eventId });
        } catch (error) {
          const status = (error as { response?: { status?: number } }).response?.status;
          if (status !== 404 && status !== 410) throw error;
        }
      }),

    /**
     * Changes since `syncToken`, or (without one) every live event as an upsert: a full sync. The
     * failure 'full_resync_needed' (410) means: call again without a token and reconcile.
     */
    changesSince: (calendarId: string, syncToken?: string): Promise<CalendarResult<CalendarChanges>> =>
      attempt(async () => {
        const changes: CalendarChange[] = [];
        let pageToken: string | undefined;
        for (;;) {
          const { data } = await api.events.list({
            calendarId,
            ...(syncToken !== undefined ? { syncToken } : { showDeleted: false }),
            ...(pageToken !== undefined ? { pageToken } : {}),
          });
          changes.push(...(data.items ?? []).map(googleChangeOf));
          if (data.nextPageToken) pageToken = data.nextPageToken;
          else return { changes, nextSyncToken: data.nextSyncToken ?? '' };
        }
      }),
  };
}
