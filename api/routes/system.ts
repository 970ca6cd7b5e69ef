// Public operational routes: health, readiness, the mode the dashboard runs in, this api's OpenAPI document.
import { health, meta, openApiDocument, readinessReport } from '../../contracts/http/system';
import type { ApiConfig } from '../../config';
import { HttpError } from '../errors';
import type { Readiness } from '../health';
import { publicRoute, type RouteGroup } from '../route';

export function systemRoutes({
  config,
  readiness,
  openApi,
}: {
  config: ApiConfig;
  readiness: Readiness;
  openApi: () => object;
}): RouteGroup {
  return {
    tag: 'Operations',
    description: 'Health, readiness and this document.',
    routes: [
      publicRoute({
        method: 'get',
        path: '/healthz',
        summary: 'The api process is up',
        response: health,
        handler: () => ({ ok: true as const }),
      }),
      publicRoute({
        method: 'get',
        path: '/readyz',
        summary: 'PostgreSQL and Temporal both answer (503 otherwise)',
        response: readinessReport,
        errors: [503],
        handler: async () => {
          const checks = await readiness();
          if (checks.database !== 'ok' || checks.temporal !== 'ok') {
            const down = Object.entries(checks)
              .filter(([, state]) => state !== 'ok')
              .map(([name]) => name);
            throw new HttpError(503, 'not_ready', `not ready: ${down.join(' and ')} did not answer`, { checks });
          }
          return { ok: true as const, checks };
        },
      }),
      publicRoute({
        method: 'get',
        path: '/api/meta',
        summary: 'How this installation runs (sandbox or live)',
        response: meta,
        handler: () => ({ mode: config.NMC_MODE }),
      }),
      publicRoute({
        method: 'get',
        path: '/api/openapi.json',
        summary: 'This document',
        response: openApiDocument,
        handler: () => openApi(),
      }),
    ],
  };
}
