// The safety net's declined-job rule: a model that takes a job the business declines (its profile's
// jobsDeclined, read by domain/job-match.ts) gets the polite no instead of a booking path; a job
// the business takes is never turned down, nor a conversation about one already under way.
import { withProfileDefaults } from '../domain/business-profile';
import type { TranscriptEntry } from '../contracts/conversation-workflow';
import type { ModelDecision, PromptContext } from './assistant-protocol';
import { guardDecision } from './assistant';

const context = (lead: PromptContext['lead'] = {}): PromptContext => ({
  business: withProfileDefaults(
    {
      jobsTaken: ['drains', 'leaks and pipe repair', 'water heaters', 'toilets, faucets and sinks'],
      jobsDeclined: ['roofing', 'HVAC and air conditioning', 'appliance repair'],
    },
    { name: 'Ace Plumbing', trade: 'plumbing' },
  ),
  hours: 'Mon 08:00-17:00',
  timeZone: 'America/Chicago',
  now: 'Thu 2026-11-26 09:00',
  lead,
  returningCustomer: null,
});
const caller = (body: string): TranscriptEntry => ({ author: 'caller', body, at: '2026-11-26T15:00:00Z' });
const answer = (reply: string, overrides: Partial<ModelDecision> = {}): ModelDecision => ({
  reply,
  fields: { callerName: null, serviceAddress: null, jobDescription: null, urgency: null, preferredTime: null },
  nextAction: 'reply',
  emergency: false,
  optOut: false,
  declineReason: null,
  ...overrides,
});

test.each<[string, string, ModelDecision['nextAction']]>([
  ['AC stopped blowing cold air, can you come today?', 'Sure! What is your address?', 'reply'],
  ['My roof is leaking, can you replace some shingles?', 'Thanks Bob, here are our next open times.', 'offer_slots'],
  ['Mi refrigerador no enfría, ¿lo pueden reparar?', 'Claro, ¿cuál es su dirección?', 'book'],
])('a declined job the model takes is declined: %s', (said, reply, nextAction) => {
  const { decision, corrected } = guardDecision(answer(reply, { nextAction }), context(), [caller(said)]);
  expect(corrected).toEqual(['declined_job_taken']);
  expect(decision).toMatchObject({ action: 'close', declineReason: 'out_of_scope', fields: { declineReason: 'out_of_scope' } });
  expect(decision.reply).toMatch(/Ace Plumbing/);
  expect(decision.reply).not.toMatch(/address|direcci/i);
});

test('declined in Spanish when the caller writes Spanish', () => {
  const { decision } = guardDecision(answer('¿Su nombre?'), context(), [caller('el aire acondicionado no enfría, necesito ayuda')]);
  expect(decision.reply).toMatch(/Lo sentimos/);
});

test.each([
  'My water heater is leaking, can you come today?',
  'the AC drain line is clogged',
  'water is dripping from the ceiling under the bathroom',
])('a job the business takes goes on: %s', (said) => {
  const { decision, corrected } = guardDecision(answer('Sure! What is your address?'), context(), [caller(said)]);
  expect(corrected).toEqual([]);
  expect(decision.action).toBe('reply');
});

test('a declined job mentioned while a taken one is under way does not end the conversation', () => {
  const { decision, corrected } = guardDecision(
    answer('Noted! What is your address?'),
    context({ jobDescription: 'Kitchen sink clogged' }),
    [caller('Kitchen sink is clogged'), caller('also the fridge is leaking, but first the sink')],
  );
  expect(corrected).toEqual([]);
  expect(decision.action).toBe('reply');
});

test.each<[string, Partial<ModelDecision>]>([
  ['its own decline', { nextAction: 'close', declineReason: 'out_of_scope', reply: 'Sorry, we do not do AC work.' }],
  ['a handoff', { nextAction: 'handoff', reply: 'I will ask the owner.' }],
])('the model answering with %s is left alone', (_label, overrides) => {
  const { decision, corrected } = guardDecision(answer('x', overrides), context(), [caller('my AC is broken')]);
  expect(corrected).toEqual([]);
  expect(decision.action).toBe(overrides.nextAction);
});
