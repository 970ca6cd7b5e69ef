// The worker process: runs conversation workflows and their activities on the task queues of
// docs/architecture.md. Scale out by running more of these. Ctrl-C / SIGTERM drain in-flight tasks.
import { DefaultLogger, Runtime, Worker, type LogLevel } from '@temporalio/worker';
import pino, { type Logger } from 'pino';
import { createAssistantActivities, createConversationActivities, createSmsActivities } from '../activities';
import { createModelClient } from '../activities/assistant';
import { createCalendarPushActivities } from '../activities/calendar-push';
import { createCalendarSyncActivities } from '../activities/calendar-sync';
import { createInboundActivities, reconcileInbound } from '../activities/inbound';
import { OFFLINE_MODEL } from '../activities/assistant-protocol';
import { createTwilioClient } from '../providers/twilio-client';
import { createOwnerCalendars } from '../providers/owner-calendars';
import { createAddressLookup, type AddressLookup } from '../providers/google-maps';
import { GOOGLE_MAPS_PATH } from '../sandbox/google-maps-emulator';
import { LOG_REDACTIONS } from '../config/log-redactions';
import { loadConfig, workerSchema, type WorkerConfig } from '../config';
import { initORM } from '../db/orm';
import { connectClient, connectWorker } from '../temporal/connection';
import { TASK_QUEUES } from '../contracts/task-queues';
import { ensureInboundSweeper } from './inbound-sweeper';
import { collectProcessMetrics, initialiseSeries, workerRegistry } from '../observability/metrics';
import { startTracing } from '../observability/tracing';
import { coreMetricsOptions, freeLoopbackPort, startWorkerMetricsServer } from '../observability/worker-metrics';
import { tracingWorkerOptions } from '../observability/worker-tracing';

