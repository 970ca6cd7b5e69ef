// What the caller does: calls again, leaves a voicemail, texts (keywords first: STOP, START, HELP
// are the law's, not the assistant's), answers an offer with its number, asks to cancel or move a visit.
import { appointmentIntent, pickOfferedSlot } from '../../domain/appointments';
import { MAX_SMS_BODY, VOICEMAIL_PREFIX, type CallerText, type MissedCall, type Voicemail } from '../../domain/conversation-facts';
import { classifyKeyword, helpReply, optInConfirmation, optOutConfirmation } from '../../domain/keywords';
import { maybeStartTurn } from './assistant';
import { cancelBooking, offerSlots, pickOffered } from './booking';
import { addToTranscript, alertOwner, emit, isEnding, iso, moveLead, remember, textCaller, type Ctx } from './context';
import { advanceTextBack } from './text-back';

export function onMissedCall(ctx: Ctx, call: MissedCall) {
  const { s } = ctx;
  // Twilio retries webhooks: the same CallSid counts once.
  if (s.seenCallSids.includes(call.callSid)) return;
  remember(s.seenCallSids, call.callSid);
  if (isEnding(ctx)) {
    s.arrivedWhileClosing.calls.push(call);
    return;
  }
  s.missedCalls += 1;
  s.lastCallerContactAt = iso(ctx.now);
  if (s.phase === 'new') {
    s.openingCall = call;
    return;
  }
  // The caller called again: they are still interested, so silence counts afresh.
  s.awaitingCallerSince = undefined;
  s.nudged = false;
}

export function onVoicemail(ctx: Ctx, voicemail: Voicemail) {
  const { s } = ctx;
  if (s.phase === 'closing' || s.phase === 'closed') return;
  if (!s.voicemailCalls.includes(voicemail.callSid)) remember(s.voicemailCalls, voicemail.callSid);
  const words = voicemail.transcription?.trim();
  if (words && !s.transcribedRecordings.includes(voicemail.recordingSid)) {
    remember(s.transcribedRecordings, voicemail.recordingSid);
    // What the caller said on the voicemail is theirs to be answered, like a text.
    addToTranscript(ctx, 'caller', `${VOICEMAIL_PREFIX}${words.slice(0, MAX_SMS_BODY)}`);
    s.lastCallerContactAt = iso(ctx.now);
    s.awaitingCallerSince = undefined;
    s.nudged = false;
    if (!s.optedOut) markUnanswered(ctx, voicemail.recordingSid);
  }
  advanceTextBack(ctx);
  maybeStartTurn(ctx);
}

export function onCallEnded(ctx: Ctx, callSid: string) {
  if (!ctx.s.endedCalls.includes(callSid)) remember(ctx.s.endedCalls, callSid);
  advanceTextBack(ctx);
}

/** The owner reached the caller by phone (answered a later call, or called back). */
export function onCallAnswered(ctx: Ctx) {
  if (ctx.s.greeting.sent || ctx.s.phase === 'closing' || ctx.s.phase === 'closed') return;
  ctx.s.answeredByPhone = true;
  advanceTextBack(ctx);
}

export function onCallerText(ctx: Ctx, text: CallerText) {
  const { s } = ctx;
  if (s.seenMessageSids.includes(text.messageSid)) return;
  remember(s.seenMessageSids, text.messageSid);
  // A STOP is honoured at once, even by a conversation about to close.
  const stopNow = s.phase === 'open' && classifyKeyword(text.body) === 'opt_out';
  if (isEnding(ctx) && !stopNow) {
    s.arrivedWhileClosing.texts.push(text);
    return;
  }
  s.lastCallerContactAt = iso(ctx.now);
  if (s.phase !== 'open') {
    // Not open yet: handled, in order, once the conversation is.
    s.early.push(text);
    return;
  }
  handleCallerText(ctx, text);
}

export function handleCallerText(ctx: Ctx, text: CallerText) {
  const { s } = ctx;
  emit(ctx, { type: 'record_inbound', text });
  s.messagesFromCaller += 1;
  s.lastActivityAt = iso(ctx.now);
  s.awaitingCallerSince = undefined;
  s.nudged = false;
  addToTranscript(ctx, 'caller', text.body);
  // A text cuts the text-back's waits short: the caller is here now.
  advanceTextBack(ctx);

  const keyword = classifyKeyword(text.body);
  if (keyword === 'opt_out') return optOut(ctx, { confirm: true, said: text.body });
  if (keyword === 'opt_in') return optIn(ctx, text);
  if (s.optedOut) return; // silent until START
  const name = s.settings!.businessName;
  if (keyword === 'help') {
    textCaller(ctx, { kind: 'keyword', body: helpReply({ name, phone: s.businessPhone }), author: 'system', answers: [text.messageSid] });
    return;
  }
  moveLead(ctx, { type: 'caller_replied' });
  const picked = s.offer ? pickOfferedSlot(text.body, s.offer.slots.length) : undefined;
  if (picked !== undefined) return pickOffered(ctx, picked, text.messageSid);
  const intent = s.appointment ? appointmentIntent(text.body) : undefined;
  if (intent === 'cancel') return cancelBooking(ctx, { answers: [text.messageSid] });
  if (intent === 'reschedule') return offerSlots(ctx, { answers: [text.messageSid] });
  markUnanswered(ctx, text.messageSid);
  maybeStartTurn(ctx);
}

export function markUnanswered(ctx: Ctx, id: string) {
  if (ctx.s.unanswered.length === 0) ctx.s.unansweredSince = iso(ctx.now);
  ctx.s.unanswered.push(id);
}

/**
 * STOP and its kin, a plain-language refusal or the carrier's 21610: stored first, then the one
 * confirmation (the carrier already sent its own when it blocks us), and nothing after it.
 */
export function optOut(ctx: Ctx, how: { confirm: boolean; said?: string }) {
  const { s } = ctx;
  if (s.optedOut) return;
  s.optedOut = true;
  s.aiEpoch += 1;
  s.held = [];
  s.unanswered = [];
  s.unansweredSince = undefined;
  s.offer = undefined;
  emit(ctx, { type: 'save_opt_out', optedOut: true });
  if (how.confirm && s.settings) {
    textCaller(ctx, { kind: 'opt_out_confirmation', body: optOutConfirmation({ name: s.settings.businessName }), author: 'system' });
  }
  moveLead(ctx, { type: 'caller_opted_out' });
  if (s.appointment && Date.parse(s.appointment.end) > ctx.now) {
    // "CANCEL" alone is an opt-out by law; the visit still stands, so the owner must hear of it.
    alertOwner(
      ctx,
      'booked_caller_opted_out',
      `NeverMissCall: ${s.callerPhone}, booked for ${s.appointment.start}, opted out of texts${how.said ? ` ("${how.said.trim().slice(0, 20)}")` : ''}. The visit still stands: call them to confirm or cancel.`,
    );
  }
}

function optIn(ctx: Ctx, text: CallerText) {
  const { s } = ctx;
  if (!s.optedOut) return;
  s.optedOut = false;
  emit(ctx, { type: 'save_opt_out', optedOut: false });
  moveLead(ctx, { type: 'caller_opted_in' });
  textCaller(ctx, {
    kind: 'keyword',
    body: optInConfirmation({ name: s.settings!.businessName }),
    author: 'system',
    answers: [text.messageSid],
  });
}
