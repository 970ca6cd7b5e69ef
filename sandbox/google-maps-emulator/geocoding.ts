// What the emulated Geocoding API answers for an address, in Google's JSON shape, from the ZIP
// gazetteer. Google's own behaviour is followed where it matters to the app: a place it is sure
// of, a place it had to guess (`partial_match: true`: the ZIP code and the city or state disagree,
// or there is no house number, so it could not be the caller's door), and nothing at all.
import { createHash } from 'node:crypto';
import { sameCity } from '../../domain/service-area';
import { centerOf, placeOfZip, placesOfCity, stateCodeOf, stateNameOf, stateNames } from '../../providers/zip-gazetteer';
import { readAddressText, type AddressText } from './address-text';

export interface AddressComponent {
  long_name: string;
  short_name: string;
  types: string[];
}

export interface GeocodeResult {
  address_components: AddressComponent[];
  formatted_address: string;
  geometry: {
    location: { lat: number; lng: number };
    location_type: 'ROOFTOP' | 'APPROXIMATE';
    viewport: { northeast: { lat: number; lng: number }; southwest: { lat: number; lng: number } };
  };
  place_id: string;
  types: string[];
  /** Present only when true, as Google sends it. */
  partial_match?: true;
}

export interface GeocodeResponse {
  status: 'OK' | 'ZERO_RESULTS' | 'REQUEST_DENIED' | 'INVALID_REQUEST' | 'UNKNOWN_ERROR';
  results: GeocodeResult[];
  error_message?: string;
}

/** Where the text puts the caller, or undefined when neither its ZIP code nor its city and state is known. */
interface Placed {
  city: string;
  state: string;
  /** Absent when only a city of several ZIP codes was given: the emulator does not guess which one. */
  zip?: string;
  location: { lat: number; lng: number };
  /** The ZIP code and the city or state said different things (or the ZIP code is not one). */
  disagrees: boolean;
}

function place(text: AddressText): Placed | undefined {
  const byZip = text.zip ? placeOfZip(text.zip) : undefined;
  if (byZip) {
    const disagrees =
      (text.state !== undefined && text.state !== byZip.state) ||
      (text.city !== undefined && !sameCity(byZip, { city: text.city, state: text.state ?? byZip.state }));
    return { city: byZip.city, state: byZip.state, zip: byZip.zip, location: byZip.location, disagrees };
  }
  const cityPlaces = text.city && text.state ? placesOfCity(text.city, text.state) : [];
  const center = centerOf(cityPlaces);
  if (!center) return undefined;
  const only = cityPlaces.length === 1 ? cityPlaces[0]!.zip : undefined;
  return {
    city: cityPlaces[0]!.city,
    state: cityPlaces[0]!.state,
    ...(only ? { zip: only } : {}),
    location: center,
    disagrees: text.zip !== undefined,
  };
}

/** The state whose town named by the address's last part has the most ZIP codes (a stand-in for the best known). */
function mostProminentStateOf(address: string): string | undefined {
  const town = address
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .at(-1);
  if (!town || /\d/.test(town)) return undefined;
  let best: { state: string; zips: number } | undefined;
  for (const name of stateNames()) {
    const code = stateCodeOf(name);
    const zips = code ? placesOfCity(town, code).length : 0;
    if (code && zips > (best?.zips ?? 0)) best = { state: code, zips };
  }
  return best?.state;
}

const component = (long_name: string, short_name: string, ...types: string[]): AddressComponent => ({ long_name, short_name, types });

/** What kind of place Google would say it found: the door, the street, the ZIP code or the town. */
function typesOf(text: AddressText): string[] {
  if (text.houseNumber) return ['street_address'];
  if (text.route) return ['route'];
  if (text.zip && !text.city) return ['postal_code'];
  return ['locality', 'political'];
}

/** Google's answer to `GET /maps/api/geocode/json?address=...` once the key is accepted. */
export function geocode(address: string): GeocodeResponse {
  let text = readAddressText(address);
  let placed = place(text);
  if (!placed && !text.state && !text.zip) {
    // "12 Oak Street, Austin": Google answers with the best-known town of that name, as the
    // emulator does with the state whose town of that name has the most ZIP codes.
    const state = mostProminentStateOf(address);
    if (state) {
      text = readAddressText(`${address}, ${state}`);
      placed = place(text);
    }
  }
  if (!placed) return { status: 'ZERO_RESULTS', results: [] };

  const stateName = stateNameOf(placed.state) ?? placed.state;
  const components = [
    ...(text.houseNumber ? [component(text.houseNumber, text.houseNumber, 'street_number')] : []),
    ...(text.route ? [component(text.route, text.route, 'route')] : []),
    component(placed.city, placed.city, 'locality', 'political'),
    component(stateName, placed.state, 'administrative_area_level_1', 'political'),
    component('United States', 'US', 'country', 'political'),
    ...(placed.zip ? [component(placed.zip, placed.zip, 'postal_code')] : []),
  ];
  const formatted = [text.street, `${placed.city}, ${placed.state}${placed.zip ? ` ${placed.zip}` : ''}`, 'USA'].filter(Boolean).join(', ');
  const { lat, lng } = placed.location;
  const result: GeocodeResult = {
    address_components: components,
    formatted_address: formatted,
    geometry: {
      location: { lat, lng },
      location_type: text.houseNumber && !placed.disagrees ? 'ROOFTOP' : 'APPROXIMATE',
      viewport: { northeast: { lat: lat + 0.01, lng: lng + 0.01 }, southwest: { lat: lat - 0.01, lng: lng - 0.01 } },
    },
    // Stable per address, so a test or the sandbox can tell two answers for one place apart from two places.
    place_id: `emulated-${createHash('sha256').update(formatted.toLowerCase()).digest('hex').slice(0, 24)}`,
    types: typesOf(text),
  };
  if (placed.disagrees || !text.houseNumber) result.partial_match = true;
  return { status: 'OK', results: [result] };
}
