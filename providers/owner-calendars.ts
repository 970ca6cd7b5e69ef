// The owner's calendars, whichever provider holds them: one set of operations in the app's words
// over providers/google-calendar.ts and providers/microsoft-calendar.ts, built from configuration
// (sandbox: the local emulators; live: the OAuth apps the operator registered). Activities and the
// api use this module; neither SDK is seen past it.
import { createHmac } from 'node:crypto';
import { createGoogleCalendar, type GoogleCalendar } from './google-calendar';
import { createMicrosoftCalendar, type MicrosoftCalendar } from './microsoft-calendar';
import type { BusyBlock, CalendarChanges, CalendarEventInput, CalendarGrant, CalendarResult, CalendarSummary } from './calendar-results';
import { createTokenSealer, sandboxTokenKeys, type TokenSealer } from './token-sealing';

export const CALENDAR_PROVIDERS = ['google', 'microsoft'] as const;
export type CalendarProvider = (typeof CALENDAR_PROVIDERS)[number];

/** Where the emulators answer under the sandbox's base URL (sandbox/main.ts serves them). */
export const SANDBOX_CALENDAR_PATHS = { google: '/google-calendar', microsoft: '/microsoft' } as const;
/** The client id and secret sandbox stacks use; the emulators accept any non-empty pair. */
const SANDBOX_CLIENT = { id: 'nevermisscall-sandbox', secret: 'sandbox-client-secret' };

/** The OAuth redirect path of each provider, under the api's public URL. */
export const calendarCallbackPath = (provider: CalendarProvider) => `/api/calendar/oauth/${provider}/callback`;

export interface CalendarConfig {
  NMC_MODE: 'sandbox' | 'live';
  PUBLIC_URL: string;
  TWILIO_API_URL?: string | undefined;
  TWILIO_AUTH_TOKEN: string;
  CALENDAR_TOKEN_KEYS?: string | undefined;
  GOOGLE_CLIENT_ID?: string | undefined;
  GOOGLE_CLIENT_SECRET?: string | undefined;
  GOOGLE_CALENDAR_URL?: string | undefined;
  MICROSOFT_CLIENT_ID?: string | undefined;
  MICROSOFT_CLIENT_SECRET?: string | undefined;
  MICROSOFT_TENANT?: string | undefined;
  MICROSOFT_CALENDAR_URL?: string | undefined;
}

/** The operations on one owner's calendar account, for one activity or request. */
export interface OwnerCalendarSession {
  listCalendars(): Promise<CalendarResult<CalendarSummary[]>>;
  /** Busy blocks in [from, to) across `calendarIds` (Microsoft: the owner's schedule, their default calendar). */
  busy(calendarIds: string[], from: Date, to: Date): Promise<CalendarResult<BusyBlock[]>>;
  createEvent(calendarId: string, event: CalendarEventInput): Promise<CalendarResult<{ eventId: string }>>;
  moveEvent(calendarId: string, eventId: string, start: Date, end: Date): Promise<CalendarResult<void>>;
  cancelEvent(calendarId: string, eventId: string): Promise<CalendarResult<void>>;
  /** Changes since the token, or every live event (a full sync) without one. */
  changesSince(calendarId: string, syncToken?: string): Promise<CalendarResult<CalendarChanges>>;
  /** The refresh token to keep after these calls: Microsoft rotates it on every refresh. */
  currentRefreshToken(): string;
  /** Asks the provider to notify `channel.address` of changes to the calendar (Google: a channel; Graph: a subscription). */
  watch(calendarId: string, channel: PushChannel): Promise<CalendarResult<{ expiresAt: Date; registered: RegisteredChannel }>>;
  /** Ends a channel `watch` registered; one the provider no longer knows counts as ended. */
  stopWatching(channel: RegisteredChannel): Promise<CalendarResult<void>>;
}

/**
 * What ending a registered channel takes: Google's channel id and the resource id it gave back, or
 * Graph's subscription id (`id`; no resource id). Kept on the connection until the next one replaces it.
 */
