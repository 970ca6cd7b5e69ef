// Assistant turns: one at a time, only while the assistant has the conversation, answering every
// caller message waiting at the moment it starts. An answer that comes back after a takeover is
// thrown away; one that would arrive in quiet hours to a caller who wrote long ago waits for 08:00.
import { fallbackReply } from '../../domain/assistant-safety';
import type { AssistantAnswer, LeadFields } from '../../domain/conversation-facts';
import { isFinalLeadStatus } from '../../domain/lead-status';
import { markUnanswered, optOut } from './caller';
import { offerSlots } from './booking';
import {
  alertOwner,
  appointmentAhead,
  emit,
  isWaitingFor,
  mustHold,
  moveLead,
  nextRef,
  publish,
  settle,
  textCaller,
  waitFor,
  type Ctx,
} from './context';
import { takeOver } from './owner';

/** Everything but quiet hours allows a turn now. */
export function turnWanted(ctx: Ctx): boolean {
  const { s } = ctx;
  if (s.phase !== 'open' || s.mode !== 'ai' || s.unanswered.length === 0 || s.optedOut || s.textingBlocked) return false;
  // The text-back goes first (and is answered by Twilio); the assistant answers after it.
  if (s.textBack || isWaitingFor(ctx, 'assistant') || !s.settings) return false;
  if (s.awaiting.some((entry) => entry.on === 'text' && entry.text.kind === 'greeting')) return false;
  return !isFinalLeadStatus(s.leadStatus) || appointmentAhead(ctx);
}

/** Quiet hours hold the reply to a caller who wrote long ago (a handback at night, a late answer). */
export function turnHeldByQuietHours(ctx: Ctx): boolean {
  return mustHold(ctx, { kind: 'reply', body: '', author: 'assistant' });
}

export function maybeStartTurn(ctx: Ctx) {
  if (!turnWanted(ctx) || turnHeldByQuietHours(ctx)) return;
  const { s } = ctx;
  const ref = nextRef(ctx);
  waitFor(ctx, { ref, on: 'assistant', epoch: s.aiEpoch, answers: [...s.unanswered] });
  s.unanswered = [];
  s.unansweredSince = undefined;
  emit(ctx, { type: 'ask_assistant', ref, transcript: s.transcript.map((entry) => ({ ...entry })), lead: { ...s.lead } });
}

export function onAssistantFailed(ctx: Ctx, ref: number) {
  // Even the activity's own fallback could not run: the caller still hears from us and the owner takes it.
  const name = ctx.s.settings?.businessName ?? 'the business';
  onAssistantAnswered(ctx, ref, { reply: fallbackReply(name), fields: {}, action: 'handoff', emergency: false, optOut: false });
}

export function onAssistantAnswered(ctx: Ctx, ref: number, answer: AssistantAnswer) {
  const turn = settle(ctx, ref, 'assistant');
  if (!turn) return;
  const { s } = ctx;
  const callerSaid = [...s.transcript].reverse().find((entry) => entry.author === 'caller')?.body ?? '';
  if (turn.epoch !== s.aiEpoch || s.mode !== 'ai' || s.optedOut || s.phase !== 'open') {
    // The owner took over while the assistant was thinking: its reply is never sent, and the
    // caller's messages wait for the owner instead.
    if (!s.optedOut && s.phase === 'open') for (const id of turn.answers) markUnanswered(ctx, id);
    return;
  }
  if (mergeLead(ctx, answer.declineReason ? { ...answer.fields, declineReason: answer.declineReason } : answer.fields)) publish(ctx);
  if (answer.optOut) return optOut(ctx, { confirm: true, said: callerSaid });
  if (turnHeldByQuietHours(ctx)) {
    // Too late to count as a reply to the caller (the clock moved on): asked again at 08:00.
    for (const id of turn.answers) markUnanswered(ctx, id);
    return;
  }
  if (answer.reply) textCaller(ctx, { kind: 'reply', body: answer.reply, author: 'assistant', answers: turn.answers });
  const { callerName, jobDescription, serviceAddress } = s.lead;
  if (callerName && jobDescription && serviceAddress && s.leadStatus !== 'qualified') {
    moveLead(ctx, { type: 'lead_qualified' });
    if ((s.leadStatus as string) === 'qualified') {
      alertOwner(ctx, 'lead_qualified', `NeverMissCall: new lead ${callerName} (${s.callerPhone}): ${jobDescription} at ${serviceAddress}`);
    }
  }
  if ((answer.action === 'offer_slots' || answer.action === 'book') && !appointmentAhead(ctx)) offerSlots(ctx, { alertIfNone: true });
  if (answer.action === 'close') moveLead(ctx, { type: 'caller_declined' });
  // Out-of-area callers are declined quietly unless the owner asked to hear of them.
  if (answer.declineReason === 'out_of_area' && answer.tellOwner) {
    alertOwner(
      ctx,
      'out_of_area',
      `NeverMissCall: turned away ${s.callerPhone}, outside your service area${s.lead.serviceAddress ? ` (${s.lead.serviceAddress.slice(0, 80)})` : ''}.`,
    );
  }
  if (answer.emergency || answer.action === 'handoff') {
    takeOver(ctx);
    alertOwner(
      ctx,
      answer.emergency ? 'emergency' : 'handoff',
      `NeverMissCall: ${answer.emergency ? 'EMERGENCY' : 'please take over'}: ${s.callerPhone} says "${callerSaid.slice(0, 80)}"`,
    );
  }
  maybeStartTurn(ctx);
}

/** Keeps what the caller told us; true when something new was learned. */
function mergeLead(ctx: Ctx, fields: LeadFields): boolean {
  let changed = false;
  // Text fields by value; the placed address (an object) whenever the turn placed one.
  for (const [key, value] of Object.entries(fields) as [keyof LeadFields, unknown][]) {
    if (value && (ctx.s.lead as Record<string, unknown>)[key] !== value) {
      (ctx.s.lead as Record<string, unknown>)[key] = value;
      changed = true;
    }
  }
  return changed;
}
