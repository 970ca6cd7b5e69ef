// Everything the emulator knows lives in memory here: owned numbers, every message either way,
// voicemail recordings, carrier opt-outs, counters and the faults tests asked for.
import { randomBytes } from 'node:crypto';

export type MessageDirection = 'inbound' | 'outbound-api' | 'outbound-reply';
export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'received';

export interface StoredMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  direction: MessageDirection;
  status: MessageStatus;
  numSegments: number;
  statusCallback?: string | undefined;
  validityPeriod?: number | undefined;
  errorCode: number | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export interface OwnedNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  voiceUrl: string | null;
  voiceMethod: string;
  smsUrl: string | null;
  smsMethod: string;
  smsFallbackUrl: string | null;
  smsFallbackMethod: string;
  voiceFallbackUrl: string | null;
  voiceFallbackMethod: string;
  statusCallback: string | null;
  dateCreated: Date;
  dateUpdated: Date;
}

/** A voicemail the phone network recorded (a <Record> the caller spoke into). */
export interface StoredRecording {
  sid: string;
  /** The caller's leg, the call the <Record> ran on. */
  callSid: string;
  /** Whole seconds, as RecordingDuration and the resource's `duration` report it. */
  duration: number;
  /** What the caller said: there is no real audio, and a transcription reports these words. */
  words: string;
  /** The RecordingUrl the app was given: the media, without an extension. */
  url: string;
  startTime: Date;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface Faults {
  /** The next `count` message creates fail with `status`, or answer only after `delayMs` (the message is still accepted). */
  messagesCreate?: { status: 500 | 503; count: number } | { delayMs: number; count: number };
  /** The next n webhooks are delivered twice, as Twilio's retries sometimes do. */
  duplicateWebhooks?: number;
  /** The next n outbound messages end `undelivered` (30003) instead of `delivered`. */
  undeliverable?: number;
  /** The next n message creates are refused with 21611: the From number's queue is full (a rate limit to wait out). */
  queueFull?: number;
}

export interface Stats {
  messagesAccepted: number;
  callsPlaced: number;
  /** Webhooks the app answered with a 2xx. */
  webhooksDelivered: number;
}

export interface EmulatorState {
  numbers: Map<string, OwnedNumber>;
  messages: StoredMessage[];
  /** Oldest first; deleting one through the REST API removes it. */
  recordings: StoredRecording[];
  /** `${businessNumber} ${phone}` pairs a carrier STOP has blocked. */
  optOuts: Set<string>;
  stats: Stats;
  faults: Faults;
}

export function createEmulatorState(): EmulatorState {
  return {
    numbers: new Map(),
    messages: [],
    recordings: [],
    optOuts: new Set(),
    stats: { messagesAccepted: 0, callsPlaced: 0, webhooksDelivered: 0 },
    faults: {},
  };
}

export function newSid(prefix: 'SM' | 'PN' | 'CA' | 'RE' | 'TR'): string {
  return prefix + randomBytes(16).toString('hex');
}

export function numberByPhone(state: EmulatorState, phoneNumber: string): OwnedNumber | undefined {
  return [...state.numbers.values()].find((number) => number.phoneNumber === phoneNumber);
}

export function friendlyName(phoneNumber: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phoneNumber);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : phoneNumber;
}

/** The account buys (or already has) `phoneNumber`, with no webhooks configured yet. */
export function ownNumber(state: EmulatorState, phoneNumber: string): OwnedNumber {
  const now = new Date();
  const number: OwnedNumber = {
    sid: newSid('PN'),
    phoneNumber,
    friendlyName: friendlyName(phoneNumber),
    voiceUrl: null,
    voiceMethod: 'POST',
    smsUrl: null,
    smsMethod: 'POST',
    smsFallbackUrl: null,
    smsFallbackMethod: 'POST',
    voiceFallbackUrl: null,
    voiceFallbackMethod: 'POST',
    statusCallback: null,
    dateCreated: now,
    dateUpdated: now,
  };
  state.numbers.set(number.sid, number);
  return number;
}

export function optOutKey(businessNumber: string, phone: string): string {
  return `${businessNumber} ${phone}`;
}

/** Uses up one of a counted fault, so an injected fault fires exactly as many times as asked. */
export function takeFault(state: EmulatorState, name: 'duplicateWebhooks' | 'undeliverable' | 'queueFull'): boolean {
  const remaining = state.faults[name] ?? 0;
  if (remaining <= 0) return false;
  state.faults[name] = remaining - 1;
  return true;
}

export function takeMessagesCreateFault(state: EmulatorState): Faults['messagesCreate'] {
  const fault = state.faults.messagesCreate;
  if (!fault || fault.count <= 0) return undefined;
  fault.count -= 1;
  return fault;
}

const E164 = /^\+[1-9]\d{7,14}$/;
const NANP = /^\+1[2-9]\d{2}[2-9]\d{6}$/;

/** Twilio's idea of a valid destination: E.164, and a well-formed 10-digit number in NANP. */
export function isValidPhone(value: string): boolean {
  return E164.test(value) && (!value.startsWith('+1') || NANP.test(value));
}
