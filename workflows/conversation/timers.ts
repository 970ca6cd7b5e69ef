// Every deadline of a conversation, each beside what reaching it does. A deadline exists only when
// reaching it does something, and the next wake-up is computed here and nowhere else: the shell
// sleeps until `nextWakeUp`, then feeds a tick.
import { reminderText, reminderTimes } from '../../domain/appointments';
import { isFinalLeadStatus, nextLeadStatus } from '../../domain/lead-status';
import { whenToSend } from '../../domain/quiet-hours';
import { nudgeText } from '../../domain/settings';
import { maybeStartTurn, turnWanted } from './assistant';
import { alertOwner, appointmentAhead, isWaitingFor, moveLead, textCaller, type Ctx } from './context';
import type { PendingTimers } from '../../contracts/conversation-workflow';
import { advanceTextBack, textBackDue } from './text-back';

/** Takeover-idle alerts per unanswered caller message, each after a longer wait (10 min, 40 min, 160 min by default). */
export const MAX_IDLE_ALERTS = 3;
const IDLE_ALERT_GROWTH = 4;

interface Timer {
  name: keyof PendingTimers;
  due(ctx: Ctx): number | undefined;
  fire(ctx: Ctx): void;
}

/** When a text we start may go: `raw` (or now, if that passed) moved out of quiet hours. */
function sendableAt(ctx: Ctx, raw: number): number {
  const at = new Date(Math.max(raw, ctx.now));
  return whenToSend({ now: at, timeZone: ctx.s.settings!.timeZone, lastCallerContactAt: undefined }).getTime();
}

function isOpen({ s }: Ctx): boolean {
  return s.phase === 'open' && s.settings !== undefined;
}

function unresponsiveDue(ctx: Ctx): number | undefined {
  const { s } = ctx;
  if (!isOpen(ctx) || !s.awaitingCallerSince || s.optedOut || s.unanswered.length > 0 || appointmentAhead(ctx)) return undefined;
  if (isWaitingFor(ctx, 'assistant') || nextLeadStatus(s.leadStatus, { type: 'timed_out' }) === s.leadStatus) return undefined;
  return Date.parse(s.awaitingCallerSince) + s.settings!.unresponsiveAfterMs;
}

function nudgeDue(ctx: Ctx): number | undefined {
  const { s } = ctx;
  const giveUpAt = unresponsiveDue(ctx);
  if (giveUpAt === undefined || s.nudged || s.mode !== 'ai' || s.textingBlocked || isFinalLeadStatus(s.leadStatus)) return undefined;
  const at = sendableAt(ctx, Date.parse(s.awaitingCallerSince!) + s.settings!.nudgeAfterMs);
  // A nudge that could only go after we give up is no nudge.
  return at < giveUpAt ? at : undefined;
}

function nextReminder(ctx: Ctx): { sendAt: number } | undefined {
  const { s } = ctx;
  if (!isOpen(ctx) || !appointmentAhead(ctx) || s.optedOut || s.textingBlocked) return undefined;
  const start = Date.parse(s.appointment!.start);
  for (const due of reminderTimes(new Date(start), s.settings!.reminderOffsetsMs, s.settings!.timeZone)) {
    if (s.remindersSent.includes(due.toISOString())) continue;
    const sendAt = sendableAt(ctx, due.getTime());
    if (sendAt >= start) continue;
    return { sendAt };
  }
  return undefined;
}

function idleAlertDue(ctx: Ctx): number | undefined {
  const { s } = ctx;
  if (!isOpen(ctx) || s.mode !== 'human' || s.unanswered.length === 0 || s.optedOut || s.idleAlerts >= MAX_IDLE_ALERTS) return undefined;
  const idleSince = Math.max(Date.parse(s.unansweredSince!), s.lastOwnerActionAt ? Date.parse(s.lastOwnerActionAt) : 0);
  return idleSince + s.settings!.takeoverIdleAlertMs * IDLE_ALERT_GROWTH ** s.idleAlerts;
}

