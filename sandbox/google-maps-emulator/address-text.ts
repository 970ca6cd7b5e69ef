// Reads a US address as a caller texts it ("123 Main St, Austin, TX 78701", "123 main st austin tx",
// "Austin, Texas", "78701") into its parts, the way the emulator needs them: ZIP code and state
// from the end, then the city (the last comma-separated part, or the longest run of final words
// the gazetteer knows as a city of that state), and the rest is the street. Good enough to stand in
// for Google on the addresses callers give; not a postal parser.
import { placeOfZip, placesOfCity, stateCodeOf, stateNames } from '../../providers/zip-gazetteer';

export interface AddressText {
  /** Everything before the city, as written (tidied spaces), e.g. "123 Main St, Apt 4". */
  street?: string;
  /** The street's leading number, e.g. "123" or "12B". */
  houseNumber?: string;
  /** The street without its number, e.g. "Main St, Apt 4". */
  route?: string;
  city?: string;
  /** Two-letter code. */
  state?: string;
  /** Five digits (a ZIP+4's extension is dropped). */
  zip?: string;
}

const COUNTRY_AT_END = /[\s,]*\b(?:united states(?: of america)?|u\.?s\.?a?\.?)$/i;
const ZIP_AT_END = /(?:^|[\s,])(\d{5})(?:-\d{4})?$/;
const HOUSE_NUMBER = /^(\d+[a-z]?(?:[-/]\d+[a-z]?)?)\s+(.+)$/i;
/** Longest city names we look for at the end of an address without commas ("Salt Lake City" is three). */
const MAX_CITY_WORDS = 4;

let stateAtEnd: RegExp | undefined;
/** A state's code or full name as the last word(s), longest names first ("West Virginia" before "Virginia"). */
function stateAtEndPattern(): RegExp {
  if (stateAtEnd) return stateAtEnd;
  const names = stateNames()
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(/[.]/g, '\\.?').replace(/ /g, '\\s+'));
  stateAtEnd = new RegExp(`(?:^|[\\s,])(${names.join('|')}|[a-z]{2})\\.?$`, 'i');
  return stateAtEnd;
}

/** Google writes "123 main st" as "123 Main St"; text with any capital is left as the caller wrote it. */
const tidyStreet = (street: string) =>
  street === street.toLowerCase() ? street.replace(/\b[a-z]/g, (letter) => letter.toUpperCase()) : street;
const trimEnd = (text: string) => text.replace(/[\s,]+$/, '');
const hasDigit = (text: string) => /\d/.test(text);

export function readAddressText(address: string): AddressText {
  let rest = trimEnd(address.replace(/\s+/g, ' ').trim()).replace(COUNTRY_AT_END, '');
  const parts: AddressText = {};

  const zip = ZIP_AT_END.exec(rest);
  if (zip) {
    parts.zip = zip[1]!;
    rest = trimEnd(rest.slice(0, zip.index));
  }

  const state = stateAtEndPattern().exec(rest);
  const stateCode = state ? stateCodeOf(state[1]!) : undefined;
  const afterComma = state ? /,\s*$/.test(rest.slice(0, state.index + state[0].length - state[1]!.length)) : false;
  if (state && stateCode && !(state[1]!.length === 2 && !afterComma && isOtherStateThanZip(stateCode, parts.zip))) {
    parts.state = stateCode;
    rest = trimEnd(rest.slice(0, state.index));
  }

  const { city, street } = splitCity(rest, parts.state ?? (parts.zip ? placeOfZip(parts.zip)?.state : undefined));
  if (city) parts.city = city;
  if (street) {
    parts.street = tidyStreet(street);
    const numbered = HOUSE_NUMBER.exec(parts.street);
    if (numbered) {
      parts.houseNumber = numbered[1]!;
      parts.route = numbered[2]!;
    } else {
      parts.route = parts.street;
    }
  }
  return parts;
}

/**
 * "123 Oak Ct, 78701": a two-letter word after a space (not a comma) that names another state than
 * the ZIP code's is the street's suffix (Court), not Connecticut.
 */
function isOtherStateThanZip(code: string, zip: string | undefined): boolean {
  const zipState = zip ? placeOfZip(zip)?.state : undefined;
  return zipState !== undefined && zipState !== code;
}

/** The city and the street in what is left once the ZIP code and state are read off the end. */
function splitCity(rest: string, state: string | undefined): { city?: string; street?: string } {
  if (rest === '') return {};
  if (rest.includes(',')) {
    const segments = rest
      .split(',')
      .map((segment) => segment.trim())
      .filter((segment) => segment !== '');
    const last = segments.at(-1)!;
    if (hasDigit(last)) return { street: segments.join(', ') };
    const street = segments.slice(0, -1).join(', ');
    return { city: last, ...(street ? { street } : {}) };
  }
  const words = rest.split(' ');
  if (state) {
    for (let count = Math.min(MAX_CITY_WORDS, words.length); count >= 1; count--) {
      const candidate = words.slice(-count).join(' ');
      if (placesOfCity(candidate, state).length > 0) {
        const street = words.slice(0, -count).join(' ');
        return { city: candidate, ...(street ? { street } : {}) };
      }
    }
  }
  // No city the gazetteer knows: words alone are an (unknown) city, words after a number a street.
  return hasDigit(rest) ? { street: rest } : { city: rest };
}
