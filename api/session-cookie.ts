// Where the dashboard's refresh token travels (decision 0023): an HttpOnly cookie the page's
// scripts cannot read, sent only to /api/auth/*, only over HTTPS (or to 127.0.0.1/localhost, which
// browsers count as secure), and never on a request started by another site. The two routes that
// act on it (refresh, sign out) also refuse any request a cross-site page could have forged.
import type { Context } from 'koa';
import { REFRESH_TOKEN_LIFETIME_MS } from './accounts';
import { HttpError } from './errors';

/** `__Secure-`: browsers refuse the name from a page that is not secure, so no plain-http page can plant one. */
export const REFRESH_COOKIE = '__Secure-nmc_refresh';
/** Refresh and sign out live here; no other route ever receives the cookie. */
export const REFRESH_COOKIE_PATH = '/api/auth';
/**
 * A header a cross-site form cannot send, and a cross-site script can send only after a CORS
 * preflight that the api never allows for it. Any value; the dashboard sends "nevermisscall".
 */
export const CSRF_HEADER = 'X-Requested-With';

const TOKEN_SHAPE = /^nmr_[A-Za-z0-9_-]{20,200}$/;
const attributes = `Path=${REFRESH_COOKIE_PATH}; HttpOnly; Secure; SameSite=Strict`;

export function setRefreshCookie(ctx: Context, refreshToken: string): void {
  ctx.append('Set-Cookie', `${REFRESH_COOKIE}=${refreshToken}; Max-Age=${REFRESH_TOKEN_LIFETIME_MS / 1000}; ${attributes}`);
}

export function clearRefreshCookie(ctx: Context): void {
  ctx.append('Set-Cookie', `${REFRESH_COOKIE}=; Max-Age=0; ${attributes}`);
}

/** The refresh token the browser sent, if it looks like one. */
export function refreshCookie(ctx: Context): string | undefined {
  const value = ctx.cookies.get(REFRESH_COOKIE);
  return value && TOKEN_SHAPE.test(value) ? value : undefined;
}

const refused = (message: string) => new HttpError(403, 'cross_site_request_refused', message);

/**
 * Refuses what another site could make a browser send: no custom header, or a browser saying the
 * request came from another origin (Sec-Fetch-Site; Origin where a browser sends no Sec-Fetch-Site).
 * The dashboard is same-origin with the api (the api serves it; in dev Vite proxies /api).
 */
export function requireSameOrigin(ctx: Context): void {
  if (!ctx.get(CSRF_HEADER)) throw refused(`send the ${CSRF_HEADER} header: this route acts on your session cookie`);
  const site = ctx.get('sec-fetch-site');
  if (site && site !== 'same-origin') throw refused(`this route answers only the dashboard's own pages, not a ${site} request`);
  const origin = ctx.get('origin');
  if (!site && origin && hostOf(origin) !== ctx.host) throw refused("this route answers only the dashboard's own pages");
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}
