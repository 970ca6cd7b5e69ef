// The api process: Koa (REST, Twilio webhooks, the built dashboard) and Socket.IO on one port.
import { createServer } from 'node:http';
import { apiSchema, loadConfig } from '../config';
import { initORM } from '../db/orm';
import { connectClient } from '../temporal/connection';
import { createApp } from './app';
import { createAuth } from './auth';
import { startLiveServer } from './live';
import { createLogger } from './logging';

async function main() {
  const config = loadConfig(apiSchema);
  const log = createLogger({ name: 'api', level: config.LOG_LEVEL });
  const orm = await initORM(config.DATABASE_URL);
  const temporal = await connectClient(config);
  const auth = createAuth({ secret: config.JWT_SECRET, orm });
  const app = createApp({ config, orm, temporal, auth, log });

  const handleRequest = app.callback();
  const httpServer = createServer((request, response) => void handleRequest(request, response));
  const live = await startLiveServer({ httpServer, databaseUrl: config.DATABASE_URL, auth, log, corsOrigin: config.WEB_ORIGIN });
  await new Promise<void>((resolve) => httpServer.listen(config.API_PORT, config.API_HOST, resolve));
  log.info({ url: `http://${config.API_HOST}:${config.API_PORT}`, mode: config.NMC_MODE }, 'api listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'api stopping');
    await live.close();
    await new Promise((resolve) => httpServer.close(resolve));
    await temporal.connection.close();
    await orm.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
