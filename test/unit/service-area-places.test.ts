// The owner's service area turned into the geometry that decides, and the preview Settings shows
// (providers/service-area-places.ts). The property at the end holds the preview to the decision:
// every ZIP code it counts is one domain/service-area.ts takes in. Replay a failure with the seed
// (and path) it prints:
//   PLACES_SEED=<seed> PLACES_PATH=<path> npx jest --selectProjects unit --testPathPatterns service-area-places
import fc from 'fast-check';
import type { ServiceArea as OwnerServiceArea } from '../../domain/business-profile';
import { isInServiceArea, milesBetween } from '../../domain/service-area';
import {
  cityAndState,
  placeOfText,
  previewServiceArea,
  serviceAreaGeometry,
  serviceAreaInWords,
  zipCodesOfServiceArea,
} from '../../providers/service-area-places';
import { placeOfZip, zipCodesInServiceArea } from '../../providers/zip-gazetteer';

const seed = process.env.PLACES_SEED ? Number(process.env.PLACES_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const replay = { seed, ...(process.env.PLACES_PATH ? { path: process.env.PLACES_PATH } : {}) };
afterAll(() => {
  process.stdout.write(`[service-area-places] seed ${seed}\n`);
});

const area = (fields: Partial<OwnerServiceArea>): OwnerServiceArea => ({ description: '', zipCodes: [], cities: [], ...fields });
const DOWNTOWN_AUSTIN = placeOfZip('78701')!.location;

describe('where the radius is measured from', () => {
  test('an address with a ZIP code is placed at that ZIP code, however it ends', () => {
    for (const address of [
      '123 Congress Ave, Austin, TX 78701',
      '123 Congress Ave, Austin TX 78701-1234',
      '123 Congress Ave, Austin, TX 78701, USA',
      '78701',
    ])
      expect([address, placeOfText(address)]).toEqual([address, { location: DOWNTOWN_AUSTIN, label: 'Austin', state: 'TX' }]);
  });

  test('"City, ST", "City ST", a state written out, or an address without (or with an unknown) ZIP code: the middle of the city', () => {
    const austin = placeOfText('Austin, TX')!;
    expect(austin.label).toBe('Austin');
    expect(milesBetween(austin.location, DOWNTOWN_AUSTIN)).toBeLessThan(10);
    for (const text of [
      'Austin TX',
      'austin, texas',
      '500 Oak Rd, Austin TX',
      '500 Oak Rd, Austin, TX 99999',
      'Austin, Texas, United States',
    ])
      expect([text, placeOfText(text)]).toEqual([text, austin]);
    expect(placeOfText('Salt Lake City UT')).toMatchObject({ label: 'Salt Lake City', state: 'UT' });
    expect(placeOfText('New York New York')).toMatchObject({ label: 'New York', state: 'NY' });
    expect(placeOfText('Pflugerville')).toMatchObject({ label: 'Pflugerville', state: 'TX' }); // one state has it
  });

  test('a center that cannot be placed: no radius, and the preview says so', () => {
    expect(placeOfText('Austin')).toBeUndefined(); // Austin, TX or Austin, MN?
    expect(placeOfText('Atlantis, TX')).toBeUndefined();
    expect(placeOfText('somewhere nice')).toBeUndefined();
    const owner = area({ radiusMiles: 25, radiusAround: 'Atlantis, TX' });
    expect(serviceAreaGeometry(owner)).toEqual({});
    expect(previewServiceArea(owner)).toMatchObject({ radiusCenterUnknown: true, zipCount: 0, text: 'Everywhere: no service area set' });
    expect(previewServiceArea(area({ radiusMiles: 25, radiusAround: '78701' })).radiusCenterUnknown).toBe(false);
    expect(previewServiceArea(area({ radiusAround: 'Atlantis, TX' })).radiusCenterUnknown).toBe(false); // no miles: no radius asked for
  });
});

describe('cities as the owner writes them', () => {
  test('with a state, by code or name, with or without a comma; without one; never split wrongly', () => {
    expect(cityAndState('Austin, TX')).toEqual({ city: 'Austin', state: 'TX' });
    expect(cityAndState('Round Rock Texas')).toEqual({ city: 'Round Rock', state: 'TX' });
    expect(cityAndState('Charleston West Virginia')).toEqual({ city: 'Charleston', state: 'WV' });
    expect(cityAndState('Washington DC')).toEqual({ city: 'Washington', state: 'DC' });
    expect(cityAndState('Round Rock')).toEqual({ city: 'Round Rock' });
    expect(cityAndState('Kansas City')).toEqual({ city: 'Kansas City' });
    expect(cityAndState('Fort Washington')).toEqual({ city: 'Fort Washington' }); // a town in PA and MD, not "Fort" in Washington
    expect(cityAndState('Columbus')).toEqual({ city: 'Columbus' }); // its "us" is not the country
  });

  test('a city without a state is taken in the state of the radius center, a listed ZIP code or another listed city', () => {
    expect(serviceAreaGeometry(area({ cities: ['Round Rock'], radiusMiles: 10, radiusAround: 'Austin, TX' })).cities).toEqual([
      { city: 'Round Rock', state: 'TX' }, // not the one in Arizona
    ]);
    expect(
      serviceAreaGeometry(area({ cities: ['Georgetown'], radiusMiles: 25, radiusAround: '123 Congress Ave, Austin, TX 78701' })).cities,
    ).toEqual([{ city: 'Georgetown', state: 'TX' }]);
    expect(serviceAreaGeometry(area({ cities: ['Georgetown'], zipCodes: ['40324'] })).cities).toEqual([
      { city: 'Georgetown', state: 'KY' },
    ]);
    expect(serviceAreaGeometry(area({ cities: ['Austin', 'Pflugerville'] })).cities).toEqual([
      { city: 'Austin', state: 'TX' },
      { city: 'Pflugerville', state: 'TX' },
    ]);
    expect(serviceAreaGeometry(area({ cities: ['Springfield, IL', 'Springfield, MO'] })).cities).toEqual([
      { city: 'Springfield', state: 'IL' },
      { city: 'Springfield', state: 'MO' },
    ]);
  });

  test('a name several states share and nothing else anchors takes no one in until it has a state, and the preview asks for it', () => {
    const owner = area({ cities: ['Springfield'] });
    expect(serviceAreaGeometry(owner).cities).toEqual([{ city: 'Springfield', state: '' }]);
    expect(previewServiceArea(owner)).toMatchObject({
      text: 'Springfield — 0 ZIP codes',
      zipCount: 0,
      citiesNeedingState: ['Springfield'],
      unknownCities: [],
    });
    expect(isInServiceArea(serviceAreaGeometry(owner), placeOfZip('62701')!).inside).toBe(false);
  });

  test('unknown cities and ZIP codes are reported, and still draw an area (a typo never means "everywhere")', () => {
    const owner = area({ cities: ['Atlantis', 'Round Rok, TX', 'Round Rock'], zipCodes: ['78701', '99999', '78701-1234'] });
    const preview = previewServiceArea(owner);
    expect(preview.unknownCities).toEqual(['Atlantis', 'Round Rok, TX']);
    expect(preview.unknownZipCodes).toEqual(['99999']);
    expect(serviceAreaGeometry(owner).cities).toContainEqual({ city: 'Atlantis', state: 'TX' }); // Google may know a town the gazetteer does not
    expect(isInServiceArea(serviceAreaGeometry(area({ cities: ['Atlantis'] })), placeOfZip('78701')!).inside).toBe(false);
    expect(previewServiceArea(area({ cities: ['Atlantis'] }))).toMatchObject({
      text: 'Atlantis — 0 ZIP codes',
      unknownCities: ['Atlantis'],
    });
  });
});

describe('the preview', () => {
  test('an empty area is everywhere', () => {
    expect(serviceAreaGeometry(area({}))).toEqual({});
    expect(previewServiceArea(area({ description: 'Anywhere in town' }))).toEqual({
      text: 'Everywhere: no service area set',
      zipCount: 0,
      unknownZipCodes: [],
      unknownCities: [],
      citiesNeedingState: [],
      radiusCenterUnknown: false,
    });
    expect(previewServiceArea(area({ radiusMiles: 0, radiusAround: '78701' })).text).toBe('Everywhere: no service area set');
  });

  test('"Austin and 25 miles around": the ZIP codes whose center is within 25 miles of the address', () => {
    const preview = previewServiceArea(area({ radiusMiles: 25, radiusAround: '123 Congress Ave, Austin, TX 78701' }));
    const expected = zipCodesInServiceArea({ radius: { miles: 25, center: DOWNTOWN_AUSTIN, label: 'Austin' } });
    expect(preview).toMatchObject({ text: `Austin and 25 miles around — ${expected.length} ZIP codes`, zipCount: expected.length });
    expect(expected.length).toBeGreaterThan(60);
  });

  test('radius, cities and ZIP codes together count each ZIP code once, cities named as the owner wrote them', () => {
    const owner = area({ radiusMiles: 10, radiusAround: 'Austin, TX', cities: ['Georgetown', 'round rock'], zipCodes: ['78701', '76501'] });
    const geometry = serviceAreaGeometry(owner);
    const count = zipCodesInServiceArea(geometry).length;
    expect(previewServiceArea(owner).text).toBe(
      `Austin and 10 miles around, plus Georgetown and round rock, plus ZIP codes 78701 and 76501 — ${count} ZIP codes`,
    );
    expect(serviceAreaInWords(owner)).toBe('Austin and 10 miles around, plus Georgetown and round rock, plus ZIP codes 78701 and 76501');
    expect(serviceAreaInWords({ ...owner, description: ' Central Texas ' })).toBe('Central Texas');
  });

  test('a long list is counted quickly (the api answers it as the owner types)', () => {
    const owner = area({
      cities: Array.from({ length: 200 }, (_, index) => ['Springfield', 'Georgetown', 'Franklin', 'Clinton', 'Atlantis'][index % 5]!),
      zipCodes: Array.from({ length: 500 }, (_, index) => String(10000 + index * 97)),
      radiusMiles: 200,
      radiusAround: 'Austin, TX',
    });
    previewServiceArea(area({ zipCodes: ['78701'] })); // the gazetteer loads once per process
    const started = Date.now();
    expect(previewServiceArea(owner).zipCount).toBeGreaterThan(1000);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

// ---- property ----

const knownZip = fc.constantFrom('78701', '78664', '78660', '40324', '62701', '65802', '10001', '97201', '02108', '80202');
const zipCode = fc.oneof(
  knownZip,
  fc.integer({ min: 0, max: 99_999 }).map((n) => String(n).padStart(5, '0')),
);
const city = fc.constantFrom(
  'Austin',
  'Round Rock',
  'Georgetown',
  'Springfield',
  'Portland',
  'Portland, OR',
  'Saint Louis, MO',
  'St. Louis',
  'Pflugerville',
  'Atlantis',
  'Austin, MN',
  'New York NY',
);
const center = fc.constantFrom(
  '123 Congress Ave, Austin, TX 78701',
  'Austin, TX',
  'Georgetown KY',
  '10001',
  'Portland',
  'Atlantis, TX',
  '',
);
const ownerArea = fc.record({
  description: fc.constant(''),
  zipCodes: fc.array(zipCode, { maxLength: 6 }),
  cities: fc.array(city, { maxLength: 4 }),
  radiusMiles: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
  radiusAround: fc.option(center, { nil: undefined }),
});

test('property: every ZIP code the preview counts is inside the area as the assistant decides, and adding a ZIP code never lowers the count', () => {
  fc.assert(
    fc.property(ownerArea, zipCode, fc.nat(), (owner, added, at) => {
      const geometry = serviceAreaGeometry(owner);
      const counted = zipCodesOfServiceArea(geometry);
      const preview = previewServiceArea(owner);
      const drawn = Boolean(geometry.zips || geometry.cities || geometry.radius);
      expect(preview.zipCount).toBe(drawn ? counted.length : 0);
      for (const zip of counted) expect([zip, isInServiceArea(geometry, placeOfZip(zip)!).inside]).toEqual([zip, true]);
      // …and none it leaves out is inside (the lookup is the decision, not an estimate of it).
      if (drawn) expect(counted).toEqual(zipCodesInServiceArea(geometry));
      const zipCodes = [...owner.zipCodes];
      zipCodes.splice(at % (zipCodes.length + 1), 0, added);
      expect(previewServiceArea({ ...owner, zipCodes }).zipCount).toBeGreaterThanOrEqual(preview.zipCount);
    }),
    { ...replay, numRuns: 25 },
  );
});
