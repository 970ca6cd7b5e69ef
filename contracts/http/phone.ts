// Phone numbers typed by a person: normalised to E.164 (domain/phone.ts), or a message that says
// what is wrong with them, so the owner can fix the field instead of guessing.
import { validatePhoneNumberLength } from 'libphonenumber-js';
import { z } from 'zod';
import { toE164 } from '../../domain/phone';

const EXAMPLE = '+15125550123';

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

/** A phone number in, E.164 out; a malformed one fails with a message and the `invalid_phone_number` code. */
export const phoneNumberInput = z
  .string()
  .transform((raw, ctx) => {
    const problem = phoneNumberProblem(raw);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `the phone number ${problem}`, params: { phone: true } });
      return z.NEVER;
    }
    return toE164(raw)!;
  })
  .meta({ description: 'A phone number; stored and answered in E.164 (+ country code and number).', example: EXAMPLE });

export const e164 = z.string().meta({ description: 'E.164 phone number', example: EXAMPLE });
