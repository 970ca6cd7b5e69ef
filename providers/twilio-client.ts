// One way to build the `twilio` SDK client for every mode. In sandbox mode the same SDK talks to
// the local Twilio emulator: only the host of each request is rewritten, so request shapes,
// auth and error handling are the real SDK's.
//
// The SDK takes no abort signal per call, so a signal travels with the async context instead:
// `withAbortSignal(signal, () => client.messages.create(...))` aborts that request (and only
// that one) when the signal fires — an activity passes its cancellation signal this way, so an
// attempt Temporal gave up on stops talking to Twilio (docs/decisions/0014-send-once.md).
import { AsyncLocalStorage } from 'node:async_hooks';
import twilio, { RequestClient } from 'twilio';

export type TwilioClient = ReturnType<typeof twilio>;
type RequestOptions<TData> = Parameters<RequestClient['request']>[0] & { data?: TData };

/**
 * Per-request timeout. Kept well below the sms activities' 30 s start-to-close timeout: an
 * attempt may look at Twilio's list and then send, and must finish both inside its timeout.
 */
export const TWILIO_TIMEOUT_MS = 8_000;

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Base URL standing in for https://*.twilio.com, e.g. the emulator's http://127.0.0.1:4010. */
  apiUrl?: string | undefined;
  /** Per-request timeout; an activity's own timeout bounds the whole attempt. */
  timeoutMs?: number;
}

const TWILIO_HOST = /^https:\/\/[a-z0-9.-]+\.twilio\.com/;
const requestSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `fn` so that every Twilio request it makes is aborted when `signal` fires. */
export function withAbortSignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return requestSignal.run(signal, fn);
}

class AbortableRequestClient extends RequestClient {
  constructor(
    private readonly apiUrl: string | undefined,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs });
    // The SDK hands its options to axios; the interceptor adds the caller's signal, if any.
    (
      this as unknown as { axios: { interceptors: { request: { use(fn: (config: { signal?: AbortSignal }) => object): void } } } }
    ).axios.interceptors.request.use((config) => {
      const signal = requestSignal.getStore();
      if (signal) config.signal = signal;
      return config;
    });
  }

  override request<TData>(opts: RequestOptions<TData>) {
    const signal = requestSignal.getStore();
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return super.request<TData>(this.apiUrl ? { ...opts, uri: opts.uri.replace(TWILIO_HOST, this.apiUrl) } : opts);
  }
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return new Error(`request aborted: ${reason instanceof Error ? reason.message : String(reason ?? 'aborted')}`);
}

export function createTwilioClient({ accountSid, authToken, apiUrl, timeoutMs = TWILIO_TIMEOUT_MS }: TwilioClientOptions): TwilioClient {
  const httpClient = new AbortableRequestClient(apiUrl?.replace(/\/+$/, ''), timeoutMs);
  return twilio(accountSid, authToken, { httpClient });
}
