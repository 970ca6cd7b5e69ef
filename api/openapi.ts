// The OpenAPI document (GET /api/openapi.json), generated from the same route definitions and zod
// schemas that validate requests (api/route.ts), so it describes exactly what the api accepts.
// Twilio's webhooks follow Twilio's contract, not ours: they are listed from their router as
// signed form posts.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type Router from '@koa/router';
import { z } from 'zod';
import type { RouteDefinition, RouteGroup } from './route';

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'A stable word for the kind of error, e.g. invalid_request, not_found, conversation_closed.' }),
      message: z.string().meta({ description: 'What went wrong and what to do, for a person.' }),
      details: z.unknown().meta({ description: 'More about the error, e.g. each invalid field; null when there is nothing more.' }),
    }),
  })
  .meta({ id: 'Error' });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or a value is invalid (code invalid_request, invalid_body, invalid_phone_number, invalid_cursor…).',
  401: 'No valid access token (or credentials, or refresh token).',
  404: 'Not found, or not this business’s.',
  405: 'The path exists but not with this method.',
  409: 'The request conflicts with the current state (e.g. the conversation is closed).',
  413: 'The body is larger than 64 kB.',
  415: 'The body is not JSON.',
  422: 'Understood but not allowed by the business rules.',
  429: 'Too many attempts; wait Retry-After seconds.',
  502: 'Twilio (or the sandbox emulator) failed to answer.',
  503: 'A service the request needs is not reachable; try again shortly.',
};

/** Koa's `/a/:id/b` as OpenAPI's `/a/{id}/b`. */
export function openApiPath(koaPath: string): string {
  return koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function errorStatuses(route: RouteDefinition): number[] {
  const statuses = new Set<number>(route.errors ?? []);
  if (route.params || route.query || route.body) statuses.add(400);
  if (route.auth === 'owner') statuses.add(401);
  if (route.params) statuses.add(404);
  if (route.method !== 'get') [413, 415].forEach((status) => statuses.add(status));
  return [...statuses].sort();
}

function registerRoute(registry: OpenAPIRegistry, route: RouteDefinition) {
  const status = route.status ?? 200;
  const success = route.response
    ? { description: route.summary, content: { [route.contentType ?? 'application/json']: { schema: route.response } } }
    : route.contentType
      ? { description: route.summary, content: { [route.contentType]: { schema: z.string() } } }
      : { description: route.summary };
  const responses: Record<number, unknown> = { [status]: success };
  for (const code of errorStatuses(route)) {
    responses[code] = { description: ERROR_DESCRIPTIONS[code] ?? 'Error', content: { 'application/json': { schema: errorResponse } } };
  }
  registry.registerPath({
    method: route.method,
    path: openApiPath(route.path),
    tags: [route.tag],
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.auth === 'owner' ? { security: [{ bearer: [] }] } : {}),
    request: {
      ...(route.params ? { params: route.params as z.ZodObject } : {}),
      ...(route.query ? { query: route.query as z.ZodObject } : {}),
      ...(route.body ? { body: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    },
    responses: responses as never,
  });
}

/** The methods and path of every route a router serves (HEAD, served with GET, is left out). */
export function routerRoutes(router: Router): { method: string; path: string }[] {
  return router.stack.flatMap((layer) =>
    layer.methods.filter((method) => method !== 'HEAD').map((method) => ({ method: method.toLowerCase(), path: layer.path as string })),
  );
}

export function openApiDocument({ groups, webhooks, serverUrl }: { groups: RouteGroup[]; webhooks: Router[]; serverUrl?: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'The accessToken from POST /api/auth/login, /register or /refresh; it lasts 15 minutes.',
  });
  for (const group of groups) for (const route of group.routes) registerRoute(registry, { ...route, tag: group.tag } as RouteDefinition);
  for (const router of webhooks) {
    for (const { method, path } of routerRoutes(router)) {
      registry.registerPath({
        method: method as 'post',
        path: openApiPath(path),
        tags: ['Twilio webhooks'],
        summary: `Twilio webhook ${path}`,
        description:
          "Called by Twilio (or the sandbox emulator) with Twilio's form parameters; X-Twilio-Signature must match PUBLIC_URL + path.",
        request: {
          headers: z.object({ 'x-twilio-signature': z.string() }),
          body: { content: { 'application/x-www-form-urlencoded': { schema: z.record(z.string(), z.string()) } } },
        },
        responses: {
          200: { description: 'TwiML', content: { 'text/xml': { schema: z.string() } } },
          204: { description: 'Accepted, nothing to say' },
          403: { description: 'Missing or forged signature', content: { 'application/json': { schema: errorResponse } } },
          404: { description: 'The number belongs to no business', content: { 'application/json': { schema: errorResponse } } },
        },
      });
    }
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'NeverMissCall API',
      version: '1',
      description:
        'REST for the dashboard. Every error is `{ error: { code, message, details } }`. Bodies are JSON, at most 64 kB. ' +
        'Every response carries x-request-id (send your own to correlate).',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    tags: [...new Map(groups.map((group) => [group.tag, { name: group.tag, description: group.description }])).values()],
  });
}
