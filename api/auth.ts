// Dashboard sessions: a short JWT (algorithm pinned, issuer and audience checked) naming the
// owner and their business. Every protected route and socket reads the business from it.
import jwt from 'jsonwebtoken';
import type { Context, Next } from 'koa';
import { unauthorized } from './errors';

const ISSUER = 'nevermisscall';
const AUDIENCE = 'nevermisscall-dashboard';
const ALGORITHM = 'HS256';
const LIFETIME_SECONDS = 12 * 60 * 60;

export interface Owner {
  userId: string;
  tenantId: string;
}

export function createTokens(secret: string) {
  return {
    issue(owner: Owner): string {
      return jwt.sign({ tid: owner.tenantId }, secret, {
        algorithm: ALGORITHM,
        subject: owner.userId,
        issuer: ISSUER,
        audience: AUDIENCE,
        expiresIn: LIFETIME_SECONDS,
      });
    },
    verify(token: string): Owner {
      try {
        const payload = jwt.verify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
        if (typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.tid !== 'string')
          throw new Error('token names no owner');
        return { userId: payload.sub, tenantId: payload.tid };
      } catch {
        throw unauthorized('your session is invalid or has expired; sign in again');
      }
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;

/** Koa middleware: a valid bearer token or 401; the owner lands in ctx.state.owner. */
export function requireOwner(tokens: Tokens) {
  return async (ctx: Context, next: Next) => {
    const match = /^Bearer (.+)$/.exec(ctx.get('authorization'));
    if (!match) throw unauthorized();
    ctx.state.owner = tokens.verify(match[1]!);
    await next();
  };
}
