// The conversation workflow's contract: input, signals, updates and the state query. The api
// imports this module to start and message conversations without importing workflow bodies.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AppointmentRef, CallerText, ConversationMode, LeadFields, MissedCall, Voicemail } from '../domain/conversation-facts';
import type { LeadStatus } from '../domain/lead-status';
import type { MessageStatus, MessageView } from './live-events';
import type { ConversationSettings } from '../domain/settings';

// The facts every layer shares live in domain/; re-exported so the contract reads in one place.
export {
  MAX_SMS_BODY,
  VOICEMAIL_PREFIX,
  type AppointmentRef,
  type LeadFields,
  type MissedCall,
  type TranscriptEntry,
  type Voicemail,
} from '../domain/conversation-facts';

export const CONVERSATION_WORKFLOW = 'conversationWorkflow';

export interface ConversationInput {
  tenantId: string;
  callerPhone: string;
  /** The business number the caller dialled or texted: texts go out from it. */
  businessPhone: string;
  /** For operators only: the workflow's summary in Temporal Web UI names the business (temporal/conversation-gateway.ts). */
  businessName?: string;
  /** Set only by continueAsNew: the conversation so far, exactly as the core left it. */
  /** The core's state as workflows/conversation/model.ts defines it; opaque to everyone else. */
  carried?: unknown;
  /** Calls and texts that arrived while the previous conversation was closing: they open this one. */
  arrivedWhileClosing?: { calls: MissedCall[]; texts: InboundSms[] };
}

/** A caller's text as the `inboundSms` signal carries it. */
export type InboundSms = CallerText;

/** The owner reached the caller by phone (answered a later call, or called back): a delayed text-back is not sent. */
export interface CallAnswered {
  callSid?: string;
  by: 'owner_answered' | 'owner_called_back';
}

export interface DeliveryStatus {
  messageSid: string;
  status: MessageStatus;
  errorCode?: number;
}

/** What the `state` query answers: the conversation as an operator or a test reads it. */
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
  offeredSlots: { start: string; end: string }[];
  remindersSent: string[];
  /** Why texts cannot reach this caller, if they cannot. */
  textingBlocked?: string;
}

export type ConversationState = ConversationView;

export interface ConversationOutcome {
  conversationId: string;
  leadStatus: LeadStatus;
}

export interface OwnerMessage {
  body: string;
}

export const missedCallSignal = defineSignal<[MissedCall]>('missedCall');
export const voicemailSignal = defineSignal<[Voicemail]>('voicemail');
/** The caller's call ended (Twilio's call status callback): a text-back waiting for a voicemail goes now. */
export const callEndedSignal = defineSignal<[{ callSid: string }]>('callEnded');
export const callAnsweredSignal = defineSignal<[CallAnswered]>('callAnswered');
export const inboundSmsSignal = defineSignal<[InboundSms]>('inboundSms');
export const deliveryStatusSignal = defineSignal<[DeliveryStatus]>('deliveryStatus');
export const takeOverSignal = defineSignal<[]>('takeOver');
export const handBackSignal = defineSignal<[]>('handBack');
export const setLeadStatusSignal = defineSignal<[{ status: LeadStatus }]>('setLeadStatus');
export const settingsChangedSignal = defineSignal<[ConversationSettings]>('settingsChanged');

/**
 * The owner changed the appointment in their own calendar (the calendar sync saw it): moved it to
 * `start`–`end`, or deleted it (no `start`). The conversation follows silently — reminders go to
 * the new time or stop — and texts nothing: the owner decides whether the caller is told.
 */
export interface AppointmentChangedInCalendar {
  appointmentId: string;
  start?: string;
  end?: string;
}
export const appointmentChangedSignal = defineSignal<[AppointmentChangedInCalendar]>('appointmentChangedInCalendar');

/** Book (or move the booking to) a slot from the dashboard; answers with the appointment. */
export const bookSlotUpdate = defineUpdate<AppointmentRef, [{ start: string }]>('bookSlot');
/** Cancel the conversation's appointment from the dashboard. */
export const cancelAppointmentUpdate = defineUpdate<void, []>('cancelAppointment');

/** The owner texts the caller from the dashboard; answers with the stored message. */
export const sendOwnerMessageUpdate = defineUpdate<MessageView, [OwnerMessage]>('sendOwnerMessage');

export const stateQuery = defineQuery<ConversationView>('state');
