// A property of every route the api serves (enumerated from the routers it mounts, so a new route
// is covered the day it is added): random and malformed JSON, bodies over the limit, wrong content
// types, values of the wrong type, odd ids and query strings never get a 5xx, always get the one
// error shape, and change nothing: not a row of the database, not a signal to a workflow.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import fc from 'fast-check';
import type { z } from 'zod';
import { routerRoutes } from '../../api/openapi';
import type { RouteDefinition } from '../../api/route';
import { initORM, type Orm } from '../../db/orm';
import { businessWithMissedCall, type BusinessWithCall } from '../support/api-business';
import { signIn } from '../support/api-client';
import { rawRequest, startApi, testConfig, type RawResponse, type RunningApi } from '../support/api-app';
import { eventually, stack, withDatabase } from '../support/stack';

let orm: Orm;
let temporal: Client;
let api: RunningApi;
let business: BusinessWithCall;
let token: string;
let ids: Record<string, string[]>;
let routes: { method: string; path: string; definition?: RouteDefinition }[];

beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  api = await startApi({
    orm,
    temporal,
    config: testConfig({ DATABASE_URL: stack.databaseUrl, PUBLIC_URL: stack.apiUrl, TWILIO_API_URL: stack.sandboxUrl, LOG_LEVEL: 'warn' }),
  });
  business = await businessWithMissedCall();
  token = (await signIn(api.url, business.owner.email, business.owner.password)).accessToken;
  const [message] = await withDatabase(
    async (db) => (await db.query('select id from messages where conversation_id = $1 limit 1', [business.conversationId])).rows,
  );
  const [alert] = await withDatabase(
    async (db) =>
      (
        await db.query(`insert into alerts (tenant_id, kind, body, workflow_id, seq) values ($1, 'test', 'fuzz', $2, 1) returning id`, [
          business.owner.business.id,
          `test/${randomUUID()}`,
        ])
      ).rows,
  );
  // Real ids of the business's own things, so requests get past "not found" to the validation behind it.
  ids = { id: [business.conversationId, business.businessNumber.id, alert.id, message?.id ?? randomUUID()], token: [] };
  const definitions = new Map(
    api.app.routeGroups.flatMap((group) => group.routes.map((route) => [`${route.method} ${route.path}`, route as RouteDefinition])),
  );
  routes = api.app.routers
    .flatMap(routerRoutes)
    .map((route) => ({ ...route, definition: definitions.get(`${route.method} ${route.path}`) }));
  // Let the text-back's delivery reports settle, so only our requests could change anything.
  await eventually(
    () =>
      withDatabase(async (db) => {
        const { rows } = await db.query(
          "select count(*)::int as pending from messages where conversation_id = $1 and status not in ('delivered', 'received')",
          [business.conversationId],
        );
        return rows[0].pending === 0 ? true : undefined;
      }),
    { what: 'the text-back to be delivered' },
  );
  await new Promise((resolve) => setTimeout(resolve, 1_000));
});
afterAll(async () => {
  await api?.close();
  await temporal?.connection.close();
  await orm?.close();
});

/** A checksum of every table: rows of this business (or not tied to any business), so other tests' stray writes do not count. */
async function databaseChecksum(): Promise<Record<string, string>> {
  return withDatabase(async (db) => {
    const { rows: tables } = await db.query<{ table_name: string; has_tenant: boolean }>(
      `select t.table_name, exists (select 1 from information_schema.columns c where c.table_schema = 'public' and c.table_name = t.table_name and c.column_name = 'tenant_id') as has_tenant
         from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE' and t.table_name <> 'mikro_orm_migrations'`,
    );
    const sums: Record<string, string> = {};
    const tenant = business.owner.business.id;
    for (const { table_name: table, has_tenant: hasTenant } of tables) {
      const where =
        table === 'tenants'
          ? 'where t.id = $1'
          : table === 'refresh_tokens'
            ? 'where t.session_id in (select id from auth_sessions where tenant_id = $1)'
            : table === 'inbound_watermarks'
              ? // Keyed by number, and written by the inbound sweeper in the background for every
                // business other tests create: only this business's numbers are the fuzz's to keep.
                'where t.e164 in (select e164 from phone_numbers where tenant_id = $1)'
              : hasTenant
                ? 'where t.tenant_id = $1'
                : 'where $1::uuid is not null';
      const { rows } = await db.query(
        `select count(*) || ':' || coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') as sum from "${table}" t ${where}`,
        [tenant],
      );
      sums[table] = rows[0].sum as string;
    }
    return sums;
  });
}

