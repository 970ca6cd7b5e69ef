// The US ZIP code gazetteer (the `zipcodes` package: one point, city and state per ZIP code), read
// in one place. Two users: the Google Maps emulator answers geocoding from it (a stand-in for
// Google, so the sandbox and tests need no account), and the service-area preview counts the ZIP
// codes an owner's area covers ("Austin and 25 miles around — 37 ZIP codes"). Real callers'
// addresses are placed by Google (providers/google-maps.ts), never by this table.
import { codes, states, type ZipCodeRecord } from 'zipcodes';
import { cityKey, isInServiceArea, zipCodeOf, type LatLng, type ServiceArea, type ServiceAreaCity } from '../domain/service-area';

export interface GazetteerPlace {
  zip: string;
  /** As the gazetteer spells it, e.g. "Austin". */
  city: string;
  /** Two-letter code, e.g. "TX". */
  state: string;
  /** The ZIP code's center point. */
  location: LatLng;
}

// The package's names cover the states, DC and Canada; US territories and military codes also
// have ZIP codes, so they are named here.
const TERRITORY_NAMES: Record<string, string> = {
  PR: 'Puerto Rico',
  VI: 'U.S. Virgin Islands',
  GU: 'Guam',
  AS: 'American Samoa',
  MP: 'Northern Mariana Islands',
  PW: 'Palau',
  FM: 'Micronesia',
  MH: 'Marshall Islands',
  AA: 'Armed Forces Americas',
  AE: 'Armed Forces Europe',
  AP: 'Armed Forces Pacific',
};

const titleCase = (upper: string) =>
  upper
    .toLowerCase()
    .replace(/\b[a-z]/g, (letter) => letter.toUpperCase())
    .replace(/ Of /g, ' of ');

interface Gazetteer {
  places: GazetteerPlace[];
  byZip: Map<string, GazetteerPlace>;
  /** `${state}|${cityKey(city)}` → the city's ZIP codes. */
  byCity: Map<string, GazetteerPlace[]>;
  /** US code → full name, e.g. "TX" → "Texas". */
  stateNames: Map<string, string>;
  /** Upper-case full name or code → code. */
  stateCodes: Map<string, string>;
}

let loaded: Gazetteer | undefined;

/** Built on first use: the package is a 5 MB table most processes never need. */
function gazetteer(): Gazetteer {
  if (loaded) return loaded;
  const places = Object.values(codes)
    // Some military ZIP codes sit at (0, 0): a point that would put them in the Atlantic.
    .filter((record: ZipCodeRecord) => record.country === 'US' && (record.latitude !== 0 || record.longitude !== 0))
    .map((record): GazetteerPlace => ({
      zip: record.zip,
      city: record.city,
      state: record.state,
      location: { lat: record.latitude, lng: record.longitude },
    }));
  const byZip = new Map(places.map((place) => [place.zip, place]));
  const byCity = new Map<string, GazetteerPlace[]>();
  for (const place of places) {
    const key = `${place.state}|${cityKey(place.city)}`;
    byCity.set(key, [...(byCity.get(key) ?? []), place]);
  }
  const usCodes = new Set(places.map((place) => place.state));
  const stateNames = new Map<string, string>();
  for (const code of usCodes) {
    const upper = states.abbr[code];
    stateNames.set(code, TERRITORY_NAMES[code] ?? (upper ? titleCase(upper) : code));
  }
  const stateCodes = new Map<string, string>();
  for (const [code, name] of stateNames) stateCodes.set(code, code).set(name.toUpperCase(), code);
  loaded = { places, byZip, byCity, stateNames, stateCodes };
  return loaded;
}

/** The ZIP code's place, or undefined for a code that is not a US ZIP code. */
export function placeOfZip(zip: string): GazetteerPlace | undefined {
  return gazetteer().byZip.get(zipCodeOf(zip));
}

/** Every ZIP code of the city in that state (none when the gazetteer does not know it). */
export function placesOfCity(city: string, state: string): GazetteerPlace[] {
  const code = stateCodeOf(state);
  return code ? [...(gazetteer().byCity.get(`${code}|${cityKey(city)}`) ?? [])] : [];
}

/** "TX", "tx" or "Texas" → "TX"; undefined when it is not a US state, DC or territory. */
export function stateCodeOf(text: string): string | undefined {
  return gazetteer().stateCodes.get(text.trim().replace(/\.$/, '').replace(/\s+/g, ' ').toUpperCase());
}

/** "TX" → "Texas". */
export function stateNameOf(code: string): string | undefined {
  return gazetteer().stateNames.get(code.trim().toUpperCase());
}

/** The full names of every US state, DC and territory, e.g. for spotting one at the end of an address. */
export function stateNames(): string[] {
  return [...gazetteer().stateNames.values()];
}

/** The point the preview and the emulator use for a city: the middle of its ZIP codes' points. */
export function centerOf(places: GazetteerPlace[]): LatLng | undefined {
  if (places.length === 0) return undefined;
  const sum = places.reduce((total, place) => ({ lat: total.lat + place.location.lat, lng: total.lng + place.location.lng }), {
    lat: 0,
    lng: 0,
  });
  return { lat: sum.lat / places.length, lng: sum.lng / places.length };
}

/**
 * The US ZIP codes inside the area, sorted: a listed ZIP code, a ZIP code of a listed city, or one
 * whose center point lies within the radius. An empty area (everywhere) counts every ZIP code.
 */
export function zipCodesInServiceArea(area: ServiceArea): string[] {
  return gazetteer()
    .places.filter((place) => isInServiceArea(area, place).inside)
    .map((place) => place.zip)
    .sort();
}

/** What the owner listed that the gazetteer does not know: likely a typo, worth showing in Settings. */
export function unknownInServiceArea(area: ServiceArea): { zips: string[]; cities: ServiceAreaCity[] } {
  return {
    zips: (area.zips ?? []).filter((zip) => !placeOfZip(zip)),
    cities: (area.cities ?? []).filter((city) => placesOfCity(city.city, city.state).length === 0),
  };
}