export interface RegisteredChannel {
  id: string;
  resourceId?: string;
}

/** A push channel as registered: Google's channel id, and the secret it sends back (Google's token, Graph's clientState). */
export interface PushChannel {
  id: string;
  address: string;
  secret: string;
}

/** Where each provider's notifications arrive, under the api's public URL (api/webhooks/calendar.ts). */
export const calendarPushPath = (provider: CalendarProvider) => `/webhooks/calendar/${provider}`;

/** The connection a channel id names (`<connectionId>.<suffix>`: activities/calendar-push.ts makes them). */
export const connectionOfChannel = (channelId: string): string => channelId.split('.')[0] ?? '';

export interface OwnerCalendars {
  /** Providers an owner may connect here (those configured). */
  readonly providers: CalendarProvider[];
  readonly sealer: TokenSealer;
  authorizationUrl(provider: CalendarProvider, state: string): Promise<string>;
  /** The code from the consent redirect, exchanged for tokens; `account` names the signed-in account when the provider says. */
  exchangeCode(provider: CalendarProvider, code: string): Promise<CalendarResult<CalendarGrant & { account: string }>>;
  /** `account` is the connection's account (Microsoft's free/busy asks about that mailbox). */
  session(provider: CalendarProvider, refreshToken: string, account: string): OwnerCalendarSession;
  /**
   * Whether the providers can reach our webhooks: PUBLIC_URL is https (both insist), or the sandbox,
   * whose emulators call the api where it listens. Otherwise the sync only polls.
   */
  readonly pushReachable: boolean;
  /**
   * The secret a connection's push channel carries, derived from the token keys so nothing new is
   * stored and the api and the worker agree. Rotating the keys orphans channels until they are renewed.
   */
  pushSecret(connectionId: string): string;
  /** Ends the grant at the provider where it offers that (Google); Microsoft has no per-token revocation. */
  revoke(provider: CalendarProvider, refreshToken: string): Promise<CalendarResult<void>>;
}

