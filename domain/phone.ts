// Phone numbers are E.164 everywhere (+15125550123). Parsing is pure, so workflows may use it.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

const E164 = /^\+[1-9]\d{6,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}

/** Normalises a number a person or Twilio typed to E.164, or returns undefined if it is not one. */
export function toE164(raw: string, defaultCountry: CountryCode = 'US'): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '' || trimmed.length > 32) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
  if (!parsed || !parsed.isPossible()) return undefined;
  return parsed.number;
}
