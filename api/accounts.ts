// Accounts (issue #6 point 1): register (a business and its owner), sign in, refresh, sign out.
// Passwords are argon2id hashes. A sign-in opens a session; its refresh tokens are stored only as
// SHA-256 hashes and rotate on every use: presenting a used one again means it was copied, so the
// whole session (the token family) is revoked and its access tokens stop working too — unless it
// comes back within a short grace window, when it gets the same successor again (decision 0023).
// The first token of a session is random; each next one is a keyed hash of the one before
// (Auth.successorRefreshToken), which is what lets the grace window answer "the same" without
// storing any token. The routes carry refresh tokens in a cookie (api/session-cookie.ts).
import { recordAccountActivity } from '../db/account-activity';
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  createOwner,
  lockRefreshToken,
  loginCandidate,
  userByEmail,
  openSession as insertSession,
  refreshTokenIsUnused,
  revokeSession,
  spendRefreshToken,
  storeRefreshToken,
} from '../db/accounts';
import { createBusiness } from '../db/businesses';
import type { Orm } from '../db/orm';
import type { Auth, Owner } from './auth';
import { conflict, tooManyRequests, unauthorized } from './errors';
import { beginLoginAttempt, beginRegistration, loginSucceeded } from './login-throttle';

export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 3600_000;
/** However often it is refreshed, a session ends after this; then the owner signs in again. */
export const SESSION_LIFETIME_MS = 90 * 24 * 3600_000;
/**
 * How long after a refresh token was exchanged the same token may come back and get the same new
 * pair instead of ending the session. Why: two tabs can present one token moments apart (the
 * dashboard's lock prevents it where the browser has Web Locks, not everywhere), and an answer lost
 * on the network is retried with the token already spent. 30 s covers a slow phone's retry; a
 * copied token used later than that still reads as theft.
 */
export const REFRESH_GRACE_SECONDS = 30;

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (argon2id is @node-rs/argon2's default algorithm;
// its const enum cannot be named under isolatedModules, so a unit test checks the hash says argon2id).
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
}

/** The answer to register and sign in; the routes put the refresh token in a cookie, never in the JSON. */
export interface SignedIn extends SessionTokens {
  /** The access token again, under the name the dashboard used before; to be removed. */
  token: string;
  user: { id: string; email: string };
  business: { id: string; name: string };
}

