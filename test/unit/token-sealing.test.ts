// Refresh tokens at rest (issue #16 point 1): sealed with AES-256-GCM under the first key, opened
// by any listed key, bound to their connection, and resealed after a rotation.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { createTokenSealer, parseTokenKeys, sandboxTokenKeys, TokenKeyError } from '../../providers/token-sealing';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

test('a sealed token opens only in its own context and never contains the token', () => {
  const sealer = createTokenSealer(key('k1'));
  const sealed = sealer.seal('1//refresh-token-secret', 'tenant-a:google');
  expect(sealed).not.toContain('refresh-token-secret');
  expect(sealed.startsWith('v1.k1.')).toBe(true);
  expect(sealer.open(sealed, 'tenant-a:google')).toBe('1//refresh-token-secret');
  expect(sealer.open(sealed, 'tenant-b:google')).toBeUndefined();
});

test('any change to the sealed text is refused (the authentication tag)', () => {
  const sealer = createTokenSealer(key('k1'));
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (token, at, flip) => {
      const sealed = sealer.seal(token, 'ctx');
      const parts = sealed.split('.');
      const body = Buffer.from(parts[3]!, 'base64url');
      const tag = Buffer.from(parts[4]!, 'base64url');
      const target = body.length > 0 ? body : tag;
      target[at % target.length]! ^= flip;
      const tampered = [parts[0], parts[1], parts[2], body.toString('base64url'), tag.toString('base64url')].join('.');
      expect(sealer.open(tampered, 'ctx')).toBeUndefined();
      expect(sealer.open(sealed, 'ctx')).toBe(token);
    }),
  );
});

test('a shortened authentication tag or IV is refused (GCM would accept a 4-byte tag, which can be forged by trying)', () => {
  const sealer = createTokenSealer(key('k1'));
  const sealed = sealer.seal('1//refresh-token-secret', 'ctx');
  const [version, id, iv, body, tag] = sealed.split('.');
  for (const bytes of [4, 8, 12, 15]) {
    const short = Buffer.from(tag!, 'base64url').subarray(0, bytes).toString('base64url');
    expect(sealer.open([version, id, iv, body, short].join('.'), 'ctx')).toBeUndefined();
  }
  const shortIv = Buffer.from(iv!, 'base64url').subarray(0, 8).toString('base64url');
  expect(sealer.open([version, id, shortIv, body, tag].join('.'), 'ctx')).toBeUndefined();
  expect(sealer.open(sealed, 'ctx')).toBe('1//refresh-token-secret');
});

test('rotation: a new first key seals, the old still opens, and old tokens read as stale', () => {
  const old = key('2026a');
  const before = createTokenSealer(old);
  const sealedBefore = before.seal('token-1', 'ctx');
  const after = createTokenSealer(`${key('2026b')},${old}`);
  expect(after.open(sealedBefore, 'ctx')).toBe('token-1');
  expect(after.isStale(sealedBefore)).toBe(true);
  const resealed = after.seal('token-1', 'ctx');
  expect(after.isStale(resealed)).toBe(false);
  // Once the old key is dropped, what it sealed no longer opens: reseal everything first.
  expect(createTokenSealer(key('2026c')).open(sealedBefore, 'ctx')).toBeUndefined();
});

test('malformed keys are refused with a message naming the variable', () => {
  expect(() => parseTokenKeys('')).toThrow(TokenKeyError);
  expect(() => parseTokenKeys('k1:c2hvcnQ=')).toThrow(/CALENDAR_TOKEN_KEYS: key "k1" must be 32 bytes/);
  expect(() => parseTokenKeys(`${key('same')},${key('same')}`)).toThrow(/must differ/);
  expect(() => parseTokenKeys(`bad id:${randomBytes(32).toString('base64')}`)).toThrow(/id of letters/);
});

test('sandbox keys are derived from the local secret: stable for one secret, different for another', () => {
  expect(sandboxTokenKeys('secret-a')).toBe(sandboxTokenKeys('secret-a'));
  expect(sandboxTokenKeys('secret-a')).not.toBe(sandboxTokenKeys('secret-b'));
  const sealed = createTokenSealer(sandboxTokenKeys('secret-a')).seal('t', 'c');
  expect(createTokenSealer(sandboxTokenKeys('secret-b')).open(sealed, 'c')).toBeUndefined();
});
