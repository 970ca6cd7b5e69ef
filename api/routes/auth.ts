// Accounts: register, sign in, refresh, sign out (api/accounts.ts does the work).
import { credentials, refreshed, refreshRequest, registration, signedIn } from '../../contracts/http/auth';
import type { Accounts } from '../accounts';
import { publicRoute, type RouteGroup } from '../route';

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
        body: refreshRequest,
        response: refreshed,
        errors: [401],
        handler: ({ body }) => accounts.refresh(body.refreshToken),
      }),
      publicRoute({
        method: 'post',
        path: '/api/auth/logout',
        summary: 'Sign out: end the session of this refresh token',
        body: refreshRequest,
        status: 204,
        handler: async ({ body }) => {
          await accounts.logout(body.refreshToken);
        },
      }),
    ],
  };
}
