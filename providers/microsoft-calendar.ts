// The owner's Microsoft 365 calendar through Microsoft's own SDKs: MSAL (`@azure/msal-node`, a
// ConfidentialClientApplication) for the consent code and refreshes, and the Graph client
// (`@microsoft/microsoft-graph-client`) for calendars, free/busy (getSchedule), creating
// (idempotently, by transactionId) / moving / cancelling an appointment's event, and calendarView delta.
// In the sandbox and tests the same SDKs talk to the local emulator (sandbox/calendar-emulator/)
// when given its `baseUrl` (see microsoft-calendar-transport.ts for how plain HTTP is reached).
// Every answer is a CalendarResult: nothing here throws, and no failure quotes a token.
//
// Microsoft rotates refresh tokens: a session's `refreshToken()` is the one to keep after calls.
import { createHash } from 'node:crypto';
import { ConfidentialClientApplication, type AuthenticationResult, type Configuration } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';
import {
  failed,
  succeeded,
  type BusyBlock,
  type CalendarChange,
  type CalendarFailure,
  type CalendarChanges,
  type CalendarEventInput,
  type CalendarGrant,
  type CalendarResult,
  type CalendarSummary,
} from './calendar-results';
import { fromGraphTime, graphChangeOf, graphDeltaWindow, type GraphEvent } from './microsoft-calendar-delta';
import { microsoftFailureOf } from './microsoft-calendar-errors';
import { emulatorNetworkModule, graphMiddleware } from './microsoft-calendar-transport';

export const MICROSOFT_CALENDAR_SCOPES = ['offline_access', 'Calendars.ReadWrite'];
export const MICROSOFT_CALENDAR_TIMEOUT_MS = 10_000;
/** Graph keeps a calendar subscription at most 4230 minutes (just under 3 days): ask for a little less. */
const SUBSCRIPTION_LIFETIME_MS = 4200 * 60_000;

export interface MicrosoftCalendarOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Directory (tenant) id, or "common" for work, school and personal accounts alike. */
  tenant?: string;
  /** Stands in for login.microsoftonline.com and graph.microsoft.com, e.g. the emulator's http://127.0.0.1:4010/microsoft. */
  baseUrl?: string | undefined;
  timeoutMs?: number;
}

export interface MicrosoftGrant extends CalendarGrant {
  /** The owner's mailbox (their sign-in name): the schedule getSchedule asks about. */
  mailbox: string;
}

/** Graph's transactionId for an appointment: the same key always gives the same one. */
export const graphTransactionIdFor = (idempotencyKey: string): string =>
  createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 36);

/** Graph's UTC date-time as sent and received with timeZone "UTC": no offset. */
const graphTime = (date: Date) => ({ dateTime: date.toISOString().replace(/Z$/, ''), timeZone: 'UTC' });

/** A refresh inside a session call failed: its failure is the call's. */
class RefreshFailed extends Error {
  constructor(readonly failure: CalendarFailure) {
    super('the access token could not be refreshed');
  }
}

async function attempt<T>(work: () => Promise<T>): Promise<CalendarResult<T>> {
  try {
    return succeeded(await work());
  } catch (error) {
    return failed(error instanceof RefreshFailed ? error.failure : microsoftFailureOf(error));
  }
}

/** The refresh token MSAL keeps in its cache (it is not part of AuthenticationResult). */
function cachedRefreshToken(app: ConfidentialClientApplication): string {
  const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken?: Record<string, { secret?: string }> };
  return Object.values(cache.RefreshToken ?? {})[0]?.secret ?? '';
}

