// How MSAL and the Graph client reach the local emulator (sandbox/calendar-emulator/) over plain
// HTTP. MSAL refuses any authority that is not https, and the Graph client attaches a token only
// to https hosts, so in emulator mode:
// - MSAL gets an https authority naming the emulator's host, and this network module (MSAL's own
//   extension point) sends its requests to that host over http instead; no other host is touched;
// - Graph requests go through a middleware chain of our own (bearer token, then the SDK's
//   HTTPMessageHandler), the same chain as in live mode, minus the https-only check.
import { HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** MSAL's network client for the emulator: https://<emulator host>/... is sent as http://<emulator host>/... */
export function emulatorNetworkModule(emulatorOrigin: string, timeoutMs: number): INetworkModule {
  const { host } = new URL(emulatorOrigin);
  const send = async <T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions = {}): Promise<NetworkResponse<T>> => {
    const target = new URL(url);
    if (target.host !== host) throw new Error(`the emulator transport only reaches ${host}`);
    target.protocol = 'http:';
    const response = await fetch(target, {
      method,
      headers: options.headers ?? {},
      ...(options.body !== undefined ? { body: options.body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, headers, body: (await response.json()) as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** Sets `Authorization: Bearer <token>` from `accessToken()` on every request, then passes it on. */
class BearerToken implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly accessToken: () => string) {}
  async execute(context: Context): Promise<void> {
    const options = (context.options ??= {});
    const authorization = `Bearer ${this.accessToken()}`;
    if (options.headers instanceof Headers) options.headers.set('Authorization', authorization);
    else options.headers = { ...(options.headers as Record<string, string> | undefined), Authorization: authorization };
    await this.next!.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

/**
 * The Graph client's middleware: the bearer token, then the SDK's HTTP handler. No RetryHandler:
 * one call is one request, retrying is the caller's decision (an activity's retry policy), and a
 * hidden retry would swallow the 429 and its Retry-After.
 */
export function graphMiddleware(accessToken: () => string): Middleware {
  const bearer = new BearerToken(accessToken);
  bearer.setNext(new HTTPMessageHandler());
  return bearer;
}
