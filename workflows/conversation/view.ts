// What the `state` query shows: the conversation as an operator or a test reads it.
import type { AppointmentRef, LeadFields } from '../../domain/conversation-facts';
import type { LeadStatus } from '../../domain/lead-status';
import type { ConversationMode } from '../../domain/live-events';
import type { Conversation, Slot } from './model';

export interface PendingTimers {
  textBackAt?: string;
  heldUntil?: string;
  assistantAt?: string;
  nudgeAt?: string;
  unresponsiveAt?: string;
  takeoverIdleAlertAt?: string;
  reminderAt?: string;
  appointmentEndsAt?: string;
}

export interface ConversationView {
  conversationId: string;
  leadStatus: LeadStatus;
  mode: ConversationMode;
  optedOut: boolean;
  greetingSent: boolean;
  missedCalls: number;
  messagesFromCaller: number;
  lead: LeadFields;
  timers: PendingTimers;
  /** The one next wake-up of the workflow, if any. */
  nextWakeUp?: string;
  lastActivityAt: string;
  closed: boolean;
  appointment?: AppointmentRef;
  /** Slots offered to the caller by text, answered with their number. */
  offeredSlots: Slot[];
  remindersSent: string[];
  /** Why texts cannot reach this caller, if they cannot. */
  textingBlocked?: string;
}

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