export function createMicrosoftCalendar({
  clientId,
  clientSecret,
  redirectUri,
  tenant = 'common',
  baseUrl,
  timeoutMs = MICROSOFT_CALENDAR_TIMEOUT_MS,
}: MicrosoftCalendarOptions) {
  const base = baseUrl?.replace(/\/+$/, '');
  const emulator = base ? new URL(base) : undefined;
  const config: Configuration = emulator
    ? {
        auth: {
          clientId,
          clientSecret,
          authority: `https://${emulator.host}${emulator.pathname}/${tenant}`,
          knownAuthorities: [emulator.host],
        },
        system: { networkClient: emulatorNetworkModule(emulator.origin, timeoutMs) },
      }
    : { auth: { clientId, clientSecret, authority: `https://login.microsoftonline.com/${tenant}` } };
  // One application (and token cache) per operation: one owner's tokens never share a cache with another's.
  const application = () => new ConfidentialClientApplication(config);
  const grantOf = (app: ConfidentialClientApplication, result: AuthenticationResult | null): MicrosoftGrant => ({
    accessToken: result?.accessToken ?? '',
    refreshToken: cachedRefreshToken(app),
    expiresAt: result?.expiresOn ?? new Date(),
    mailbox: result?.account?.username ?? '',
  });
  const refresh = (refreshToken: string): Promise<CalendarResult<MicrosoftGrant>> =>
    attempt(async () => {
      const app = application();
      // forceCache: MSAL caches (and so hands us) the rotated refresh token only when asked to.
      return grantOf(app, await app.acquireTokenByRefreshToken({ refreshToken, scopes: MICROSOFT_CALENDAR_SCOPES, forceCache: true }));
    });

  return {
    /**
     * Where to send the owner to consent. `select_account`: Microsoft otherwise skips its screen for
     * a signed-in user who consented before, and the owner should see which account they connect.
     */
    authorizationUrl: (state: string): Promise<string> =>
      application().getAuthCodeUrl({ scopes: MICROSOFT_CALENDAR_SCOPES, redirectUri, state, prompt: 'select_account' }),

    exchangeCode: (code: string): Promise<CalendarResult<MicrosoftGrant>> =>
      attempt(async () => {
        const app = application();
        return grantOf(app, await app.acquireTokenByCode({ code, scopes: MICROSOFT_CALENDAR_SCOPES, redirectUri }));
      }),

    refresh,

    /** The owner's calendar, reached with their refresh token; access is refreshed as needed. */
    session(refreshToken: string): MicrosoftCalendarSession {
      let current = refreshToken;
      let access: { token: string; expiresAt: number } | undefined;
      const client = Client.initWithMiddleware({
        middleware: graphMiddleware(() => access?.token ?? ''),
        defaultVersion: 'v1.0',
        ...(base ? { baseUrl: `${base}/graph` } : {}),
      });
      /** Runs `call` with a live access token; a 401 gets one refresh and one more try (the token died early). */
      const authorized = <T>(call: (graph: Client) => Promise<T>): Promise<CalendarResult<T>> =>
        attempt(async () => {
          for (let tries = 0; ; tries++) {
            if (!access || access.expiresAt - 60_000 < Date.now()) {
              const grant = await refresh(current);
              if (!grant.ok) throw new RefreshFailed(grant.failure);
              current = grant.value.refreshToken || current;
              access = { token: grant.value.accessToken, expiresAt: grant.value.expiresAt.getTime() };
            }
            try {
              return await call(client);
            } catch (error) {
              if ((error as { statusCode?: number }).statusCode !== 401 || tries > 0) throw error;
              access = undefined;
            }
          }
        });
      return microsoftSession(authorized, () => current);
    },
  };
}

export type MicrosoftCalendar = ReturnType<typeof createMicrosoftCalendar>;
export type MicrosoftCalendarSession = ReturnType<typeof microsoftSession>;

type Authorized = <T>(call: (graph: Client) => Promise<T>) => Promise<CalendarResult<T>>;

