import { dollarAmounts, quotableAmounts, withProfileDefaults } from './business-profile';
import { countsAsMissed } from './missed-call';

test.each([
  ['$149', [14900]],
  ['$ 89 call-out fee', [8900]],
  ['$1,200.50 or $99.9', [120050, 9990]],
  ['from $89 to $149', [8900, 14900]],
  ['149 dollars', []],
  ['no price', []],
])('dollar amounts in %j', (text, cents) => {
  expect(dollarAmounts(text)).toEqual(cents);
});

test('only price-book amounts are quotable', () => {
  const quotable = quotableAmounts({
    priceBook: [
      { service: 'Drain', price: '$149' },
      { service: 'Visit', price: '$89-$120' },
    ],
  });
  expect([...quotable].sort()).toEqual([12000, 14900, 8900].sort());
});

test('a stored profile is completed with defaults and never shares arrays with the stored one', () => {
  const stored = {
    priceBook: [{ service: 'Drain', price: '$149' }],
    serviceArea: { description: 'Austin', zipCodes: ['78701'], cities: [] },
  };
  const profile = withProfileDefaults(stored, { name: 'Ace', trade: 'plumbing' });
  expect(profile).toMatchObject({ name: 'Ace', trade: 'plumbing', tone: 'friendly', jobsTaken: [], jobsDeclined: [] });
  profile.priceBook[0]!.price = '$1';
  profile.serviceArea.zipCodes.push('1');
  expect(stored.priceBook[0]!.price).toBe('$149');
  expect(stored.serviceArea.zipCodes).toEqual(['78701']);
});

test.each([
  [{ dialStatus: 'no-answer', screened: true, ownerAccepted: false }, true],
  [{ dialStatus: 'busy', screened: true, ownerAccepted: false }, true],
  [{ dialStatus: 'failed', screened: false, ownerAccepted: false }, true],
  [{ dialStatus: 'canceled', screened: false, ownerAccepted: false }, true],
  // Carrier voicemail picked up the forwarded leg: Twilio says completed, nobody pressed 1.
  [{ dialStatus: 'completed', screened: true, ownerAccepted: false }, true],
  [{ dialStatus: 'completed', screened: true, ownerAccepted: true }, false],
  [{ dialStatus: 'completed', screened: false, ownerAccepted: false }, false],
])('counts as missed: %j -> %s', (call, missed) => {
  expect(countsAsMissed(call)).toBe(missed);
});
