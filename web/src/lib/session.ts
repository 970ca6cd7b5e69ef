// The owner's sign-in token. Kept in localStorage so a dashboard left open on a phone survives a
// reload; a 401 from the api clears it.
const TOKEN_KEY = 'nmc.token';

export function getToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    // Storage can be blocked (private mode, strict settings): behave as signed out.
    return null;
  }
}

export function setToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  try {
    localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing to clear when storage is unavailable.
  }
}
