// The api's and the worker's /metrics on the real stack (docs/decisions/0024-metrics-and-traces.md):
// after a missed call, a caller's text answered by the assistant (its send failing once with a
// Twilio error first), STOP, and an open dashboard socket, one scrape of each shows every metric of
// README.md "Metrics and traces" with sensible values, the Temporal SDK's own included, and nothing
// of the business or the caller.
import { io, type Socket } from 'socket.io-client';
import {
  callerTexts,
  eventually,
  login,
  missedCallFrom,
  newCallerPhone,
  sandboxJson,
  stack,
  waitForTexts,
  withDatabase,
} from '../support/stack';
import { sampleValue, tenantShapedLabelsInText } from '../support/metric-labels';

const scrape = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
};
const apiMetrics = () => scrape(`${stack.apiUrl}/metrics`);
const workerMetrics = () => scrape(stack.workerMetricsUrl!);

const setFaults = (faults: object) =>
  sandboxJson('/sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });

let socket: Socket;
const caller = newCallerPhone();
let conversationId: string;

beforeAll(async () => {
  expect(stack.workerMetricsUrl).toBeDefined();
  const token = await login();
  socket = io(stack.apiUrl, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

  expect((await missedCallFrom(caller)).status).toBe(200);
  await waitForTexts(caller, 1);
  // The assistant's reply fails once at Twilio (503, code 20503) and goes on the retry.
  await setFaults({ messagesCreate: { status: 503, count: 1 } });
  try {
    await callerTexts(caller, 'my water heater is leaking in the garage');
    await waitForTexts(caller, 2);
  } finally {
    await setFaults({});
  }
  await callerTexts(caller, 'STOP');
  conversationId = await eventually(() =>
    withDatabase(async (db) => (await db.query('select id from conversations where caller_phone = $1', [caller])).rows[0]?.id as string),
  );
}, 90_000);

afterAll(() => {
  socket?.disconnect();
});

test("the api's /metrics: requests by route template, webhook outcomes, missed calls, delivery reports, live sockets, process", async () => {
  const body = await eventually(
    async () => {
      const text = await apiMetrics();
      return (sampleValue(text, 'nmc_sms_delivery_reports_total') ?? 0) >= 1 ? text : undefined;
    },
    { what: 'a delivery report counted' },
  );
  const dialResult = { method: 'POST', route: '/webhooks/twilio/voice/dial-result', status: '200' };
  expect(sampleValue(body, 'nmc_http_requests_total', dialResult)).toBeGreaterThanOrEqual(1);
  expect(
    sampleValue(body, 'nmc_http_request_duration_seconds_count', { route: '/webhooks/twilio/voice/dial-result', status_class: '2xx' }),
  ).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'nmc_http_requests_total', { route: '/api/auth/login', status: '200' })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'nmc_webhooks_total', { kind: 'dial_result', outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'nmc_webhooks_total', { kind: 'sms', outcome: 'accepted' })).toBeGreaterThanOrEqual(2);
  expect(sampleValue(body, 'nmc_webhooks_total', { kind: 'status' })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'nmc_missed_calls_total', { caller: 'textable' })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'nmc_missed_calls_total', { caller: 'withheld' })).toBeGreaterThanOrEqual(0);
  expect(sampleValue(body, 'nmc_sms_delivery_reports_total', { status: 'delivered', twilio_code: 'none' })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'nmc_live_sockets')).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  expect(sampleValue(body, 'nodejs_eventloop_lag_seconds')).toBeDefined();
  expectEveryOwnMetricDocumented(body);
  expectNoTenantData(body);
});

test("the worker's /metrics: time to first text, sends by Twilio code, the assistant, opt-outs, and the Temporal SDK's latencies", async () => {
  const body = await eventually(
    async () => {
      const text = await workerMetrics();
      return (sampleValue(text, 'nmc_opt_outs_total', { change: 'stop' }) ?? 0) >= 1 &&
        (sampleValue(text, 'nmc_time_to_first_text_seconds_count') ?? 0) >= 1
        ? text
        : undefined;
    },
    { what: 'the opt-out and the first text counted' },
  );
  // The text-back went within seconds of the missed call (the product's promise).
  const firstTexts = sampleValue(body, 'nmc_time_to_first_text_seconds_count')!;
  expect(sampleValue(body, 'nmc_time_to_first_text_seconds_sum')! / firstTexts).toBeGreaterThan(0);
  expect(sampleValue(body, 'nmc_time_to_first_text_seconds_sum')! / firstTexts).toBeLessThan(30);
  expect(sampleValue(body, 'nmc_time_to_first_text_seconds_bucket', { le: '+Inf' })).toBe(firstTexts);

  expect(sampleValue(body, 'nmc_sms_sends_total', { outcome: 'sent', twilio_code: 'none' })).toBeGreaterThanOrEqual(2);
  expect(sampleValue(body, 'nmc_sms_sends_total', { outcome: 'failed', twilio_code: '20503' })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'nmc_assistant_turns_total', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'nmc_assistant_turn_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'nmc_assistant_tokens_total', { kind: 'prompt' })).toBeGreaterThan(0);
  expect(sampleValue(body, 'nmc_assistant_tokens_total', { kind: 'completion' })).toBeGreaterThan(0);
  expect(body).toMatch(/^# HELP nmc_assistant_model_failures_total \S/m);
  expect(sampleValue(body, 'nmc_opt_outs_total', { change: 'stop' })).toBeGreaterThanOrEqual(1);
  expect(sampleValue(body, 'process_resident_memory_bytes')).toBeGreaterThan(0);

  // The SDK's exporter, served in the same scrape: workflow task and activity latencies by queue and type.
  expect(sampleValue(body, 'temporal_workflow_task_execution_latency_count', { task_queue: 'conversations' })).toBeGreaterThanOrEqual(1);
  expect(
    sampleValue(body, 'temporal_activity_execution_latency_count', { activity_type: 'sendText', task_queue: 'conversations' }),
  ).toBeGreaterThanOrEqual(2);
  expect(sampleValue(body, 'temporal_activity_execution_latency_count', { activity_type: 'assistantTurn' })).toBeGreaterThanOrEqual(1);
  expectEveryOwnMetricDocumented(body);
  expectNoTenantData(body);
});

/** Each of our metric families has HELP text and the nmc_ prefix. */
function expectEveryOwnMetricDocumented(body: string) {
  const families = new Set([...body.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]!).filter((name) => name.startsWith('nmc_')));
  expect(families.size).toBeGreaterThanOrEqual(5);
  for (const family of families) expect(body).toMatch(new RegExp(`^# HELP ${family} \\S`, 'm'));
}

function expectNoTenantData(body: string) {
  for (const secret of [stack.demo.tenantId, stack.demo.businessNumber, stack.demo.businessName, caller, conversationId]) {
    expect(body).not.toContain(secret);
  }
  expect(body).not.toContain(caller.slice(1));
  expect(body).not.toContain(stack.demo.businessNumber.slice(1));
  expect(
    tenantShapedLabelsInText(
      body
        .split('\n')
        .filter((line) => line.startsWith('nmc_'))
        .join('\n'),
    ),
  ).toEqual([]);
}
