// The owner's service area (business-profile.ts: ZIP codes, city names, "25 miles around our shop")
// turned into the geometry that decides (domain/service-area.ts), with the gazetteer placing what
// the owner named. The same conversion serves the assistant's check of a caller's address and the
// Settings preview, so what the owner sees is what decides.
import type { ServiceArea as OwnerServiceArea } from '../domain/business-profile';
import { describeServiceArea, zipCodeOf, type LatLng, type ServiceArea, type ServiceAreaCity } from '../domain/service-area';
import { centerOf, placeOfZip, placesOfCity, stateCodeOf, unknownInServiceArea, zipCodesInServiceArea } from './zip-gazetteer';

/** "Austin, TX" → Austin in TX; "Austin" → no state (the caller decides which one). */
function cityAndState(text: string): { city: string; state?: string } {
  const match = /^(.*?)[,\s]+([A-Za-z]{2}|[A-Za-z][A-Za-z .]+)$/.exec(text.trim());
  if (match) {
    const state = stateCodeOf(match[2]!);
    if (state && match[1]!.trim()) return { city: match[1]!.trim(), state };
  }
  return { city: text.trim() };
}

/**
 * Where the radius is measured from: the ZIP code in the text (an address ends with one), else the
 * city it names, at the middle of the city's ZIP codes. A ZIP code's center is within a few miles
 * of any door in it, which is as precise as "25 miles around" means.
 */
export function placeOfText(text: string): { location: LatLng; label: string; state: string } | undefined {
  const zip = /\b(\d{5})(?:-\d{4})?\s*(?:,?\s*(?:USA|US|United States))?\s*$/i.exec(text.trim())?.[1];
  const byZip = zip ? placeOfZip(zip) : undefined;
  if (byZip) return { location: byZip.location, label: byZip.city, state: byZip.state };
  // "123 Main St, Austin, TX": the last two parts; "Austin, TX" or "Austin TX": the whole.
  const parts = text.split(',').map((part) => part.trim());
  const named = parts.length >= 2 ? cityAndState(parts.slice(-2).join(', ')) : cityAndState(text);
  if (!named.state) return undefined;
  const center = centerOf(placesOfCity(named.city, named.state));
  return center ? { location: center, label: named.city, state: named.state } : undefined;
}

/**
 * The geometry of the owner's area. A city written without its state is taken in the state of the
 * radius center or of a listed ZIP code (the business's own state); when neither says, in every
 * state that has a city by that name.
 */
export function serviceAreaGeometry(owner: OwnerServiceArea): ServiceArea {
  const center = owner.radiusMiles && owner.radiusAround ? placeOfText(owner.radiusAround) : undefined;
  const zips = owner.zipCodes.map(zipCodeOf);
  const homeState = center?.state ?? zips.map((zip) => placeOfZip(zip)?.state).find(Boolean);
  const cities: ServiceAreaCity[] = [];
  for (const written of owner.cities) {
    const { city, state } = cityAndState(written);
    if (state) cities.push({ city, state });
    else if (homeState && placesOfCity(city, homeState).length > 0) cities.push({ city, state: homeState });
    else for (const code of statesWithCity(city)) cities.push({ city, state: code });
  }
  return {
    ...(zips.length ? { zips } : {}),
    ...(cities.length ? { cities } : {}),
    ...(center && owner.radiusMiles ? { radius: { miles: owner.radiusMiles, center: center.location, label: center.label } } : {}),
  };
}

const STATE_CODES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'PR',
];

function statesWithCity(city: string): string[] {
  return STATE_CODES.filter((code) => placesOfCity(city, code).length > 0);
}

export interface ServiceAreaPreview {
  /** "Austin and 25 miles around, plus Round Rock — 37 ZIP codes". */
  text: string;
  zipCount: number;
  /** What the owner listed that the gazetteer does not know (likely typos). */
  unknownZipCodes: string[];
  unknownCities: string[];
  /** The radius was asked for but its center could not be placed. */
  radiusCenterUnknown: boolean;
}

/** What Settings and onboarding show under the owner's area, computed the way the assistant decides. */
export function previewServiceArea(owner: OwnerServiceArea): ServiceAreaPreview {
  const area = serviceAreaGeometry(owner);
  const unknown = unknownInServiceArea(area);
  const nothingDrawn = !area.zips && !area.cities && !area.radius;
  const zipCount = nothingDrawn ? 0 : zipCodesInServiceArea(area).length;
  // Cities as the owner wrote them ("Springfield" stays one name, however many states have one).
  const asWritten: ServiceArea = { ...area, ...(owner.cities.length ? { cities: owner.cities.map((city) => ({ city, state: '' })) } : {}) };
  return {
    text: nothingDrawn ? describeServiceArea(area) : describeServiceArea(asWritten, zipCount),
    zipCount,
    unknownZipCodes: unknown.zips,
    unknownCities: owner.cities.filter((written) => {
      const { city, state } = cityAndState(written);
      return state ? placesOfCity(city, state).length === 0 : statesWithCity(city).length === 0;
    }),
    radiusCenterUnknown: Boolean(owner.radiusMiles && owner.radiusAround) && !area.radius,
  };
}

/** The area as the assistant names it to a caller it declines: the owner's description, else the drawn area. */
export function serviceAreaInWords(owner: OwnerServiceArea): string {
  if (owner.description.trim()) return owner.description.trim();
  const area = serviceAreaGeometry(owner);
  const asWritten: ServiceArea = { ...area, ...(owner.cities.length ? { cities: owner.cities.map((city) => ({ city, state: '' })) } : {}) };
  return describeServiceArea(asWritten);
}
