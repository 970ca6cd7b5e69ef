// The offline assistant qualifies a caller without any model: it must ask for what is missing,
// never promise, escalate emergencies and honour plain-language refusals.
import { offlineAssistantTurn } from './offline-assistant';
import type { AssistantTurnInput } from '../activities/assistant';

const turn = (body: string, lead: AssistantTurnInput['lead'] = {}) =>
  offlineAssistantTurn({
    tenantId: 't',
    conversationId: 'c',
    businessName: 'Ace Plumbing',
    lead,
    transcript: [{ author: 'caller', body, at: '' }],
  });

test.each([
  ['my kitchen sink is leaking badly', {}, { jobDescription: 'my kitchen sink is leaking badly' }, /name/i, 'reply'],
  ["I'm Dana Smith", { jobDescription: 'leak' }, { callerName: 'Dana Smith' }, /address/i, 'reply'],
  [
    'it is at 12 Oak Street, Austin',
    { jobDescription: 'leak', callerName: 'Dana' },
    { serviceAddress: '12 Oak Street, Austin' },
    /find you a time/i,
    'offer_slots',
  ],
] as const)('%j asks for the next missing field', (body, lead, fields, replyPattern, action) => {
  const decision = turn(body, lead);
  expect(decision.fields).toEqual(fields);
  expect(decision.reply).toMatch(replyPattern);
  expect(decision.action).toBe(action);
  expect(decision.emergency).toBe(false);
});

test.each(['I smell gas in the basement', 'the basement is flooding', 'we have no heat and a baby at home'])(
  '%j is an emergency handed to the owner',
  (body) => {
    expect(turn(body)).toMatchObject({ emergency: true, action: 'handoff', fields: { urgency: 'emergency' } });
  },
);

test.each(['leave me alone', 'No más por favor', "don't text me again"])('%j is an opt-out in plain words', (body) => {
  expect(turn(body)).toMatchObject({ optOut: true, reply: '' });
});

test('a polite decline closes the lead without opting out', () => {
  expect(turn('no thanks, already hired someone')).toMatchObject({ action: 'close', optOut: false });
});

test('it never quotes a price', () => {
  expect(turn('how much do you charge for a water heater install?').reply).not.toMatch(/\$\d/);
});
