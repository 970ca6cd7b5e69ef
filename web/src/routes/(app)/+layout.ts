import { resolve } from '$app/paths';
import { getToken } from '$lib/session';
import { redirect } from '@sveltejs/kit';

// Everything in (app) needs a signed-in owner; the api has the final word (a 401 that cannot be
// renewed signs out).
export function load(): void {
  if (!getToken()) redirect(307, resolve('/login'));
}
