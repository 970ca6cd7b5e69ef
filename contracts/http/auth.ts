// Accounts over HTTP: register, sign in, refresh, sign out.
import { z } from 'zod';
import { canonicalTimeZone } from '../../domain/time-zone';
import { phoneNumberInput } from './phone';

const email = z
  .email('must be an email address')
  .max(254)
  .transform((value) => value.trim().toLowerCase());

export const timeZoneInput = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const zone = canonicalTimeZone(value);
    if (!zone) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a known time zone; use an IANA name such as America/Chicago` });
      return z.NEVER;
    }
    return zone;
  })
  .meta({ description: 'IANA time zone', example: 'America/Chicago' });

export const registration = z
  .strictObject({
    email,
    password: z.string().min(10, 'must be at least 10 characters').max(200),
    businessName: z.string().trim().min(1).max(120),
    trade: z.string().trim().min(1).max(60),
    ownerPhone: phoneNumberInput,
    timeZone: timeZoneInput,
  })
  .meta({ id: 'Registration' });
export type SignUp = z.input<typeof registration>;

export const credentials = z.strictObject({ email, password: z.string().min(1).max(200) }).meta({ id: 'Credentials' });
export type Credentials = z.input<typeof credentials>;

// The refresh token is never in a body, sent or answered: it travels in an HttpOnly cookie
// (api/session-cookie.ts, decision 0023), out of reach of the page's scripts. Strict, so the
// api's response check (checkResponses) fails should a refresh token ever slip into an answer.
export const tokens = z.strictObject({
  accessToken: z
    .string()
    .meta({ description: 'Bearer token for the api and Socket.IO; lasts 15 minutes. Keep it in memory, not in storage.' }),
});
export type Tokens = z.output<typeof tokens>;
/** What POST /api/auth/refresh answers. */
export const refreshed = tokens.meta({ id: 'Tokens' });

export const signedIn = tokens
  .extend({
    token: z.string().meta({ description: 'Deprecated: the accessToken again, for older dashboards.', deprecated: true }),
    user: z.object({ id: z.uuid(), email: z.string() }),
    business: z.object({ id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'SignedIn' });
export type SignedIn = z.output<typeof signedIn>;
