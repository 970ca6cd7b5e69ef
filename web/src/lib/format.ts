// How numbers and times read to an owner. Times use the browser's clock and timezone.
import type { MessageAuthor, MessageStatus } from '$domain/live-events';

/** +15551234567 → (555) 123-4567; other countries keep their E.164 form. */
export function formatPhone(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : e164;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "Mon", "Mar 4". */
export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < 12 * HOUR) return `${Math.floor(elapsed / HOUR)} h ago`;
  const date = new Date(then);
  const today = new Date(now);
  if (sameDay(date, today)) return date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  if (sameDay(date, new Date(now - DAY))) return 'yesterday';
  if (elapsed < 6 * DAY) return date.toLocaleDateString(undefined, { weekday: 'short' });
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** The full date and time, for a tooltip and the <time> element. */
export function fullTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Time of a message in a thread: "2:05 PM" today, "Mar 4, 2:05 PM" otherwise. */
export function messageTime(iso: string, now: number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const time = date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  return sameDay(date, new Date(now)) ? time : `${date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })}, ${time}`;
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

// One wording for lead statuses everywhere: the business rules' own labels.
export { LEAD_STATUS_LABELS } from '$domain/lead-status';

export const AUTHOR_LABELS: Record<MessageAuthor, string> = {
  caller: 'Caller',
  assistant: 'AI assistant',
  owner: 'You',
  system: 'NeverMissCall',
};

/** Delivery status of a text we sent, in words; received texts have none. */
export const DELIVERY_LABELS: Record<MessageStatus, string> = {
  received: '',
  queued: 'Sending…',
  sent: 'Sent',
  delivered: 'Delivered',
  undelivered: 'Not delivered',
  failed: 'Failed to send',
};
