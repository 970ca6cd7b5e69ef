// Where the business works, decided by geometry rather than by words (issue #15): the owner lists
// ZIP codes, cities and/or a radius in miles around a point (usually the business address), and a
// caller's place — as the geocoder placed it — is inside or outside. Pure: the place and the radius
// center come already geocoded; nothing here looks anything up.
// Not yet the same thing as business-profile.ts's ServiceArea, which is the owner's words from
// onboarding (description, ZIP codes, city names) handed to the assistant: wiring #15 turns those
// into this shape, which then decides, and the words stay only for the preview.

export interface LatLng {
  lat: number;
  lng: number;
}

export interface ServiceAreaCity {
  city: string;
  /** Two-letter state code, e.g. "TX". */
  state: string;
}

export interface ServiceAreaRadius {
  miles: number;
  center: LatLng;
  /** How the owner names the center in the preview, e.g. "Austin" or "our shop". */
  label: string;
}

export interface ServiceArea {
  zips?: string[];
  cities?: ServiceAreaCity[];
  radius?: ServiceAreaRadius;
}

/** A caller's place as the geocoder gave it; any part may be missing. */
export interface Place {
  zip?: string | undefined;
  city?: string | undefined;
  state?: string | undefined;
  location?: LatLng | undefined;
}

export type ServiceAreaReason = 'zip' | 'city' | 'radius' | 'outside' | 'no_area';

export interface ServiceAreaDecision {
  inside: boolean;
  /** Which part of the area took the place in (the first that did, in zip → city → radius order). */
  reason: ServiceAreaReason;
}

/** Mean Earth radius in miles (IUGG); the haversine error it brings is far below a ZIP's size. */
const EARTH_RADIUS_MILES = 3958.8;

/** Great-circle distance in miles (haversine: accurate at the few miles a service area spans). */
export function milesBetween(a: LatLng, b: LatLng): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "78701-1234" and " 78701 " are the ZIP code 78701. */
export function zipCodeOf(text: string): string {
  return text.trim().slice(0, 5);
}

// The same town is written "St. Louis", "Saint Louis" and "st louis"; owners and geocoders differ.
const CITY_WORDS: Record<string, string> = { st: 'saint', ste: 'sainte', ft: 'fort', mt: 'mount' };

/** A city name reduced to what tells cities apart: case, dots, extra spaces and "St."/"Saint" do not. */
export function cityKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[.'’]/g, '')
    .replace(/[\s,-]+/g, ' ')
    .trim()
    .split(' ')
    .map((word) => CITY_WORDS[word] ?? word)
    .join(' ');
}

export function sameCity(a: ServiceAreaCity, b: { city?: string | undefined; state?: string | undefined }): boolean {
  return (
    b.city !== undefined &&
    b.state !== undefined &&
    a.state.trim().toUpperCase() === b.state.trim().toUpperCase() &&
    cityKey(a.city) === cityKey(b.city)
  );
}

/** True when the owner has not drawn any area: then the business takes callers from anywhere. */
export function isEmptyServiceArea(area: ServiceArea): boolean {
  return (area.zips ?? []).length === 0 && (area.cities ?? []).length === 0 && area.radius === undefined;
}

export function isInServiceArea(area: ServiceArea, place: Place): ServiceAreaDecision {
  if (isEmptyServiceArea(area)) return { inside: true, reason: 'no_area' };
  if (place.zip !== undefined && place.zip.trim() !== '') {
    const zip = zipCodeOf(place.zip);
    if ((area.zips ?? []).some((listed) => zipCodeOf(listed) === zip)) return { inside: true, reason: 'zip' };
  }
  if ((area.cities ?? []).some((city) => sameCity(city, place))) return { inside: true, reason: 'city' };
  // A place the geocoder could not put on the map is never inside a radius: we cannot tell.
  if (area.radius && place.location && milesBetween(area.radius.center, place.location) <= area.radius.miles) {
    return { inside: true, reason: 'radius' };
  }
  return { inside: false, reason: 'outside' };
}

// ---- The owner's preview ----

/** "A", "A and B", "A, B and C", or "A, B, C and 4 more" past `shown` items. */
function listed(items: string[], shown = 3): string {
  if (items.length <= 1) return items.join('');
  if (items.length > shown + 1) return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Miles as an owner writes them: "25", "12.5", never "12.500000001". */
const milesText = (miles: number) => plural(Number(miles.toFixed(1)), 'mile', 'miles');

/**
 * The area in the owner's words, for Settings and onboarding, e.g. "Austin and 25 miles around —
 * 37 ZIP codes" (the count comes from the gazetteer, which domain/ does not load).
 */
export function describeServiceArea(area: ServiceArea, zipCount?: number): string {
  if (isEmptyServiceArea(area)) return 'Everywhere: no service area set';
  const parts: string[] = [];
  if (area.radius) parts.push(`${area.radius.label.trim() || 'The business'} and ${milesText(area.radius.miles)} around`);
  const cities = area.cities ?? [];
  if (cities.length > 0) {
    // The state only when it tells the cities apart.
    const oneState = new Set(cities.map((city) => city.state.trim().toUpperCase())).size === 1;
    parts.push(listed(cities.map((city) => (oneState ? city.city.trim() : `${city.city.trim()}, ${city.state.trim().toUpperCase()}`))));
  }
  const zips = [...new Set((area.zips ?? []).map(zipCodeOf))];
  if (zips.length > 0) parts.push(`${zips.length === 1 ? 'ZIP code' : 'ZIP codes'} ${listed(zips)}`);
  const described = parts.join(', plus ');
  return zipCount === undefined ? described : `${described} — ${plural(zipCount, 'ZIP code', 'ZIP codes')}`;
}
