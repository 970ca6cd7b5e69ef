// Which outcomes of the forwarded call leave the caller unanswered (docs/product.md journey 3).
export const MISSED_DIAL_STATUSES = ['no-answer', 'busy', 'failed', 'canceled'] as const;
export type MissedDialStatus = (typeof MISSED_DIAL_STATUSES)[number];

export function isMissedDialStatus(status: string): status is MissedDialStatus {
  return (MISSED_DIAL_STATUSES as readonly string[]).includes(status);
}

/**
 * Whether a forwarded call counts as missed. With screening, only the owner pressing 1 makes it
 * answered: carrier voicemail or a declined whisper reports "completed" to Twilio but is missed.
 */
export function countsAsMissed(call: { dialStatus: string; screened: boolean; ownerAccepted: boolean }): boolean {
  if (isMissedDialStatus(call.dialStatus)) return true;
  return call.screened ? !call.ownerAccepted : false;
}

/** Call statuses after which the caller is no longer on the line. */
export function callHasEnded(callStatus: string): boolean {
  return ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(callStatus);
}
