// Binds a calendar's consent round trip to the browser that started it (decision 0025). The state
// alone names the business, so without this anyone holding a state (their own business's, from
// their own "Connect") could send someone else through the consent screen and receive that
// person's calendar: a provider that skips the screen for an app already consented to makes it a
// single click on a link. Starting a connection sets this cookie to the state; the callback
// accepts the state only from a browser that carries it.
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { CalendarProvider } from '../providers/owner-calendars';

/** Where the consent screen returns; the only path the cookie is ever sent to. */
export const CONSENT_COOKIE_PATH = '/api/calendar/oauth';
/** As long as the state lives (db/calendar-connections.ts). */
const MAX_AGE_SECONDS = 15 * 60;
/**
 * `__Secure-`: only a secure page can plant it. SameSite=Lax, not Strict: the callback is a
 * top-level navigation coming from the provider's site, which Lax cookies follow and Strict do not.
 * One per provider, so connecting Google and Microsoft in two tabs at once works.
 */
const cookieName = (provider: CalendarProvider) => `__Secure-nmc_calendar_${provider}`;
const attributes = `Path=${CONSENT_COOKIE_PATH}; HttpOnly; Secure; SameSite=Lax`;

export function setConsentCookie(ctx: Context, provider: CalendarProvider, state: string): void {
  ctx.append('Set-Cookie', `${cookieName(provider)}=${state}; Max-Age=${MAX_AGE_SECONDS}; ${attributes}`);
}

export function clearConsentCookie(ctx: Context, provider: CalendarProvider): void {
  ctx.append('Set-Cookie', `${cookieName(provider)}=; Max-Age=0; ${attributes}`);
}

/** Whether this browser started the round trip that `state` belongs to. */
export function startedInThisBrowser(ctx: Context, provider: CalendarProvider, state: string): boolean {
  const sent = Buffer.from(ctx.cookies.get(cookieName(provider)) ?? '');
  const expected = Buffer.from(state);
  return sent.length === expected.length && expected.length > 0 && timingSafeEqual(sent, expected);
}
