// What the owner does from the dashboard: take over (the assistant stops at once), hand back, text
// the caller, set the lead's status, change settings, book or cancel. Requests that answer the
// dashboard (updates) are checked here first, synchronously, so bad input changes nothing.
import { ownerSetLeadStatus, isFinalLeadStatus } from '../../domain/lead-status';
import { MAX_SMS_BODY } from '../../domain/conversation-facts';
import type { ConversationSettings } from '../../domain/settings';
import { maybeStartTurn } from './assistant';
import { cancelBooking } from './booking';
import { answerUpdate, emit, iso, nextRef, publish, setLeadStatus, textCaller, waitFor, type Ctx } from './context';
import type { Conversation } from './model';

export function takeOver(ctx: Ctx) {
  const { s } = ctx;
  if (s.phase === 'closing' || s.phase === 'closed') return;
  s.aiEpoch += 1;
  s.lastOwnerActionAt = iso(ctx.now);
  s.idleAlerts = 0;
  if (s.mode !== 'human') {
    s.mode = 'human';
    publish(ctx);
  }
}

export function handBack(ctx: Ctx) {
  const { s } = ctx;
  if (s.phase === 'closing' || s.phase === 'closed' || s.mode === 'ai') return;
  s.mode = 'ai';
  s.idleAlerts = 0;
  publish(ctx);
  // The assistant answers whatever waited for the owner, with the whole transcript.
  maybeStartTurn(ctx);
}

export function ownerSetsStatus(ctx: Ctx, status: Conversation['leadStatus']) {
  const { s } = ctx;
  // Set while the conversation is still opening, it holds from the start.
  if (s.phase === 'closing' || s.phase === 'closed') return;
  const result = ownerSetLeadStatus(s.leadStatus, status);
  if (!result.ok) return;
  // A lead the owner closed gets no more assistant texts, even one already being written.
  if (isFinalLeadStatus(result.status)) s.aiEpoch += 1;
  setLeadStatus(ctx, result.status);
}

export function settingsChanged(ctx: Ctx, settings: ConversationSettings) {
  ctx.s.settings = settings;
}

export function ownerMessage(ctx: Ctx, requestId: string, body: string) {
  const refusal = refuseOwnerMessage(ctx.s, body);
  if (refusal) return answerUpdate(ctx, requestId, { ok: false, ...refusal });
  // An owner message while the assistant is active takes over implicitly.
  takeOver(ctx);
  if (!textCaller(ctx, { kind: 'owner', body: body.trim(), author: 'owner', requestId })) {
    answerUpdate(ctx, requestId, { ok: false, type: 'CannotText', message: 'this caller cannot be texted right now' });
  }
}

export function ownerBooks(ctx: Ctx, requestId: string, start: string) {
  const refusal = refuseBooking(ctx.s, start, ctx.now);
  if (refusal) return answerUpdate(ctx, requestId, { ok: false, ...refusal });
  const ref = nextRef(ctx);
  waitFor(ctx, { ref, on: 'slots', purpose: 'dashboard_book', requestId, start });
  emit(ctx, { type: 'list_slots', ref, limit: 500 });
}

export function ownerCancels(ctx: Ctx, requestId: string) {
  cancelBooking(ctx, { requestId });
}

export type Refusal = { type: string; message: string };

function refuseCommon(s: Conversation): Refusal | undefined {
  if (s.optedOut) return { type: 'CallerOptedOut', message: 'this caller opted out of texts (they can reply START)' };
  if (s.phase === 'closing' || s.phase === 'closed') return { type: 'ConversationClosed', message: 'this conversation is closed' };
  if (!s.settings || s.phase !== 'open') return { type: 'NotReady', message: 'this conversation is still starting; try again in a moment' };
  return undefined;
}

/** Why an owner's message cannot go, or undefined. Used by the update's validator and again when it runs. */
export function refuseOwnerMessage(s: Conversation, body: unknown): Refusal | undefined {
  const text = typeof body === 'string' ? body.trim() : '';
  if (text.length === 0) return { type: 'InvalidMessage', message: 'the message is empty' };
  if (text.length > MAX_SMS_BODY) return { type: 'InvalidMessage', message: `the message is longer than ${MAX_SMS_BODY} characters` };
  return refuseCommon(s);
}

export function refuseBooking(s: Conversation, start: unknown, now: number): Refusal | undefined {
  const at = typeof start === 'string' ? Date.parse(start) : NaN;
  if (Number.isNaN(at)) return { type: 'InvalidSlot', message: 'start must be an ISO date-time' };
  if (at <= now) return { type: 'InvalidSlot', message: 'that time is in the past' };
  return refuseCommon(s);
}

export function refuseCancel(s: Conversation): Refusal | undefined {
  if (!s.appointment) return { type: 'NoAppointment', message: 'this conversation has no appointment' };
  return undefined;
}
