// The owner's own calendars (issue #16): connect one through the provider's consent screen, choose
// which calendars count as busy and which receives bookings, sync now, disconnect. The consent round
// trip carries a single-use state bound to the business and provider (db/calendar-connections.ts);
// the refresh token is sealed the moment it arrives and never leaves the server. Decisions:
// docs/decisions/0025-owner-calendars.md.
import type { Logger } from 'pino';
import type { z } from 'zod';
import {
  calendarChoice,
  calendarConnections,
  calendarProvider,
  callbackQuery,
  connectBody,
  connectionParams,
  connectStarted,
  disconnected,
  providerParams,
  type CalendarConnectionView,
} from '../../contracts/http/calendar';
import type { Same } from '../../contracts/http/common';
import { tokenContextOf, type CalendarConnection } from '../../db/calendar-connections';
import type { CalendarFailure } from '../../providers/calendar-results';
import type { CalendarProvider, OwnerCalendars } from '../../providers/owner-calendars';
import { clearConsentCookie, setConsentCookie, startedInThisBrowser } from '../calendar-consent-cookie';
import { badRequest } from '../errors';
import { ownerRoute, publicRoute, type RouteGroup } from '../route';
import type { TenantScope } from '../tenant-scope';

const _sameProviders: Same<z.output<typeof calendarProvider>, CalendarProvider> = true;

const PROVIDER_NAMES: Record<CalendarProvider, string> = { google: 'Google Calendar', microsoft: 'Microsoft 365' };
/** Where the consent screen sends the owner back to; the state carries which (see connect). */
const RETURN_PAGES = { s: '/settings', o: '/onboarding' } as const;
type ReturnMark = keyof typeof RETURN_PAGES;

export function toConnectionView(connection: CalendarConnection): CalendarConnectionView {
  return {
    id: connection.id,
    provider: connection.provider,
    account: connection.account,
    status: connection.status,
    calendars: connection.calendars.map((calendar) => ({
      ...calendar,
      busy: connection.busyCalendarIds.includes(calendar.id),
      bookings: connection.bookingCalendarId === calendar.id,
    })),
    lastSyncedAt: connection.lastSyncedAt?.toISOString() ?? null,
    lastFailure: connection.lastFailure,
  };
}

/**
 * The state sent to the provider is ours plus one letter naming the page to come back to. The
 * letter is not secret and not signed: changing it only changes which of the owner's own pages
 * they land on; the state before it is what proves the round trip.
 */
function splitState(sent: string): { state: string; back: ReturnMark } {
  const dot = sent.lastIndexOf('.');
  const mark = dot > 0 ? sent.slice(dot + 1) : '';
  // Own keys only: `in` would also take "constructor" and the like for a page.
  return Object.hasOwn(RETURN_PAGES, mark) ? { state: sent.slice(0, dot), back: mark as ReturnMark } : { state: sent, back: 's' };
}

/** A short reason for the dashboard (`?calendar=error&reason=`), never the provider's own text. */
const reasonOf = (failure: CalendarFailure) => failure.kind;

export interface CalendarRouteDeps {
  calendars: OwnerCalendars;
  /** The dashboard's origin: where the owner's browser returns after the consent screen. */
  dashboardUrl: string;
  scopeForOAuthState: (state: string) => Promise<{ scope: TenantScope; provider: CalendarProvider } | undefined>;
  log: Logger;
}

