// A caller dials a business number: the emulator plays Twilio's part, fetching and following the
// app's TwiML, and plays the owner's phone on the forwarded leg (screening included).
import { newSid, type EmulatorState, type OwnedNumber } from './state';
import { parseTwiml, type TwimlVerb } from './twiml';
import type { WebhookParams, WebhookSender } from './webhooks';

/** What the owner's phone does when the call is forwarded to it. */
export type OwnerBehaviour = 'no-answer' | 'busy' | 'accept' | 'decline' | 'voicemail';
export type DialCallStatus = 'completed' | 'no-answer' | 'busy';

export type CallEvent =
  | { type: 'webhook'; url: string; status: number }
  | { type: 'say'; text: string }
  | { type: 'play'; url: string }
  | { type: 'dial'; to: string; result: DialCallStatus }
  /** Heard by the owner on the forwarded leg, never by the caller. */
  | { type: 'whisper'; text: string }
  | { type: 'gather'; leg: 'caller' | 'owner'; digits: string }
  | { type: 'record'; recorded: boolean }
  | { type: 'hangup'; by: 'app' | 'caller' | 'owner' }
  | { type: 'error'; message: string };

export interface InboundCall {
  from: string;
  owner: OwnerBehaviour;
  /** What the caller says when asked to leave a message; without it they hang up at the beep. */
  voicemail?: string | undefined;
}

export interface PlacedCall {
  callSid: string;
  events: CallEvent[];
}

export interface CallDeps {
  state: EmulatorState;
  accountSid: string;
  webhooks: WebhookSender;
  baseUrl(): string;
}

interface TwimlRequest {
  url: string;
  method: string;
  params: WebhookParams;
}

const MAX_DOCUMENTS = 20; // a Redirect loop ends the call, not the emulator
const APPLICATION_ERROR = 'We are sorry, an application error has occurred. Goodbye.';

/** Absolute URLs are kept verbatim: the app checks the signature against the URL exactly as it wrote it. */
function resolve(url: string, documentUrl: string): string {
  return /^https?:\/\//i.test(url) ? url : new URL(url, documentUrl).toString();
}

type Next = TwimlRequest | 'ran-out' | 'hung-up';

interface Leg {
  params: WebhookParams;
  hears: 'say' | 'whisper';
  /** What this leg presses at a <Gather>: '' presses nothing, undefined hangs up instead. */
  presses: string | undefined;
}

