// Who may call the emulated APIs: authorization codes (as if the owner consented), refresh tokens
// and short-lived access tokens, shared by the Google and Microsoft token endpoints. Revoking an
// account's grant makes its refresh tokens answer invalid_grant, as a real provider does when the
// owner removes the app's access or the token expires unused.
import { randomBytes } from 'node:crypto';

const ACCESS_TOKEN_SECONDS = 3600;

interface AccessGrant {
  accountId: string;
  expiresAt: number;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  accountId: string;
}

export type Exchange = { ok: true; tokens: IssuedTokens } | { ok: false; error: 'invalid_grant' | 'invalid_client'; description: string };

const token = (prefix: string) => `${prefix}.${randomBytes(18).toString('base64url')}`;

export class OAuthGrants {
  private readonly codes = new Map<string, string>();
  private readonly refreshTokens = new Map<string, string>();
  private readonly accessTokens = new Map<string, AccessGrant>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The code a consent screen would hand back to the app's redirect URI; good for one exchange. */
  grantCode(accountId: string): string {
    const code = token('code');
    this.codes.set(code, accountId);
    return code;
  }

  exchangeCode(code: string): Exchange {
    const accountId = this.codes.get(code);
    if (accountId === undefined)
      return { ok: false, error: 'invalid_grant', description: 'The authorization code is invalid or was already used.' };
    this.codes.delete(code);
    const refreshToken = token('refresh');
    this.refreshTokens.set(refreshToken, accountId);
    return { ok: true, tokens: { ...this.access(accountId), refreshToken } };
  }

  /**
   * A fresh access token; `rotate` also issues a new refresh token (Microsoft does, Google does not).
   * The one used stays valid, as at Microsoft ("doesn't revoke old refresh tokens when used"): two
   * activities refreshing the same stored token at once must both get through.
   */
  refresh(refreshToken: string, rotate: boolean): Exchange {
    const accountId = this.refreshTokens.get(refreshToken);
    if (accountId === undefined)
      return { ok: false, error: 'invalid_grant', description: 'The refresh token has expired or been revoked.' };
    let current = refreshToken;
    if (rotate) {
      current = token('refresh');
      this.refreshTokens.set(current, accountId);
    }
    return { ok: true, tokens: { ...this.access(accountId), refreshToken: current } };
  }

  /** The account a bearer token speaks for, or why it does not. */
  authenticate(authorization: string | undefined): { accountId: string } | { refused: 'missing' | 'invalid' | 'expired' } {
    const bearer = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
    if (!bearer) return { refused: 'missing' };
    const grant = this.accessTokens.get(bearer);
    if (!grant) return { refused: 'invalid' };
    if (grant.expiresAt <= this.now()) return { refused: 'expired' };
    return { accountId: grant.accountId };
  }

  /** Every access token of the account stops working now (the 401 fault): the client must refresh. */
  expireAccess(accountId: string): void {
    for (const grant of this.accessTokens.values()) if (grant.accountId === accountId) grant.expiresAt = 0;
  }

  /** The owner took the app's access away: refresh and access tokens are all dead. */
  revoke(accountId: string): void {
    for (const [refreshToken, owner] of this.refreshTokens) if (owner === accountId) this.refreshTokens.delete(refreshToken);
    for (const [accessToken, grant] of this.accessTokens) if (grant.accountId === accountId) this.accessTokens.delete(accessToken);
  }

  /** Revokes whichever account holds this refresh token (Google's /revoke endpoint). */
  revokeToken(someToken: string): boolean {
    const accountId = this.refreshTokens.get(someToken) ?? this.accessTokens.get(someToken)?.accountId;
    if (accountId === undefined) return false;
    this.revoke(accountId);
    return true;
  }

  clear(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }

  private access(accountId: string): Omit<IssuedTokens, 'refreshToken'> {
    const accessToken = token('access');
    this.accessTokens.set(accessToken, { accountId, expiresAt: this.now() + ACCESS_TOKEN_SECONDS * 1000 });
    return { accessToken, expiresIn: ACCESS_TOKEN_SECONDS, accountId };
  }
}
