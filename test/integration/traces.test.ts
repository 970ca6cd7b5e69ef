// One trace from Twilio's webhook through the conversation workflow to the send
// (docs/decisions/0024-metrics-and-traces.md), caught by an in-memory exporter: the api's Koa app
// and a worker run in this process, against the stack's PostgreSQL, Twilio emulator and Temporal
// (in a namespace of their own, so the stack's worker never picks their tasks up). Then the traced
// workflow's history, and every recorded one, replays with the trace interceptors bundled.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { Client, Connection } from '@temporalio/client';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { msToTs } from '@temporalio/common/lib/time';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import twilio from 'twilio';
import { createConversationActivities, createSmsActivities } from '../../activities';
import { setLeadStatusSignal } from '../../contracts/conversation-workflow';
import { TASK_QUEUES } from '../../contracts/task-queues';
import { initORM, type Orm } from '../../db/orm';
import { conversationWorkflowId } from '../../domain/conversation-id';
import { startTracing, type Tracing } from '../../observability/tracing';
import { tracingWorkerOptions, WORKFLOW_INTERCEPTOR_MODULES } from '../../observability/worker-tracing';
import { createOwnerCalendars } from '../../providers/owner-calendars';
import { createTwilioClient } from '../../providers/twilio-client';
import { connectClient } from '../../temporal/connection';
import { registerSearchAttributes } from '../../temporal/register-search-attributes';
import { rawRequest, startApi, testConfig, type RunningApi } from '../support/api-app';
import { eventually, newCallerPhone, randomSid, stack, waitForTexts } from '../support/stack';

Runtime.install({ logger: new DefaultLogger('WARN') });

const NAMESPACE = 'nmc-traces';
const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let orm: Orm;
let client: Client;
let api: RunningApi;
let worker: Worker;
let running: Promise<void>;
let workflowCode: string;
const config = testConfig({ DATABASE_URL: stack.databaseUrl });

/** The dev server takes a moment to know a namespace it just registered. */
async function createNamespace() {
  const connection = client.connection as Connection;
  await connection.workflowService
    .registerNamespace({ namespace: NAMESPACE, workflowExecutionRetentionPeriod: msToTs('1 day') })
    .catch((error: { code?: number }) => {
      if (error.code !== status.ALREADY_EXISTS) throw error;
    });
  await eventually(
    () =>
      registerSearchAttributes(connection, NAMESPACE).then(
        () => true,
        () => undefined,
      ),
    {
      timeoutMs: 30_000,
      what: `namespace ${NAMESPACE} with our search attributes`,
    },
  );
}

beforeAll(async () => {
  tracing = startTracing({ serviceName: 'nevermisscall-test', exporter })!;
  orm = await initORM(stack.databaseUrl, { poolMax: 4 });
  // Started after tracing: this client's starts and signals carry the trace context.
  client = await connectClient({ TEMPORAL_ADDRESS: stack.temporalAddress, TEMPORAL_NAMESPACE: NAMESPACE, TEMPORAL_TLS: false });
  await createNamespace();
  api = await startApi({ orm, temporal: client, config });
  ({ code: workflowCode } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: new DefaultLogger('WARN'),
  }));
  const twilioClient = createTwilioClient({ accountSid: stack.accountSid, authToken: stack.authToken, apiUrl: stack.sandboxUrl });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: stack.temporalAddress }),
    namespace: NAMESPACE,
    taskQueue: TASK_QUEUES.conversations,
    workflowBundle: { code: workflowCode },
    // Delivery reports go to the stack's api, which does not know this namespace's conversations: harmless.
    activities: {
      ...createConversationActivities({ orm, calendars: createOwnerCalendars({ ...config, TWILIO_API_URL: stack.sandboxUrl }) }),
      ...createSmsActivities({ orm, twilio: twilioClient, publicUrl: stack.apiUrl }),
    },
    ...tracingWorkerOptions(tracing, 'bundle'),
  });
  running = worker.run();
}, 180_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await api?.close();
  await client?.connection.close();
  await orm?.close(true);
  await tracing?.shutdown();
});