export async function placeCall(deps: CallDeps, number: OwnedNumber, call: InboundCall): Promise<PlacedCall> {
  const callSid = newSid('CA');
  const events: CallEvent[] = [];
  const from = call.from;
  const to = number.phoneNumber;
  const caller: Leg = {
    params: {
      AccountSid: deps.accountSid,
      CallSid: callSid,
      From: from,
      To: to,
      Caller: from,
      Called: to,
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    },
    hears: 'say',
    presses: '',
  };
  let seconds = 0; // simulated length of the call, for CallDuration

  async function post(request: TwimlRequest, leg: Leg) {
    const reply = await deps.webhooks.send(request.url, { ...leg.params, ...request.params }, request.method);
    events.push({ type: 'webhook', url: request.url, status: reply.status });
    return reply;
  }

  /** Follows TwiML documents on one leg; true if they simply ran out (a screened leg is then bridged). */
  async function run(leg: Leg, first: TwimlRequest): Promise<boolean> {
    let next: Next = first;
    for (let documents = 0; typeof next === 'object' && documents < MAX_DOCUMENTS; documents += 1) {
      const current: TwimlRequest = next;
      const reply = await post(current, leg);
      let verbs: TwimlVerb[];
      try {
        if (reply.status < 200 || reply.status >= 300) throw new Error(`answered HTTP ${reply.status}`);
        verbs = parseTwiml(reply.body);
      } catch (error) {
        events.push({ type: 'error', message: `${current.url}: ${(error as Error).message}` });
        if (leg === caller) events.push({ type: 'say', text: APPLICATION_ERROR });
        return false;
      }
      next = await follow(leg, verbs, current.url);
    }
    return next === 'ran-out';
  }

  async function follow(leg: Leg, verbs: TwimlVerb[], documentUrl: string): Promise<Next> {
    const request = (url: string, method: string | undefined, params: WebhookParams = {}): TwimlRequest => ({
      url: resolve(url, documentUrl),
      method: method ?? 'POST',
      params: { CallStatus: 'in-progress', ...params },
    });
    for (const verb of verbs) {
      if (verb.name === 'Say') events.push({ type: leg.hears, text: verb.text });
      if (verb.name === 'Play') events.push({ type: 'play', url: verb.text });
      if (verb.name === 'Redirect') return request(verb.text, verb.attrs.method);
      if (verb.name === 'Hangup' || verb.name === 'Reject') {
        events.push({ type: 'hangup', by: 'app' });
        return 'hung-up';
      }
      if (verb.name === 'Gather') {
        for (const prompt of verb.children) if (prompt.name === 'Say') events.push({ type: leg.hears, text: prompt.text });
        if (leg.presses === undefined) {
          events.push({ type: 'hangup', by: 'owner' });
          return 'hung-up';
        }
        events.push({ type: 'gather', leg: leg === caller ? 'caller' : 'owner', digits: leg.presses });
        // Nothing pressed: Twilio moves on to the next verb.
        if (leg.presses) return request(verb.attrs.action ?? documentUrl, verb.attrs.method, { Digits: leg.presses });
      }
      if (verb.name === 'Dial' && leg === caller) {
        const dialed = await dial(verb, documentUrl);
        if (verb.attrs.action) return request(verb.attrs.action, verb.attrs.method, dialed);
      }
      if (verb.name === 'Record' && leg === caller) {
        if (call.voicemail === undefined) events.push({ type: 'record', recorded: false }, { type: 'hangup', by: 'caller' });
        else await record(verb, documentUrl, call.voicemail);
        return 'hung-up';
      }
    }
    return 'ran-out'; // Twilio hangs up when the document ends
  }

  async function dial(verb: TwimlVerb, documentUrl: string): Promise<WebhookParams> {
    const numberVerb = verb.children.find((child) => child.name === 'Number');
    const ownerPhone = numberVerb?.text ?? verb.text;
    const event: CallEvent & { type: 'dial' } = { type: 'dial', to: ownerPhone, result: 'no-answer' };
    events.push(event);
    const dialSid = newSid('CA');
    const screeningUrl = numberVerb?.attrs.url;
    if (call.owner === 'no-answer') seconds += Number(verb.attrs.timeout ?? 30);
    // Declining a ringing phone sounds busy to Twilio.
    else if (call.owner === 'busy' || (call.owner === 'decline' && !screeningUrl)) event.result = 'busy';
    // Without screening, carrier voicemail picking up is indistinguishable from the owner answering.
    else if (!screeningUrl) event.result = 'completed';
    else {
      const callerId = verb.attrs.callerId ?? from;
      const owner: Leg = {
        params: {
          ...caller.params,
          CallSid: dialSid,
          ParentCallSid: callSid,
          From: callerId,
          Caller: callerId,
          To: ownerPhone,
          Called: ownerPhone,
          Direction: 'outbound-dial',
        },
        hears: 'whisper',
        presses: { accept: '1', voicemail: '', decline: undefined }[call.owner],
      };
      const bridged = await run(owner, {
        url: resolve(screeningUrl, documentUrl),
        method: numberVerb.attrs.method ?? 'POST',
        params: { CallStatus: 'in-progress' },
      });
      if (bridged && owner.presses === undefined) events.push({ type: 'hangup', by: 'owner' }); // heard the whisper, hung up
      event.result = bridged && owner.presses !== undefined ? 'completed' : 'no-answer';
    }
    const duration = event.result === 'completed' ? 30 : 0;
    seconds += duration;
    return { DialCallStatus: event.result, DialCallSid: dialSid, DialCallDuration: String(duration) };
  }

  /** The caller leaves a message and hangs up: Twilio still posts the action, but nobody hears its answer. */
  async function record(verb: TwimlVerb, documentUrl: string, words: string): Promise<void> {
    const recordingSid = newSid('RE');
    const accountUrl = `${deps.baseUrl()}/2010-04-01/Accounts/${deps.accountSid}`;
    const duration = Math.max(1, Math.round(words.split(/\s+/).length / 2.5));
    const recording = {
      RecordingSid: recordingSid,
      RecordingUrl: `${accountUrl}/Recordings/${recordingSid}`,
      RecordingDuration: String(duration),
    };
    // Stored before the action is posted, so the app may fetch the recording while handling it.
    const now = new Date();
    deps.state.recordings.push({
      sid: recordingSid,
      callSid,
      duration,
      words,
      url: recording.RecordingUrl,
      startTime: now,
      dateCreated: now,
      dateUpdated: now,
    });
    events.push({ type: 'record', recorded: true });
    seconds += duration;
    const action = resolve(verb.attrs.action ?? documentUrl, documentUrl);
    await post(
      { url: action, method: verb.attrs.method ?? 'POST', params: { ...recording, CallStatus: 'completed', Digits: 'hangup' } },
      caller,
    );
    events.push({ type: 'hangup', by: 'caller' });
    if (!verb.attrs.transcribeCallback) return;
    const transcriptionSid = newSid('TR');
    const transcription = { TranscriptionSid: transcriptionSid, TranscriptionUrl: `${accountUrl}/Transcriptions/${transcriptionSid}` };
    const params = { ...recording, ...transcription, CallStatus: 'completed', TranscriptionText: words, TranscriptionStatus: 'completed' };
    await post({ url: resolve(verb.attrs.transcribeCallback, documentUrl), method: 'POST', params }, caller);
  }

  if (number.voiceUrl) await run(caller, { url: number.voiceUrl, method: number.voiceMethod, params: { CallStatus: 'ringing' } });
  else events.push({ type: 'error', message: `${to} has no VoiceUrl` });
  if (number.statusCallback) {
    await post({ url: number.statusCallback, method: 'POST', params: { CallStatus: 'completed', CallDuration: String(seconds) } }, caller);
  }
  return { callSid, events };
}
