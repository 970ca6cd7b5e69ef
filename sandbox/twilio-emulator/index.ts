// The local Twilio emulator (docs/architecture.md "sandbox"): Twilio's REST subset for the app's real
// SDK, signed webhooks to the app, and a phone network that tests and the dashboard drive.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import pino, { type Logger } from 'pino';
import { controlSurface, createPhoneNetwork, createPhoneNetworkRouter, parseFaults, type PhoneNetwork } from './phone-network';
import { createRestApiRouter, requireTwilioAuth } from './rest-api';
import { createEmulatorState, ownNumber, type Faults, type Stats, type StoredMessage, type StoredRecording } from './state';
import { createSendStalls, type Stall } from './stalls';
import { createWebhookSender } from './webhooks';

export type { CallEvent, OwnerBehaviour, PlacedCall } from './calls';
export type { PhoneMessage, PhoneNetwork } from './phone-network';
export type { Faults, Stats, StoredMessage, StoredRecording } from './state';

export interface TwilioEmulatorOptions {
  accountSid: string;
  authToken: string;
  log?: Logger;
  /** Numbers the account already owns (no webhooks yet), e.g. for "attach a number I have". */
  ownedNumbers?: string[];
  /**
   * Serves other sandbox services on the same port before the emulator sees the request (the
   * offline assistant under /openai/v1); returns true when it took the request.
   */
  alsoServe?: (request: IncomingMessage, response: ServerResponse) => boolean;
}

export interface TwilioEmulator {
  /** Starts serving; resolves with the base URL to give the app as TWILIO_API_URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** Callers dialling and texting business numbers, as POST /sandbox/calls and /sandbox/sms do. */
  readonly network: PhoneNetwork;
  /** How many texts the REST API accepted (201). */
  messagesAccepted(): number;
  /** Texts the app created through the REST API, oldest first, with their current status. */
  sentMessages(): StoredMessage[];
  /** Voicemails the network recorded and the REST API still has, oldest first. Media: `${url}.wav` with Basic auth. */
  recordings(): StoredRecording[];
  stats(): Stats;
  /** Faults still to fire; assigning replaces them all ({} clears). */
  faults: Faults;
  /** The next `count` message creates stall `ms` before Twilio takes them (stalls.ts). */
  stallSends(stall: Stall): void;
  /** Forgets every message, recording, number, opt-out, counter and fault. */
  reset(): void;
}

export function createTwilioEmulator({
  accountSid,
  authToken,
  log = pino({ level: 'silent' }),
  ownedNumbers = [],
  alsoServe,
}: TwilioEmulatorOptions): TwilioEmulator {
  const state = createEmulatorState();
  let baseUrl = '';
  let server: Server | undefined;
  const timers = new Set<NodeJS.Timeout>();
  const webhooks = createWebhookSender(state, authToken, log);
  const deps = {
    state,
    accountSid,
    webhooks,
    baseUrl: () => baseUrl,
    later(ms: number, task: () => Promise<void>) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        task().catch((error: unknown) => log.error({ error }, 'emulator task failed'));
      }, ms);
      timers.add(timer);
    },
  };

  const seedOwnedNumbers = () => ownedNumbers.forEach((phoneNumber) => ownNumber(state, phoneNumber));
  seedOwnedNumbers();

  const network = createPhoneNetwork(deps);
  const stalls = createSendStalls();
  const emulator: TwilioEmulator = {
    network,
    async listen(port, host = '127.0.0.1') {
      const app = new Koa();
      app.on('error', (error: Error) => log.error({ error: error.message }, 'emulator request failed'));
      app.use(controlSurface);
      app.use(bodyParser({ enableTypes: ['json', 'form'] }));
      app.use(stalls.routes.routes());
      app.use(requireTwilioAuth(accountSid, authToken));
      app.use(stalls.middleware);
      app.use(createRestApiRouter(deps).routes());
      app.use(createPhoneNetworkRouter(emulator).routes());
      const handle = app.callback(); // Koa answers its own errors, so the promise is not awaited
      server = createServer((request, response) => {
        if (!alsoServe?.(request, response)) void handle(request, response);
      });
      await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(port, host, resolve));
      baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
      log.debug({ url: baseUrl }, 'twilio emulator listening');
      return baseUrl;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      webhooks.abortAll();
      if (!server) return;
      const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeAllConnections(); // the SDK keeps connections alive; close() alone would wait for them
      await closing;
      server = undefined;
    },
    messagesAccepted: () => state.stats.messagesAccepted,
    sentMessages: () => state.messages.filter((message) => message.direction === 'outbound-api').map((message) => ({ ...message })),
    recordings: () => state.recordings.map((recording) => ({ ...recording })),
    stats: () => ({ ...state.stats }),
    get faults() {
      return state.faults;
    },
    set faults(faults: Faults) {
      state.faults = parseFaults(faults); // validated copy: later mutation by the caller changes nothing
    },
    stallSends: (stall) => stalls.set(stall),
    reset() {
      stalls.reset();
      Object.assign(state, createEmulatorState()); // in place: every module holds this same state
      seedOwnedNumbers();
    },
  };
  return emulator;
}
