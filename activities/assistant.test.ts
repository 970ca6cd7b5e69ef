// The safety net over a model's answer (guardDecision) and the prompt it is asked with. Each case
// is a model mistake or a caller trick, and what the caller's phone must (not) receive.
import { withProfileDefaults } from '../domain/business-profile';
import type { TranscriptEntry } from '../contracts/conversation-workflow';
import { boundedTranscript, promptMessages, TRANSCRIPT_TURNS } from './assistant-prompt';
import { readPromptContext, type ModelDecision, type PromptContext } from './assistant-protocol';
import { guardDecision } from './assistant';

const context: PromptContext = {
  business: withProfileDefaults(
    {
      priceBook: [{ service: 'Drain cleaning', price: '$149' }],
      serviceArea: { description: 'Austin', cities: ['Austin'], zipCodes: ['78701'] },
      assistantName: 'Ava',
    },
    { name: 'Ace Plumbing', trade: 'plumbing' },
  ),
  hours: 'Mon 08:00-17:00',
  timeZone: 'America/Chicago',
  now: 'Thu 2026-11-26 09:00',
  lead: {},
  returningCustomer: null,
};
const said = (body: string): TranscriptEntry[] => [{ author: 'caller', body, at: '2026-11-26T15:00:00Z' }];
const answer = (overrides: Partial<ModelDecision> = {}): ModelDecision => ({
  reply: 'Thanks! What is the address?',
  fields: { callerName: null, serviceAddress: null, jobDescription: null, urgency: null, preferredTime: null },
  nextAction: 'reply',
  emergency: false,
  optOut: false,
  declineReason: null,
  ...overrides,
});

test('a good answer passes unchanged, with only the fields the caller stated', () => {
  const { decision, corrected } = guardDecision(
    answer({ fields: { callerName: 'Dana', serviceAddress: null, jobDescription: ' leaky tap ', urgency: 'soon', preferredTime: null } }),
    context,
    said('Dana here, leaky tap'),
  );
  expect(decision).toEqual({
    reply: 'Thanks! What is the address?',
    fields: { callerName: 'Dana', jobDescription: 'leaky tap', urgency: 'soon' },
    action: 'reply',
    emergency: false,
    optOut: false,
  });
  expect(corrected).toEqual([]);
});

test.each([
  [
    'a price not in the price book',
    answer({ reply: 'A new water heater is $1,200.' }),
    /owner will confirm the exact price/,
    'reply',
    'ungrounded_price',
  ],
  [
    'a discount after a prompt injection',
    answer({ reply: 'Sure, 50% off for you!' }),
    /can't offer discounts/,
    'reply',
    'promises_discount',
  ],
  [
    'a booking it never made',
    answer({ reply: "You're booked for 10am tomorrow!" }),
    /^Let me find you a time/,
    'offer_slots',
    'claims_booking',
  ],
  ['JSON in the reply', answer({ reply: '{"reply": "hi"}' }), /^Thanks for your message! Someone from Ace Plumbing/, 'handoff', 'json'],
  ['an over-long reply', answer({ reply: 'word '.repeat(80) }), /^Thanks for your message!/, 'handoff', 'too_long'],
  ['an empty reply', answer({ reply: '  ' }), /^Thanks for your message!/, 'handoff', 'empty'],
])('%s is never sent', (_what, modelAnswer, expectedReply, expectedAction, problem) => {
  const { decision, corrected } = guardDecision(modelAnswer, context, said('how much for a water heater?'));
  expect(decision.reply).toMatch(expectedReply);
  expect(decision.action).toBe(expectedAction);
  expect(corrected).toContain(problem);
});

test('a price from the price book may be quoted', () => {
  const { decision } = guardDecision(answer({ reply: 'Drain cleaning is $149.' }), context, said('how much to clean a drain?'));
  expect(decision.reply).toBe('Drain cleaning is $149.');
});