export function calendarRoutes({ calendars, dashboardUrl, scopeForOAuthState, log }: CalendarRouteDeps): RouteGroup {
  const available = (provider: CalendarProvider) => {
    if (!calendars.providers.includes(provider))
      throw badRequest('calendar_provider_unavailable', `${PROVIDER_NAMES[provider]} is not set up on this installation`);
  };

  /** Consent given: exchange the code, seal the token, list the calendars, keep the connection, start its sync. */
  async function connect(scope: TenantScope, provider: CalendarProvider, code: string): Promise<string | undefined> {
    const grant = await calendars.exchangeCode(provider, code);
    if (!grant.ok) return reasonOf(grant.failure);
    const session = calendars.session(provider, grant.value.refreshToken, grant.value.account);
    const listed = await session.listCalendars();
    if (!listed.ok) return reasonOf(listed.failure);
    // Listing refreshed the access token, and Microsoft replaces the refresh token on every refresh:
    // the one to keep is the session's current one (the exchanged one is already spent there).
    const refreshToken = session.currentRefreshToken() || grant.value.refreshToken;
    // Google names no account at the token endpoint; its primary calendar's id is the account's address.
    const account = grant.value.account || listed.value.find((calendar) => calendar.primary)?.id || '';
    const connection = await scope.saveCalendarConnection({
      provider,
      account,
      refreshTokenSealed: calendars.sealer.seal(refreshToken, tokenContextOf({ tenantId: scope.tenantId, provider })),
      calendars: listed.value,
    });
    await scope.recordActivity('calendar_connected', `${PROVIDER_NAMES[provider]}${account ? `: ${account}` : ''}`);
    // The connection is kept either way: its sync starts again from "Sync now" or the next connect.
    await scope
      .syncCalendar(connection.id, { now: false })
      .catch((error: unknown) => log.warn({ reason: (error as Error).message, provider }, 'could not start the calendar sync'));
    return undefined;
  }

  return {
    tag: 'Owner calendars',
    description: "The owner's Google or Microsoft 365 calendars: busy times block slots, bookings land there.",
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/calendar/connections',
        summary: "The owner's connected calendars and the providers that can be connected",
        response: calendarConnections,
        handler: async ({ scope }) => ({
          providers: calendars.providers,
          connections: (await scope.calendarConnections()).map(toConnectionView),
        }),
      }),
      ownerRoute({
        method: 'post',
        path: '/api/calendar/:provider/connect',
        summary: "Start connecting a calendar: the URL of the provider's consent screen",
        description: 'The consent screen sends the browser back to /api/calendar/oauth/{provider}/callback within 15 minutes.',
        params: providerParams,
        body: connectBody,
        response: connectStarted,
        handler: async ({ scope, params, body, ctx }) => {
          available(params.provider);
          const state = await scope.calendarOAuthState(params.provider);
          setConsentCookie(ctx, params.provider, state);
          const back = body.returnTo === 'onboarding' ? 'o' : 's';
          return { authorizationUrl: await calendars.authorizationUrl(params.provider, `${state}.${back}`) };
        },
      }),
      publicRoute({
        method: 'get',
        path: '/api/calendar/oauth/:provider/callback',
        summary: "The provider's consent screen returns here; redirects to the dashboard",
        description:
          'Public: the single-use state names the business, and is taken only from the browser that started ' +
          'connecting (a cookie set then). Redirects (303) to /settings?calendar=connected, or ' +
          '?calendar=error&reason=denied|<failure>; an unknown, used or expired state, or one brought by another ' +
          'browser, answers 400 and stores nothing.',
        params: providerParams,
        query: callbackQuery,
        status: 303,
        handler: async ({ params, query, ctx }) => {
          const { state, back } = splitState(query.state);
          const refused = () =>
            badRequest(
              'invalid_state',
              'this calendar link has expired, was already used, or was opened in another browser; connect again from Settings',
            );
          // Checked before the state is used up: a link sent to someone else neither connects nor spoils the owner's own.
          if (!startedInThisBrowser(ctx, params.provider, state)) throw refused();
          clearConsentCookie(ctx, params.provider);
          const started = await scopeForOAuthState(state);
          if (!started || started.provider !== params.provider) throw refused();
          let reason: string | undefined;
          if (query.error) reason = query.error === 'access_denied' ? 'denied' : 'provider_error';
          else if (!query.code) reason = 'no_code';
          else reason = await connect(started.scope, params.provider, query.code);
          if (reason) log.warn({ provider: params.provider, reason }, 'calendar not connected');
          const result = reason ? `calendar=error&reason=${encodeURIComponent(reason)}` : 'calendar=connected';
          ctx.redirect(`${dashboardUrl}${RETURN_PAGES[back]}?${result}`);
          return undefined;
        },
      }),
      ownerRoute({
        method: 'put',
        path: '/api/calendar/:id',
        summary: 'Choose which calendars count as busy and which one receives bookings',
        params: connectionParams,
        body: calendarChoice,
        response: calendarConnections.shape.connections.element,
        handler: async ({ scope, params, body }) => {
          const connection = await scope.calendarConnection(params.id);
          const known = new Set(connection.calendars.map((calendar) => calendar.id));
          const unknown = [...body.busyCalendarIds, ...(body.bookingCalendarId ? [body.bookingCalendarId] : [])].filter(
            (calendarId) => !known.has(calendarId),
          );
          if (unknown.length > 0) {
            throw badRequest('unknown_calendar', "choose among this connection's calendars (reload to see them)", { unknown });
          }
          const chosen = { busyCalendarIds: [...new Set(body.busyCalendarIds)], bookingCalendarId: body.bookingCalendarId };
          return toConnectionView(await scope.chooseCalendars(params.id, chosen));
        },
      }),
      ownerRoute({
        method: 'post',
        path: '/api/calendar/:id/sync',
        summary: 'Sync the calendar now (bookings out, changes in)',
        params: connectionParams,
        status: 202,
        handler: async ({ scope, params }) => {
          await scope.syncCalendar(params.id);
          return undefined;
        },
      }),
      ownerRoute({
        method: 'delete',
        path: '/api/calendar/:id',
        summary: 'Disconnect: revoke access at the provider where it allows, delete the stored token, stop syncing',
        params: connectionParams,
        response: disconnected,
        handler: async ({ scope, params }) => {
          const gone = await scope.disconnectCalendar(params.id);
          // Its sync also ends by itself on finding the connection gone; this only makes it sooner.
          await scope
            .stopCalendarSync(gone)
            .catch((error: unknown) => log.warn({ reason: (error as Error).message }, 'could not stop the calendar sync'));
          await scope.recordActivity('calendar_disconnected', `${PROVIDER_NAMES[gone.provider]}${gone.account ? `: ${gone.account}` : ''}`);
          if (!(await scope.endCalendarPushChannel(gone, calendars))) log.warn({ provider: gone.provider }, 'push channel left to expire');
          if (gone.provider === 'microsoft') {
            return {
              revokedAtProvider: false,
              note: 'Microsoft does not let an app end one sign-in. To remove NeverMissCall’s access there too, remove it from your Microsoft account’s app permissions.',
            };
          }
          const token = gone.refreshTokenSealed ? calendars.sealer.open(gone.refreshTokenSealed, tokenContextOf(gone)) : undefined;
          const revoked = token === undefined ? undefined : await calendars.revoke(gone.provider, token).catch(() => undefined);
          if (revoked?.ok) return { revokedAtProvider: true, note: null };
          log.warn({ provider: gone.provider, reason: revoked && !revoked.ok ? revoked.failure.kind : 'no token' }, 'revoke failed');
          return {
            revokedAtProvider: false,
            note: `Disconnected here, but ${PROVIDER_NAMES[gone.provider]} could not be told. To be sure, remove NeverMissCall from your Google account’s third-party access.`,
          };
        },
      }),
    ],
  };
}
