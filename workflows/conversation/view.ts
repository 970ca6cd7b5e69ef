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

const TIMER_WORDS: Record<keyof PendingTimers, string> = {
  textBackAt: 'text-back',
  heldUntil: 'quiet hours end',
  assistantAt: 'assistant reply',
  nudgeAt: 'nudge',
  unresponsiveAt: 'marked unresponsive',
  takeoverIdleAlertAt: 'owner idle alert',
  reminderAt: 'appointment reminder',
  appointmentEndsAt: 'appointment ends',
};

/**
 * The run's current details in Temporal Web UI (setCurrentDetails; Markdown): lead status, who is
 * answering, and what the conversation waits for next, so an operator reads it like the dashboard.
 */
export function operatorDetails(s: Conversation, timers: PendingTimers, nextWakeUp: number | undefined): string {
  const mode = s.mode === 'ai' ? 'assistant' : 'owner';
  const next = (Object.keys(TIMER_WORDS) as Array<keyof PendingTimers>)
    .filter((key) => timers[key] !== undefined)
    .sort((a, b) => Date.parse(timers[a]!) - Date.parse(timers[b]!))[0];
  const lines = [
    `**Lead:** ${s.leadStatus.replace(/_/g, ' ')} · **Answering:** ${mode}${s.optedOut ? ' · **Opted out**' : ''}`,
    next
      ? `**Next:** ${TIMER_WORDS[next]} at ${timers[next]}`
      : nextWakeUp !== undefined
        ? `**Next:** wake at ${new Date(nextWakeUp).toISOString()}`
        : '**Next:** waiting for the caller or the owner',
  ];
  if (s.appointment) lines.push(`**Appointment:** ${s.appointment.start}`);
  if (s.phase !== 'open') lines.push(`**Closing:** ${s.phase}`);
  return lines.join('\n');
}
