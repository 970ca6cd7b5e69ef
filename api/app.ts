// The Koa app. Middleware order is visible here, in one place (STYLE.md): security headers ->
// cors -> request id + log -> body parser -> public routes (health, webhooks) -> auth -> protected.
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { randomUUID } from 'node:crypto';
import { requireOwner } from './auth';
import { serveDashboard } from './dashboard-files';
import type { ApiDeps } from './deps';
import { errorHandler } from './errors';
import { authRoutes } from './routes/auth';
import { dashboardRoutes } from './routes/dashboard';
import { sandboxRoutes } from './routes/sandbox';
import { settingsRoutes } from './routes/settings';
import { twilioWebhookRoutes } from './webhooks/twilio';

export function createApp(deps: ApiDeps): Koa {
  const { config, log } = deps;
  const app = new Koa({ proxy: true });

  app.use(async (ctx, next) => {
    ctx.set('x-content-type-options', 'nosniff');
    ctx.set('x-frame-options', 'DENY');
    ctx.set('referrer-policy', 'no-referrer');
    await next();
  });
  if (config.WEB_ORIGIN) {
    const origin = config.WEB_ORIGIN;
    app.use(async (ctx, next) => {
      if (ctx.get('origin') === origin) {
        ctx.set('access-control-allow-origin', origin);
        ctx.set('access-control-allow-headers', 'authorization, content-type');
        ctx.set('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
        ctx.vary('origin');
        if (ctx.method === 'OPTIONS') return void (ctx.status = 204);
      }
      await next();
    });
  }
  app.use(async (ctx, next) => {
    const requestId = ctx.get('x-request-id') || randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('x-request-id', requestId);
    const started = performance.now();
    await next();
    log.debug(
      { requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.use(errorHandler(log));
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '64kb', formLimit: '64kb', encoding: 'utf-8' }));

  const publicRoutes = new Router();
  publicRoutes.get('/healthz', (ctx) => {
    ctx.body = { ok: true };
  });
  publicRoutes.get('/api/meta', (ctx) => {
    ctx.body = { mode: config.NMC_MODE };
  });
  for (const router of [publicRoutes, twilioWebhookRoutes(deps), authRoutes(deps)]) app.use(router.routes()).use(router.allowedMethods());
  if (config.WEB_BUILD_DIR) app.use(serveDashboard(config.WEB_BUILD_DIR));

  const protectedRoutes = [dashboardRoutes(deps), settingsRoutes(deps), ...(config.NMC_MODE === 'sandbox' ? [sandboxRoutes(deps)] : [])];
  const owner = requireOwner(deps.tokens);
  for (const router of protectedRoutes) {
    app.use(async (ctx, next) => (router.match(ctx.path, ctx.method).route ? owner(ctx, next) : next()));
    app.use(router.routes()).use(router.allowedMethods());
  }
  return app;
}
