// Signed voicemail links: the only thing between a recording and anyone who guesses a URL.
import { createVoicemailLinks, VOICEMAIL_LINK_TTL_MS } from '../../api/voicemail-audio';

const links = createVoicemailLinks('s'.repeat(40));
const tenant = '7b0c6a55-3f4c-4d1e-9a57-2f1f0c3b9e11';
const call = '0e7c7a1e-9d3b-4d5e-8f00-1a2b3c4d5e6f';
const now = new Date('2026-11-26T12:00:00Z');

function parts(link: string) {
  const url = new URL(link, 'http://x');
  return {
    callId: url.pathname.replace('/api/voicemails/', '').replace('.wav', ''),
    tenantId: url.searchParams.get('tenant')!,
    expires: Number(url.searchParams.get('expires')),
    signature: url.searchParams.get('signature')!,
  };
}

test('a fresh link verifies, for its call and business only, until it expires', () => {
  const link = parts(links.link(tenant, call, now));
  expect(link).toMatchObject({ callId: call, tenantId: tenant, expires: now.getTime() + VOICEMAIL_LINK_TTL_MS });
  expect(links.verify(link, now)).toBe(true);
  expect(links.verify(link, new Date(link.expires - 1))).toBe(true);
  expect(links.verify(link, new Date(link.expires + 1))).toBe(false);
});

test.each([
  ['another call', { callId: 'f'.repeat(8) + call.slice(8) }],
  ['another business', { tenantId: 'f'.repeat(8) + tenant.slice(8) }],
  ['a later expiry', { expires: now.getTime() + VOICEMAIL_LINK_TTL_MS + 60_000 }],
  ['a forged signature', { signature: 'A'.repeat(43) }],
  ['a short signature', { signature: 'abc' }],
  ['a non-number expiry', { expires: Number.NaN }],
])('a link changed to %s is refused', (_what, change) => {
  expect(links.verify({ ...parts(links.link(tenant, call, now)), ...change }, now)).toBe(false);
});

test('a link signed with another secret is refused', () => {
  const other = createVoicemailLinks('t'.repeat(40));
  expect(links.verify(parts(other.link(tenant, call, now)), now)).toBe(false);
});
