// The OpenAPI document describes every route the api serves, and nothing it does not: the routes
// are taken from the routers the app actually mounts, so a route added without its schemas fails here.
import { openApiPath, routerRoutes } from '../../api/openapi';
import { rawRequest, startApi, unreachableBackends, type RunningApi } from '../support/api-app';

interface Operation {
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  requestBody?: unknown;
}
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

let api: RunningApi;
let document: Document;
beforeAll(async () => {
  api = await startApi(unreachableBackends());
  const response = await rawRequest(`${api.url}/api/openapi.json`, {});
  expect(response.status).toBe(200);
  document = response.json as Document;
});
afterAll(() => api.close());

const served = () => api.app.routers.flatMap(routerRoutes).map(({ method, path }) => `${method.toUpperCase()} ${openApiPath(path)}`);
const documented = () =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );

test('every route a router registers is in the document', () => {
  expect(served().length).toBeGreaterThan(40);
  expect(served().filter((route) => !documented().includes(route))).toEqual([]);
});

test('the document describes no route that is not served', () => {
  expect(documented().filter((route) => !served().includes(route))).toEqual([]);
});

test('the routes the dashboard contract names are all there', () => {
  const contract = [
    'POST /api/auth/register',
    'POST /api/auth/login',
    'POST /api/auth/refresh',
    'POST /api/auth/logout',
    'GET /api/me',
    'PATCH /api/me',
    'GET /api/business',
    'PATCH /api/business',
    'POST /api/business/onboarded',
    'GET /api/settings',
    'PATCH /api/settings',
    'GET /api/settings/conversation-timings',
    'PATCH /api/settings/conversation-timings',
    'GET /api/numbers',
    'GET /api/numbers/available',
    'POST /api/numbers',
    'POST /api/numbers/attach',
    'DELETE /api/numbers/{id}',
    'GET /api/conversations',
    'GET /api/conversations/{id}',
    'GET /api/conversations/{id}/messages',
    'POST /api/conversations/{id}/read',
    'POST /api/conversations/{id}/takeover',
    'POST /api/conversations/{id}/handback',
    'POST /api/conversations/{id}/messages',
    'PUT /api/conversations/{id}/lead-status',
    'POST /api/conversations/{id}/appointment',
    'DELETE /api/conversations/{id}/appointment',
    'POST /api/conversations/{id}/called-back',
    'GET /api/appointments',
    'GET /api/calendar',
    'GET /api/calendar/{token}.ics',
    'GET /api/calendar/connections',
    'POST /api/calendar/{provider}/connect',
    'GET /api/calendar/oauth/{provider}/callback',
    'PUT /api/calendar/{id}',
    'DELETE /api/calendar/{id}',
    'POST /api/calendar/{id}/sync',
    'GET /api/kpis',
    'GET /api/alerts',
    'POST /api/alerts/{id}/read',
    'POST /api/sandbox/calls',
    'POST /api/sandbox/texts',
    'GET /api/sandbox/phone',
    'GET /healthz',
    'GET /readyz',
    'GET /api/openapi.json',
  ];
  expect(contract.filter((route) => !documented().includes(route))).toEqual([]);
});

test('routes that need an owner say so, and every error answer has the one error shape', () => {
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const needsOwner =
        path.startsWith('/api/') &&
        !path.startsWith('/api/auth/') &&
        ![
          '/api/meta',
          '/api/openapi.json',
          '/api/calendar/{token}.ics',
          '/api/calendar/oauth/{provider}/callback',
          '/api/voicemails/{callId}.wav',
        ].includes(path);
      expect([`${method} ${path}`, Boolean(operation.security)]).toEqual([`${method} ${path}`, needsOwner]);
      if (needsOwner) expect(Object.keys(operation.responses)).toContain('401');
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400 && !path.startsWith('/webhooks/')) {
          expect(response.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/Error' });
        }
      }
    }
  }
});

test('every schema reference resolves', () => {
  const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(([, name]) => name!);
  expect(refs.length).toBeGreaterThan(20);
  expect(refs.filter((name) => !(name in document.components.schemas))).toEqual([]);
});
