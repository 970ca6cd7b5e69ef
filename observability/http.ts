// The api's side of metrics and traces (docs/decisions/0024-metrics-and-traces.md): every request
// counted and timed by its route template, a server span per request when tracing is on, and
// GET /metrics. Routes are labelled by the template koa-router matched (/api/conversations/:id),
// never by the path a client sent, which carries ids and would grow the label set without bound.
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, Next } from 'koa';
import { apiRegistry, observeHttpRequest } from './metrics';
import { activeTracing } from './tracing';

export const METRICS_PATH = '/metrics';

/** No route matched: the dashboard's files, and 404s (their paths are whatever a client typed). */
export const NO_ROUTE = '(none)';

interface RouterLayer {
  path: string | RegExp;
  methods: string[];
}

/**
 * The route template koa-router matched for this request, or NO_ROUTE. `_matchedRoute` alone is
 * not enough: when a router's own middleware answers (the webhooks' signature check), it names
 * that middleware's pattern; the route is then the first layer for this method on the path.
 */
export function routeTemplate(ctx: Context): string {
  const routed = ctx as Context & { _matchedRoute?: string | RegExp; matched?: RouterLayer[] };
  const routes = (routed.matched ?? []).filter((layer) => layer.methods.includes(ctx.method));
  const route = routes.find((layer) => layer.path === routed._matchedRoute) ?? routes[0];
  if (route) return typeof route.path === 'string' ? route.path : route.path.source;
  return ctx.path === METRICS_PATH ? METRICS_PATH : NO_ROUTE;
}

/**
 * Outermost middleware: times the request and counts it by method, route template and the status
 * it finally got. With tracing on, the request runs inside a server span, and so does whatever it
 * leaves to run after the answer (the webhook's signal to the workflow), so that is its child.
 */
export function observeRequests() {
  return async (ctx: Context, next: Next) => {
    const started = performance.now();
    const tracer = activeTracing()?.tracer;
    const span = tracer?.startSpan(ctx.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': ctx.method } });
    const active = span ? trace.setSpan(context.active(), span) : undefined;
    // Listeners added to the response later (api/inbound/context.ts delivers on 'finish') run in the span's context.
    if (active) context.bind(active, ctx.res);
    let failed = false;
    try {
      await (active ? context.with(active, next) : next());
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // An error that escaped every handler becomes Koa's 500.
      const status = failed ? 500 : ctx.status;
      const route = routeTemplate(ctx);
      observeHttpRequest({ method: ctx.method, route, status, seconds: (performance.now() - started) / 1000 });
      if (span) {
        span.updateName(`${ctx.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      }
    }
  };
}

/**
 * GET /metrics: the api's registry in Prometheus' text format. No tenant data is in it (label
 * values are fixed sets), but it is for the operator's Prometheus only: README.md "Metrics and traces".
 */
export function metricsEndpoint() {
  return async (ctx: Context, next: Next) => {
    if (ctx.path !== METRICS_PATH || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    const body = await apiRegistry.metrics();
    ctx.set({ 'cache-control': 'no-store', 'content-type': apiRegistry.contentType });
    ctx.body = body;
  };
}
