// Quiet hours (docs/product.md, rules that are never broken): texts that we start — nudges, follow-ups,
// reminders, alerts to callers — are never sent 21:00–08:00 in the business's time zone; they are
// held and sent at 08:00. A reply to the caller's own call or message of the last few minutes is
// not started by us and goes out at once, day or night.
import { addLocalDays, localParts, zonedInstant } from './time-zone';

export const QUIET_START_MINUTES = 21 * 60;
export const QUIET_END_MINUTES = 8 * 60;
/** How recent the caller's own call or message must be for our text to count as a reply to it. */
export const RECENT_CALLER_CONTACT_MS = 5 * 60 * 1000;

/** Whether the wall clock in `timeZone` shows 21:00 or later, or earlier than 08:00. */
export function isQuietTime(instant: Date, timeZone: string): boolean {
  const { minutes } = localParts(instant, timeZone);
  return minutes >= QUIET_START_MINUTES || minutes < QUIET_END_MINUTES;
}

/**
 * When a text held by quiet hours may go: undefined if it is not quiet now; else the next local
 * 08:00 — the same date after midnight, the next date before it (DST-correct: 08:00 wall time
 * whatever the clocks did in the night).
 */
export function quietHoursRelease(instant: Date, timeZone: string): Date | undefined {
  const { date, minutes } = localParts(instant, timeZone);
  if (minutes < QUIET_END_MINUTES) return zonedInstant(date, QUIET_END_MINUTES, timeZone);
  if (minutes >= QUIET_START_MINUTES) return zonedInstant(addLocalDays(date, 1), QUIET_END_MINUTES, timeZone);
  return undefined;
}

/**
 * Whether a text at `now` is one we start. It is not when it answers the caller's own call or
 * message of the last RECENT_CALLER_CONTACT_MS (inclusive). A contact stamped slightly after `now`
 * (clocks of webhook and workflow differ) still counts as recent.
 */
export function isStartedByUs(input: { now: Date; lastCallerContactAt: Date | undefined }): boolean {
  if (input.lastCallerContactAt === undefined) return true;
  const elapsed = input.now.getTime() - input.lastCallerContactAt.getTime();
  // Written so that an invalid date (NaN) counts as started by us: then quiet hours still hold the text.
  return !(elapsed <= RECENT_CALLER_CONTACT_MS);
}

/** When a text may be sent: `now` if it answers the caller or it is not quiet; else the 08:00 release. */
export function whenToSend(input: { now: Date; timeZone: string; lastCallerContactAt: Date | undefined }): Date {
  if (!isStartedByUs(input)) return input.now;
  return quietHoursRelease(input.now, input.timeZone) ?? input.now;
}
