// The `zipcodes` package ships no types; this is the part of its API that providers/zip-gazetteer.ts
// uses. It lives under providers/ so tsconfig.json's existing "include" picks it up.
declare module 'zipcodes' {
  export interface ZipCodeRecord {
    zip: string;
    latitude: number;
    longitude: number;
    city: string;
    /** Two-letter state code (US); the province's full name (Canada). */
    state: string;
    country: 'US' | 'Canada';
  }

  /** Every record by code: 5-digit US ZIP codes and 3-character Canadian prefixes. */
  export const codes: Record<string, ZipCodeRecord>;
  export const states: {
    /** Upper-case full name → code, e.g. "TEXAS" → "TX" (US states, DC and Canadian provinces). */
    full: Record<string, string>;
    /** Code → upper-case full name. */
    abbr: Record<string, string>;
  };
}
