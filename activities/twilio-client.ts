// One way to build the `twilio` SDK client for every mode. In sandbox mode the same SDK talks to
// the local Twilio emulator: only the host of each request is rewritten, so request shapes,
// auth and error handling are the real SDK's.
import twilio, { RequestClient } from 'twilio';

export type TwilioClient = ReturnType<typeof twilio>;
type RequestOptions<TData> = Parameters<RequestClient['request']>[0] & { data?: TData };

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** Base URL standing in for https://*.twilio.com, e.g. the emulator's http://127.0.0.1:4010. */
  apiUrl?: string | undefined;
  /** Per-request timeout; an activity's own timeout bounds the whole attempt. */
  timeoutMs?: number;
}

const TWILIO_HOST = /^https:\/\/[a-z0-9.-]+\.twilio\.com/;

class RedirectingRequestClient extends RequestClient {
  constructor(
    private readonly apiUrl: string,
    timeoutMs: number,
  ) {
    super({ timeout: timeoutMs });
  }

  override request<TData>(opts: RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_HOST, this.apiUrl) });
  }
}

export function createTwilioClient({ accountSid, authToken, apiUrl, timeoutMs = 10_000 }: TwilioClientOptions): TwilioClient {
  const httpClient = apiUrl
    ? new RedirectingRequestClient(apiUrl.replace(/\/+$/, ''), timeoutMs)
    : new RequestClient({ timeout: timeoutMs });
  return twilio(accountSid, authToken, { httpClient });
}
