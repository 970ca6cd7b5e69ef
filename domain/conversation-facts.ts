// The facts a conversation is made of — calls, texts, voicemails, what the caller told us, the
// transcript, the assistant's answer — as plain types every layer shares: the workflow's core, the
// activities, the api, the sandbox's offline assistant. No behaviour lives here.
import type { PlacedAddress } from './address-check';

/** A call the owner did not take. */
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

/** A text from the caller, as Twilio delivered it. */
export interface CallerText {
  messageSid: string;
  body: string;
  /** ISO instant Twilio delivered it to us. */
  receivedAt: string;
  /** SMS segments the caller's phone sent it in (Twilio's NumSegments). */
  numSegments?: number;
}

/** Marks a voicemail transcription in the transcript: the caller's words, spoken rather than texted. */
/** Who answers the caller: the assistant, or the owner who took over. */
export type ConversationMode = 'ai' | 'human';

export const VOICEMAIL_PREFIX = '(voicemail) ';

/** What the caller told us so far: the lead's fields. */
export interface LeadFields {
  callerName?: string;
  serviceAddress?: string;
  jobDescription?: string;
  urgency?: 'emergency' | 'soon' | 'flexible';
  preferredTime?: string;
  /** Why the assistant declined the job (the lead is lost for that reason, not for silence). */
  declineReason?: 'out_of_area' | 'out_of_scope';
  /** The service address as the geocoder placed it (formatted, parts, coordinates, in the area or not). */
  place?: PlacedAddress;
}

export interface TranscriptEntry {
  author: 'caller' | 'assistant' | 'owner' | 'system';
  body: string;
  at: string;
}

export interface AppointmentRef {
  id: string;
  start: string;
  end: string;
}

/** What the assistant decided for one turn (validated and made safe by its activity). */
export interface AssistantAnswer {
  /** What to text the caller; empty when nothing should be sent. */
  reply: string;
  fields: LeadFields;
  action: 'reply' | 'offer_slots' | 'book' | 'handoff' | 'close';
  emergency: boolean;
  /** The caller refused further texts in plain words ("leave me alone"): treat as STOP. */
  optOut: boolean;
  declineReason?: 'out_of_area' | 'out_of_scope';
  /** The owner asked to hear about this decline (an out-of-area caller, with alertOutOfArea on). */
  tellOwner?: boolean;
}

/** Longest SMS body we send or accept (Twilio's limit: 10 segments). */
export const MAX_SMS_BODY = 1_600;
