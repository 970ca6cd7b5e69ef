// The conversation workflow's contract: input, signals, updates and the state query. The api
// imports this module to start and message conversations without importing workflow bodies.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ConversationMode, MessageStatus, MessageView } from '../domain/live-events';
import type { LeadStatus } from '../domain/lead-status';
import type { ConversationSettings } from '../domain/settings';

export const CONVERSATION_WORKFLOW = 'conversationWorkflow';

export interface ConversationInput {
  tenantId: string;
  callerPhone: string;
  /** The business number the caller dialled or texted: texts go out from it. */
  businessPhone: string;
  /** Set only by continueAsNew: the conversation so far. */
  carried?: CarriedConversation;
  /** Calls and texts that arrived while the previous conversation was closing: they open this one. */
  arrivedWhileClosing?: { calls: MissedCall[]; texts: InboundSms[] };
}

export interface MissedCall {
  callSid: string;
  /** Twilio's DialCallStatus, 'declined' / 'not-accepted' when screening decided, 'not-forwarded' in always-text-back mode. */
  dialStatus: string;
  /** The caller was offered to leave a voicemail: the text-back waits for it (or the hang-up) so it can refer to it. */
  voicemailOffered?: boolean;
}

/** What a call left behind: the recording first, its transcription later (a second signal). */
export interface Voicemail {
  callSid: string;
  recordingSid: string;
  durationSeconds: number;
  transcription?: string;
}

/** The owner reached the caller by phone (answered a later call, or called back): a delayed text-back is not sent. */
/** Marks a voicemail transcription in the transcript: the caller's words, spoken rather than texted. */
export const VOICEMAIL_PREFIX = '(voicemail) ';

export interface CallAnswered {
  callSid?: string;
  by: 'owner_answered' | 'owner_called_back';
}

export interface InboundSms {
  messageSid: string;
  body: string;
  /** ISO instant Twilio delivered it to us. */
  receivedAt: string;
  /** SMS segments the caller's phone sent it in (Twilio's NumSegments). */
  numSegments?: number;
}

export interface DeliveryStatus {
  messageSid: string;
  status: MessageStatus;
  errorCode?: number;
}

/** What the caller told us so far: the lead's fields. */
export interface LeadFields {
  callerName?: string;
  serviceAddress?: string;
  jobDescription?: string;
  urgency?: 'emergency' | 'soon' | 'flexible';
  preferredTime?: string;
  /** Why the assistant declined the job (the lead is lost for that reason, not for silence). */
  declineReason?: 'out_of_area' | 'out_of_scope';
}

export interface TranscriptEntry {
  author: 'caller' | 'assistant' | 'owner' | 'system';
  body: string;
  at: string;
}

export interface PendingTimers {
  nudgeAt?: string;
  unresponsiveAt?: string;
  takeoverIdleAlertAt?: string;
  reminderAt?: string;
  appointmentEndsAt?: string;
}

export interface AppointmentRef {
  id: string;
  start: string;
  end: string;
}

export interface ConversationState {
  conversationId: string;
  leadStatus: LeadStatus;
  mode: ConversationMode;
  optedOut: boolean;
  greetingSent: boolean;
  missedCalls: number;
  messagesFromCaller: number;
  lead: LeadFields;
  timers: PendingTimers;
  lastActivityAt: string;
  closed: boolean;
  appointment?: AppointmentRef;
  /** Slots offered to the caller by text, answered with their number. */
  offeredSlots: { start: string; end: string }[];
  remindersSent: string[];
}

/** The state a continued-as-new run starts from. */
export interface CarriedConversation {
  state: ConversationState;
  settings: ConversationSettings;
  transcript: TranscriptEntry[];
  nextSeq: number;
  seenMessageSids: string[];
  seenCallSids: string[];
  lastCallerContactAt?: string;
  lastOwnerMessageAt?: string;
  awaitingCallerSince?: string;
  nudged: boolean;
  /** Caller messages not answered yet (e.g. while the owner had the conversation). */
  callerWaitsForReply: boolean;
  greetingSid?: string;
  pendingInbound: InboundSms[];
  /** Voicemail transcriptions not answered yet. */
  voicemailTexts?: string[];
}

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

/** Book (or move the booking to) a slot from the dashboard; answers with the appointment. */
export const bookSlotUpdate = defineUpdate<AppointmentRef, [{ start: string }]>('bookSlot');
/** Cancel the conversation's appointment from the dashboard. */
export const cancelAppointmentUpdate = defineUpdate<void, []>('cancelAppointment');

/** The owner texts the caller from the dashboard; answers with the stored message. */
export const sendOwnerMessageUpdate = defineUpdate<MessageView, [OwnerMessage]>('sendOwnerMessage');

export const stateQuery = defineQuery<ConversationState>('state');

/** Longest SMS body we send or accept (Twilio's limit: 10 segments). */
export const MAX_SMS_BODY = 1_600;
