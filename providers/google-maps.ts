// Looks a caller's address up with Google's Geocoding API through the official client
// (`@googlemaps/google-maps-services-js`), given an API key (GOOGLE_MAPS_API_KEY once the worker
// reads it; nothing calls this yet, issue #15). In the sandbox and
// tests the same client talks to the local emulator (sandbox/google-maps-emulator/): only the
// request's URL changes, so parameters, response parsing and error handling are the real client's.
// The answer is reduced to what the conversation needs: is this a door we can drive to
// (confirmed), a place Google had to guess (unconfirmed: read it back to the caller once), or
// nothing (not found).
import { Client, type AddressComponent, type GeocodeResult } from '@googlemaps/google-maps-services-js';

export const GOOGLE_MAPS_API_ORIGIN = 'https://maps.googleapis.com';
const GEOCODE_PATH = '/maps/api/geocode/json';
/** Google answers in well under a second; a caller waiting on a text should not wait on more than this. */
export const GOOGLE_MAPS_TIMEOUT_MS = 5_000;

export interface AddressComponents {
  /** House number and street, e.g. "123 Main St". */
  street?: string;
  city?: string;
  /** Two-letter code, e.g. "TX". */
  state?: string;
  zip?: string;
}

export interface AddressLookupResult {
  kind: 'confirmed' | 'unconfirmed' | 'not_found';
  /** Google's one-line address, e.g. "123 Main St, Austin, TX 78701, USA". */
  formatted?: string;
  components?: AddressComponents;
  location?: { lat: number; lng: number };
}

export type AddressLookup = (address: string, options?: { signal?: AbortSignal }) => Promise<AddressLookupResult>;

export interface AddressLookupOptions {
  apiKey: string;
  /** Stands in for https://maps.googleapis.com, e.g. the emulator's http://127.0.0.1:4010/google-maps. */
  baseUrl?: string | undefined;
  timeoutMs?: number;
}

/**
 * Google refused or could not be reached. `retryable` says whether trying again later can help
 * (quota, a server error, the network), as opposed to a key or request Google will keep refusing.
 */
export class AddressLookupError extends Error {
  constructor(
    message: string,
    /** Google's status (REQUEST_DENIED, OVER_QUERY_LIMIT, ...) or TIMEOUT / NETWORK / ABORTED. */
    readonly status: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'AddressLookupError';
  }
}

/** Result types that name one building, as opposed to a street, a ZIP code or a town. */
const DOOR_TYPES = new Set(['street_address', 'premise', 'subpremise']);
const RETRYABLE_STATUSES = new Set(['OVER_QUERY_LIMIT', 'UNKNOWN_ERROR', 'TIMEOUT', 'NETWORK']);

export function createAddressLookup({
  apiKey,
  baseUrl = GOOGLE_MAPS_API_ORIGIN,
  timeoutMs = GOOGLE_MAPS_TIMEOUT_MS,
}: AddressLookupOptions): AddressLookup {
  const client = new Client({ config: { timeout: timeoutMs } });
  const url = `${baseUrl.replace(/\/+$/, '')}${GEOCODE_PATH}`;
  return async (address, { signal } = {}) => {
    if (address.trim() === '') return { kind: 'not_found' };
    try {
      const response = await client.geocode({
        url,
        params: { address, key: apiKey, components: { country: 'US' } },
        // One call is one request: retrying is the caller's decision (an activity's retry policy),
        // and hidden retries would spend its timeout.
        raxConfig: { retry: 0 },
        ...(signal ? { signal } : {}),
      });
      const first = response.data.results[0];
      if (response.data.status === 'ZERO_RESULTS' || !first) return { kind: 'not_found' };
      return lookupResultOf(first);
    } catch (error) {
      throw lookupErrorOf(error);
    }
  };
}

export function lookupResultOf(result: GeocodeResult): AddressLookupResult {
  const named = (type: string) =>
    result.address_components.find((component: AddressComponent) => (component.types as string[]).includes(type));
  const number = named('street_number')?.long_name;
  const route = named('route')?.long_name;
  const city = (named('locality') ?? named('sublocality') ?? named('postal_town') ?? named('administrative_area_level_3'))?.long_name;
  const components: AddressComponents = {};
  if (route) components.street = number ? `${number} ${route}` : route;
  if (city) components.city = city;
  const state = named('administrative_area_level_1')?.short_name;
  if (state) components.state = state;
  const zip = named('postal_code')?.long_name;
  if (zip) components.zip = zip;
  // Google says partial_match when it matched only part of what was asked; a result that is not a
  // building (a street, a ZIP code, a town) is not the caller's door either, whatever the flag says.
  const isDoor = number !== undefined && (result.types as string[]).some((type) => DOOR_TYPES.has(type));
  return {
    kind: !result.partial_match && isDoor ? 'confirmed' : 'unconfirmed',
    formatted: result.formatted_address,
    components,
    location: { lat: result.geometry.location.lat, lng: result.geometry.location.lng },
  };
}

interface ClientError {
  code?: string;
  message?: string;
  response?: { status?: number; data?: { status?: string; error_message?: string } };
}

/**
 * A clean error in place of the client's axios error, whose config carries the request URL with
 * the API key in it: whatever logs this error cannot leak the key.
 */
function lookupErrorOf(error: unknown): AddressLookupError {
  const { code, response } = (error ?? {}) as ClientError;
  const googleStatus = response?.data?.status;
  if (googleStatus) {
    const detail = response?.data?.error_message ? `: ${response.data.error_message}` : '';
    return new AddressLookupError(`Google Geocoding answered ${googleStatus}${detail}`, googleStatus, RETRYABLE_STATUSES.has(googleStatus));
  }
  if (code === 'ERR_CANCELED') return new AddressLookupError('the address lookup was aborted', 'ABORTED', false);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT')
    return new AddressLookupError('Google Geocoding did not answer in time', 'TIMEOUT', true);
  if (response?.status) {
    const status = response.status >= 500 ? 'UNKNOWN_ERROR' : `HTTP_${response.status}`;
    return new AddressLookupError(`Google Geocoding answered HTTP ${response.status}`, status, response.status >= 500);
  }
  return new AddressLookupError(`Google Geocoding could not be reached${code ? ` (${code})` : ''}`, 'NETWORK', true);
}
