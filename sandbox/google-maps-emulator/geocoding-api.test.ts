// The emulated Geocoding API over HTTP, checked against Google's JSON shape, and the address reader
// behind it. The app's real client is driven against it in google-maps-client.test.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGoogleMapsHandler, GOOGLE_MAPS_PATH, serveGoogleMaps, type GeocodeResponse } from '.';
import { readAddressText } from './address-text';

let emulator: { baseUrl: string; close(): Promise<void> };
beforeAll(async () => {
  emulator = await serveGoogleMaps();
});
afterAll(() => emulator.close());

/** `key: null` sends none. */
async function geocode(address: string | undefined, key: string | null = 'sandbox-key'): Promise<GeocodeResponse> {
  const query = new URLSearchParams();
  if (address !== undefined) query.set('address', address);
  if (key !== null) query.set('key', key);
  const response = await fetch(`${emulator.baseUrl}/maps/api/geocode/json?${query}`);
  expect(response.status).toBe(200); // Google sends refusals with 200 too; the status is in the body
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as GeocodeResponse;
}

test('a street address with a real ZIP code: one result in Google shape, placed at the ZIP code, not partial', async () => {
  const answer = await geocode('123 Main St, Austin, TX 78701');
  expect(answer.status).toBe('OK');
  expect(answer.results).toHaveLength(1);
  const [result] = answer.results;
  expect(result).toMatchObject({
    formatted_address: '123 Main St, Austin, TX 78701, USA',
    types: ['street_address'],
    geometry: { location: { lat: 30.2713, lng: -97.7426 }, location_type: 'ROOFTOP' },
  });
  expect(result!.partial_match).toBeUndefined(); // Google leaves the field out when the match is full
  expect(result!.place_id).toMatch(/^emulated-[0-9a-f]{24}$/);
  expect(result!.address_components).toEqual([
    { long_name: '123', short_name: '123', types: ['street_number'] },
    { long_name: 'Main St', short_name: 'Main St', types: ['route'] },
    { long_name: 'Austin', short_name: 'Austin', types: ['locality', 'political'] },
    { long_name: 'Texas', short_name: 'TX', types: ['administrative_area_level_1', 'political'] },
    { long_name: 'United States', short_name: 'US', types: ['country', 'political'] },
    { long_name: '78701', short_name: '78701', types: ['postal_code'] },
  ]);
  const { northeast, southwest } = result!.geometry.viewport;
  expect(southwest.lat).toBeLessThan(30.2713);
  expect(northeast.lng).toBeGreaterThan(-97.7426);
});

test('"City, ST" with a house number resolves to the city (no ZIP code guessed when the city has several)', async () => {
  const [result] = (await geocode('500 elm st springfield il')).results;
  expect(result).toMatchObject({ formatted_address: '500 Elm St, Springfield, IL, USA', types: ['street_address'] });
  expect(result!.partial_match).toBeUndefined();
  expect(result!.address_components.some((component) => component.types.includes('postal_code'))).toBe(false);
  expect(result!.geometry.location.lat).toBeCloseTo(39.78, 1); // the middle of Springfield's ZIP codes
});

test.each([
  ['ZIP code and city disagree', '123 Main St, Dallas, TX 78701', '123 Main St, Austin, TX 78701, USA'],
  ['ZIP code and state disagree', '123 Main St, Austin, OK 78701', '123 Main St, Austin, TX 78701, USA'],
  ['the ZIP code is not one', '123 Main St, Austin, TX 99999', '123 Main St, Austin, TX, USA'],
  ['no house number', 'Main St, Austin, TX 78701', 'Main St, Austin, TX 78701, USA'],
  ['a city alone', 'Austin, Texas', 'Austin, TX, USA'],
  ['a ZIP code alone', '78701', 'Austin, TX 78701, USA'],
])('%s: partial_match (unconfirmed)', async (_case, address, formatted) => {
  const answer = await geocode(address);
  expect(answer.status).toBe('OK');
  expect(answer.results[0]).toMatchObject({ formatted_address: formatted, partial_match: true });
  expect(answer.results[0]!.geometry.location_type).toBe('APPROXIMATE');
});