export function createOwnerCalendars(config: CalendarConfig): OwnerCalendars {
  const sandbox = config.NMC_MODE === 'sandbox';
  const base = (explicit: string | undefined, path: string) =>
    explicit ?? (sandbox && config.TWILIO_API_URL ? `${config.TWILIO_API_URL}${path}` : undefined);
  const client = (id: string | undefined, secret: string | undefined) =>
    id && secret ? { id, secret } : sandbox ? SANDBOX_CLIENT : undefined;
  const googleClient = client(config.GOOGLE_CLIENT_ID, config.GOOGLE_CLIENT_SECRET);
  const microsoftClient = client(config.MICROSOFT_CLIENT_ID, config.MICROSOFT_CLIENT_SECRET);
  const redirectUri = (provider: CalendarProvider) => `${config.PUBLIC_URL}${calendarCallbackPath(provider)}`;

  const google: GoogleCalendar | undefined = googleClient
    ? createGoogleCalendar({
        clientId: googleClient.id,
        clientSecret: googleClient.secret,
        redirectUri: redirectUri('google'),
        baseUrl: base(config.GOOGLE_CALENDAR_URL, SANDBOX_CALENDAR_PATHS.google),
      })
    : undefined;
  const microsoft: MicrosoftCalendar | undefined = microsoftClient
    ? createMicrosoftCalendar({
        clientId: microsoftClient.id,
        clientSecret: microsoftClient.secret,
        redirectUri: redirectUri('microsoft'),
        tenant: config.MICROSOFT_TENANT ?? 'common',
        baseUrl: base(config.MICROSOFT_CALENDAR_URL, SANDBOX_CALENDAR_PATHS.microsoft),
      })
    : undefined;
  const providers = CALENDAR_PROVIDERS.filter((provider) => (provider === 'google' ? google : microsoft) !== undefined);
  const keys = config.CALENDAR_TOKEN_KEYS ?? (sandbox ? sandboxTokenKeys(config.TWILIO_AUTH_TOKEN) : undefined);
  if (providers.length > 0 && !keys) {
    throw new Error('configuration error: CALENDAR_TOKEN_KEYS is required in live mode when a calendar provider is configured');
  }
  const sealer = createTokenSealer(keys ?? sandboxTokenKeys('no provider configured: nothing is ever sealed'));
  const need = <T>(value: T | undefined, provider: CalendarProvider): T => {
    if (!value) throw new Error(`calendar provider ${provider} is not configured`);
    return value;
  };

  return {
    providers,
    sealer,
    pushReachable: sandbox || config.PUBLIC_URL.startsWith('https://'),
    pushSecret: (connectionId) =>
      createHmac('sha256', `calendar push channel:${keys ?? ''}`)
        .update(connectionId)
        .digest('base64url'),
    async authorizationUrl(provider, state) {
      return provider === 'google' ? need(google, provider).authorizationUrl(state) : need(microsoft, provider).authorizationUrl(state);
    },
    async exchangeCode(provider, code) {
      if (provider === 'microsoft') {
        const grant = await need(microsoft, provider).exchangeCode(code);
        return grant.ok ? { ok: true, value: { ...grant.value, account: grant.value.mailbox } } : grant;
      }
      const grant = await need(google, provider).exchangeCode(code);
      return grant.ok ? { ok: true, value: { ...grant.value, account: '' } } : grant;
    },
    session(provider, refreshToken, account) {
      if (provider === 'microsoft') {
        const session = need(microsoft, provider).session(refreshToken);
        return {
          listCalendars: () => session.listCalendars(),
          busy: (_calendarIds, from, to) => session.freeBusy(account, from, to),
          createEvent: (calendarId, event) => session.createEvent(calendarId, event),
          moveEvent: (calendarId, eventId, start, end) => session.moveEvent(calendarId, eventId, start, end),
          cancelEvent: (calendarId, eventId) => session.cancelEvent(calendarId, eventId),
          changesSince: (calendarId, syncToken) => session.changesSince(calendarId, syncToken),
          currentRefreshToken: () => session.refreshToken(),
          // Graph names no channel id: the clientState carries the connection (api/webhooks/calendar.ts).
          watch: async (calendarId, channel) => {
            const subscribed = await session.subscribe(calendarId, {
              address: channel.address,
              clientState: `${channel.id}.${channel.secret}`,
            });
            if (!subscribed.ok) return subscribed;
            return { ok: true, value: { expiresAt: subscribed.value.expiresAt, registered: { id: subscribed.value.subscriptionId } } };
          },
          stopWatching: (channel) => session.unsubscribe(channel.id),
        };
      }
      const session = need(google, provider).session(refreshToken);
      return {
        listCalendars: () => session.listCalendars(),
        busy: (calendarIds, from, to) => session.freeBusy(calendarIds, from, to),
        createEvent: (calendarId, event) => session.createEvent(calendarId, event),
        moveEvent: (calendarId, eventId, start, end) => session.moveEvent(calendarId, eventId, start, end),
        cancelEvent: (calendarId, eventId) => session.cancelEvent(calendarId, eventId),
        changesSince: (calendarId, syncToken) => session.changesSince(calendarId, syncToken),
        currentRefreshToken: () => refreshToken, // Google keeps the refresh token it gave
        watch: async (calendarId, channel) => {
          const watched = await session.watch(calendarId, { id: channel.id, address: channel.address, token: channel.secret });
          if (!watched.ok) return watched;
          return {
            ok: true,
            value: { expiresAt: watched.value.expiresAt, registered: { id: channel.id, resourceId: watched.value.resourceId } },
          };
        },
        stopWatching: (channel) => session.stopWatching({ id: channel.id, resourceId: channel.resourceId ?? '' }),
      };
    },
    async revoke(provider, refreshToken) {
      if (provider === 'microsoft') return { ok: true, value: undefined };
      return need(google, provider).revoke(refreshToken);
    },
  };
}