export interface Registration {
  email: string;
  password: string;
  businessName: string;
  trade: string;
  ownerPhone: string;
  timeZone: string;
}

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newRefreshToken = () => `nmr_${randomBytes(32).toString('base64url')}`;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export function createAccounts({ orm, auth }: { orm: Orm; auth: Auth }) {
  // Verified against when the email is unknown, so both answers take as long.
  let decoy: Promise<string> | undefined;
  const decoyHash = () => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

  async function openSession(em: EntityManager, user: { id: string; tenantId: string }): Promise<SessionTokens> {
    const sessionId = await insertSession(em, {
      userId: user.id,
      tenantId: user.tenantId,
      expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
    });
    return issueTokens(em, { userId: user.id, tenantId: user.tenantId, sessionId });
  }

  async function issueTokens(em: EntityManager, owner: Owner, refreshToken = newRefreshToken()): Promise<SessionTokens> {
    await storeRefreshToken(em, {
      hash: sha256(refreshToken),
      sessionId: owner.sessionId,
      expiresAt: new Date(Date.now() + REFRESH_TOKEN_LIFETIME_MS),
    });
    return { accessToken: auth.issueAccessToken(owner), refreshToken };
  }

  const signedIn = (tokens: SessionTokens, user: { id: string; email: string }, business: { id: string; name: string }): SignedIn => ({
    ...tokens,
    token: tokens.accessToken,
    user,
    business,
  });

  return {
    async register(input: Registration, ip: string): Promise<SignedIn> {
      const em = orm.em.fork();
      const gate = await beginRegistration(em, { ip });
      if (!gate.allowed)
        throw tooManyRequests(`too many new accounts from your address; try again in ${gate.retryAfterSeconds} s`, gate.retryAfterSeconds);
      const passwordHash = await hashPassword(input.password);
      return em.transactional(async (tx) => {
        const tenant = await createBusiness(tx, {
          name: input.businessName,
          trade: input.trade,
          timeZone: input.timeZone,
          ownerPhone: input.ownerPhone,
        });
        const user = await createOwner(tx, { tenantId: tenant.id, email: input.email, passwordHash });
        if (!user) throw conflict('email_taken', 'an account with that email already exists; sign in instead');
        const tokens = await openSession(tx, { id: user.id, tenantId: tenant.id });
        return signedIn(tokens, user, tenant);
      });
    },

    async login({ email, password }: { email: string; password: string }, ip: string): Promise<SignedIn> {
      const em = orm.em.fork();
      const gate = await beginLoginAttempt(em, { email, ip });
      if (!gate.allowed) {
        // A burst of attempts on a real account is the owner's business to know about.
        const target = await userByEmail(em, email);
        if (target) await recordAccountActivity(em, target.tenantId, 'sign_in_blocked', `from ${ip}`);
        throw tooManyRequests(`too many sign-in attempts; try again in ${gate.retryAfterSeconds} s`, gate.retryAfterSeconds);
      }
      const user = await loginCandidate(em, email);
      const matches = await verify(user?.password_hash ?? (await decoyHash()), password).catch(() => false);
      if (user && !matches) await recordAccountActivity(em, user.tenant_id, 'sign_in_failed', `from ${ip}`);
      // The same answer for an unknown email and a wrong password: no account discovery.
      if (!user || !matches) throw unauthorized('that email and password do not match an account', 'invalid_credentials');
      await loginSucceeded(em, { email, ip, userId: user.id });
      await recordAccountActivity(em, user.tenant_id, 'sign_in', `from ${ip}`);
      const tokens = await em.transactional((tx) => openSession(tx, { id: user.id, tenantId: user.tenant_id }));
      return signedIn(tokens, { id: user.id, email: user.email }, { id: user.tenant_id, name: user.business_name });
    },

    /**
     * Rotates the refresh token. A used one presented again within REFRESH_GRACE_SECONDS gets the
     * same successor (if that is still the newest token); later, it revokes the session.
     */
    async refresh(refreshToken: string): Promise<SessionTokens> {
      const em = orm.em.fork();
      const successor = auth.successorRefreshToken(refreshToken);
      const failed = (error: 'unknown' | 'revoked' | 'reused' | 'expired') => ({ error, tokens: undefined });
      const outcome = await em.transactional(async (tx) => {
        const token = await lockRefreshToken(tx, sha256(refreshToken));
        if (!token) return failed('unknown');
        if (token.revoked_at) return failed('revoked');
        const now = Date.now();
        const expired = new Date(token.expires_at).getTime() <= now || new Date(token.session_expires_at).getTime() <= now;
        const owner = { userId: token.user_id, tenantId: token.tenant_id, sessionId: token.session_id };
        if (token.used_at) {
          const inGrace = (token.seconds_since_used ?? Infinity) <= REFRESH_GRACE_SECONDS;
          if (inGrace && !expired && (await refreshTokenIsUnused(tx, sha256(successor), token.session_id)))
            return { error: undefined, tokens: { accessToken: auth.issueAccessToken(owner), refreshToken: successor } };
          await revokeSession(tx, { id: token.session_id }, 'refresh_token_reused');
          await recordAccountActivity(
            tx,
            token.tenant_id,
            'refresh_token_reused',
            'a used refresh token came back: that session was ended',
          );
          return failed('reused');
        }
        if (expired) return failed('expired');
        await spendRefreshToken(tx, sha256(refreshToken), token.session_id);
        return { error: undefined, tokens: await issueTokens(tx, owner, successor) };
      });
      if (outcome.tokens) return outcome.tokens;
      switch (outcome.error) {
        case 'reused':
          throw unauthorized(
            'this refresh token was already used, so it may have been copied: the session is ended; sign in again',
            'refresh_token_reused',
          );
        case 'revoked':
          throw unauthorized('this session has ended; sign in again', 'session_ended');
        case 'expired':
          throw unauthorized('this session has expired; sign in again', 'session_expired');
        default:
          throw unauthorized('that refresh token is not valid; sign in again', 'invalid_refresh_token');
      }
    },

    /** Ends the session the refresh token belongs to (its access tokens stop working too); unknown tokens change nothing. */
    async logout(refreshToken: string | undefined): Promise<void> {
      if (!refreshToken) return;
      await revokeSession(orm.em.fork(), { refreshTokenHash: sha256(refreshToken) }, 'logout');
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