const TIMERS: readonly Timer[] = [
  { name: 'textBackAt', due: (ctx) => (isOpen(ctx) ? textBackDue(ctx) : undefined), fire: advanceTextBack },
  {
    name: 'heldUntil',
    due: (ctx) => (isOpen(ctx) && ctx.s.held.length > 0 ? sendableAt(ctx, ctx.now) : undefined),
    fire(ctx) {
      const { s } = ctx;
      const held = s.held;
      s.held = [];
      for (const text of held) {
        // Held overnight: an assistant text is void once the owner took over, a confirmation once its booking changed.
        if (text.author === 'assistant' && s.mode !== 'ai') continue;
        if (text.appointmentId && s.appointment?.id !== text.appointmentId) continue;
        textCaller(ctx, text);
      }
    },
  },
  {
    name: 'assistantAt',
    // Only quiet hours keep a wanted turn waiting (anything else starts it at once): it starts at 08:00.
    due: (ctx) => (turnWanted(ctx) ? sendableAt(ctx, ctx.now) : undefined),
    fire: maybeStartTurn,
  },
  {
    name: 'reminderAt',
    due: (ctx) => nextReminder(ctx)?.sendAt,
    fire(ctx) {
      const { s } = ctx;
      const start = Date.parse(s.appointment!.start);
      // After a long stall only the latest due reminder goes: two at once would be noise.
      for (const due of reminderTimes(new Date(start), s.settings!.reminderOffsetsMs, s.settings!.timeZone)) {
        if (due.getTime() <= ctx.now && !s.remindersSent.includes(due.toISOString())) s.remindersSent.push(due.toISOString());
      }
      textCaller(ctx, {
        kind: 'reminder',
        body: reminderText(s.settings!.businessName, new Date(start), s.settings!.timeZone, new Date(ctx.now)),
        author: 'system',
      });
    },
  },
  {
    name: 'appointmentEndsAt',
    due: (ctx) => (isOpen(ctx) && ctx.s.appointment ? Date.parse(ctx.s.appointment.end) : undefined),
    fire(ctx) {
      // The visit is over: a booked lead's conversation can end; the appointment stays in the calendar.
      ctx.s.appointment = undefined;
      ctx.s.remindersSent = [];
    },
  },
  {
    name: 'nudgeAt',
    due: nudgeDue,
    fire(ctx) {
      ctx.s.nudged = true;
      textCaller(ctx, { kind: 'nudge', body: nudgeText(ctx.s.settings!.businessName), author: 'assistant' });
    },
  },
  { name: 'unresponsiveAt', due: unresponsiveDue, fire: (ctx) => moveLead(ctx, { type: 'timed_out' }) },
  {
    name: 'takeoverIdleAlertAt',
    due: idleAlertDue,
    fire(ctx) {
      ctx.s.idleAlerts += 1;
      alertOwner(ctx, 'takeover_idle', `NeverMissCall: ${ctx.s.callerPhone} is waiting for your reply (you took over this conversation).`);
    },
  },
];

/** Fires everything due by now, earliest first. Each firing changes what is due, so this ends. */
export function fireDue(ctx: Ctx) {
  for (let round = 0; round < 50; round += 1) {
    let earliest: { timer: Timer; at: number } | undefined;
    for (const timer of TIMERS) {
      const at = timer.due(ctx);
      if (at !== undefined && at <= ctx.now && (!earliest || at < earliest.at)) earliest = { timer, at };
    }
    if (!earliest) return;
    earliest.timer.fire(ctx);
  }
}

/** Every pending deadline by name (the state query shows them). */
export function pendingTimers(ctx: Ctx): PendingTimers {
  const timers: PendingTimers = {};
  for (const timer of TIMERS) {
    const at = timer.due(ctx);
    if (at !== undefined) timers[timer.name] = new Date(at).toISOString();
  }
  return timers;
}

/** The one next wake-up, epoch ms, or undefined when only a signal can move the conversation. */
export function nextWakeUp(ctx: Ctx): number | undefined {
  let next: number | undefined;
  for (const timer of TIMERS) {
    const at = timer.due(ctx);
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}
