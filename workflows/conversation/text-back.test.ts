// Honest disclosure in the first text (issue #15 point 4), decided by the pure conversation core:
// "automated assistant" while the assistant carries the conversation, not once the owner took it
// over (here during the text-back delay), and the text's author says the same.
import { withConversationDefaults } from '../../domain/settings';
import { decide, newConversation } from './decide';
import type { Command, Conversation, Event } from './model';

const START = Date.parse('2026-11-24T16:00:00Z'); // a Tuesday, 10:00 in Chicago: open, no quiet hours
const settings = withConversationDefaults({
  timeZone: 'America/Chicago',
  businessName: 'Ace Plumbing',
  calls: { forwardToOwner: true, ringTimeoutSeconds: 20, textBackDelayMs: 3 * 60_000 },
});

/** The greeting a missed call gets, with `between` applied during the text-back delay. */
function greeting(between: Event[]): Extract<Command, { type: 'send_text' }>['text'] {
  let state: Conversation = newConversation(
    { conversationId: 'c-1', tenantId: 't-1', callerPhone: '+15125550123', businessPhone: '+15125550100' },
    START,
  );
  const sent: Command[] = [];
  const step = (event: Event, now: number) => {
    const decision = decide(state, event, now);
    state = decision.state;
    sent.push(...decision.commands);
    return decision.commands;
  };
  const open = step({ type: 'missed_call', call: { callSid: 'CA1', dialStatus: 'no-answer' } }, START).find(
    (command) => command.type === 'open',
  );
  step({ type: 'opened', ref: open!.ref, settings, optedOut: false }, START + 1_000);
  for (const event of between) step(event, START + 60_000);
  step({ type: 'tick' }, START + 3 * 60_000 + 1_000);
  const texts = sent.flatMap((command) => (command.type === 'send_text' ? [command.text] : []));
  expect(texts).toHaveLength(1);
  return texts[0]!;
}

test('the assistant carries the conversation: the greeting says it is an automated assistant', () => {
  expect(greeting([])).toMatchObject({
    kind: 'greeting',
    author: 'assistant',
    body: 'Ace Plumbing (automated assistant): Sorry we missed your call! How can we help? Reply STOP to opt out.',
  });
});

test('the owner took the conversation over before the greeting went: it is not labelled automated', () => {
  const text = greeting([{ type: 'take_over' }]);
  expect(text).toMatchObject({ kind: 'greeting', author: 'system' });
  expect(text.body).toBe('Hi, this is Ace Plumbing. Sorry we missed your call! How can we help? Reply STOP to opt out.');
});
