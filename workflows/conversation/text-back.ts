// The first text after a missed call. A text-back delay lets the owner answer or return the call
// first; a caller offered voicemail is texted once they leave it or hang up, so the text can say we
// got their message; a text from the caller cuts both waits short. After hours it says when the
// business will answer. It says it is automated while the assistant has the conversation.
import { formatSlot } from '../../domain/appointments';
import { isOpenAt, nextOpening } from '../../domain/business-hours';
import type { MissedCall } from '../../domain/conversation-facts';
import { isFinalLeadStatus } from '../../domain/lead-status';
import { textBackAfterVoicemail, textBackGreeting, TEXT_BACK_VALIDITY_SECONDS, withReopening } from '../../domain/text-back';
import { maybeStartTurn } from './assistant';
import { automatedAuthor, iso, textCaller, type Ctx } from './context';

/** Longest a text-back waits for a caller who was offered voicemail (Record maxLength plus slack). */
export const VOICEMAIL_WAIT_MS = 150_000;

export function beginTextBack(ctx: Ctx, call: MissedCall) {
  const { s } = ctx;
  // Opted out, or closed by the owner before we could text: no text-back.
  if (s.optedOut || !s.settings || isFinalLeadStatus(s.leadStatus)) return;
  // Settings recorded before call handling existed have no `calls`.
  const delayMs = s.settings.calls?.textBackDelayMs ?? 0;
  s.textBack = { callSid: call.callSid, voicemailOffered: call.voicemailOffered === true, notBefore: iso(ctx.now + delayMs) };
  advanceTextBack(ctx);
}

/** Moves the text-back on as far as it can go now; its waits are deadlines (see timers.ts). */
export function advanceTextBack(ctx: Ctx) {
  const { s } = ctx;
  const plan = s.textBack;
  if (!plan || s.phase !== 'open') return;
  if (s.optedOut) {
    s.textBack = undefined;
    return;
  }
  const callerTexted = s.messagesFromCaller > 0;
  if (s.answeredByPhone && !callerTexted) {
    // The owner and the caller spoke: no text, the conversation ends quietly.
    s.textBack = undefined;
    s.handledByPhone = true;
    return;
  }
  const cutShort = callerTexted || s.answeredByPhone;
  if (!cutShort && ctx.now < Date.parse(plan.notBefore)) return;
  const leftVoicemail = s.voicemailCalls.includes(plan.callSid);
  if (plan.voicemailOffered && !cutShort && !leftVoicemail && !s.endedCalls.includes(plan.callSid)) {
    plan.voicemailUntil ??= iso(ctx.now + VOICEMAIL_WAIT_MS);
    if (ctx.now < Date.parse(plan.voicemailUntil)) return;
  }
  s.textBack = undefined;
  const name = s.settings!.businessName;
  // Said to be automated only while the assistant carries the conversation (not once the owner took it over).
  const author = automatedAuthor(ctx);
  const voice = { automated: author === 'assistant' };
  const text = leftVoicemail ? textBackAfterVoicemail({ name }, voice) : textBackGreeting({ name }, voice);
  // A reply to the caller's own call: it goes at once, even at night (not started by us).
  textCaller(ctx, {
    kind: 'greeting',
    body: withReopening(text, reopening(ctx)),
    author,
    validitySeconds: TEXT_BACK_VALIDITY_SECONDS,
  });
  maybeStartTurn(ctx);
}

/** When the business next opens, as the caller reads it; undefined while it is open. */
function reopening(ctx: Ctx): string | undefined {
  const settings = ctx.s.settings!;
  const now = new Date(ctx.now);
  if (!settings.hours || isOpenAt(now, settings.hours)) return undefined;
  const opens = nextOpening(now, settings.hours);
  // "Mon 8:00 AM": the weekday is enough within the week we look ahead.
  return opens ? formatSlot({ start: opens }, settings.timeZone).replace(/^(\w+) \w+ \d+, /, '$1 ') : undefined;
}

/** When the text-back waits until, if it waits. */
export function textBackDue({ s }: Ctx): number | undefined {
  const plan = s.textBack;
  if (!plan) return undefined;
  return Date.parse(plan.voicemailUntil ?? plan.notBefore);
}
