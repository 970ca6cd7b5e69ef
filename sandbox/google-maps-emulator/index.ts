// The local Google Maps emulator: the Geocoding API (`GET <base>/maps/api/geocode/json`) answered
// from the US ZIP gazetteer, so the app's real `@googlemaps/google-maps-services-js` client runs
// in the sandbox and in tests without a Google account. Paths under the base are Google's own, so
// the client is pointed at it by one URL (providers/google-maps.ts `baseUrl`, e.g.
// `http://127.0.0.1:4010/google-maps`). Served by the sandbox process on the Twilio emulator's
// port (sandbox/main.ts), like the offline assistant.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { geocode, type GeocodeResponse } from './geocoding';

export type { GeocodeResponse, GeocodeResult } from './geocoding';

export const GOOGLE_MAPS_PATH = '/google-maps';
const GEOCODE_ROUTE = '/maps/api/geocode/json';

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

export interface GoogleMapsEmulatorOptions {
  log?: Logger;
  /** Where Google's paths start; the client's base URL is the server's origin plus this. */
  basePath?: string;
  /** The one key accepted; by default any non-empty key is (the sandbox has no real one). */
  apiKey?: string;
  /** Serves what is not under `basePath` (e.g. the offline assistant), so one `alsoServe` can carry both. */
  orElse?: RequestHandler;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Google's body for a request it refuses or cannot read; it sends them with HTTP 200 too. */
const refusal = (status: GeocodeResponse['status'], error_message: string): GeocodeResponse => ({ status, results: [], error_message });

/** The Geocoding API's answer to one query string (exported for tests that need no HTTP). */
export function answerGeocode(query: URLSearchParams, apiKey?: string): GeocodeResponse {
  const key = query.get('key') ?? '';
  if (key === '') return refusal('REQUEST_DENIED', 'You must use an API key to authenticate each request to Google Maps Platform APIs.');
  if (apiKey !== undefined && key !== apiKey) return refusal('REQUEST_DENIED', 'The provided API key is invalid.');
  const address = (query.get('address') ?? '').trim();
  if (address === '')
    return refusal('INVALID_REQUEST', "Invalid request. Missing the 'address', 'components', 'latlng' or 'place_id' parameter.");
  return geocode(address);
}

/**
 * Answers requests under `basePath` and returns true; anything else goes to `orElse`, and false
 * is returned when nobody took it (nothing read), so the caller serves it.
 */
export function createGoogleMapsHandler({
  log = pino({ level: 'silent' }),
  basePath = GOOGLE_MAPS_PATH,
  apiKey,
  orElse,
}: GoogleMapsEmulatorOptions = {}): RequestHandler {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) return orElse?.(request, response) ?? false;
    const route = url.pathname.slice(basePath.length);
    if (route !== GEOCODE_ROUTE) {
      sendJson(response, 404, { error_message: `The emulator serves only GET ${basePath}${GEOCODE_ROUTE}.`, status: 'NOT_FOUND' });
      return true;
    }
    if (request.method !== 'GET') {
      sendJson(response, 405, refusal('INVALID_REQUEST', `Use GET for ${GEOCODE_ROUTE}.`));
      return true;
    }
    try {
      const answer = answerGeocode(url.searchParams, apiKey);
      // The address is the caller's; the key is never logged.
      log.debug({ status: answer.status, partial: answer.results[0]?.partial_match ?? false }, 'google maps emulator geocoded');
      sendJson(response, 200, answer);
    } catch (error) {
      log.error({ error: (error as Error).message }, 'google maps emulator failed');
      sendJson(response, 500, refusal('UNKNOWN_ERROR', 'The emulator failed on this request.'));
    }
    return true;
  };
}

/** The emulator alone on its own port (127.0.0.1 and a free port by default), for tests and scripts. */
export async function serveGoogleMaps(
  options: Omit<GoogleMapsEmulatorOptions, 'orElse'> & { port?: number; host?: string } = {},
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const { port = 0, host = '127.0.0.1', ...handlerOptions } = options;
  const handle = createGoogleMapsHandler(handlerOptions);
  const server = createServer((request, response) => {
    if (!handle(request, response)) sendJson(response, 404, { error_message: 'Not found.', status: 'NOT_FOUND' });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${handlerOptions.basePath ?? GOOGLE_MAPS_PATH}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // the client keeps connections alive; close() alone would wait for them
      await closed;
    },
  };
}
