// The owner's session in this tab (decision 0023). The access token lives only in this module's
// memory: a reload or a new tab starts without one and gets its own from the api with the refresh
// token, which is an HttpOnly cookie no script on the page can read. Nothing is kept in storage.
// Tabs share that cookie, and it rotates on every use, so they renew one at a time (a Web Lock).

/** Held by the tab renewing; every tab of this origin asks for it first. */
export const RENEWAL_LOCK = 'nmc.refresh';

// Where older dashboards kept the tokens. A refresh token found there is deleted unread: it could
// have been read by any script, and its owner simply signs in again.
const STORED_KEYS = ['nmc.accessToken', 'nmc.refreshToken', 'nmc.token'];

let accessToken: string | null = null;
let renewal: Promise<string | null> | null = null;

export function getToken(): string | null {
  return accessToken;
}

export function setToken(token: string): void {
  accessToken = token;
}

export function clearSession(): void {
  accessToken = null;
}

/**
 * A fresh access token after `rejected` was refused (null: this tab has none yet), or null when the
 * session cannot be renewed. `exchange` spends the refresh cookie once. Callers of this tab waiting
 * together share one exchange; another tab's exchange finishes first (the lock), so ours sends the
 * cookie it left. Where the browser has no Web Locks (an insecure origin, an old browser), the api's
 * grace window answers a cookie presented twice within seconds with the same new one.
 */
export function renewSession(rejected: string | null, exchange: () => Promise<string | null>): Promise<string | null> {
  if (accessToken && accessToken !== rejected) return Promise.resolve(accessToken);
  const started = accessToken;
  renewal ??= oneTabAtATime(async () => {
    const token = await exchange();
    // The owner signed in while this was under way (the sign-in page tries the cookie on load):
    // that token is the one to keep, whatever this answer says.
    if (accessToken !== started) return accessToken;
    accessToken = token;
    return token;
  }).finally(() => (renewal = null));
  return renewal;
}

function oneTabAtATime(work: () => Promise<string | null>): Promise<string | null> {
  // Web Locks exist only in secure contexts (https, or 127.0.0.1/localhost).
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks) return work();
  // The lock is held until the callback's promise settles, i.e. until the exchange is over.
  return new Promise((resolve, reject) => void locks.request(RENEWAL_LOCK, () => work().then(resolve, reject)));
}

/** Runs once per page load. */
export function discardStoredTokens(): void {
  try {
    for (const key of STORED_KEYS) localStorage.removeItem(key);
  } catch {
    // Storage can be blocked (private mode, strict settings): then nothing is stored either.
  }
}

discardStoredTokens();