async function main() {
  const config = loadConfig(workerSchema);
  const log = pino({ name: 'worker', level: config.LOG_LEVEL, redact: { paths: [...LOG_REDACTIONS], censor: '[redacted]' } });
  // The SDK logs through pino too; its INFO lines (webpack stats, state changes) are noise
  // unless someone asked for debug logs.
  const sdkLevel: LogLevel = config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN';
  const sdkLog = log.child({ component: 'temporal-sdk' });
  // Before any connection: the Temporal client and the workers are intercepted only when tracing is on.
  const tracing = startTracing({ serviceName: 'nevermisscall-worker', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  // The SDK's metrics (workflow task and activity latencies...) on a loopback port, served with ours.
  const corePort = config.WORKER_METRICS_PORT === 0 ? undefined : await freeLoopbackPort();
  Runtime.install({
    ...(corePort ? { telemetryOptions: coreMetricsOptions(corePort) } : {}),
    shutdownSignals: ['SIGINT', 'SIGTERM'],
    logger: new DefaultLogger(sdkLevel, ({ level, message, meta }) => {
      const method = level === 'ERROR' ? 'error' : level === 'WARN' ? 'warn' : 'debug';
      sdkLog[method](meta ?? {}, message);
    }),
  });

  collectProcessMetrics(workerRegistry);
  initialiseSeries();
  const metrics =
    config.WORKER_METRICS_PORT === 0
      ? undefined
      : await startWorkerMetricsServer({ host: config.WORKER_METRICS_HOST, port: config.WORKER_METRICS_PORT, corePort, log });

  const orm = await initORM(config.DATABASE_URL);
  const twilio = createTwilioClient({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    apiUrl: config.TWILIO_API_URL,
  });
  const connection = await connectWorker(config);
  const client = await connectClient(config);
  const namespace = config.TEMPORAL_NAMESPACE;
  const inboundDeps = { em: () => orm.em.fork(), temporal: client, twilio };

  const calendars = createOwnerCalendars(config);
  const smsActivities = createSmsActivities({ orm, twilio, publicUrl: config.PUBLIC_URL });
  const conversations = await Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUES.conversations,
    ...(config.NMC_WORKFLOW_BUNDLE
      ? { workflowBundle: { codePath: config.NMC_WORKFLOW_BUNDLE } }
      : { workflowsPath: require.resolve('../workflows') }),
    // The workflow interceptors are in every bundle (temporal/bundle-workflows.ts bundles them too).
    ...tracingWorkerOptions(tracing, config.NMC_WORKFLOW_BUNDLE ? 'bundle' : 'path'),
    // Memory grows with each cached conversation (~0.3 MB); the rest replay from history on waking.
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    // The inbound sweeper (a workflow on this queue) delivers stored webhooks and reconciles with Twilio.
    // Sends run here too: scheduled on the conversation's own queue, the server hands them over
    // with the workflow task's answer (eager execution). Bounded so a burst of texts cannot exhaust
    // Twilio's rate limit or our database pool.
    activities: {
      ...createConversationActivities({ orm, calendars, publicUrl: config.PUBLIC_URL, temporal: client }),
      ...createCalendarSyncActivities({ orm, calendars, temporal: client }),
      ...createCalendarPushActivities({ orm, calendars, publicUrl: config.PUBLIC_URL }),
      ...createInboundActivities(inboundDeps),
      ...smsActivities,
    },
    maxConcurrentActivityTaskExecutions: 40,
  });
  const sms = await Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUES.sms,
    // Sends and alerts scheduled on this queue by conversations that started before sends moved to
    // the conversations queue (an activity keeps the queue it was scheduled on, through retries).
    activities: smsActivities,
    maxConcurrentActivityTaskExecutions: 20,
    ...tracingWorkerOptions(tracing, 'none'),
  });
  const ai = await Worker.create({
    connection,
    namespace,
    taskQueue: TASK_QUEUES.ai,
    activities: createAssistantActivities({ orm, model: assistantModel(config), lookupAddress: addressLookup(config, log), log }),
    // Model calls are slow and rate-limited: their own, smaller limit.
    maxConcurrentActivityTaskExecutions: 8,
    ...tracingWorkerOptions(tracing, 'none'),
  });
  log.info(
    {
      address: config.TEMPORAL_ADDRESS,
      namespace,
      taskQueues: Object.values(TASK_QUEUES),
      metrics: metrics?.url,
      traces: Boolean(tracing),
    },
    'worker started',
  );
  // Once per deployment (a fixed workflow id); and texts Twilio took while nothing of ours answered
  // are looked for now, not only at the sweeper's next period. Neither holds up the worker.
  ensureInboundSweeper(client)
    .then((started) => log.info({ started }, 'inbound sweeper running'))
    .catch((error: unknown) => log.error({ error: error instanceof Error ? error.message : String(error) }, 'inbound sweeper not started'));
  reconcileInbound(inboundDeps)
    .then((result) => log.info(result, 'start-up reconciliation with Twilio done'))
    .catch((error: unknown) =>
      log.warn({ error: error instanceof Error ? error.message : String(error) }, 'start-up reconciliation failed'),
    );
  try {
    await Promise.all([conversations.run(), sms.run(), ai.run()]);
  } finally {
    await client.connection.close();
    await connection.close();
    await orm.close();
    await metrics?.close();
    await tracing?.shutdown();
    log.info('worker stopped');
  }
}

/**
 * The model the assistant asks: the configured OpenAI-compatible endpoint, or in sandbox mode
 * without a key the offline assistant the sandbox process serves over the same protocol.
 */
function assistantModel(config: WorkerConfig) {
  const offline = config.NMC_MODE === 'sandbox' && !config.OPENAI_API_KEY && !config.OPENAI_BASE_URL;
  const client = offline
    ? createModelClient({ apiKey: 'sandbox', baseURL: `${config.TWILIO_API_URL}/openai/v1` })
    : createModelClient({
        apiKey: config.OPENAI_API_KEY ?? 'none',
        ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
      });
  return { client, model: offline ? OFFLINE_MODEL : config.OPENAI_MODEL, timeoutMs: config.OPENAI_TIMEOUT_MS };
}

/**
 * The geocoder for callers' addresses: Google with GOOGLE_MAPS_API_KEY, the sandbox's emulator
 * without one in sandbox mode, none in live mode without a key (addresses kept as written).
 */
function addressLookup(config: WorkerConfig, log: Logger): AddressLookup | undefined {
  if (config.GOOGLE_MAPS_API_KEY) {
    return createAddressLookup({ apiKey: config.GOOGLE_MAPS_API_KEY, baseUrl: config.GOOGLE_MAPS_API_URL });
  }
  if (config.NMC_MODE === 'sandbox') {
    return createAddressLookup({ apiKey: 'sandbox', baseUrl: config.GOOGLE_MAPS_API_URL ?? `${config.TWILIO_API_URL}${GOOGLE_MAPS_PATH}` });
  }
  log.warn("GOOGLE_MAPS_API_KEY is not set: callers' addresses are not checked on the map, nor against the service area");
  return undefined;
}

main().catch((error: unknown) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