test('the kind of place found is in `types`, as Google says it', async () => {
  const types = async (address: string) => (await geocode(address)).results[0]!.types;
  expect(await types('Main St, Austin, TX')).toEqual(['route']);
  expect(await types('78701')).toEqual(['postal_code']);
  expect(await types('Austin, TX')).toEqual(['locality', 'political']);
});

test.each(['9 Nowhere Rd, Atlantis', 'somewhere near the lake', '123 Main St, Springfeld, ZZ', 'Texas'])(
  'nothing recognisable: ZERO_RESULTS (%s)',
  async (address) => {
    expect(await geocode(address)).toEqual({ status: 'ZERO_RESULTS', results: [] });
  },
);

test('no key: REQUEST_DENIED with an error message; no address: INVALID_REQUEST', async () => {
  expect(await geocode('123 Main St, Austin, TX 78701', null)).toMatchObject({
    status: 'REQUEST_DENIED',
    results: [],
    error_message: expect.stringMatching(/API key/),
  });
  expect(await geocode(undefined)).toMatchObject({ status: 'INVALID_REQUEST', results: [] });
});

test('with a key configured, another key is REQUEST_DENIED', async () => {
  const strict = await serveGoogleMaps({ apiKey: 'the-right-key' });
  try {
    const ask = async (key: string) =>
      (await (await fetch(`${strict.baseUrl}/maps/api/geocode/json?address=78701&key=${key}`)).json()) as GeocodeResponse;
    expect((await ask('a-wrong-key')).status).toBe('REQUEST_DENIED');
    expect((await ask('the-right-key')).status).toBe('OK');
  } finally {
    await strict.close();
  }
});

test('mounted in front of another server: its paths answered, everything else passed on (orElse, then false)', async () => {
  const otherwise = jest.fn(() => false);
  const handle = createGoogleMapsHandler({ orElse: otherwise });
  const server: Server = createServer((request, response) => {
    if (!handle(request, response)) response.writeHead(418).end('the other service');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const maps = await fetch(`${origin}${GOOGLE_MAPS_PATH}/maps/api/geocode/json?address=78701&key=k`);
    expect(((await maps.json()) as GeocodeResponse).status).toBe('OK');
    expect(otherwise).not.toHaveBeenCalled();
    expect((await fetch(`${origin}/openai/v1/models`)).status).toBe(418);
    expect(otherwise).toHaveBeenCalledTimes(1);
    expect((await fetch(`${origin}${GOOGLE_MAPS_PATH}/maps/api/directions/json`)).status).toBe(404);
    expect((await fetch(`${origin}${GOOGLE_MAPS_PATH}/maps/api/geocode/json?address=78701&key=k`, { method: 'POST' })).status).toBe(405);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('reading an address as callers text it', () => {
  test.each([
    ['123 Main St, Austin, TX 78701', { houseNumber: '123', route: 'Main St', city: 'Austin', state: 'TX', zip: '78701' }],
    ['123 main st austin tx', { street: '123 Main St', city: 'austin', state: 'TX' }],
    ['123 Main St Austin, Texas 78701-1234, USA', { street: '123 Main St', city: 'Austin', state: 'TX', zip: '78701' }],
    ['10 Main St, Salt Lake City UT', { street: '10 Main St', city: 'Salt Lake City', state: 'UT' }],
    ['1 Broadway New York NY 10004', { street: '1 Broadway', city: 'New York', state: 'NY', zip: '10004' }],
    ['77 Hill Rd, Charleston, West Virginia', { city: 'Charleston', state: 'WV' }],
    ['123 Main St, Apt 4, Austin, TX', { houseNumber: '123', route: 'Main St, Apt 4', city: 'Austin' }],
    // A five-digit house number is not a ZIP code; "Ct" after a street is Court when the ZIP code is in Texas.
    ['12345 Research Blvd, Austin TX 78759', { houseNumber: '12345', zip: '78759' }],
    ['123 Oak Ct, 78701', { street: '123 Oak Ct', zip: '78701' }],
  ])('%s', (address, expected) => {
    expect(readAddressText(address)).toMatchObject(expected);
  });

  test('"123 Oak Ct, 78701" has no state read into it', () => {
    expect(readAddressText('123 Oak Ct, 78701').state).toBeUndefined();
  });
});
