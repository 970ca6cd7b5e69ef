import { resolve } from '$app/paths';
import { renewAccessToken } from '$lib/api';
import { getToken } from '$lib/session';
import { redirect } from '@sveltejs/kit';

// Everything in (app) needs a signed-in owner; the api has the final word (a 401 that cannot be
// renewed signs out). A reload or a new tab has no access token yet: the refresh cookie, if the
// browser has one, gets this tab its own.
export async function load(): Promise<void> {
  if (getToken()) return;
  // Unreachable api: go on, and let the layout say so (with "Try again") rather than sign out.
  const restored = await renewAccessToken(null).catch(() => undefined);
  if (restored === null) redirect(307, resolve('/login'));
}
