// The owner's service area (business-profile.ts: ZIP codes, city names, "25 miles around our shop")
// turned into the geometry that decides (domain/service-area.ts), with the gazetteer placing what
// the owner named. The same conversion serves the assistant's check of a caller's address and the
// Settings preview, so what the owner sees is what decides.
import type { ServiceArea as OwnerServiceArea } from '../domain/business-profile';
import { describeServiceArea, zipCodeOf, type LatLng, type ServiceArea, type ServiceAreaCity } from '../domain/service-area';
import { centerOf, placeOfZip, placesOfCity, stateCodeOf, stateNames, zipCodesInServiceArea, type GazetteerPlace } from './zip-gazetteer';

const COUNTRY = /(?:,\s*|\s+)(?:USA|U\.S\.A\.|US|U\.S\.|United States(?: of America)?)\s*$/i;
const TRAILING_ZIP = /,?\s*(\d{5})(?:-\d{4})?\s*$/;

/** Every state (and DC or territory) the gazetteer has a city of that name in. */
function statesWithCity(city: string): string[] {
  const codes = stateNames().map((name) => stateCodeOf(name)!);
  return codes.filter((code) => placesOfCity(city, code).length > 0);
}

/**
 * "Austin, TX", "Austin TX", "Round Rock Texas", "Salt Lake City, Utah" → the city and its state;
 * "Austin" or "Fort Washington" → the city alone (its state is decided with the rest of the area).
 * Without a comma the last one to three words may be a state, but only when the rest is then a city
 * of that state, or the whole is no city at all: "Fort Washington" stays a town in PA and MD.
 */
export function cityAndState(text: string): { city: string; state?: string } {
  const written = text.replace(COUNTRY, '').trim().replace(/\s+/g, ' ');
  const comma = written.lastIndexOf(',');
  if (comma > 0) {
    const state = stateCodeOf(written.slice(comma + 1));
    const city = written.slice(0, comma).trim();
    if (state && city) return { city, state };
  }
  const words = written.split(' ');
  const splits: { city: string; state: string }[] = [];
  for (let count = Math.min(3, words.length - 1); count >= 1; count -= 1) {
    const state = stateCodeOf(words.slice(-count).join(' '));
    const city = words.slice(0, -count).join(' ').replace(/,$/, '').trim();
    if (state && city) splits.push({ city, state });
  }
  const known = splits.find(({ city, state }) => placesOfCity(city, state).length > 0);
  if (known) return known;
  if (splits[0] && statesWithCity(written).length === 0) return splits[0];
  return { city: written };
}

export interface PlacedCenter {
  location: LatLng;
  /** How the preview names it: the city, as the gazetteer spells it. */
  label: string;
  state: string;
}

const placedCity = (places: GazetteerPlace[]): PlacedCenter | undefined => {
  const center = centerOf(places);
  return center ? { location: center, label: places[0]!.city, state: places[0]!.state } : undefined;
};

/**
 * Where the radius is measured from: the ZIP code in the text (an address ends with one), else the
 * city it names ("…, Austin, TX", "…, Austin TX", or a city that only one state has), at the middle
 * of the city's ZIP codes. A ZIP code's center is within a few miles of any door in it, which is as
 * precise as "25 miles around" means.
 */
