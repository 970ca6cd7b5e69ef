// The ZIP gazetteer behind the emulator and the owner's service-area preview (providers/zip-gazetteer.ts).
import { describeServiceArea, milesBetween, type ServiceArea } from '../../domain/service-area';
import {
  centerOf,
  placeOfZip,
  placesOfCity,
  stateCodeOf,
  stateNameOf,
  unknownInServiceArea,
  zipCodesInServiceArea,
} from '../../providers/zip-gazetteer';

const DOWNTOWN_AUSTIN = { lat: 30.2672, lng: -97.7431 };

test('a ZIP code is a place with its city, state and point; ZIP+4 reads as the ZIP code; others are unknown', () => {
  expect(placeOfZip('78701')).toEqual({ zip: '78701', city: 'Austin', state: 'TX', location: { lat: 30.2713, lng: -97.7426 } });
  expect(placeOfZip('78701-1234')?.zip).toBe('78701');
  expect(placeOfZip('99999')).toBeUndefined();
  expect(placeOfZip('A0A')).toBeUndefined(); // the package's Canadian prefixes are not US ZIP codes
});

test('a city is all its ZIP codes, however its name is written', () => {
  const austin = placesOfCity('austin', 'Texas');
  expect(austin.length).toBeGreaterThan(40);
  expect(austin.every((place) => place.city === 'Austin' && place.state === 'TX')).toBe(true);
  expect(placesOfCity('St. Louis', 'MO').length).toBeGreaterThan(0);
  expect(placesOfCity('Austin', 'ZZ')).toEqual([]);
  expect(milesBetween(centerOf(austin)!, DOWNTOWN_AUSTIN)).toBeLessThan(10);
  expect(centerOf([])).toBeUndefined();
});

test('states by code or name, and their names', () => {
  expect(stateCodeOf('tx')).toBe('TX');
  expect(stateCodeOf(' West  Virginia ')).toBe('WV');
  expect(stateCodeOf('District of Columbia')).toBe('DC');
  expect(stateCodeOf('Ontario')).toBeUndefined();
  expect(stateNameOf('NY')).toBe('New York');
  expect(stateNameOf('PR')).toBe('Puerto Rico');
});

test('the ZIP codes a radius covers are those whose point lies within it', () => {
  const area: ServiceArea = { radius: { miles: 25, center: DOWNTOWN_AUSTIN, label: 'Austin' } };
  const inside = zipCodesInServiceArea(area);
  expect(inside).toContain('78701');
  expect(inside).toContain('78664'); // Round Rock, about 17 miles north
  expect(inside).not.toContain('78205'); // San Antonio
  for (const zip of inside) expect(milesBetween(placeOfZip(zip)!.location, DOWNTOWN_AUSTIN)).toBeLessThanOrEqual(25);
  expect(describeServiceArea(area, inside.length)).toBe(`Austin and 25 miles around — ${inside.length} ZIP codes`);
});

test('listed ZIP codes and cities count once each, with the radius', () => {
  const cities = zipCodesInServiceArea({ cities: [{ city: 'Round Rock', state: 'TX' }] });
  expect(cities.length).toBeGreaterThan(0);
  const both = zipCodesInServiceArea({ zips: ['78205', cities[0]!], cities: [{ city: 'Round Rock', state: 'TX' }] });
  expect(both).toEqual([...cities, '78205'].sort());
});

test('what the owner listed that is not in the gazetteer is reported, e.g. for a typo in Settings', () => {
  expect(
    unknownInServiceArea({
      zips: ['78701', '99999'],
      cities: [
        { city: 'Austin', state: 'TX' },
        { city: 'Austim', state: 'TX' },
      ],
    }),
  ).toEqual({ zips: ['99999'], cities: [{ city: 'Austim', state: 'TX' }] });
});