/** A webhook signed as Twilio signs it for the in-process api's PUBLIC_URL. */
function webhook(path: string, params: Record<string, string>) {
  const signature = twilio.getExpectedTwilioSignature(config.TWILIO_AUTH_TOKEN, `${config.PUBLIC_URL}${path}`, params);
  return rawRequest(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
}

const caller = newCallerPhone();
const workflowId = () => conversationWorkflowId(stack.demo.tenantId, caller);

test('webhook → SignalWithStartWorkflow → RunWorkflow → StartActivity:sendText → RunActivity:sendText, one trace', async () => {
  const CallSid = randomSid('CA');
  const call = { CallSid, From: caller, To: stack.demo.businessNumber };
  expect((await webhook('/webhooks/twilio/voice/dial-result', { ...call, DialCallStatus: 'no-answer' })).status).toBe(200);
  expect((await webhook('/webhooks/twilio/status', { ...call, CallStatus: 'completed' })).status).toBe(204);
  await waitForTexts(caller, 1);
  // The owner closes the conversation: the workflow ends, and with it its run's span.
  await client.workflow.getHandle(workflowId()).signal(setLeadStatusSignal, { status: 'lost' });
  await client.workflow.getHandle(workflowId()).result();

  const spans = await eventually(
    async () => {
      const finished = exporter.getFinishedSpans();
      return finished.some((span) => span.name === 'RunWorkflow:conversationWorkflow') ? finished : undefined;
    },
    { what: 'the workflow run span' },
  );
  const named = (name: string, parent?: ReadableSpan) => {
    const found = spans.filter((span) => span.name === name && (!parent || span.parentSpanId === parent.spanContext().spanId));
    expect(found.map((span) => span.name)).toEqual([name]);
    return found[0]!;
  };
  const http = named('POST /webhooks/twilio/voice/dial-result');
  const start = named('SignalWithStartWorkflow:conversationWorkflow', http);
  const run = named('RunWorkflow:conversationWorkflow', start);
  const schedule = named('StartActivity:sendText', run);
  const send = named('RunActivity:sendText', schedule);

  expect(http.parentSpanId).toBeUndefined();
  expect(http.attributes).toMatchObject({ 'http.route': '/webhooks/twilio/voice/dial-result', 'http.response.status_code': 200 });
  const traceId = http.spanContext().traceId;
  for (const span of [start, run, schedule, send]) expect(span.spanContext().traceId).toBe(traceId);
  // The caller's number stays out of the exported spans (the workflow id names it).
  expect(JSON.stringify(spans.map((span) => [span.name, span.attributes, span.events]))).not.toContain(caller.slice(1));
  expect(start.attributes.temporalWorkflowId).toBe(`conversation/${stack.demo.tenantId}/[phone]`);
  expect(run.attributes).toMatchObject({ workflowType: 'conversationWorkflow', taskQueue: 'conversations' });
  // Only values OpenTelemetry attributes can hold: the workflow info's nested search attributes are left out.
  for (const span of spans)
    for (const value of Object.values(span.attributes)) expect(['string', 'number', 'boolean']).toContain(typeof value);
});

test('the traced history, and every recorded one, replays with the trace interceptors in the bundle', async () => {
  const history = await client.workflow.getHandle(workflowId()).fetchHistory();
  const replay = { workflowBundle: { code: workflowCode }, ...tracingWorkerOptions(undefined, 'bundle') };
  await Worker.runReplayHistory(replay, history, workflowId());
  const folder = path.resolve(__dirname, '../../temporal/histories');
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    await Worker.runReplayHistory(replay, historyFromJSON(JSON.parse(readFileSync(path.join(folder, file), 'utf8'))), file);
  }
});