async function workflowSignalsAndUpdates(): Promise<number> {
  const [conversation] = await withDatabase(
    async (db) => (await db.query('select workflow_id from conversations where id = $1', [business.conversationId])).rows,
  );
  const history = await temporal.workflow.getHandle(conversation.workflow_id as string).fetchHistory();
  return (history.events ?? []).filter(
    (event) => event.workflowExecutionSignaledEventAttributes || event.workflowExecutionUpdateAcceptedEventAttributes,
  ).length;
}

// ---- what to send ------------------------------------------------------------------------------

interface Probe {
  route: number;
  params: string[];
  query: [string, string][];
  auth: 'owner' | 'none' | 'garbage';
  body: { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; type: string } | { kind: 'none' };
}

const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '../../etc/passwd',
    '%00',
    '\u0000',
    "' or 1=1 --",
    '{{7*7}}',
    '-1',
    '1e309',
    'NaN',
    'null',
    'true',
    '[]',
    '{}',
    'x'.repeat(300),
  ),
);
const paramValue = fc.oneof(fc.uuid(), oddText, fc.constantFrom('00000000-0000-0000-0000-000000000000'), fc.constant('REAL'));
const brokenJson = fc.oneof(
  fc.json().map((text) => text.slice(0, Math.max(1, text.length - 1)) + (text.length > 1 ? '' : '{')),
  fc.constantFrom('{', '{"a":', '[1,2', '{"body": "unterminated}', 'undefined', "{'single': 'quotes'}", '{"a":1,}', 'NaN'),
  fc.string({ maxLength: 50 }).filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
);
const wrongContentType = fc.record({
  text: fc.oneof(fc.json(), fc.string({ maxLength: 80 })),
  type: fc.constantFrom(
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'image/png',
  ),
});
const oversized = fc
  .integer({ min: 65 * 1024, max: 80 * 1024 })
  .map((size) => JSON.stringify({ body: 'x'.repeat(size), clientId: randomUUID() }));

/** Values of the wrong type for the fields a route's body has. */
function wrongTypes(definition: RouteDefinition | undefined) {
  const shape = (definition?.body as unknown as { shape?: Record<string, unknown> } | undefined)?.shape;
  const keys = shape ? Object.keys(shape) : ['body', 'status', 'email'];
  return fc.dictionary(fc.constantFrom(...keys), fc.jsonValue(), { minKeys: 1, maxKeys: keys.length + 1 });
}

function probes() {
  return fc.integer({ min: 0, max: routes.length - 1 }).chain((route) => {
    const { definition, method } = routes[route]!;
    const paramCount = (routes[route]!.path.match(/:[A-Za-z0-9_]+/g) ?? []).length;
    const takesBody = Boolean(definition?.body);
    // A route without a body acts on any well-formed request: only malformed bodies, or no credentials, can be sent to it.
    const acts = method !== 'get' && !takesBody;
    const jsonBody = fc
      .oneof(fc.jsonValue(), wrongTypes(definition))
      .filter((value) => !definition?.body || !(definition.body as z.ZodType).safeParse(value).success);
    // An empty body is no body: a route whose fields are all optional would rightly act on it.
    const raw = (text: string, type: string) => ({ kind: 'raw' as const, text, type });
    const body = fc.oneof(
      ...(acts ? [] : [jsonBody.map((value) => ({ kind: 'json' as const, value }))]),
      brokenJson.filter((text) => text.trim() !== '').map((text) => raw(text, 'application/json')),
      oversized.map((text) => raw(text, 'application/json')),
      wrongContentType.filter(({ text }) => text.trim() !== '').map(({ text, type }) => raw(text, type)),
      ...(acts || takesBody ? [] : [fc.constant({ kind: 'none' as const })]),
    );
    return fc.record<Probe>({
      route: fc.constant(route),
      params: fc.array(paramValue, { minLength: paramCount, maxLength: paramCount }),
      query: acts
        ? fc.constant([])
        : fc.array(
            fc.tuple(fc.constantFrom('limit', 'cursor', 'before', 'status', 'mode', 'q', 'from', 'to', 'areaCode', 'unread', 'x'), oddText),
            { maxLength: 4 },
          ),
      auth: fc.constantFrom('owner', 'owner', 'owner', 'none', 'garbage'),
      body,
    });
  });
}