test('an emergency the model missed is still handed off at once, with the safety text', () => {
  const { decision, corrected } = guardDecision(answer({ reply: 'Sure, what time works?' }), context, said('I smell gas in the basement'));
  expect(decision).toMatchObject({ emergency: true, action: 'handoff', fields: { urgency: 'emergency' } });
  expect(decision.reply).toMatch(/call 911/);
  expect(corrected).toEqual(['emergency_missed']);
});

test('a plain-words opt-out the model missed is treated as STOP: nothing is sent', () => {
  const { decision, corrected } = guardDecision(answer({ reply: 'Sorry to bother you!' }), context, said('leave me alone'));
  expect(decision).toEqual({ reply: '', fields: {}, action: 'close', emergency: false, optOut: true });
  expect(corrected).toEqual(['opt_out_missed']);
});

test('no valid answer at all: the safe fallback in the caller’s language, and a handoff', () => {
  expect(guardDecision(undefined, context, said('hola, necesito un plomero')).decision).toMatchObject({
    reply: expect.stringMatching(/^Gracias por su mensaje/),
    action: 'handoff',
  });
  expect(guardDecision(undefined, context, said('water pouring from the ceiling, pipe burst')).decision).toMatchObject({
    emergency: true,
    action: 'handoff',
  });
});

test('a declined job closes the lead with the reason', () => {
  const { decision } = guardDecision(
    answer({ reply: "Sorry, we don't cover Dallas.", nextAction: 'reply', declineReason: 'out_of_area' }),
    context,
    said('I am in Dallas'),
  );
  expect(decision).toMatchObject({ action: 'close', declineReason: 'out_of_area', fields: { declineReason: 'out_of_area' } });
});

test('a decline whose reply cannot be sent is handed to the owner rather than closed', () => {
  const { decision } = guardDecision(answer({ reply: '', declineReason: 'out_of_area' }), context, said('I am in Dallas'));
  expect(decision).toMatchObject({ action: 'handoff', reply: expect.stringMatching(/^Thanks for your message!/) });
  expect(decision.declineReason).toBeUndefined();
});

test('smart quotes and emoji are made SMS-safe rather than sent', () => {
  expect(guardDecision(answer({ reply: 'We’ll be glad to help 😊' }), context, said('hi')).decision.reply).toBe("We'll be glad to help");
});

test('the prompt carries the business facts for the model and, embedded, for the offline assistant', () => {
  const messages = promptMessages(context, [
    ...said('my drain is slow'),
    { author: 'owner', body: 'I can come Friday', at: 'x' },
    { author: 'system', body: 'caller opted in', at: 'y' },
  ]);
  expect(messages[0]!.role).toBe('system');
  expect(messages[0]!.content).toContain('- Drain cleaning: $149');
  expect(messages[0]!.content).toContain('Never state a price that is not in the price book');
  // The rules the safety net enforces, told to the model too.
  expect(messages[0]!.content).toMatch(/Quote only the price-book entry for the job the caller asks about/);
  expect(messages[0]!.content).toMatch(/automated assistant for the business, and offer a call back/);
  expect(messages[0]!.content).toMatch(/asks for a phone call.*nextAction "handoff"/);
  expect(messages[0]!.content).toMatch(/checks it on a map and against the service area/);
  expect(readPromptContext(messages[0]!.content)).toEqual(context);
  expect(messages.slice(1)).toEqual([
    { role: 'user', content: 'my drain is slow' },
    { role: 'assistant', content: '(owner) I can come Friday' },
    { role: 'user', content: '[note] caller opted in' },
  ]);
});

test('the transcript is bounded: a 200-message conversation costs the same per turn as a short one', () => {
  const long = Array.from({ length: 200 }, (_, i) => ({ author: 'caller' as const, body: `${i} ${'x'.repeat(2_000)}`, at: 'z' }));
  const bounded = boundedTranscript(long);
  expect(bounded).toHaveLength(TRANSCRIPT_TURNS);
  expect(bounded[0]!.body.startsWith(`${200 - TRANSCRIPT_TURNS} `)).toBe(true);
  expect(Math.max(...bounded.map((entry) => entry.body.length))).toBeLessThanOrEqual(600);
});
