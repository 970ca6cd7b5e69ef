// Access tokens are verified by passport-jwt with the algorithm pinned and issuer, audience, age and
// claims checked, then against the session (here a stub that says whether it is open). Each token
// below is one an attacker could present; only the genuine one gets through.
import { createHmac, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, createAuth, type Owner } from '../../api/auth';
import type { Orm } from '../../db/orm';
import { TEST_JWT_SECRET } from '../support/api-app';

let sessionOpen = true;
const sessionChecks: unknown[][] = [];
const orm = {
  em: {
    fork: () => ({
      getConnection: () => ({
        execute: (_query: string, params: unknown[]) => {
          sessionChecks.push(params);
          return Promise.resolve(sessionOpen ? [{ '?column?': 1 }] : []);
        },
      }),
      getTransactionContext: () => undefined,
    }),
  },
} as unknown as Orm;
const auth = createAuth({ secret: TEST_JWT_SECRET, orm });
const owner: Owner = { userId: randomUUID(), tenantId: randomUUID(), sessionId: randomUUID() };
const now = () => Math.floor(Date.now() / 1000);

function sign(claims: Record<string, unknown>, { secret = TEST_JWT_SECRET, algorithm = 'HS256' as jwt.Algorithm } = {}) {
  return jwt.sign(
    {
      sub: owner.userId,
      tid: owner.tenantId,
      sid: owner.sessionId,
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      iat: now(),
      exp: now() + 600,
      ...claims,
    },
    secret,
    {
      algorithm,
    },
  );
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = () => ({
  sub: owner.userId,
  tid: owner.tenantId,
  sid: owner.sessionId,
  iss: ACCESS_TOKEN_ISSUER,
  aud: ACCESS_TOKEN_AUDIENCE,
  iat: now(),
  exp: now() + 600,
});

beforeEach(() => {
  sessionOpen = true;
  sessionChecks.length = 0;
});

test('a token the api issued names the owner, their business and session', async () => {
  const token = auth.issueAccessToken(owner);
  expect(await auth.authenticateToken(token)).toEqual(owner);
  expect(await auth.authenticate({ authorization: `Bearer ${token}` })).toEqual(owner);
  expect(jwt.decode(token, { complete: true })?.header.alg).toBe('HS256');
});

test.each<[string, () => string]>([
  ['expired', () => sign({ iat: now() - 3600, exp: now() - 60 })],
  ['signed with another secret (forged)', () => sign({}, { secret: 'another-secret-that-is-long-enough-0123456789' })],
  ['for another audience', () => sign({ aud: 'some-other-app' })],
  ['from another issuer', () => sign({ iss: 'someone-else' })],
  ['with alg=none and no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
  ['with alg=none and a signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.${'x'.repeat(43)}`],
  ['with an algorithm other than the pinned one (HS512, right secret)', () => sign({}, { algorithm: 'HS512' })],
  [
    'with a tampered payload (another business)',
    () => {
      const [header, , signature] = auth.issueAccessToken(owner).split('.');
      return `${header}.${b64({ ...claims(), tid: randomUUID() })}.${signature}`;
    },
  ],
  [
    'with a header saying HS256 but signed over a different header',
    () => {
      const header = b64({ alg: 'HS256', typ: 'JWT', kid: '../../etc/passwd' });
      const body = b64(claims());
      const signature = createHmac('sha256', TEST_JWT_SECRET)
        .update(`${b64({ alg: 'HS256', typ: 'JWT' })}.${body}`)
        .digest('base64url');
      return `${header}.${body}.${signature}`;
    },
  ],
  ['living longer than 15 minutes (a far expiry)', () => sign({ iat: now() - 3600, exp: now() + 365 * 86400 })],
  ['without a session id', () => sign({ sid: undefined })],
  ['with a business id that is not an id', () => sign({ tid: "x' or 1=1 --" })],
  ['empty', () => ''],
  ['garbage', () => 'a.b.c'],
])('a token %s is refused, and no session is looked up for it', async (_what, token) => {
  expect(await auth.authenticateToken(token())).toBeUndefined();
  expect(sessionChecks).toEqual([]);
});

test('a genuine token of a closed session (logged out, or revoked after refresh-token reuse) is refused', async () => {
  sessionOpen = false;
  expect(await auth.authenticateToken(auth.issueAccessToken(owner))).toBeUndefined();
  expect(sessionChecks).toEqual([[owner.sessionId, owner.userId, owner.tenantId]]);
});
