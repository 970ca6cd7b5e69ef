// Process entry for sandbox mode (`npm run start:sandbox`): the local Twilio emulator the api and
// worker talk to instead of Twilio, and on the same port the offline assistant as an
// OpenAI-compatible API (the worker's OPENAI_BASE_URL: <url>/openai/v1), the Google Maps emulator
// (<url>/google-maps) and the calendar emulators (<url>/google-calendar, <url>/microsoft).
import pino from 'pino';
import { OFFLINE_MODEL } from '../activities/assistant-protocol';
import { loadConfig, sandboxSchema } from '../config';
import { createCalendarHandler, GOOGLE_CALENDAR_PATH, MICROSOFT_PATH } from './calendar-emulator';
import { createGoogleMapsHandler } from './google-maps-emulator';
import { createOfflineModelHandler, OFFLINE_MODEL_PATH } from './offline-model-server';
import { createTwilioEmulator } from './twilio-emulator';

async function main(): Promise<void> {
  const config = loadConfig(sandboxSchema);
  const log = pino({ name: 'sandbox', level: config.LOG_LEVEL });
  const emulator = createTwilioEmulator({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    log,
    alsoServe: createCalendarHandler({ log, orElse: createGoogleMapsHandler({ log, orElse: createOfflineModelHandler({ log }) }) }),
  });
  const url = await emulator.listen(config.SANDBOX_PORT, config.SANDBOX_HOST);
  log.info({ url, accountSid: config.TWILIO_ACCOUNT_SID }, `Twilio emulator listening on ${url}`);
  log.info(
    { baseURL: `${url}${OFFLINE_MODEL_PATH}`, model: OFFLINE_MODEL },
    `offline assistant (OpenAI-compatible) at ${url}${OFFLINE_MODEL_PATH}`,
  );
  log.info(
    { google: `${url}${GOOGLE_CALENDAR_PATH}`, microsoft: `${url}${MICROSOFT_PATH}` },
    `calendar emulators at ${url}${GOOGLE_CALENDAR_PATH} and ${url}${MICROSOFT_PATH}`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Twilio emulator stopping');
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ error }, 'Twilio emulator did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
