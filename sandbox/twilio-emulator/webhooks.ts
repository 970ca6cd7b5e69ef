// Every request the emulator makes to the app is signed exactly as Twilio signs it, so the app's
// signature check is exercised for real in sandbox mode and in tests.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import twilio from 'twilio';
import { takeFault, type EmulatorState } from './state';

export type WebhookParams = Record<string, string>;

export interface WebhookReply {
  /** HTTP status of the app's answer; 0 when it could not be reached or timed out. */
  status: number;
  body: string;
}

export interface WebhookSender {
  send(url: string, params: WebhookParams, method?: string): Promise<WebhookReply>;
  /** Abandons webhooks still in flight, so close() does not wait on a slow app. */
  abortAll(): void;
}

const TWILIO_WEBHOOK_TIMEOUT_MS = 15_000;

export function createWebhookSender(state: EmulatorState, authToken: string, log: Logger): WebhookSender {
  let inFlight = new AbortController();

  async function deliver(url: string, params: WebhookParams, method: string, idempotencyToken: string): Promise<WebhookReply> {
    const isGet = method.toUpperCase() === 'GET';
    // Twilio signs the URL as requested: for GET the parameters travel (and are signed) in the query string.
    const target = isGet ? withQuery(url, params) : url;
    const headers: Record<string, string> = {
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, target, isGet ? {} : params),
      'I-Twilio-Idempotency-Token': idempotencyToken,
      'User-Agent': 'TwilioProxy/1.1',
    };
    if (!isGet) headers['Content-Type'] = 'application/x-www-form-urlencoded';
    try {
      const response = await fetch(target, {
        method: isGet ? 'GET' : 'POST',
        headers,
        ...(isGet ? {} : { body: new URLSearchParams(params).toString() }),
        signal: AbortSignal.any([inFlight.signal, AbortSignal.timeout(TWILIO_WEBHOOK_TIMEOUT_MS)]),
      });
      const body = await response.text();
      if (response.ok) state.stats.webhooksDelivered += 1;
      log.debug({ url, status: response.status }, 'webhook delivered');
      return { status: response.status, body };
    } catch (error) {
      log.warn({ url, error: (error as Error).message }, 'webhook not delivered');
      return { status: 0, body: '' };
    }
  }

  return {
    async send(url, params, method = 'POST') {
      const token = randomUUID();
      const duplicated = takeFault(state, 'duplicateWebhooks');
      const reply = await deliver(url, params, method, token);
      if (duplicated) await deliver(url, params, method, token);
      return reply;
    },
    abortAll() {
      inFlight.abort();
      inFlight = new AbortController();
    },
  };
}

function withQuery(url: string, params: WebhookParams): string {
  const target = new URL(url);
  for (const [name, value] of Object.entries(params)) target.searchParams.append(name, value);
  return target.toString();
}
