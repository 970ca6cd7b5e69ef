// The Koa app. Middleware order is visible here, in one place (docs/architecture.md "Code style"): request metrics and
// trace span -> security headers -> cors -> request id + log -> errors -> /metrics -> body parser -> public routes
// (health, webhooks, accounts) -> the dashboard's files -> routes that need an owner (each authenticates, then gets a
// tenant scope).
import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import type Router from '@koa/router';
import Koa from 'koa';
import helmet from 'koa-helmet';
import { createOwnerCalendars } from '../providers/owner-calendars';
import { createTwilioClient } from '../providers/twilio-client';
import { ownerBusyTimes } from '../providers/owner-busy';
import { createAccounts } from './accounts';
import { createConversationCommands } from './conversation-commands';
import { serveDashboard } from './dashboard-files';
import type { ApiDeps } from './deps';
import { errorHandler } from './errors';
import { createReadiness } from './health';
import { requestLogging } from './logging';
import { openApiDocument } from './openapi';
import { createPhoneNumbers } from './phone-numbers';
import { createBusinessLimits } from './business-limits';
import { mountGroup, type RouteGroup } from './route';
import { appointmentRoutes } from './routes/appointments';
import { authRoutes } from './routes/auth';
import { businessRoutes } from './routes/business';
import { calendarRoutes } from './routes/calendar';
import { calendarAlertRoutes } from './routes/calendar-alerts';
import { conversationRoutes } from './routes/conversations';
import { createVoicemailLinks } from './voicemail-audio';
import { insightRoutes } from './routes/insights';
import { numberRoutes } from './routes/numbers';
import { sandboxRoutes } from './routes/sandbox';
import { settingsRoutes } from './routes/settings';
import { systemRoutes } from './routes/system';
import { statusRoutes } from './routes/status';
import { createPlatformStatus } from './system-status';
import { scopeForCalendarToken, scopeForOAuthState, TenantScope } from './tenant-scope';
import { twilioWebhookRoutes } from './webhooks';
import { calendarWebhookRoutes } from './webhooks/calendar';
import { metricsEndpoint, observeRequests } from '../observability/http';

export const BODY_LIMIT = '64kb';

export type ApiApp = Koa & {
  /** Every router the app serves, in order (tests walk them to check the OpenAPI document covers each route). */
  routers: Router[];
  routeGroups: RouteGroup[];
  openApi: () => object;
};

export function createApp(deps: ApiDeps): ApiApp {
  const { config, log, orm, temporal, auth } = deps;
  const app = new Koa({ proxy: config.TRUST_PROXY, maxIpsCount: 1 }) as ApiApp;

  app.use(observeRequests());
  app.use(
    helmet({
      // JSON answers need nothing from a page; the dashboard's HTML gets its own policy (dashboard-files.ts).
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      frameguard: { action: 'deny' },
      crossOriginResourcePolicy: { policy: 'same-site' },
    }),
  );
  if (config.WEB_ORIGIN) {
    const origin = config.WEB_ORIGIN;
    app.use(
      cors({
        // Only the dashboard's origin; any other gets no CORS headers, so browsers refuse it.
        origin: (ctx) => (ctx.get('origin') === origin ? origin : ''),
        allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowHeaders: ['authorization', 'content-type', 'x-request-id'],
        exposeHeaders: ['x-request-id', 'retry-after'],
        maxAge: 600,
      }),
    );
  }
  app.use(requestLogging(log));
  app.use(errorHandler(log));
  app.use(metricsEndpoint());
  // DELETE bodies are parsed too, so a malformed or oversized one is refused before any route acts on it.
  app.use(
    bodyParser({
      enableTypes: ['json', 'form'],
      parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
      jsonLimit: BODY_LIMIT,
      formLimit: BODY_LIMIT,
      encoding: 'utf-8',
    }),
  );

  const twilio =
    deps.twilio ??
    createTwilioClient({ accountSid: config.TWILIO_ACCOUNT_SID, authToken: config.TWILIO_AUTH_TOKEN, apiUrl: config.TWILIO_API_URL });
  const commands = createConversationCommands(temporal);
  const accounts = createAccounts({ orm, auth });
  const limits = createBusinessLimits(config);
  const phoneNumbers = createPhoneNumbers({ twilioClient: twilio, publicUrl: config.PUBLIC_URL, limits });
  const readiness = createReadiness({ orm, temporal });
  const calendars = deps.calendars ?? createOwnerCalendars(config);
  const webhooks = twilioWebhookRoutes(deps);
  let document: object | undefined;
  const openApi = () => (document ??= openApiDocument({ groups: app.routeGroups, webhooks: [webhooks] }));

  const publicGroups = [systemRoutes({ config, readiness, openApi }), authRoutes(accounts)];
  const ownerGroups = [
    businessRoutes({ config, commands }),
    settingsRoutes({ commands }),
    numberRoutes({ phoneNumbers }),
    conversationRoutes({
      commands,
      config,
      limits,
      voicemailLinks: createVoicemailLinks(config.JWT_SECRET),
      scopeForTenant: (tenantId) => new TenantScope(orm.em.fork(), { tenantId }, temporal),
    }),
    appointmentRoutes({
      config,
      scopeForCalendar: (token) => scopeForCalendarToken(orm.em.fork(), token),
      ownerBusy: (tenantId, window) => ownerBusyTimes(orm.em.fork(), { calendars }, tenantId, window),
    }),
    insightRoutes(),
    statusRoutes({ platform: createPlatformStatus({ orm, temporal, namespace: config.TEMPORAL_NAMESPACE }) }),
    calendarRoutes({
      calendars,
      // In development the dashboard has its own origin (WEB_ORIGIN); otherwise the api serves it.
      dashboardUrl: config.WEB_ORIGIN ?? config.PUBLIC_URL,
      scopeForOAuthState: (state) => scopeForOAuthState(orm.em.fork(), state, temporal),
      log,
    }),
    calendarAlertRoutes({ commands }),
    ...(config.NMC_MODE === 'sandbox' ? [sandboxRoutes({ config, limits })] : []),
  ];
  app.routeGroups = [...publicGroups, ...ownerGroups];

  const mount = {
    requireOwner: auth.requireOwner(),
    scopeFor: (owner: { userId: string; tenantId: string }) => new TenantScope(orm.em.fork(), owner, temporal),
    checkResponses: deps.checkResponses ?? false,
  };
  const publicRouters = [...publicGroups.map((group) => mountGroup(group, mount)), webhooks];
  const ownerRouters = ownerGroups.map((group) => mountGroup(group, mount));
  app.routers = [...publicRouters, ...ownerRouters];

  for (const router of publicRouters) app.use(router.routes()).use(router.allowedMethods());
  app.use(calendarWebhookRoutes({ calendars, temporal, log }).routes()); // the providers' contract, not in the OpenAPI document
  if (config.WEB_BUILD_DIR) {
    const connectTo = config.NMC_MODE === 'sandbox' && config.TWILIO_API_URL ? [config.TWILIO_API_URL] : [];
    app.use(serveDashboard(config.WEB_BUILD_DIR, { connectTo }));
  }
  for (const router of ownerRouters) app.use(router.routes()).use(router.allowedMethods());
  return app;
}
