// Phone numbers in the HTTP contract: typed by a person and normalised to E.164, or refused with
// the message domain/phone.ts gives, so the owner can fix the field instead of guessing.
import { z } from 'zod';
import { PHONE_EXAMPLE as EXAMPLE, phoneNumberProblem, toE164 } from '../../domain/phone';

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
