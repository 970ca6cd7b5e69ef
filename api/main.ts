// The api process: Koa (REST, Twilio webhooks, the built dashboard) and Socket.IO on one port.
import { createServer } from 'node:http';
import { apiSchema, loadConfig } from '../config';
import { initORM } from '../db/orm';
import { connectClient } from '../temporal/connection';
import { INBOUND_SWEEPER_ID, reconcileNowSignal } from '../contracts/inbound-sweeper';
import { createApp } from './app';
import { createAuth } from './auth';
import { startLiveServer } from './live';
import { createLogger } from './logging';
import { retryStartup } from './startup-retry';
import { apiRegistry, collectProcessMetrics, initialiseSeries } from '../observability/metrics';
import { startTracing } from '../observability/tracing';

async function main() {
  const config = loadConfig(apiSchema);
  const log = createLogger({ name: 'api', level: config.LOG_LEVEL });
  // Before the Temporal client: it is intercepted only when tracing is on.
  const tracing = startTracing({ serviceName: 'nevermisscall-api', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  collectProcessMetrics(apiRegistry);
  initialiseSeries();
  const orm = await retryStartup('connecting to PostgreSQL', () => initORM(config.DATABASE_URL), { log });
  const temporal = await retryStartup('connecting to Temporal', () => connectClient(config), { log });
  const auth = createAuth({ secret: config.JWT_SECRET, orm, accessTokenLifetimeSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
  const app = createApp({ config, orm, temporal, auth, log });

  const handleRequest = app.callback();
  const httpServer = createServer((request, response) => void handleRequest(request, response));
  const live = await startLiveServer({ httpServer, databaseUrl: config.DATABASE_URL, auth, log, corsOrigin: config.WEB_ORIGIN });
  await new Promise<void>((resolve) => httpServer.listen(config.API_PORT, config.API_HOST, resolve));
  log.info({ url: `http://${config.API_HOST}:${config.API_PORT}`, mode: config.NMC_MODE, traces: Boolean(tracing) }, 'api listening');
  // Texts that came while this api was down reached nobody (Twilio does not retry SMS webhooks):
  // ask the inbound sweeper to reconcile with Twilio's list now rather than at its next round.
  temporal.workflow
    .getHandle(INBOUND_SWEEPER_ID)
    .signal(reconcileNowSignal)
    .then(
      () => log.info('asked the inbound sweeper to reconcile with Twilio (texts missed while the api was down)'),
      (error: unknown) => log.warn({ reason: (error as Error).message }, 'could not ask for a reconciliation; the next round will do it'),
    );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'api stopping');
    // Ctrl-C stops PostgreSQL and Temporal at the same moment: whatever is already gone is not an error.
    const quietly = (what: string, step: () => Promise<unknown>) =>
      step().catch((error: unknown) => log.debug({ reason: (error as Error).message }, `${what} was already gone`));
    await quietly('the live server', () => live.close());
    httpServer.closeAllConnections();
    await new Promise((resolve) => httpServer.close(resolve));
    await quietly('Temporal', () => temporal.connection.close());
    await quietly('the database', () => orm.close());
    if (tracing) await quietly('the trace exporter', () => tracing.shutdown());
    log.info('api stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // One line naming the problem (a bug's stack trace only with LOG_LEVEL=debug).
  const detail =
    error instanceof Error ? (process.env.LOG_LEVEL === 'debug' ? (error.stack ?? error.message) : error.message) : String(error);
  process.stderr.write(`api failed to start: ${detail}\n`);
  process.exit(1);
});
