// The working context of one decision: a private copy of the state to change, the commands
// produced so far and the instant it happens at. Every rule module takes one; `decide` makes a fresh
// one per event, so the state handed in is never changed.
import { isFinalLeadStatus, nextLeadStatus, type LeadEvent, type LeadStatus } from '../../domain/lead-status';
import { isQuietTime, whenToSend } from '../../domain/quiet-hours';
import type { Awaited, Command, Conversation, OutgoingText, UpdateAnswer } from './model';
import { NEVER_HELD } from './model';

/** How much transcript the assistant sees; the database keeps every message. */
export const TRANSCRIPT_LIMIT = 40;
/** How many SIDs we remember for dedupe (Twilio retries within minutes, not weeks). */
export const SEEN_LIMIT = 500;

export interface Ctx {
  s: Conversation;
  out: Command[];
  now: number;
}

export const iso = (ms: number) => new Date(ms).toISOString();

export function emit(ctx: Ctx, command: Command) {
  ctx.out.push(command);
}

export function nextRef(ctx: Ctx): number {
  return ctx.s.nextRef++;
}

export function waitFor(ctx: Ctx, awaited: Awaited) {
  ctx.s.awaiting.push(awaited);
}

/** Takes what an activity answered off the waiting list; undefined if we were not waiting for it. */
export function settle<T extends Awaited['on']>(ctx: Ctx, ref: number, on: T): Extract<Awaited, { on: T }> | undefined {
  const index = ctx.s.awaiting.findIndex((entry) => entry.ref === ref && entry.on === on);
  if (index < 0) return undefined;
  return ctx.s.awaiting.splice(index, 1)[0] as Extract<Awaited, { on: T }>;
}

export function isWaitingFor(ctx: Ctx, on: Awaited['on']): boolean {
  return ctx.s.awaiting.some((entry) => entry.on === on);
}

export function remember(list: string[], value: string) {
  list.push(value);
  if (list.length > SEEN_LIMIT) list.splice(0, list.length - SEEN_LIMIT);
}

/** Takes a text that never went out back out of the transcript (the latest one with that author and body). */
export function dropFromTranscript(ctx: Ctx, author: string, body: string) {
  for (let i = ctx.s.transcript.length - 1; i >= 0; i -= 1) {
    const entry = ctx.s.transcript[i]!;
    if (entry.author === author && entry.body === body) {
      ctx.s.transcript.splice(i, 1);
      return;
    }
  }
}

export function addToTranscript(ctx: Ctx, author: 'caller' | 'assistant' | 'owner' | 'system', body: string) {
  ctx.s.transcript.push({ author, body, at: iso(ctx.now) });
  if (ctx.s.transcript.length > TRANSCRIPT_LIMIT) ctx.s.transcript.splice(0, ctx.s.transcript.length - TRANSCRIPT_LIMIT);
}

/** The read model and Web UI's search attributes follow the lead. */
export function publish(ctx: Ctx) {
  emit(ctx, { type: 'publish', leadStatus: ctx.s.leadStatus, mode: ctx.s.mode, lead: { ...ctx.s.lead } });
}

export function setLeadStatus(ctx: Ctx, status: LeadStatus) {
  if (status === ctx.s.leadStatus) return;
  ctx.s.leadStatus = status;
  publish(ctx);
}

export function moveLead(ctx: Ctx, event: LeadEvent) {
  setLeadStatus(ctx, nextLeadStatus(ctx.s.leadStatus, event));
}

export function alertOwner(ctx: Ctx, kind: string, text: string) {
  emit(ctx, { type: 'alert_owner', seq: ctx.s.nextSeq++, kind, text: text.slice(0, 300) });
}

/** An alert that makes sense once per conversation (undeliverable caller, texting down). */
export function alertOwnerOnce(ctx: Ctx, kind: string, text: string) {
  if (ctx.s.alerted.includes(kind)) return;
  ctx.s.alerted.push(kind);
  alertOwner(ctx, kind, text);
}

/** Quiet hours hold a text we start; a reply to the caller's own recent call or message goes now. */
export function mustHold(ctx: Ctx, text: OutgoingText): boolean {
  if (NEVER_HELD.includes(text.kind) || !ctx.s.settings) return false;
  const lastContact = ctx.s.lastCallerContactAt ? new Date(ctx.s.lastCallerContactAt) : undefined;
  const at = whenToSend({ now: new Date(ctx.now), timeZone: ctx.s.settings.timeZone, lastCallerContactAt: lastContact });
  return at.getTime() > ctx.now;
}

/** Whether quiet hours are on now in the business's time zone. */
export function isQuietNow(ctx: Ctx): boolean {
  return ctx.s.settings ? isQuietTime(new Date(ctx.now), ctx.s.settings.timeZone) : false;
}

/**
 * Every text to the caller goes through here: nothing after an opt-out (but its one confirmation)
 * or to a number that cannot take texts; a text we start waits out quiet hours.
 */
export function textCaller(ctx: Ctx, text: OutgoingText): boolean {
  const { s } = ctx;
  if (s.optedOut && text.kind !== 'opt_out_confirmation') return false;
  if (s.textingBlocked) return false;
  if (mustHold(ctx, text)) {
    s.held.push(text);
    return false;
  }
  const ref = nextRef(ctx);
  waitFor(ctx, { ref, on: 'text', text });
  emit(ctx, { type: 'send_text', ref, seq: s.nextSeq++, text });
  // In the transcript in the order we said it (a text failing for good is taken out again).
  addToTranscript(ctx, text.author === 'caller' ? 'system' : text.author, text.body);
  return true;
}

/** The author of texts the system sends on its own: the assistant's voice while it has the conversation. */
export function automatedAuthor(ctx: Ctx): 'assistant' | 'system' {
  return ctx.s.mode === 'ai' ? 'assistant' : 'system';
}

/** Answers a dashboard request (an update) that waits for the main loop. */
export function answerUpdate(ctx: Ctx, requestId: string, answer: UpdateAnswer) {
  emit(ctx, { type: 'answer_update', requestId, answer });
}

export function appointmentAhead({ s, now }: Ctx): boolean {
  return s.appointment !== undefined && Date.parse(s.appointment.end) > now;
}

/** Over: opted out, settled by phone, or a final status with no appointment still ahead. */
export function isOver(ctx: Ctx): boolean {
  const { s } = ctx;
  if (s.optedOut || s.handledByPhone) return true;
  return isFinalLeadStatus(s.leadStatus) && !appointmentAhead(ctx);
}

/** Closing (or about to): a new call or text belongs to the caller's next conversation. */
export function isEnding(ctx: Ctx): boolean {
  const { phase } = ctx.s;
  return phase === 'closing' || phase === 'closed' || (phase === 'open' && isOver(ctx));
}
