import { cityKey, describeServiceArea, isInServiceArea, milesBetween, type ServiceArea } from './service-area';

const AUSTIN = { lat: 30.2672, lng: -97.7431 };
const ROUND_ROCK = { lat: 30.5083, lng: -97.6789 }; // about 17 miles north
const SAN_ANTONIO = { lat: 29.4241, lng: -98.4936 }; // about 74 miles south-west
const aroundAustin: ServiceArea = { radius: { miles: 25, center: AUSTIN, label: 'Austin' } };

test('distances: zero to itself, symmetric, and Austin–San Antonio about 74 miles', () => {
  expect(milesBetween(AUSTIN, AUSTIN)).toBe(0);
  expect(milesBetween(AUSTIN, SAN_ANTONIO)).toBeCloseTo(milesBetween(SAN_ANTONIO, AUSTIN), 9);
  expect(milesBetween(AUSTIN, SAN_ANTONIO)).toBeGreaterThan(73);
  expect(milesBetween(AUSTIN, SAN_ANTONIO)).toBeLessThan(76);
});

test('no area set: every place is inside, even one the geocoder could not place', () => {
  expect(isInServiceArea({}, {})).toEqual({ inside: true, reason: 'no_area' });
  expect(isInServiceArea({ zips: [], cities: [] }, { zip: '10001' })).toEqual({ inside: true, reason: 'no_area' });
});

test('by ZIP code: a listed ZIP code is inside, ZIP+4 and spaces do not matter', () => {
  const area: ServiceArea = { zips: ['78701', ' 78702 '] };
  expect(isInServiceArea(area, { zip: '78701-1234' })).toEqual({ inside: true, reason: 'zip' });
  expect(isInServiceArea(area, { zip: '78702' })).toEqual({ inside: true, reason: 'zip' });
  expect(isInServiceArea(area, { zip: '78703' })).toEqual({ inside: false, reason: 'outside' });
  expect(isInServiceArea(area, { city: 'Austin', state: 'TX' })).toEqual({ inside: false, reason: 'outside' });
});

test('by city: the state must match; case, dots and "St."/"Saint" do not matter', () => {
  const area: ServiceArea = {
    cities: [
      { city: 'Round Rock', state: 'TX' },
      { city: 'St. Louis', state: 'mo' },
    ],
  };
  expect(isInServiceArea(area, { city: 'round rock', state: 'TX' })).toEqual({ inside: true, reason: 'city' });
  expect(isInServiceArea(area, { city: 'Saint Louis', state: 'MO' })).toEqual({ inside: true, reason: 'city' });
  expect(isInServiceArea(area, { city: 'Round Rock', state: 'OK' })).toEqual({ inside: false, reason: 'outside' });
  expect(isInServiceArea(area, { city: 'Round Rock' })).toEqual({ inside: false, reason: 'outside' });
  expect(cityKey('  Ft.  Worth ')).toBe(cityKey('Fort Worth'));
});

test('by radius: inside within the miles, outside beyond, and a place with no coordinates is not inside', () => {
  expect(isInServiceArea(aroundAustin, { location: ROUND_ROCK })).toEqual({ inside: true, reason: 'radius' });
  expect(isInServiceArea(aroundAustin, { location: SAN_ANTONIO })).toEqual({ inside: false, reason: 'outside' });
  expect(isInServiceArea(aroundAustin, { zip: '78701', city: 'Austin', state: 'TX' })).toEqual({ inside: false, reason: 'outside' });
});

test('the parts add up: a place is inside if any part takes it, and the first that does is the reason', () => {
  const area: ServiceArea = { ...aroundAustin, zips: ['78205'], cities: [{ city: 'San Marcos', state: 'TX' }] };
  expect(isInServiceArea(area, { zip: '78205', location: SAN_ANTONIO })).toEqual({ inside: true, reason: 'zip' });
  expect(isInServiceArea(area, { zip: '78666', city: 'San Marcos', state: 'TX' })).toEqual({ inside: true, reason: 'city' });
  expect(isInServiceArea(area, { zip: '78664', city: 'Round Rock', state: 'TX', location: ROUND_ROCK })).toEqual({
    inside: true,
    reason: 'radius',
  });
  expect(isInServiceArea(area, { zip: '78209', city: 'San Antonio', state: 'TX', location: SAN_ANTONIO })).toEqual({
    inside: false,
    reason: 'outside',
  });
});

describe("the owner's preview", () => {
  test.each<[string, ServiceArea, number | undefined, string]>([
    ['radius with count', aroundAustin, 37, 'Austin and 25 miles around — 37 ZIP codes'],
    ['one mile, one ZIP code', { radius: { miles: 1, center: AUSTIN, label: 'our shop' } }, 1, 'our shop and 1 mile around — 1 ZIP code'],
    ['decimal miles', { radius: { miles: 12.5, center: AUSTIN, label: 'Austin' } }, undefined, 'Austin and 12.5 miles around'],
    [
      'cities of one state',
      {
        cities: [
          { city: 'Austin', state: 'TX' },
          { city: 'Round Rock', state: 'TX' },
        ],
      },
      undefined,
      'Austin and Round Rock',
    ],
    [
      'cities of two states',
      {
        cities: [
          { city: 'Kansas City', state: 'MO' },
          { city: 'Kansas City', state: 'ks' },
        ],
      },
      undefined,
      'Kansas City, MO and Kansas City, KS',
    ],
    ['one ZIP code', { zips: ['78701'] }, undefined, 'ZIP code 78701'],
    [
      'many ZIP codes, repeats once',
      { zips: ['78701', '78702', '78703', '78704', '78705', '78701-0001'] },
      5,
      'ZIP codes 78701, 78702, 78703 and 2 more — 5 ZIP codes',
    ],
    [
      'everything',
      { ...aroundAustin, cities: [{ city: 'San Marcos', state: 'TX' }], zips: ['78205'] },
      40,
      'Austin and 25 miles around, plus San Marcos, plus ZIP code 78205 — 40 ZIP codes',
    ],
    ['nothing set', {}, undefined, 'Everywhere: no service area set'],
  ])('%s', (_case, area, count, text) => {
    expect(describeServiceArea(area, count)).toBe(text);
  });
});
