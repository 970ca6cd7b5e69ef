// Dashboard sessions (issue #6 point 1). An access token is a short JWT (HS256 only, issuer and
// audience checked, 15 minutes unless ACCESS_TOKEN_TTL_SECONDS says otherwise) naming the owner, their business and their session; passport-jwt
// verifies it for every protected route and every Socket.IO handshake alike, and the session must
// still be open, so logging out or a detected refresh-token theft ends access at once.
// Why passport-jwt over jsonwebtoken alone: docs/decisions/0008-accounts-and-sessions.md.
// The same secret also derives each refresh token's successor (decision 0023).
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import jwt from 'jsonwebtoken';
import type { Context, Next } from 'koa';
import { Passport } from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { z } from 'zod';
import type { Orm } from '../db/orm';
import { sessionIsOpen } from '../db/accounts';
import { unauthorized } from './errors';

export const ACCESS_TOKEN_ISSUER = 'nevermisscall';
export const ACCESS_TOKEN_AUDIENCE = 'nevermisscall-dashboard';
export const ACCESS_TOKEN_ALGORITHM = 'HS256';
/** The default; ACCESS_TOKEN_TTL_SECONDS overrides it. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 15 * 60;
/** Clocks of api processes and browsers drift a little. */
const CLOCK_TOLERANCE_SECONDS = 5;

export interface Owner {
  userId: string;
  tenantId: string;
  /** The sign-in (refresh-token family) this token belongs to. */
  sessionId: string;
}

const claimsSchema = z.object({
  sub: z.uuid(),
  tid: z.uuid(),
  sid: z.uuid(),
  iat: z.number(),
  exp: z.number(),
});

export interface Auth {
  issueAccessToken(owner: Owner): string;
  /** The owner an `Authorization: Bearer` header names, or undefined for a missing, invalid or revoked token. */
  authenticate(headers: IncomingHttpHeaders): Promise<Owner | undefined>;
  /** The same check for a bare token (Socket.IO sends it in the handshake's auth payload). */
  authenticateToken(token: string): Promise<Owner | undefined>;
  /** Koa middleware: a valid bearer token or 401; the owner lands in ctx.state.owner. */
  requireOwner(): (ctx: Context, next: Next) => Promise<void>;
  /**
   * The refresh token that follows `previous`: a keyed hash of it, so the api can compute it again
   * when the same previous token comes back within the grace window, without storing any token.
   */
  successorRefreshToken(previous: string): string;
}

export function createAuth({
  secret,
  orm,
  accessTokenLifetimeSeconds = ACCESS_TOKEN_LIFETIME_SECONDS,
}: {
  secret: string;
  orm: Orm;
  accessTokenLifetimeSeconds?: number;
}): Auth {
  const passport = new Passport();
  passport.use(
    'jwt',
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKey: secret,
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        jsonWebTokenOptions: {
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          // A token we did not mint with a lifetime is refused even if it carries a far exp.
          maxAge: accessTokenLifetimeSeconds + CLOCK_TOLERANCE_SECONDS,
        },
      },
      (payload: unknown, done: (error: unknown, owner?: Owner | false) => void) => {
        const claims = claimsSchema.safeParse(payload);
        if (!claims.success) return done(null, false);
        const owner = { userId: claims.data.sub, tenantId: claims.data.tid, sessionId: claims.data.sid };
        sessionIsOpen(orm.em.fork(), owner).then(
          (open) => done(null, open ? owner : false),
          (error: unknown) => done(error),
        );
      },
    ),
  );

  function authenticate(headers: IncomingHttpHeaders): Promise<Owner | undefined> {
    return new Promise((resolve, reject) => {
      // passport's middleware works on any object with headers; no session, no response needed.
      const request = { headers } as never;
      const middleware = passport.authenticate('jwt', { session: false }, (error: unknown, owner: Owner | false) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(owner || undefined);
      }) as (req: never, res: never, next: (error?: unknown) => void) => void;
      middleware(request, {} as never, (error) => reject(error instanceof Error ? error : new Error(String(error))));
    });
  }

  return {
    issueAccessToken(owner) {
      return jwt.sign({ tid: owner.tenantId, sid: owner.sessionId }, secret, {
        algorithm: ACCESS_TOKEN_ALGORITHM,
        subject: owner.userId,
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        expiresIn: accessTokenLifetimeSeconds,
      });
    },
    authenticate,
    successorRefreshToken(previous) {
      // The label keeps this use of the secret apart from JWT signing (whose input is base64url).
      return `nmr_${createHmac('sha256', secret).update(`refresh-token-successor\0${previous}`).digest('base64url')}`;
    },
    authenticateToken(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return Promise.resolve(undefined);
      return authenticate({ authorization: `Bearer ${token}` });
    },
    requireOwner() {
      return async (ctx, next) => {
        if (!/^Bearer\s+\S+$/i.test(ctx.get('authorization')))
          throw unauthorized('sign in to continue: send Authorization: Bearer <accessToken>');
        const owner = await authenticate(ctx.req.headers);
        if (!owner) throw unauthorized('your session is invalid or has expired; refresh it or sign in again', 'invalid_token');
        ctx.state.owner = owner;
        await next();
      };
    },
  };
}
