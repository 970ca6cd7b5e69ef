// Accounts over HTTP: register, sign in, refresh, sign out.
import { z } from 'zod';
import { canonicalTimeZone } from '../../domain/time-zone';
import { phoneNumberInput } from './phone';

const email = z
  .email('must be an email address')
  .max(254)
  .transform((value) => value.trim().toLowerCase());
const refreshToken = z.string().min(20).max(200).meta({ description: 'The refreshToken from sign-in or the last refresh (single use).' });

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

/** The body of POST /api/auth/refresh and /api/auth/logout. */
export const refreshRequest = z.strictObject({ refreshToken });

export const tokens = z.object({
  accessToken: z.string().meta({ description: 'Bearer token for the api and Socket.IO; lasts 15 minutes.' }),
  refreshToken: z.string().meta({ description: 'Exchange it once at POST /api/auth/refresh; lasts 30 days.' }),
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
