// The app's address lookup (providers/google-maps.ts) through the real
// `@googlemaps/google-maps-services-js` client against the emulator on a free local port: if the
// emulator's JSON, its statuses or the client's URL handling drifted, these tests notice.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GeocodeResult } from '@googlemaps/google-maps-services-js';
import { AddressLookupError, createAddressLookup, lookupResultOf, type AddressLookup } from '../../providers/google-maps';
import { serveGoogleMaps } from '.';

const API_KEY = 'emulator-test-key';
let emulator: { baseUrl: string; close(): Promise<void> };
let lookUp: AddressLookup;

beforeAll(async () => {
  emulator = await serveGoogleMaps({ apiKey: API_KEY });
  lookUp = createAddressLookup({ apiKey: API_KEY, baseUrl: emulator.baseUrl });
});
afterAll(() => emulator.close());

/** The error a lookup failed with; fails the test if it succeeded. */
async function failure(lookup: Promise<unknown>): Promise<AddressLookupError> {
  const error: unknown = await lookup.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AddressLookupError);
  return error as AddressLookupError;
}

test('a full street address is confirmed, with its formatted address, components and coordinates', async () => {
  expect(await lookUp('123 Main St, Austin, TX 78701')).toEqual({
    kind: 'confirmed',
    formatted: '123 Main St, Austin, TX 78701, USA',
    components: { street: '123 Main St', city: 'Austin', state: 'TX', zip: '78701' },
    location: { lat: 30.2713, lng: -97.7426 },
  });
});

test("a ZIP code and a city that disagree, or no house number: unconfirmed, with Google's best guess to read back", async () => {
  expect(await lookUp('123 Main St, Dallas, TX 78701')).toMatchObject({
    kind: 'unconfirmed',
    formatted: '123 Main St, Austin, TX 78701, USA',
    components: { city: 'Austin', zip: '78701' },
  });
  expect(await lookUp('Austin, TX')).toMatchObject({ kind: 'unconfirmed', components: { city: 'Austin', state: 'TX' } });
  expect((await lookUp('78701')).kind).toBe('unconfirmed');
});

test('a town without its state is the best-known town of that name, as Google answers', async () => {
  expect(await lookUp('12 Oak Street, Austin')).toMatchObject({
    kind: 'confirmed',
    formatted: '12 Oak Street, Austin, TX, USA',
    components: { city: 'Austin', state: 'TX' },
  });
});

test('nothing recognisable, or nothing said: not found', async () => {
  expect(await lookUp('9 Nowhere Rd, Atlantis')).toEqual({ kind: 'not_found' });
  expect(await lookUp('   ')).toEqual({ kind: 'not_found' });
});

test('a key Google refuses: a clean, non-retryable error that does not carry the key', async () => {
  const error = await failure(createAddressLookup({ apiKey: 'not-the-key', baseUrl: emulator.baseUrl })('78701'));
  expect(error).toMatchObject({ status: 'REQUEST_DENIED', retryable: false });
  expect(error.message).toMatch(/REQUEST_DENIED: The provided API key is invalid/);
  expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain('not-the-key');
});

test('Google unreachable: a retryable NETWORK error', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const error = await failure(createAddressLookup({ apiKey: API_KEY, baseUrl: `http://127.0.0.1:${port}` })('78701'));
  expect(error).toMatchObject({ status: 'NETWORK', retryable: true });
});

test('a server that does not answer in time: a retryable TIMEOUT; an aborted lookup: ABORTED', async () => {
  const silent = createServer(() => undefined); // takes the request and never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  try {
    const slow = createAddressLookup({ apiKey: API_KEY, baseUrl, timeoutMs: 200 });
    expect(await failure(slow('78701'))).toMatchObject({ status: 'TIMEOUT', retryable: true });
    const abort = new AbortController();
    const pending = createAddressLookup({ apiKey: API_KEY, baseUrl })('78701', { signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    expect(await failure(pending)).toMatchObject({ status: 'ABORTED', retryable: false });
  } finally {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  }
});

test("a Google result that is a town, even with partial_match false (as the real API answers 'Austin, TX'), is not confirmed", () => {
  const town = {
    types: ['locality', 'political'],
    formatted_address: 'Austin, TX, USA',
    address_components: [
      { long_name: 'Austin', short_name: 'Austin', types: ['locality', 'political'] },
      { long_name: 'Texas', short_name: 'TX', types: ['administrative_area_level_1', 'political'] },
    ],
    geometry: { location: { lat: 30.27, lng: -97.74 } },
    partial_match: false,
  } as unknown as GeocodeResult;
  expect(lookupResultOf(town)).toEqual({
    kind: 'unconfirmed',
    formatted: 'Austin, TX, USA',
    components: { city: 'Austin', state: 'TX' },
    location: { lat: 30.27, lng: -97.74 },
  });
});
