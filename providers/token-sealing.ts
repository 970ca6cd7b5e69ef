// The owner's calendar refresh tokens at rest (issue #16): sealed with AES-256-GCM under a key from
// the environment, so a copy of the database alone reveals no token. A sealed token names its key:
// keys rotate by putting a new key first in CALENDAR_TOKEN_KEYS and keeping the old ones after it
// until every token is sealed anew (each is resealed under the first key when next used; see
// docs/decisions/0025-owner-calendars.md). The business and provider (`${tenantId}:${provider}`,
// one connection each) are the additional authenticated data: a sealed token copied onto another
// business's row does not open.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface TokenSealer {
  seal(token: string, context: string): string;
  /** The token, or undefined when the text was not sealed by one of our keys for this context. */
  open(sealed: string, context: string): string | undefined;
  /** Sealed under a key that is no longer the first: seal it again. */
  isStale(sealed: string): boolean;
}

export class TokenKeyError extends Error {}

/** Parses "id:base64,id:base64": 32-byte keys, the first seals, all open. */
export function parseTokenKeys(text: string): Array<{ id: string; key: Buffer }> {
  const keys = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id = '', encoded = ''] = entry.split(':');
      const key = Buffer.from(encoded, 'base64');
      if (!KEY_ID.test(id))
        throw new TokenKeyError('CALENDAR_TOKEN_KEYS: each key is "id:base64" with a short id of letters, digits, - or _');
      if (key.length !== 32) throw new TokenKeyError(`CALENDAR_TOKEN_KEYS: key "${id}" must be 32 bytes (base64 of 32 random bytes)`);
      return { id, key };
    });
  if (keys.length === 0) throw new TokenKeyError('CALENDAR_TOKEN_KEYS: no key given');
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new TokenKeyError('CALENDAR_TOKEN_KEYS: key ids must differ');
  return keys;
}

/** Sandbox stacks derive their key from a local secret they already have, so they need no extra variable. */
export function sandboxTokenKeys(localSecret: string): string {
  const key = Buffer.from(hkdfSync('sha256', localSecret, 'nevermisscall', 'calendar-token-key', 32));
  return `sandbox:${key.toString('base64')}`;
}

const b64 = (buffer: Buffer) => buffer.toString('base64url');

export function createTokenSealer(keysText: string): TokenSealer {
  const keys = parseTokenKeys(keysText);
  const current = keys[0]!;
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  const aad = (context: string) => createHash('sha256').update(context).digest();
  return {
    seal(token, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(aad(context));
      const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return [VERSION, current.id, b64(iv), b64(body), b64(cipher.getAuthTag())].join('.');
    },
    open(sealed, context) {
      const [version, id, iv, body, tag] = sealed.split('.');
      const key = id === undefined ? undefined : byId.get(id);
      if (version !== VERSION || !key || iv === undefined || body === undefined || tag === undefined) return undefined;
      const ivBytes = Buffer.from(iv, 'base64url');
      const tagBytes = Buffer.from(tag, 'base64url');
      // Exactly what seal writes: GCM would otherwise accept a tag cut to 4 bytes, which someone
      // able to write the database could forge by trying.
      if (ivBytes.length !== 12 || tagBytes.length !== 16) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: 16 });
        decipher.setAAD(aad(context));
        decipher.setAuthTag(tagBytes);
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return undefined; // tampered with, or sealed for another connection
      }
    },
    isStale(sealed) {
      return sealed.split('.')[1] !== current.id;
    },
  };
}
