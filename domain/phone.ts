// Phone numbers are E.164 everywhere (+15125550123). Parsing is pure, so workflows may use it.
import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js';

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

/** How we show a phone number in help texts. */
export const PHONE_EXAMPLE = '+15125550123';
const EXAMPLE = PHONE_EXAMPLE;

/** Why `raw` is not a phone number we can use, or undefined when it is one. */
export function phoneNumberProblem(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return `is empty; enter a phone number such as ${EXAMPLE}`;
  if (trimmed.length > 32) return 'is too long to be a phone number';
  if (/[^\d\s()+.-]/.test(trimmed)) return `may contain only digits, spaces, ( ) . - and a leading +, e.g. ${EXAMPLE}`;
  if (toE164(trimmed)) return undefined;
  switch (validatePhoneNumberLength(trimmed, 'US')) {
    case 'TOO_SHORT':
      return `has too few digits; include the area code, e.g. ${EXAMPLE}`;
    case 'TOO_LONG':
      return 'has too many digits for a phone number';
    case 'INVALID_COUNTRY':
      return `has an unknown country code; start with + and the country code, e.g. ${EXAMPLE}`;
    default:
      return `is not a valid phone number; use the international format, e.g. ${EXAMPLE}`;
  }
}
