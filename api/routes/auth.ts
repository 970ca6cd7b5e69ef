// Accounts: register, sign in, refresh, sign out (api/accounts.ts does the work). The refresh token
// goes out and comes back only in its cookie (api/session-cookie.ts); the JSON carries the access token.
import type { Context } from 'koa';
import { credentials, refreshed, registration, signedIn } from '../../contracts/http/auth';
import type { Accounts } from '../accounts';
import { publicRoute, type RouteGroup } from '../route';
import { clearRefreshCookie, CSRF_HEADER, REFRESH_COOKIE, refreshCookie, requireSameOrigin, setRefreshCookie } from '../session-cookie';
import { HttpError, unauthorized } from '../errors';

const COOKIE_ROUTE =
  `The refresh token comes in the ${REFRESH_COOKIE} cookie (HttpOnly, Secure, SameSite=Strict, Path=/api/auth) that sign-in set; ` +
  `send the ${CSRF_HEADER} header (any value) and no body. A request another site could have made (no such header, ` +
  'Sec-Fetch-Site other than same-origin, or a foreign Origin) gets 403 cross_site_request_refused and changes nothing.';

/** The refresh token into its cookie; everything else is the JSON answer. */
function answer<T extends { refreshToken: string }>(ctx: Context, { refreshToken, ...body }: T): Omit<T, 'refreshToken'> {
  setRefreshCookie(ctx, refreshToken);
  return body;
}

export function authRoutes(accounts: Accounts): RouteGroup {
  return {
    tag: 'Accounts',
    description: 'Sign up, sign in, keep the session fresh, sign out.',
    routes: [
      publicRoute({
        method: 'post',
        path: '/api/auth/register',
        summary: 'Create a business and its owner, and sign in',
        description: `Sets the ${REFRESH_COOKIE} cookie; the answer carries the access token.`,
        body: registration,
        status: 201,
        response: signedIn,
        errors: [409, 429],
        handler: async ({ body, ctx }) => answer(ctx, await accounts.register(body, ctx.ip)),
      }),
      publicRoute({
        method: 'post',
        path: '/api/auth/login',
        summary: 'Sign in',
        description:
          `Sets the ${REFRESH_COOKIE} cookie; the answer carries the access token. ` +
          'Attempts are throttled per account, per account and address, and per address; a locked attempt gets 429 with Retry-After.',
        body: credentials,
        response: signedIn,
        errors: [401, 429],
        handler: async ({ body, ctx }) => answer(ctx, await accounts.login(body, ctx.ip)),
      }),
      publicRoute({
        method: 'post',
        path: '/api/auth/refresh',
        summary: 'Exchange the refresh cookie for a new access token (and a new cookie)',
        description:
          `${COOKIE_ROUTE} The refresh token is single use: presented again within 30 seconds it gets the same new token ` +
          '(two tabs, a retried request); later, it ends the session (every token of it). A refusal clears the cookie.',
        response: refreshed,
        errors: [401, 403],
        handler: async ({ ctx }) => {
          requireSameOrigin(ctx);
          const refreshToken = refreshCookie(ctx);
          try {
            if (!refreshToken) throw unauthorized('no session cookie came with the request; sign in again', 'invalid_refresh_token');
            return answer(ctx, await accounts.refresh(refreshToken));
          } catch (error) {
            // A token that will never work again is no use to the browser (an outage is not its fault).
            // No cookie, nothing to clear: that answer must not race a sign-in's new cookie.
            if (refreshToken && error instanceof HttpError && error.status === 401) clearRefreshCookie(ctx);
            throw error;
          }
        },
      }),
      publicRoute({
        method: 'post',
        path: '/api/auth/logout',
        summary: 'Sign out: end the session of the refresh cookie, and clear the cookie',
        description: `${COOKIE_ROUTE} Without a cookie there is nothing to end: 204 all the same.`,
        status: 204,
        errors: [403],
        handler: async ({ ctx }) => {
          requireSameOrigin(ctx);
          await accounts.logout(refreshCookie(ctx));
          clearRefreshCookie(ctx);
        },
      }),
    ],
  };
}
