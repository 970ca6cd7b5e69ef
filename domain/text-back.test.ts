// The first text says it is automated while the assistant carries the conversation, and not when
// the owner has it; either way it stays within the first text's budget: one segment, and the
// opt-out footer inside the dashboard's 140-character preview, after hours too.
import { gsm7Length } from './gsm7';
import { OPT_OUT_FOOTER, textBackAfterVoicemail, textBackGreeting, withReopening } from './text-back';

/** The demo business (db/seed.ts) and a name as long as the e2e tests' ("Test Plumbing 1a2b3c4d"). */
const NAMES = ['Ace Plumbing & Heating', 'Test Plumbing 1a2b3c4d', 'Ace'];

test('the assistant carries the conversation: the first text says it is an automated assistant for the business', () => {
  expect(textBackGreeting({ name: ' Ace Plumbing ' })).toBe(
    'Ace Plumbing (automated assistant): Sorry we missed your call! How can we help? Reply STOP to opt out.',
  );
  expect(textBackGreeting({ name: 'Ace Plumbing' }, { automated: true })).toBe(textBackGreeting({ name: 'Ace Plumbing' }));
  expect(textBackAfterVoicemail({ name: 'Ace Plumbing' })).toBe(
    "Ace Plumbing (automated assistant): Sorry we missed your call - we got your voicemail and we're on it. Anything to add? Reply STOP to opt out.",
  );
});

test('the owner has the conversation: the first text is not labelled automated', () => {
  expect(textBackGreeting({ name: 'Ace Plumbing' }, { automated: false })).toBe(
    'Hi, this is Ace Plumbing. Sorry we missed your call! How can we help? Reply STOP to opt out.',
  );
  expect(textBackAfterVoicemail({ name: 'Ace Plumbing' }, { automated: false })).not.toMatch(/automated/);
});

describe.each(NAMES)('within the first text’s budget for %j', (name) => {
  test.each([true, false])('automated %j: one segment, footer in the 140-character preview, in hours and after', (automated) => {
    for (const reopensAt of [undefined, 'Mon 8:00 AM', 'Wed 12:00 PM']) {
      const text = withReopening(textBackGreeting({ name }, { automated }), reopensAt);
      expect(gsm7Length(text)).toBeLessThanOrEqual(160);
      expect(text.endsWith(OPT_OUT_FOOTER)).toBe(true);
      expect(text.slice(0, 140)).toContain('Reply STOP');
    }
  });

  test('the voicemail text-back in hours: one segment', () => {
    for (const automated of [true, false]) expect(gsm7Length(textBackAfterVoicemail({ name }, { automated }))).toBeLessThanOrEqual(160);
  });
});