export function placeOfText(text: string): PlacedCenter | undefined {
  const written = text.replace(COUNTRY, '').trim();
  const zip = TRAILING_ZIP.exec(written)?.[1];
  const byZip = zip ? placeOfZip(zip) : undefined;
  if (byZip) return { location: byZip.location, label: byZip.city, state: byZip.state };
  const parts = written
    .replace(TRAILING_ZIP, '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  // "123 Main St, Austin, TX": the last two parts; "123 Main St, Austin TX" or "Austin": the last.
  const candidates = parts.length >= 2 ? [parts.slice(-2).join(', '), parts.at(-1)!] : parts;
  for (const candidate of candidates) {
    const { city, state } = cityAndState(candidate);
    const states = state ? [state] : statesWithCity(city);
    const placed = states.length === 1 ? placedCity(placesOfCity(city, states[0]!)) : undefined;
    if (placed) return placed;
  }
  return undefined;
}

const unique = <T>(items: T[]) => [...new Set(items)];

/**
 * The states the business works in, as far as the area says: the radius center's, the listed ZIP
 * codes', and those of cities written with a state or found in one state only. Adding to the area
 * only ever adds to them, so adding a ZIP code never takes a place out of the area.
 */
function homeStatesOf(owner: OwnerServiceArea, center: PlacedCenter | undefined): Set<string> {
  const states = new Set<string>();
  if (center) states.add(center.state);
  for (const zip of owner.zipCodes) {
    const state = placeOfZip(zip)?.state;
    if (state) states.add(state);
  }
  for (const written of owner.cities) {
    const { city, state } = cityAndState(written);
    const found = state ? [state] : statesWithCity(city);
    if (found.length === 1) states.add(found[0]!);
  }
  return states;
}

/**
 * A city as the owner wrote it, in the state(s) it stands for. Without a state: the home states
 * that have it, else the one state that has it. A name several states share and none of them home
 * ("Springfield" alone), or one the gazetteer does not know, is kept in the home states (Google may
 * know a town the gazetteer lists under its post office's name), else with no state: it decides
 * nothing until the owner adds the state, which the preview asks for, yet the area stays drawn —
 * a typo never turns "these towns" into "everywhere".
 */
function citiesOf(written: string, homeStates: Set<string>): ServiceAreaCity[] {
  const { city, state } = cityAndState(written);
  if (state) return [{ city, state }];
  const states = statesWithCity(city);
  const home = states.filter((code) => homeStates.has(code));
  if (home.length > 0) return home.map((code) => ({ city, state: code }));
  if (states.length === 1) return [{ city, state: states[0]! }];
  if (states.length === 0 && homeStates.size > 0) return [...homeStates].map((code) => ({ city, state: code }));
  return [{ city, state: '' }];
}

function radiusCenterOf(owner: OwnerServiceArea): PlacedCenter | undefined {
  return owner.radiusMiles && owner.radiusAround?.trim() ? placeOfText(owner.radiusAround) : undefined;
}

/** The geometry of the owner's area: what the assistant checks a caller's place against. */
export function serviceAreaGeometry(owner: OwnerServiceArea): ServiceArea {
  const center = radiusCenterOf(owner);
  const zips = unique(owner.zipCodes.map(zipCodeOf));
  const homeStates = homeStatesOf(owner, center);
  const cities = owner.cities.flatMap((written) => citiesOf(written, homeStates));
  return {
    ...(zips.length ? { zips } : {}),
    ...(cities.length ? { cities } : {}),
    ...(center && owner.radiusMiles ? { radius: { miles: owner.radiusMiles, center: center.location, label: center.label } } : {}),
  };
}

/**
 * The gazetteer's ZIP codes inside the geometry, sorted: the same set domain/service-area.ts's
 * isInServiceArea takes in (the unit tests hold the two together), gathered by lookup. Asking it of
 * all 41,000 places against every listed town takes seconds for a long list; only the radius needs
 * the walk over every place.
 */
export function zipCodesOfServiceArea(area: ServiceArea): string[] {
  const inside = new Set(area.radius ? zipCodesInServiceArea({ radius: area.radius }) : []);
  for (const zip of area.zips ?? []) if (placeOfZip(zip)) inside.add(zipCodeOf(zip));
  for (const { city, state } of area.cities ?? []) for (const place of placesOfCity(city, state)) inside.add(place.zip);
  return [...inside].sort();
}

export interface ServiceAreaPreview {
  /** "Austin and 25 miles around, plus Georgetown — 108 ZIP codes". */
  text: string;
  zipCount: number;
  /** What the owner listed that the gazetteer does not know (likely typos). */
  unknownZipCodes: string[];
  unknownCities: string[];
  /** Cities written without a state that several states have, none of them the business's. */
  citiesNeedingState: string[];
  /** The radius was asked for but its center could not be placed. */
  radiusCenterUnknown: boolean;
}

/** The drawn area with its cities as the owner wrote them ("Springfield" stays one name). */
function asWritten(owner: OwnerServiceArea, area: ServiceArea): ServiceArea {
  const { cities: _placed, ...rest } = area;
  return { ...rest, ...(owner.cities.length ? { cities: owner.cities.map((city) => ({ city: city.trim(), state: '' })) } : {}) };
}

/** What Settings and onboarding show under the owner's area, computed the way the assistant decides. */
export function previewServiceArea(owner: OwnerServiceArea): ServiceAreaPreview {
  const area = serviceAreaGeometry(owner);
  const drawn = Boolean(area.zips || area.cities || area.radius);
  const zipCount = drawn ? zipCodesOfServiceArea(area).length : 0;
  const homeStates = homeStatesOf(owner, radiusCenterOf(owner));
  const unknownCities: string[] = [];
  const citiesNeedingState: string[] = [];
  for (const written of owner.cities) {
    const { city, state } = cityAndState(written);
    const states = state ? (placesOfCity(city, state).length ? [state] : []) : statesWithCity(city);
    if (states.length === 0) unknownCities.push(written);
    else if (citiesOf(written, homeStates).some((placed) => placed.state === '')) citiesNeedingState.push(written);
  }
  return {
    text: drawn ? describeServiceArea(asWritten(owner, area), zipCount) : describeServiceArea(area),
    zipCount,
    unknownZipCodes: unique(owner.zipCodes.map(zipCodeOf)).filter((zip) => !placeOfZip(zip)),
    unknownCities,
    citiesNeedingState,
    radiusCenterUnknown: Boolean(owner.radiusMiles && owner.radiusAround?.trim()) && !area.radius,
  };
}

/** The area as the assistant names it to a caller it declines: the owner's description, else the drawn area. */
export function serviceAreaInWords(owner: OwnerServiceArea): string {
  if (owner.description.trim()) return owner.description.trim();
  return describeServiceArea(asWritten(owner, serviceAreaGeometry(owner)));
}
