// Accounts: register, sign in, refresh, sign out (api/accounts.ts does the work).
import { z } from 'zod';
import { canonicalTimeZone } from '../../domain/time-zone';
import type { Accounts } from '../accounts';
import { phoneNumberInput } from '../phone-input';
import { publicRoute, type RouteGroup } from '../route';

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

const registration = z
  .strictObject({
    email,
    password: z.string().min(10, 'must be at least 10 characters').max(200),
    businessName: z.string().trim().min(1).max(120),
    trade: z.string().trim().min(1).max(60),
    ownerPhone: phoneNumberInput,
    timeZone: timeZoneInput,
  })
  .meta({ id: 'Registration' });

const credentials = z.strictObject({ email, password: z.string().min(1).max(200) }).meta({ id: 'Credentials' });

const tokens = z.object({
  accessToken: z.string().meta({ description: 'Bearer token for the api and Socket.IO; lasts 15 minutes.' }),
  refreshToken: z.string().meta({ description: 'Exchange it once at POST /api/auth/refresh; lasts 30 days.' }),
});
const signedIn = tokens
  .extend({
    token: z.string().meta({ description: 'Deprecated: the accessToken again, for older dashboards.', deprecated: true }),
    user: z.object({ id: z.uuid(), email: z.string() }),
    business: z.object({ id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'SignedIn' });

export function authRoutes(accounts: Accounts): RouteGroup {
  return {
    tag: 'Accounts',
    description: 'Sign up, sign in, keep the session fresh, sign out.',
    routes: [
      publicRoute({
        method: 'post',
        path: '/api/auth/register',
        summary: 'Create a business and its owner, and sign in',
        body: registration,
        status: 201,
        response: signedIn,
        errors: [409, 429],
        handler: ({ body, ctx }) => accounts.register(body, ctx.ip),
      }),
      publicRoute({
        method: 'post',
        path: '/api/auth/login',
        summary: 'Sign in',
        description:
          'Attempts are throttled per account, per account and address, and per address; a locked attempt gets 429 with Retry-After.',
        body: credentials,
        response: signedIn,
        errors: [401, 429],
        handler: ({ body, ctx }) => accounts.login(body, ctx.ip),
      }),
      publicRoute({
        method: 'post',
        path: '/api/auth/refresh',
        summary: 'Exchange a refresh token for new tokens',
        description: 'The refresh token is single use: presenting a used one again ends the session (every token of it).',
        body: z.strictObject({ refreshToken }),
        response: tokens.meta({ id: 'Tokens' }),
        errors: [401],
        handler: ({ body }) => accounts.refresh(body.refreshToken),
      }),
      publicRoute({
        method: 'post',
        path: '/api/auth/logout',
        summary: 'Sign out: end the session of this refresh token',
        body: z.strictObject({ refreshToken }),
        status: 204,
        handler: async ({ body }) => {
          await accounts.logout(body.refreshToken);
        },
      }),
    ],
  };
}
