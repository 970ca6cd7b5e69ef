// "Recent account activity" (issue #18 point 6): the business's security-relevant events, as the
// owner sees them in Settings — sign-ins and refused ones, a reused refresh token, numbers bought
// and released, settings changed — newest first, with no password or token in any of them.
import { createHash } from 'node:crypto';
import { call, registerBusiness, signIn, withRefreshCookie } from '../support/api-client';
import { stack, withDatabase } from '../support/stack';

interface Activity {
  events: { id: string; kind: string; detail: string; at: string }[];
}

test('sign-ins, a wrong password, a reused refresh token, a number bought and released and a settings change are listed, newest first', async () => {
  const owner = await registerBusiness(stack.apiUrl);
  const signedIn = await signIn(stack.apiUrl, owner.email, owner.password, '203.0.113.7');
  const token = signedIn.accessToken;
  expect(
    (await call(stack.apiUrl, 'POST', '/api/auth/login', { ip: '198.51.100.9', body: { email: owner.email, password: 'not-it' } })).status,
  ).toBe(401);

  // The first refresh rotates the token; presenting the old one again ends that session.
  // (Within 30 s the same token gets the same successor, decision 0023: move its use back past that.)
  expect((await withRefreshCookie(stack.apiUrl, 'refresh', owner.refreshToken)).status).toBe(200);
  await withDatabase((db) =>
    db.query("update refresh_tokens set used_at = used_at - interval '1 minute' where token_hash = $1", [
      createHash('sha256').update(owner.refreshToken).digest('hex'),
    ]),
  );
  expect((await withRefreshCookie(stack.apiUrl, 'refresh', owner.refreshToken)).status).toBe(401);

  const [available] = (await call<{ numbers: { e164: string }[] }>(stack.apiUrl, 'GET', '/api/numbers/available?areaCode=737', { token }))
    .body.numbers;
  const bought = await call<{ id: string; e164: string }>(stack.apiUrl, 'POST', '/api/numbers', { token, body: { e164: available!.e164 } });
  expect(bought.status).toBe(201);
  expect((await call(stack.apiUrl, 'DELETE', `/api/numbers/${bought.body.id}`, { token })).status).toBe(204);
  expect((await call(stack.apiUrl, 'PATCH', '/api/business', { token, body: { name: 'Renamed Plumbing' } })).status).toBe(200);

  const activity = await call<Activity>(stack.apiUrl, 'GET', '/api/account/activity', { token });
  expect(activity.status).toBe(200);
  const kinds = activity.body.events.map((event) => event.kind);
  expect(kinds).toEqual(['settings_changed', 'number_released', 'number_bought', 'refresh_token_reused', 'sign_in_failed', 'sign_in']);
  const byKind = Object.fromEntries(activity.body.events.map((event) => [event.kind, event.detail]));
  expect(byKind).toMatchObject({
    sign_in: 'from 203.0.113.7',
    sign_in_failed: 'from 198.51.100.9',
    number_bought: available!.e164,
    number_released: available!.e164,
    settings_changed: 'business: name',
  });
  const everything = JSON.stringify(activity.body);
  for (const secret of [owner.password, owner.refreshToken, signedIn.refreshToken, token]) expect(everything).not.toContain(secret);

  // Another business sees none of it.
  const other = await registerBusiness(stack.apiUrl);
  const theirs = await call<Activity>(stack.apiUrl, 'GET', '/api/account/activity', { token: other.accessToken });
  expect(theirs.body.events).toEqual([]);
});
