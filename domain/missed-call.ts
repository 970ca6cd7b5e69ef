// Which outcomes of the forwarded call leave the caller unanswered (PRODUCT.md journey 3).
export const MISSED_DIAL_STATUSES = ['no-answer', 'busy', 'failed', 'canceled'] as const;
export type MissedDialStatus = (typeof MISSED_DIAL_STATUSES)[number];

export function isMissedDialStatus(status: string): status is MissedDialStatus {
  return (MISSED_DIAL_STATUSES as readonly string[]).includes(status);
}
