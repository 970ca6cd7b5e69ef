// What the `state` query shows: the conversation as an operator or a test reads it.
import type { ConversationView, PendingTimers } from '../../contracts/conversation-workflow';
import type { Conversation } from './model';

export function toView(s: Conversation, timers: PendingTimers, nextWakeUp: number | undefined): ConversationView {
  return {
    conversationId: s.conversationId,
    leadStatus: s.leadStatus,
    mode: s.mode,
    optedOut: s.optedOut,
    greetingSent: s.greeting.sent,
    missedCalls: s.missedCalls,
    messagesFromCaller: s.messagesFromCaller,
    lead: { ...s.lead },
    timers,
    ...(nextWakeUp !== undefined ? { nextWakeUp: new Date(nextWakeUp).toISOString() } : {}),
    lastActivityAt: s.lastActivityAt,
    closed: s.phase === 'closing' || s.phase === 'closed',
    ...(s.appointment ? { appointment: { ...s.appointment } } : {}),
    offeredSlots: s.offer ? s.offer.slots.map((slot) => ({ ...slot })) : [],
    remindersSent: [...s.remindersSent],
    ...(s.textingBlocked ? { textingBlocked: s.textingBlocked } : {}),
  };
}
