import { conversationWorkflowId } from './conversation-id';
import { isFinalLeadStatus } from './lead-status';
import { isMissedDialStatus } from './missed-call';
import { canAdvanceStatus } from './message-status';
import { isE164, toE164 } from './phone';
import { OPT_OUT_FOOTER, textBackGreeting, withReopening } from './text-back';

describe('phone numbers are normalised to E.164 (a malformed number must never reach Twilio)', () => {
  test.each([
    ['+15125550123', '+15125550123'],
    ['(512) 555-0123', '+15125550123'],
    ['512.555.0123', '+15125550123'],
    [' +44 20 7946 0958 ', '+442079460958'],
    ['', undefined],
    ['12', undefined],
    ['not a number', undefined],
    ['+1'.padEnd(40, '5'), undefined],
  ])('toE164(%j) is %j', (raw, expected) => {
    expect(toE164(raw)).toBe(expected);
  });

  test.each([
    ['+15125550123', true],
    ['15125550123', false],
    ['+05125550123', false],
    ['+1 512 555 0123', false],
  ])('isE164(%j) is %j', (value, expected) => {
    expect(isE164(value)).toBe(expected);
  });
});

describe('missed call detection', () => {
  test.each([
    ['no-answer', true],
    ['busy', true],
    ['failed', true],
    ['canceled', true],
    ['completed', false],
    ['answered', false],
    ['', false],
  ])('DialCallStatus %j counts as missed: %j', (status, missed) => {
    expect(isMissedDialStatus(status)).toBe(missed);
  });
});

test('one conversation per business and caller: the workflow id names both', () => {
  expect(conversationWorkflowId('t-1', '+15125550123')).toBe('conversation/t-1/+15125550123');
  expect(conversationWorkflowId('t-2', '+15125550123')).not.toBe(conversationWorkflowId('t-1', '+15125550123'));
});

test('the first text names the business and says how to opt out', () => {
  const text = textBackGreeting({ name: '  Ace Plumbing ' });
  expect(text).toContain('Ace Plumbing (automated assistant):');
  expect(text.endsWith(OPT_OUT_FOOTER)).toBe(true);
  expect(text.length).toBeLessThanOrEqual(160);
});

test('after hours the first text says when the business will reply, keeps its opt-out footer last, and fits one segment', () => {
  const text = withReopening(textBackGreeting({ name: 'Ace Plumbing & Heating' }), 'Mon 8:00 AM');
  expect(text).toBe(
    "Ace Plumbing & Heating (automated assistant): Sorry we missed your call! How can we help? We're closed; we'll reply Mon 8:00 AM. Reply STOP to opt out.",
  );
  expect(text.length).toBeLessThanOrEqual(160);
  // The dashboard previews 140 characters: the opt-out footer must still show there.
  expect(text.slice(0, 140)).toContain('Reply STOP');
  expect(withReopening(textBackGreeting({ name: 'Ace' }), undefined)).toBe(textBackGreeting({ name: 'Ace' }));
});

test.each([
  ['new', false],
  ['engaged', false],
  ['qualified', false],
  ['booked', true],
  ['lost', true],
  ['unresponsive', true],
  ['opted_out', true],
] as const)('lead status %s is final: %s', (status, final) => {
  expect(isFinalLeadStatus(status)).toBe(final);
});

describe('delivery status only moves forward (a late callback must not undo a later one)', () => {
  test.each([
    ['queued', 'sent', true],
    ['queued', 'delivered', true],
    ['sent', 'delivered', true],
    ['sent', 'undelivered', true],
    ['delivered', 'sent', false],
    ['delivered', 'queued', false],
    ['undelivered', 'delivered', false],
    ['delivered', 'failed', false],
    ['sent', 'sent', false],
  ] as const)('%s -> %s allowed: %s', (current, next, allowed) => {
    expect(canAdvanceStatus(current, next)).toBe(allowed);
  });
});
