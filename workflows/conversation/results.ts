// What comes back from the world: the conversation opened, a text accepted or refused for good by
// Twilio, delivery reports from the carrier. The world misbehaving never fails the conversation: a
// refused text becomes an opt-out, a note for the owner, or a handoff.
import type { MessageStatus, MessageView } from '../../contracts/live-events';
import type { ConversationSettings } from '../../domain/settings';
import { maybeStartTurn } from './assistant';
import { handleCallerText, markUnanswered, optOut } from './caller';
import { alertOwnerOnce, dropFromTranscript, answerUpdate, iso, remember, setLeadStatus, settle, type Ctx } from './context';
import type { TextFailure } from './model';
import { takeOver } from './owner';
import { beginTextBack } from './text-back';

export function onOpened(ctx: Ctx, ref: number, settings: ConversationSettings, optedOut: boolean) {
  if (!settle(ctx, ref, 'open')) return;
  const { s } = ctx;
  s.settings = settings;
  // An opt-out may have come from the carrier while we were opening (21610): it stands.
  s.optedOut ||= optedOut;
  s.phase = 'open';
  if (s.optedOut) setLeadStatus(ctx, 'opted_out');
  if (s.openingCall) beginTextBack(ctx, s.openingCall);
  s.openingCall = undefined;
  const early = s.early;
  s.early = [];
  for (const text of early) handleCallerText(ctx, text);
}

export function onClosed(ctx: Ctx, ref: number) {
  if (settle(ctx, ref, 'close')) ctx.s.phase = 'closed';
}

export function onTextSent(ctx: Ctx, ref: number, sid: string, message: MessageView) {
  const sent = settle(ctx, ref, 'text');
  if (!sent) return;
  const { s } = ctx;
  const { text } = sent;
  s.lastActivityAt = iso(ctx.now);
  if (text.kind === 'greeting') {
    s.greeting.sent = true;
    s.greeting.sid = sid;
    // The report may have come before our send was answered: then it arrived with the stored text.
    if (s.undeliveredSids.includes(sid) || isFailed(message.status)) greetingUndelivered(ctx);
  }
  // A new text of ours starts a new wait for the caller (the nudge does not restart the silence).
  if (text.kind !== 'nudge' && text.kind !== 'opt_out_confirmation') {
    s.awaitingCallerSince = iso(ctx.now);
    s.nudged = false;
  }
  if (text.kind === 'owner') {
    s.lastOwnerActionAt = iso(ctx.now);
    s.unanswered = [];
    s.unansweredSince = undefined;
    s.idleAlerts = 0;
    if (text.requestId) answerUpdate(ctx, text.requestId, { ok: true, value: message });
  }
  if (text.kind === 'greeting') maybeStartTurn(ctx);
}

export function onTextFailed(ctx: Ctx, ref: number, reason: TextFailure) {
  const failed = settle(ctx, ref, 'text');
  if (!failed) return;
  const { s } = ctx;
  const { text } = failed;
  dropFromTranscript(ctx, text.author === 'caller' ? 'system' : text.author, text.body);
  if (text.requestId) {
    const refusal =
      reason === 'opted_out'
        ? { type: 'CallerOptedOut', message: 'this caller opted out of texts (they can reply START)' }
        : { type: 'SendFailed', message: `the text could not be sent (${reason.replace(/_/g, ' ')})` };
    answerUpdate(ctx, text.requestId, { ok: false, ...refusal });
  }
  if (reason === 'opted_out') return optOut(ctx, { confirm: false });
  if (s.phase !== 'open') return;
  // Whatever the text answered still waits for an answer: now the owner's.
  if (text.kind === 'reply' && !s.optedOut) for (const id of text.answers ?? []) markUnanswered(ctx, id);
  if (reason === 'caller_unreachable') {
    s.textingBlocked = 'caller_unreachable';
    alertOwnerOnce(
      ctx,
      'caller_unreachable',
      `NeverMissCall: ${s.callerPhone} cannot get texts (a landline or an invalid number). Call them back.`,
    );
  } else if (reason === 'sender_unusable') {
    s.textingBlocked = 'sender_unusable';
    alertOwnerOnce(
      ctx,
      'sender_unusable',
      `NeverMissCall: your business number cannot send texts, so ${s.callerPhone} got none. Check the number in Settings, and call them back.`,
    );
  } else if (text.kind !== 'owner') {
    alertOwnerOnce(
      ctx,
      'texting_failed',
      `NeverMissCall: texting ${s.callerPhone} keeps failing (the provider is unreachable). Please call them.`,
    );
  }
  // The assistant cannot carry a conversation it cannot text: the owner has it now.
  if (text.kind !== 'owner') takeOver(ctx);
}

export function onDelivery(ctx: Ctx, report: { messageSid: string; status: MessageStatus; errorCode?: number }) {
  const { s } = ctx;
  if (s.phase === 'closing' || s.phase === 'closed') return;
  // Twilio 21610: the carrier says the caller opted out (e.g. STOP sent to another number of ours).
  if (report.errorCode === 21610) return optOut(ctx, { confirm: false });
  if (!isFailed(report.status)) return;
  if (report.messageSid === s.greeting.sid) greetingUndelivered(ctx);
  else if (!s.greeting.sid) remember(s.undeliveredSids, report.messageSid);
}

function isFailed(status: MessageStatus): boolean {
  return status === 'undelivered' || status === 'failed';
}

function greetingUndelivered(ctx: Ctx) {
  ctx.s.greeting.undelivered = true;
  alertOwnerOnce(
    ctx,
    'text_back_undelivered',
    `NeverMissCall: the text-back to ${ctx.s.callerPhone} was not delivered by the carrier. Call them back?`,
  );
}

/** A send the activity gave up on, by its failure type (activities/sms.ts names them after Twilio's codes). */
export function textFailureOf(failureType: string | undefined): TextFailure {
  switch (failureType) {
    case 'CallerOptedOut':
      return 'opted_out';
    case 'InvalidPhoneNumber':
    case 'NotSmsCapable':
      return 'caller_unreachable';
    case 'SenderNotSmsCapable':
      return 'sender_unusable';
    default:
      return 'provider_down';
  }
}
