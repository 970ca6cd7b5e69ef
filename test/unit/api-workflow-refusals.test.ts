// The conversation's refusals reach the dashboard as HTTP errors an owner can act on: a 4xx with a
// code for what they can fix, a 503 (try again) for a texting outage — never a bare 500.
import { workflowRefusal } from '../../api/conversation-commands';

test.each([
  ['InvalidMessage', 422, 'invalid_message'],
  ['InvalidSlot', 422, 'invalid_slot'],
  ['CallerOptedOut', 409, 'caller_opted_out'],
  ['ConversationClosed', 409, 'conversation_closed'],
  ['NotReady', 409, 'conversation_starting'],
  ['SlotUnavailable', 409, 'slot_unavailable'],
  ['SlotTaken', 409, 'slot_taken'],
  ['NoAppointment', 409, 'no_appointment'],
  ['CannotText', 409, 'caller_cannot_be_texted'],
  ['SendFailed', 503, 'send_failed'],
  ['SomethingNew', 422, 'refused_by_conversation'],
])('%s → %i %s', (type, status, code) => {
  const error = workflowRefusal(type, 'because');
  expect(error).toMatchObject({ status, code });
});
