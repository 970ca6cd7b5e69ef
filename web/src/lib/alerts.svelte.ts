// Alerts for the owner (docs/product.md journey 8): the unread ones from the api, and the live ones
// shown for a few seconds as a notification, whichever page is open.
import type { LiveEvents } from '$contracts/live-events';
import { api } from './api';
import type { AlertItem } from './api-types';

const TOAST_MS = 8_000;

export class Alerts {
  unread = $state.raw<AlertItem[]>([]);
  /** Alerts that arrived live, shown as notifications until dismissed or timed out. */
  toasts = $state.raw<AlertItem[]>([]);
  /** Plain (not reactive) bookkeeping: when each notification hides itself. */
  #timers: Record<string, ReturnType<typeof setTimeout>> = {};

  async refresh(): Promise<void> {
    try {
      const { alerts } = await api.alerts();
      // Live alerts that arrived while the request was in flight are kept.
      const live = this.unread.filter((alert) => alert.readAt === null && !alerts.some((fetched) => fetched.id === alert.id));
      this.unread = [...alerts.filter((alert) => alert.readAt === null), ...live].sort(newestFirst);
    } catch {
      // An older api without alerts, or a blip: the live ones still show.
    }
  }

  received = ({ alert }: LiveEvents['alert.created']): void => {
    if (this.unread.some((known) => known.id === alert.id)) return;
    const item: AlertItem = { ...alert, readAt: null };
    this.unread = [item, ...this.unread].sort(newestFirst);
    this.toasts = [...this.toasts, item];
    this.#timers[alert.id] = setTimeout(() => this.dismiss(alert.id), TOAST_MS);
  };

  dismiss(alertId: string): void {
    clearTimeout(this.#timers[alertId]);
    delete this.#timers[alertId];
    this.toasts = this.toasts.filter((alert) => alert.id !== alertId);
  }

  async markRead(alertId: string): Promise<void> {
    this.dismiss(alertId);
    this.unread = this.unread.filter((alert) => alert.id !== alertId);
    try {
      await api.markAlertRead(alertId);
    } catch {
      // Shown again after the next refresh if the api did not take it.
    }
  }

  /**
   * The owner's answer to a calendar alert (the owner changed an appointment in their own calendar):
   * "tell_caller" texts the caller the prepared message, "keep" sends nothing. Answered, the alert is
   * read. Throws what the api refused (a conversation already ended, another answer given first).
   */
  async answer(alertId: string, answer: 'tell_caller' | 'keep'): Promise<void> {
    await api.answerAlert(alertId, answer);
    this.dismiss(alertId);
    this.unread = this.unread.filter((alert) => alert.id !== alertId);
  }

  async markAllRead(): Promise<void> {
    await Promise.all(this.unread.map((alert) => this.markRead(alert.id)));
  }

  stop(): void {
    for (const timer of Object.values(this.#timers)) clearTimeout(timer);
    this.#timers = {};
  }
}

function newestFirst(a: AlertItem, b: AlertItem): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt);
}

/** What an alert is about, in a few words (the body says the rest). Kinds as the workflow raises them. */
const ALERT_TITLES: Record<string, string> = {
  lead_qualified: 'New qualified lead',
  handoff: 'The assistant needs you',
  emergency: 'Emergency',
  booking_made: 'New booking',
  booking_cancelled: 'Booking cancelled',
  takeover_idle: 'A caller is waiting for you',
  text_back_undelivered: 'A text was not delivered',
  no_free_slots: 'No free slots to offer',
  out_of_area: 'Out-of-area caller turned away',
  calendar_deleted: 'Removed from your calendar',
  calendar_moved: 'Moved in your calendar',
  calendar_move_clash: 'Calendar move clashes with a booking',
  calendar_reconnect: 'Reconnect your calendar',
};

/** Calendar alerts the owner answers: whether the caller is told about their change (nothing is sent until then). */
export function asksToTellCaller(kind: string): boolean {
  return kind === 'calendar_deleted' || kind === 'calendar_moved';
}

export function alertTitle(kind: string): string {
  return ALERT_TITLES[kind] ?? 'Alert';
}

/** Alerts that need the owner now are announced at once to screen readers. */
export function isUrgent(kind: string): boolean {
  return ['emergency', 'handoff', 'takeover_idle', 'text_back_undelivered', 'calendar_reconnect'].includes(kind);
}
