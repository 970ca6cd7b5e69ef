// The owner's session: a short-lived access token and the refresh token that renews it. Kept in
// localStorage so a dashboard left open on a phone survives a reload; ending the session clears both.
const ACCESS_KEY = 'nmc.accessToken';
const REFRESH_KEY = 'nmc.refreshToken';
// Written by the dashboard before refresh tokens existed; read once so nobody is signed out by the update.
const LEGACY_KEY = 'nmc.token';

export interface SessionTokens {
  accessToken: string;
  refreshToken: string | null;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    // Storage can be blocked (private mode, strict settings): behave as signed out.
    return null;
  }
}

export function getToken(): string | null {
  return read(ACCESS_KEY) ?? read(LEGACY_KEY);
}

export function getRefreshToken(): string | null {
  return read(REFRESH_KEY);
}

export function setSession({ accessToken, refreshToken }: SessionTokens): void {
  localStorage.setItem(ACCESS_KEY, accessToken);
  if (refreshToken) localStorage.setItem(REFRESH_KEY, refreshToken);
  else localStorage.removeItem(REFRESH_KEY);
  localStorage.removeItem(LEGACY_KEY);
}

export function clearSession(): void {
  try {
    for (const key of [ACCESS_KEY, REFRESH_KEY, LEGACY_KEY]) localStorage.removeItem(key);
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}
