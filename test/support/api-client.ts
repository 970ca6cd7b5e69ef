// Talking to the api as the dashboard does: JSON, bearer tokens, the refresh token in its cookie
// (kept here by hand: fetch has no cookie jar), a client address of our choosing (the api trusts
// the proxy's X-Forwarded-For, so each test can be its own "address").
import { randomBytes, randomUUID } from 'node:crypto';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, ip, headers = {} }: { token?: string; body?: unknown; ip?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(ip ? { 'x-forwarded-for': ip } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (e.g. the calendar feed)
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** A private address, different every call (so one test's attempts never throttle another's). */
export const randomIp = () => `10.${[...randomBytes(3)].join('.')}`;

/** What sign-in answers, with the refresh token taken from its cookie (the JSON never has it). */
export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  token: string;
  user: { id: string; email: string };
  business: { id: string; name: string };
}

export interface TestOwner extends SignedIn {
  email: string;
  password: string;
}

export async function registerBusiness(baseUrl: string, overrides: Record<string, unknown> = {}): Promise<TestOwner> {
  const email = `owner-${randomUUID()}@example.com`;
  const password = `pw-${randomUUID()}`;
  const answer = await call<SignedIn>(baseUrl, 'POST', '/api/auth/register', {
    ip: randomIp(),
    body: {
      email,
      password,
      businessName: `Test Plumbing ${randomUUID().slice(0, 8)}`,
      trade: 'plumbing',
      ownerPhone: '+15125550188',
      timeZone: 'America/Chicago',
      ...overrides,
    },
  });
  if (answer.status !== 201) throw new Error(`register failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { ...answer.body, refreshToken: refreshCookieOf(answer.headers) ?? '', email, password };
}

export async function signIn(baseUrl: string, email: string, password: string, ip = randomIp()): Promise<SignedIn> {
  const answer = await call<SignedIn>(baseUrl, 'POST', '/api/auth/login', { ip, body: { email, password } });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return { ...answer.body, refreshToken: refreshCookieOf(answer.headers) ?? '' };
}

export const REFRESH_COOKIE = '__Secure-nmc_refresh';

/** The refresh token an answer's Set-Cookie carries; '' when it clears the cookie, undefined when it does not touch it. */
export function refreshCookieOf(headers: Headers): string | undefined {
  const cookie = headers.getSetCookie().find((line) => line.startsWith(`${REFRESH_COOKIE}=`));
  return cookie?.slice(REFRESH_COOKIE.length + 1).split(';')[0];
}

/** POST /api/auth/refresh or /logout as the dashboard sends it: the cookie and the CSRF header, no body. */
export function withRefreshCookie(
  baseUrl: string,
  route: 'refresh' | 'logout',
  refreshToken: string,
  headers: Record<string, string> = { 'x-requested-with': 'nevermisscall' },
): Promise<ApiAnswer<{ accessToken: string; error?: { code: string } }>> {
  return call(baseUrl, 'POST', `/api/auth/${route}`, { headers: { cookie: `${REFRESH_COOKIE}=${refreshToken}`, ...headers } });
}