async function send(probe: Probe): Promise<{ response: RawResponse; label: string }> {
  const route = routes[probe.route]!;
  let index = 0;
  const path = route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = probe.params[index++] ?? '';
    const real = ids[name] ?? [];
    // Lone surrogates cannot be percent-encoded; a browser would send U+FFFD instead.
    return encodeURIComponent((value === 'REAL' && real.length ? real[index % real.length]! : value).replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  });
  const query = probe.query.length ? `?${new URLSearchParams(probe.query).toString()}` : '';
  const headers: Record<string, string> = {};
  if (probe.auth === 'owner') headers.authorization = `Bearer ${token}`;
  if (probe.auth === 'garbage') {
    headers.authorization = 'Bearer eyJhbGciOiJub25lIn0.e30.';
    // Refresh and sign-out authenticate by cookie: a forged one, sent as the dashboard would (the
    // CSRF header), gets past the front door to the token check. The owner's real cookie is never
    // sent: refreshing would rightly change the database.
    headers.cookie = `__Secure-nmc_refresh=nmr_${'A'.repeat(43)}`;
    headers['x-requested-with'] = 'nevermisscall';
  }
  let body: string | undefined;
  if (probe.body.kind === 'json') {
    body = JSON.stringify(probe.body.value);
    headers['content-type'] = 'application/json';
  } else if (probe.body.kind === 'raw') {
    body = probe.body.text;
    headers['content-type'] = probe.body.type;
  }
  const label = `${route.method.toUpperCase()} ${path}${query} [${probe.auth}, ${probe.body.kind === 'raw' ? probe.body.type : probe.body.kind}]`;
  return {
    response: await rawRequest(`${api.url}${path}${query}`, {
      method: route.method.toUpperCase(),
      headers,
      ...(body !== undefined ? { body } : {}),
    }),
    label,
  };
}

function expectClientError({ response, label }: { response: RawResponse; label: string }) {
  // /readyz answering 503 is its job when PostgreSQL or Temporal is slow (this machine is shared); it is not a client error.
  const notReady = label.startsWith('GET /readyz') && response.status === 503;
  if (response.status >= 500 && !notReady) throw new Error(`${label} answered ${response.status}: ${response.text.slice(0, 300)}`);
  expect(response.headers['x-request-id']).toBeTruthy();
  if (response.status >= 400) {
    const error = (response.json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    expect([label, typeof error?.code, typeof error?.message]).toEqual([label, 'string', 'string']);
  }
}

test('the router serves the routes this test sends to (all of them)', () => {
  expect(routes.length).toBeGreaterThan(40);
  expect(routes.filter((route) => route.path.startsWith('/api/') && !route.definition)).toEqual([]);
});

test('every route, sent malformed input of every kind: no 5xx, one error shape, nothing changed', async () => {
  const databaseBefore = await databaseChecksum();
  const signalsBefore = await workflowSignalsAndUpdates();
  const statuses = new Map<number, number>();

  // A sweep that hits every route with every kind of malformed body at least once...
  for (let route = 0; route < routes.length; route += 1) {
    const params = (routes[route]!.path.match(/:[A-Za-z0-9_]+/g) ?? []).map(() => 'REAL');
    for (const body of [
      { kind: 'raw' as const, text: '{"broken": ', type: 'application/json' },
      { kind: 'raw' as const, text: JSON.stringify({ body: 'x'.repeat(70_000) }), type: 'application/json' },
      { kind: 'raw' as const, text: 'body=hello', type: 'application/x-www-form-urlencoded' },
      { kind: 'raw' as const, text: '<xml/>', type: 'text/xml' },
    ]) {
      const sent = await send({ route, params, query: [], auth: 'owner', body });
      expectClientError(sent);
      statuses.set(sent.response.status, (statuses.get(sent.response.status) ?? 0) + 1);
    }
    for (const auth of ['none', 'garbage'] as const) {
      const unauthenticated = await send({
        route,
        params,
        query: [],
        auth,
        body: { kind: 'json', value: { status: 'lost', body: 'hi', clientId: randomUUID() } },
      });
      expectClientError(unauthenticated);
      statuses.set(unauthenticated.response.status, (statuses.get(unauthenticated.response.status) ?? 0) + 1);
    }
  }

  // ...then random probes of every kind (replay a failure with NMC_FUZZ_SEED=<the seed printed>).
  const seed = Number(process.env.NMC_FUZZ_SEED ?? Date.now() % 2 ** 31);
  process.stdout.write(`[api fuzz] seed ${seed} (replay: NMC_FUZZ_SEED=${seed})\n`);
  await fc.assert(
    fc.asyncProperty(probes(), async (probe) => {
      const sent = await send(probe);
      expectClientError(sent);
      statuses.set(sent.response.status, (statuses.get(sent.response.status) ?? 0) + 1);
    }),
    { numRuns: Number(process.env.NMC_FUZZ_RUNS ?? 500), seed },
  );

  expect(await databaseChecksum()).toEqual(databaseBefore);
  expect(await workflowSignalsAndUpdates()).toBe(signalsBefore);
  expect(api.logs.lines.filter((line) => line.level === 50)).toEqual([]);
  // The requests did reach the routes' own validation, not only the front door.
  // (403: refresh or sign-out without the CSRF header.)
  expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 401, 403, 404, 413, 415]));
}, 240_000);
