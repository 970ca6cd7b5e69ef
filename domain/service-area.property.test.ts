// Properties of the service-area decision over random areas and places: the radius is a true
// circle on the globe, listing more never pushes anyone out, and the order of the lists is
// irrelevant. Replay a failure with the seed (and path) it prints:
//   AREA_SEED=<seed> AREA_PATH=<path> npx jest --selectProjects unit --testPathPatterns domain/service-area.property
import fc from 'fast-check';
import { isInServiceArea, type LatLng, type Place, type ServiceArea } from './service-area';

const seed = process.env.AREA_SEED ? Number(process.env.AREA_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const replay = { seed, ...(process.env.AREA_PATH ? { path: process.env.AREA_PATH } : {}) };
afterAll(() => {
  process.stdout.write(`[service-area properties] seed ${seed}\n`);
});

/** Mean Earth radius in miles, written here again so the test does not lean on the code it tests. */
const EARTH_MILES = 3958.8;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

/** The point `miles` away from `from` heading `bearing` degrees (great circle, "destination point" formula). */
function travel(from: LatLng, miles: number, bearing: number): LatLng {
  const angle = miles / EARTH_MILES;
  const lat1 = toRadians(from.lat);
  const heading = toRadians(bearing);
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(angle) + Math.cos(lat1) * Math.sin(angle) * Math.cos(heading));
  const lng2 =
    toRadians(from.lng) +
    Math.atan2(Math.sin(heading) * Math.sin(angle) * Math.cos(lat1), Math.cos(angle) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: toDegrees(lat2), lng: ((toDegrees(lng2) + 540) % 360) - 180 };
}

/** Evenly spread decimals (fc.double crowds around 0 and the extremes, so distances would rarely meet radii). */
const decimal = (min: number, max: number, places = 4) =>
  fc.integer({ min: Math.round(min * 10 ** places), max: Math.round(max * 10 ** places) }).map((n) => n / 10 ** places);
const latLng = fc.record({ lat: decimal(-75, 75), lng: decimal(-180, 180) });

// Small pools, so random places often share a ZIP code or a city with a random area.
const zip = fc.constantFrom('78701', '78702', '78664', '10001', '60601', '94103');
const state = fc.constantFrom('TX', 'NY', 'IL', 'CA');
const cityName = fc.constantFrom('Austin', 'Round Rock', 'Springfield', 'Saint Louis', 'St. Louis', 'austin');
const city = fc.record({ city: cityName, state });
const radius = fc.record({ miles: decimal(0, 300, 1), center: latLng, label: fc.constantFrom('Austin', 'the shop') });
const area: fc.Arbitrary<ServiceArea> = fc.record(
  { zips: fc.array(zip, { maxLength: 4 }), cities: fc.array(city, { maxLength: 3 }), radius },
  { requiredKeys: [] },
);
const place: fc.Arbitrary<Place> = fc.record({ zip, city: cityName, state, location: latLng }, { requiredKeys: [] });
const nonEmpty = (candidate: ServiceArea) =>
  (candidate.zips ?? []).length > 0 || (candidate.cities ?? []).length > 0 || candidate.radius !== undefined;

test('a place d miles from the center is inside the radius exactly when d ≤ the radius', () => {
  fc.assert(
    // The distance as a share of the radius (0 to twice it), so places land on both sides and near the edge.
    fc.property(latLng, decimal(0, 400, 2), decimal(0, 2, 4), decimal(0, 360), (center, miles, share, bearing) => {
      const distance = miles * share;
      // Floating point decides a place on the very edge either way; the rule is about the rest.
      fc.pre(Math.abs(distance - miles) > 1e-6 * Math.max(1, miles));
      const decision = isInServiceArea({ radius: { miles, center, label: 'x' } }, { location: travel(center, distance, bearing) });
      expect(decision.inside).toBe(distance <= miles);
      expect(decision.reason).toBe(distance <= miles ? 'radius' : 'outside');
    }),
    { numRuns: 2_000, ...replay },
  );
});

test('listing more ZIP codes or cities never takes a place out of a (non-empty) area', () => {
  fc.assert(
    fc.property(area, place, fc.array(zip, { maxLength: 3 }), fc.array(city, { maxLength: 3 }), (before, who, moreZips, moreCities) => {
      fc.pre(nonEmpty(before));
      const after: ServiceArea = {
        ...before,
        zips: [...(before.zips ?? []), ...moreZips],
        cities: [...(before.cities ?? []), ...moreCities],
      };
      if (isInServiceArea(before, who).inside) expect(isInServiceArea(after, who).inside).toBe(true);
    }),
    { numRuns: 2_000, ...replay },
  );
});

test('an empty area is everywhere, so listing a first ZIP code narrows it (the one exception above)', () => {
  const far: Place = { zip: '10001', city: 'New York', state: 'NY' };
  expect(isInServiceArea({}, far).inside).toBe(true);
  expect(isInServiceArea({ zips: ['78701'] }, far).inside).toBe(false);
});

test('the order of the ZIP codes and cities does not change the decision or its reason', () => {
  const shuffled = <T>(items: T[]) => fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length });
  fc.assert(
    fc.property(
      area.chain((original) => fc.tuple(fc.constant(original), shuffled(original.zips ?? []), shuffled(original.cities ?? []))),
      place,
      ([original, zips, cities], who) => {
        const reordered: ServiceArea = { ...original, ...(original.zips ? { zips } : {}), ...(original.cities ? { cities } : {}) };
        expect(isInServiceArea(reordered, who)).toEqual(isInServiceArea(original, who));
      },
    ),
    { numRuns: 2_000, ...replay },
  );
});
