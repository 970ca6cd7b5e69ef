// What one self-registered business may spend (issue #18 point 3), on an api of its own with small
// limits: numbers held, number searches and purchases an hour, sandbox calls and texts a minute,
// owner texts a minute. Over a limit: a clear 429 with Retry-After (or 409 for the numbers held),
// and nothing changes. Without the limits a sign-up could buy the platform's Twilio account empty.
import { Client, Connection } from '@temporalio/client';
import { initORM, type Orm } from '../../db/orm';
import { call, registerBusiness } from '../support/api-client';
import { startApi, testConfig, type RunningApi } from '../support/api-app';
import { stack } from '../support/stack';

let orm: Orm;
let temporal: Client;
let api: RunningApi;
beforeAll(async () => {
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
  temporal = new Client({ connection: await Connection.connect({ address: stack.temporalAddress }) });
  api = await startApi({
    orm,
    temporal,
    config: testConfig({
      DATABASE_URL: stack.databaseUrl,
      PUBLIC_URL: stack.apiUrl,
      TWILIO_API_URL: stack.sandboxUrl,
      TWILIO_ACCOUNT_SID: stack.accountSid,
      TWILIO_AUTH_TOKEN: stack.authToken,
      LIMIT_PHONE_NUMBERS: '1',
      LIMIT_NUMBER_SEARCHES_PER_HOUR: '2',
      LIMIT_NUMBER_PURCHASES_PER_HOUR: '3',
      LIMIT_SANDBOX_CALLS_PER_MINUTE: '1',
      LIMIT_SANDBOX_TEXTS_PER_MINUTE: '1',
      LIMIT_OWNER_TEXTS_PER_MINUTE: '1',
    }),
  });
});
afterAll(async () => {
  await api?.close();
  await temporal?.connection.close();
  await orm?.close(true);
});

interface ErrorBody {
  error: { code: string; message: string; details?: { retryAfterSeconds?: number } };
}

function expectLimited(answer: { status: number; body: unknown; headers: Headers }, what: RegExp) {
  expect(answer.status).toBe(429);
  const { error } = answer.body as ErrorBody;
  expect(error.code).toBe('limit_reached');
  expect(error.message).toMatch(what);
  const retryAfter = Number(answer.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(error.details?.retryAfterSeconds).toBe(retryAfter);
}

test('numbers: searches an hour, numbers held, purchases an hour; over a limit nothing is bought', async () => {
  const owner = await registerBusiness(api.url);
  const token = owner.accessToken;
  const search = () => call<{ numbers: { e164: string }[] }>(api.url, 'GET', '/api/numbers/available?areaCode=737', { token });
  const first = await search();
  expect(first.status).toBe(200);
  const [one, two] = first.body.numbers;
  expect((await search()).status).toBe(200);
  expectLimited(await search(), /at most 2 number searches an hour/);

  expect((await call(api.url, 'POST', '/api/numbers', { token, body: { e164: one!.e164 } })).status).toBe(201);
  const second = await call<ErrorBody>(api.url, 'POST', '/api/numbers', { token, body: { e164: two!.e164 } });
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe('number_limit');
  // The third purchase attempt this hour is refused before anything is asked of Twilio.
  await call(api.url, 'POST', '/api/numbers/attach', { token, body: { e164: two!.e164 } });
  expectLimited(await call(api.url, 'POST', '/api/numbers', { token, body: { e164: two!.e164 } }), /numbers bought or attached an hour/);
  const held = await call<{ numbers: { e164: string }[] }>(api.url, 'GET', '/api/numbers', { token });
  expect(held.body.numbers.map((number) => number.e164)).toEqual([one!.e164]);
});

test('the sandbox: calls and texts a minute; owner texts a minute', async () => {
  const owner = await registerBusiness(api.url);
  const token = owner.accessToken;
  const [available] = (await call<{ numbers: { e164: string }[] }>(api.url, 'GET', '/api/numbers/available?areaCode=737', { token })).body
    .numbers;
  expect((await call(api.url, 'POST', '/api/numbers', { token, body: { e164: available!.e164 } })).status).toBe(201);

  expect((await call(api.url, 'POST', '/api/sandbox/texts', { token, body: { body: 'hello' } })).status).toBe(202);
  expectLimited(await call(api.url, 'POST', '/api/sandbox/texts', { token, body: { body: 'hello again' } }), /sandbox texts a minute/);
  expect((await call(api.url, 'POST', '/api/sandbox/calls', { token, body: { answer: 'no-answer' } })).status).toBe(202);
  expectLimited(await call(api.url, 'POST', '/api/sandbox/calls', { token, body: { answer: 'no-answer' } }), /sandbox calls a minute/);

  const unknown = '00000000-0000-4000-8000-000000000000';
  const text = (clientId: string) =>
    call(api.url, 'POST', `/api/conversations/${unknown}/messages`, { token, body: { body: 'on my way', clientId } });
  expect((await text('00000000-0000-4000-8000-000000000001')).status).toBe(404);
  expectLimited(await text('00000000-0000-4000-8000-000000000002'), /texts a minute from the dashboard/);
});
