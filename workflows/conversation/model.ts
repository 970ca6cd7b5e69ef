// The conversation as data: what the pure core remembers, the events it is fed and the commands
// it hands the Temporal shell. Everything here is plain JSON, so a continue-as-new carries the whole
// state across runs unchanged (the simulation tests round-trip it through JSON at random steps).
import type {
  AppointmentRef,
  AssistantAnswer,
  CallerText,
  LeadFields,
  MissedCall,
  TranscriptEntry,
  Voicemail,
} from '../../domain/conversation-facts';
import type { LeadStatus } from '../../domain/lead-status';
import type { ConversationMode, MessageAuthor, MessageStatus, MessageView } from '../../contracts/live-events';
import type { ConversationSettings } from '../../domain/settings';

export type Slot = {
  start: string;
  end: string;
  /** Listed for a stated time preference that no free slot fits: this is one of the nearest. */
  fits?: false;
  /** Offered to this caller before (no new slot was left to offer). */
  offeredBefore?: true;
};

/** Why a text was sent: decides what its result does (greeting SID, owner's update answer, silence clocks). */
export type TextKind =
  'greeting' | 'reply' | 'offer' | 'nudge' | 'reminder' | 'booking' | 'cancellation' | 'keyword' | 'opt_out_confirmation' | 'owner';

/** Texts that only ever answer the caller or the owner's own typing: never held by quiet hours. */
export const NEVER_HELD: readonly TextKind[] = ['greeting', 'keyword', 'opt_out_confirmation', 'owner'];

export interface OutgoingText {
  kind: TextKind;
  body: string;
  author: MessageAuthor;
  validitySeconds?: number;
  /** Caller messages (by SID) this text answers. */
  answers?: string[];
  /** The dashboard request waiting for this text (an owner message). */
  requestId?: string;
  /** A booking confirmation held overnight is dropped if its appointment changed meanwhile. */
  appointmentId?: string;
}

/** What the core is waiting for an activity to answer, by reference. */
export type Awaited =
  | { ref: number; on: 'open' }
  | { ref: number; on: 'text'; text: OutgoingText }
  | { ref: number; on: 'assistant'; epoch: number; answers: string[] }
  | { ref: number; on: 'slots'; purpose: 'offer'; prefix?: string; answers?: string[]; alertIfNone?: boolean }
  | { ref: number; on: 'slots'; purpose: 'dashboard_book'; requestId: string; start: string }
  | { ref: number; on: 'book'; slot: Slot; requestId?: string; answers?: string[] }
  | { ref: number; on: 'close' };

export interface TextBackPlan {
  callSid: string;
  voicemailOffered: boolean;
  /** The text-back delay: an answered or returned call before this cancels the text. */
  notBefore: string;
  /** Set once the delay is over and the caller was offered voicemail: wait for it until then. */
  voicemailUntil?: string;
}

export interface Conversation {
  conversationId: string;
  tenantId: string;
  callerPhone: string;
  businessPhone: string;
  phase: 'new' | 'opening' | 'open' | 'closing' | 'closed';
  settings?: ConversationSettings;
  leadStatus: LeadStatus;
  mode: ConversationMode;
  optedOut: boolean;
  lead: LeadFields;
  appointment?: AppointmentRef;
  /** Slots offered by text, answered with their number; `at` makes an old offer stale. */
  offer?: { slots: Slot[]; at: string };
  /** Starts of every slot offered by text so far, so a new offer brings new times (bounded). */
  offered?: string[];
  /** The last offer's words: the next offer is never the same text. */
  lastOffer?: string;
  remindersSent: string[];
  missedCalls: number;
  messagesFromCaller: number;
  greeting: { sent: boolean; sid?: string; undelivered: boolean; alerted: boolean };
  /** Failed deliveries reported before we learned the greeting's SID (the callback can win that race). */
  undeliveredSids: string[];
  textBack?: TextBackPlan;
  /** The call that opened the conversation, until the text-back is decided. */
  openingCall?: MissedCall;
  voicemailCalls: string[];
  endedCalls: string[];
  answeredByPhone: boolean;
  handledByPhone: boolean;
  seenMessageSids: string[];
  seenCallSids: string[];
  transcribedRecordings: string[];
  transcript: TranscriptEntry[];
  /** Caller texts that came before the conversation was open: handled once it is. */
  early: CallerText[];
  /** Caller messages (SIDs, or voicemail recording SIDs) no one has answered yet. */
  unanswered: string[];
  unansweredSince?: string;
  nextSeq: number;
  nextRef: number;
  lastCallerContactAt?: string;
  lastOwnerActionAt?: string;
  /** Since when a text of ours waits for the caller's answer (nudge and unresponsive run from it). */
  awaitingCallerSince?: string;
  nudged: boolean;
  idleAlerts: number;
  /** Bumped by every takeover: an assistant answer asked for under an older value is thrown away. */
  aiEpoch: number;
  awaiting: Awaited[];
  /** Texts we start that quiet hours hold until 08:00 business time. */
  held: OutgoingText[];
  /** Why we cannot text this caller at all (landline, invalid number, our number cannot send). */
  textingBlocked?: string;
  /** Owner alerts sent once per conversation, by kind. */
  alerted: string[];
  /** Calls and texts that arrived while closing: they open the next conversation. */
  arrivedWhileClosing: { calls: MissedCall[]; texts: CallerText[] };
  lastActivityAt: string;
}

