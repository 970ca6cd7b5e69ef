// What an operator reads in Temporal Web UI for a conversation (issue #17 point 6): the lead
// status, who answers, and the next thing the conversation waits for, from the pure core's state.
import { withConversationDefaults } from '../../domain/settings';
import { decide, detailsForOperators, newConversation } from './decide';
import type { Conversation, Event } from './model';

const START = Date.parse('2026-11-24T16:00:00Z'); // a Tuesday, 10:00 in Chicago: open, no quiet hours
const settings = withConversationDefaults({
  timeZone: 'America/Chicago',
  businessName: 'Ace Plumbing',
  calls: { forwardToOwner: true, ringTimeoutSeconds: 20, textBackDelayMs: 3 * 60_000 },
});

/** A conversation opened by a missed call (the text-back delay counts from the open). */
function afterMissedCall(): { step: (event: Event, now: number) => void; current: () => Conversation } {
  let state = newConversation(
    { conversationId: 'c-1', tenantId: 't-1', callerPhone: '+15125550123', businessPhone: '+15125550100' },
    START,
  );
  const step = (event: Event, now: number) => {
    const decision = decide(state, event, now);
    state = decision.state;
    return decision.commands;
  };
  const open = step({ type: 'missed_call', call: { callSid: 'CA1', dialStatus: 'no-answer' } }, START).find((c) => c.type === 'open');
  step({ type: 'opened', ref: open!.ref, settings, optedOut: false }, START + 1_000);
  return { step, current: () => state };
}

test('waiting to text back: the details name the text-back and its time', () => {
  const { current } = afterMissedCall();
  const details = detailsForOperators(current(), START + 2_000);
  expect(details).toContain('**Lead:** new · **Answering:** assistant');
  expect(details).toContain(`**Next:** text-back at ${new Date(START + 1_000 + 3 * 60_000).toISOString()}`);
});

test('after the owner takes over, the details say the owner answers', () => {
  const { step, current } = afterMissedCall();
  step({ type: 'take_over' }, START + 60_000);
  expect(detailsForOperators(current(), START + 61_000)).toContain('**Answering:** owner');
});