function microsoftSession(authorized: Authorized, refreshToken: () => string) {
  const events = (calendarId: string) => `/me/calendars/${encodeURIComponent(calendarId)}/events`;
  return {
    /** The refresh token to keep: Microsoft replaces it on every refresh. */
    refreshToken,

    /**
     * Asks Graph to POST to `notificationUrl` when the calendar's events change (a subscription).
     * Graph validates the URL before answering; event subscriptions live 3 days at most, so the
     * expiry asked for is just under that and the subscription is renewed by making a new one.
     */
    subscribe: (
      calendarId: string,
      channel: { address: string; clientState: string },
    ): Promise<CalendarResult<{ expiresAt: Date; subscriptionId: string }>> =>
      authorized(async (graph) => {
        const created = (await graph.api('/subscriptions').post({
          changeType: 'created,updated,deleted',
          notificationUrl: channel.address,
          resource: events(calendarId),
          expirationDateTime: new Date(Date.now() + SUBSCRIPTION_LIFETIME_MS).toISOString(),
          clientState: channel.clientState,
        })) as { id?: string; expirationDateTime?: string };
        return { expiresAt: new Date(created.expirationDateTime ?? 0), subscriptionId: created.id ?? '' };
      }),

    /** Ends a subscription; one Graph no longer knows (expired, or deleted before) counts as ended. */
    unsubscribe: (subscriptionId: string): Promise<CalendarResult<void>> =>
      authorized(async (graph) => {
        try {
          await graph.api(`/subscriptions/${encodeURIComponent(subscriptionId)}`).delete();
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        }
      }),

    listCalendars: (): Promise<CalendarResult<CalendarSummary[]>> =>
      authorized(async (graph) => {
        const { value } = (await graph.api('/me/calendars').get()) as {
          value: Array<{ id: string; name: string; isDefaultCalendar?: boolean }>;
        };
        return value.map((calendar) => ({ id: calendar.id, name: calendar.name, primary: calendar.isDefaultCalendar === true }));
      }),

    /** Busy blocks in [from, to) on the owner's schedule (their default calendar). */
    freeBusy: (mailbox: string, from: Date, to: Date): Promise<CalendarResult<BusyBlock[]>> =>
      authorized(async (graph) => {
        const { value } = (await graph
          .api('/me/calendar/getSchedule')
          .header('Prefer', 'outlook.timezone="UTC"')
          .post({ schedules: [mailbox], startTime: graphTime(from), endTime: graphTime(to), availabilityViewInterval: 15 })) as {
          value: Array<{ scheduleItems?: Array<{ status?: string; start?: { dateTime?: string }; end?: { dateTime?: string } }> }>;
        };
        return value
          .flatMap((schedule) => schedule.scheduleItems ?? [])
          .filter((item) => item.status !== 'free')
          .map((item) => ({ start: fromGraphTime(item.start), end: fromGraphTime(item.end) }))
          .sort((a, b) => a.start.getTime() - b.start.getTime());
      }),

    /** Creates the event with a transactionId derived from its key: Graph answers a retry with the first one. */
    createEvent: (calendarId: string, event: CalendarEventInput): Promise<CalendarResult<{ eventId: string }>> =>
      authorized(async (graph) => {
        const created = (await graph.api(events(calendarId)).post({
          subject: event.title,
          ...(event.description !== undefined ? { body: { contentType: 'text', content: event.description } } : {}),
          ...(event.location !== undefined ? { location: { displayName: event.location } } : {}),
          start: graphTime(event.start),
          end: graphTime(event.end),
          transactionId: graphTransactionIdFor(event.idempotencyKey),
        })) as { id: string };
        return { eventId: created.id };
      }),

    moveEvent: (calendarId: string, eventId: string, start: Date, end: Date): Promise<CalendarResult<void>> =>
      authorized(async (graph) => {
        await graph.api(`${events(calendarId)}/${encodeURIComponent(eventId)}`).patch({ start: graphTime(start), end: graphTime(end) });
      }),

    /** Deletes the event; one already gone (404) counts as cancelled. */
    cancelEvent: (calendarId: string, eventId: string): Promise<CalendarResult<void>> =>
      authorized(async (graph) => {
        try {
          await graph.api(`${events(calendarId)}/${encodeURIComponent(eventId)}`).delete();
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        }
      }),

    /**
     * Changes since `syncToken` (a deltaLink), or (without one) every event in GRAPH_DELTA_WINDOW (microsoft-calendar-delta.ts)
     * from now as an upsert: a full sync. Links are followed by their query ($skiptoken,
     * $deltatoken, which carry the window) on our own path, so the client's base URL, not the
     * link's host, decides where the request goes.
     */
    changesSince: (calendarId: string, syncToken?: string): Promise<CalendarResult<CalendarChanges>> =>
      authorized(async (graph) => {
        const changes: CalendarChange[] = [];
        let link = syncToken;
        const window = graphDeltaWindow(new Date());
        for (;;) {
          const query = link
            ? Object.fromEntries(new URL(link).searchParams)
            : { startDateTime: window.start.toISOString(), endDateTime: window.end.toISOString() };
          const page = (await graph
            .api(`/me/calendars/${encodeURIComponent(calendarId)}/calendarView/delta`)
            .query(query)
            .get()) as {
            value: GraphEvent[];
            '@odata.nextLink'?: string;
            '@odata.deltaLink'?: string;
          };
          changes.push(...page.value.map(graphChangeOf));
          if (page['@odata.nextLink']) link = page['@odata.nextLink'];
          else return { changes, nextSyncToken: page['@odata.deltaLink'] ?? '' };
        }
      }),
  };
}
