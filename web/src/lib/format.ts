// How numbers and times read to an owner. Times use the browser's clock and timezone.
import type { MessageAuthor, MessageStatus } from '$contracts/live-events';

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

/** A duration an owner reads at a glance: "850 ms", "4.2 s", "3 min", "1 h 30 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${(ms / 1_000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  const hours = Math.floor(ms / HOUR);
  const minutes = Math.round((ms % HOUR) / MINUTE);
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return value.toLocaleString();
}

/** The time zones an owner can pick, their browser's first. */
export function timeZones(): string[] {
  const own = browserTimeZone();
  let all: string[];
  try {
    all = (Intl as unknown as { supportedValuesOf(key: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    all = [
      'America/New_York',
      'America/Chicago',
      'America/Denver',
      'America/Phoenix',
      'America/Los_Angeles',
      'America/Anchorage',
      'Pacific/Honolulu',
    ];
  }
  return [own, ...all.filter((zone) => zone !== own)];
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'America/Chicago';
  } catch {
    return 'America/Chicago';
  }
}

/** A time of day in the business's time zone: "9:00 AM". */
export function clockTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit', timeZone });
}

/** This instant as an ISO string (for things stamped in the browser, like a message being sent). */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * An alert's text as the dashboard shows it. The same text goes out by SMS, so it starts with
 * "NeverMissCall:" and carries raw numbers and instants; on screen those read as in the rest of the app.
 */
export function alertText(body: string, timeZone?: string): string {
  return body
    .replace(/^NeverMissCall:\s*/, '')
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime())
        ? iso
        : date.toLocaleString(undefined, {
            weekday: 'short',
            month: 'short',
            day: 'numeric',
            hour: 'numeric',
            minute: '2-digit',
            timeZone,
          });
    })
    .replace(/\+1\d{10}\b/g, (e164) => formatPhone(e164));
}

/** "9:00–11:00 AM", or "11:00 AM–1:00 PM" when the range crosses noon; in the business's time zone. */
export function timeRange(startIso: string, endIso: string, timeZone?: string): string {
  const start = clockTime(startIso, timeZone);
  const end = clockTime(endIso, timeZone);
  const startPeriod = /\s?([AP]M)$/i.exec(start);
  const endPeriod = /\s?([AP]M)$/i.exec(end);
  if (startPeriod && endPeriod && startPeriod[1] === endPeriod[1]) return `${start.slice(0, startPeriod.index)}–${end}`;
  return `${start}–${end}`;
}