export type Event =
  | { type: 'missed_call'; call: MissedCall }
  | { type: 'voicemail'; voicemail: Voicemail }
  | { type: 'call_ended'; callSid: string }
  | { type: 'call_answered' }
  | { type: 'caller_text'; text: CallerText }
  | { type: 'delivery'; messageSid: string; status: MessageStatus; errorCode?: number }
  | { type: 'take_over' }
  | { type: 'hand_back' }
  | { type: 'owner_sets_status'; status: LeadStatus }
  | { type: 'settings_changed'; settings: ConversationSettings }
  | { type: 'owner_message'; requestId: string; body: string }
  | { type: 'owner_books'; requestId: string; start: string }
  | { type: 'owner_cancels'; requestId: string }
  | { type: 'appointment_changed_in_calendar'; appointmentId: string; start?: string; end?: string }
  | { type: 'opened'; ref: number; settings: ConversationSettings; optedOut: boolean }
  | { type: 'text_sent'; ref: number; sid: string; message: MessageView }
  | { type: 'text_failed'; ref: number; reason: TextFailure }
  | { type: 'assistant_answered'; ref: number; answer: AssistantAnswer }
  | { type: 'assistant_failed'; ref: number }
  | { type: 'slots_listed'; ref: number; slots: Slot[] }
  | { type: 'booked'; ref: number; appointmentId: string }
  | { type: 'slot_taken'; ref: number }
  | { type: 'closed'; ref: number }
  /** A timer fired: whatever is due now happens. */
  | { type: 'tick' };

/** How a send can fail for good (after the activity's own retries). */
export type TextFailure = 'opted_out' | 'caller_unreachable' | 'sender_unusable' | 'provider_down';

export type UpdateAnswer = { ok: true; value: unknown } | { ok: false; type: string; message: string; details?: unknown };

export type Command =
  | { type: 'open'; ref: number; call?: MissedCall }
  | { type: 'record_inbound'; text: CallerText }
  | { type: 'send_text'; ref: number; seq: number; text: OutgoingText }
  | { type: 'alert_owner'; seq: number; kind: string; text: string }
  | { type: 'ask_assistant'; ref: number; transcript: TranscriptEntry[]; lead: LeadFields }
  | {
      type: 'list_slots';
      ref: number;
      limit: number;
      /** Texts that may state when the caller wants us (latest first): the activity reads the first that does. */
      preferences?: string[];
      /** Starts already offered: a new offer prefers other times. */
      alreadyOffered?: string[];
    }
  | { type: 'book'; ref: number; slot: Slot }
  | { type: 'cancel_booking'; appointmentId: string }
  | { type: 'save_opt_out'; optedOut: boolean }
  /** The read model and the search attributes follow the lead. */
  | { type: 'publish'; leadStatus: LeadStatus; mode: ConversationMode; lead: LeadFields }
  | { type: 'answer_update'; requestId: string; answer: UpdateAnswer }
  | { type: 'close'; ref: number; leadStatus: LeadStatus };

export interface Decision {
  state: Conversation;
  commands: Command[];
}
