// What a conversation needs to know about its business, with the defaults docs/product.md journey 6
// names (nudge after 2 h, unresponsive after 24 h, takeover idle alert after 10 min, reminders 24 h
// and 1 h before an appointment). The workflow receives this as input and on `settingsChanged`.
import type { BusinessHours, WeeklyHours } from './business-hours';
import { fitName } from './gsm7';
import { DEFAULT_APPOINTMENT_SETTINGS, type AppointmentSettings } from './slots';
import { HOUR_MS, MINUTE_MS } from './time-zone';

export interface ConversationSettings {
  timeZone: string;
  businessName: string;
  /** Silence from the caller after which we send one gentle follow-up. */
  nudgeAfterMs: number;
  /** Silence from the caller after which the lead is unresponsive and the conversation ends. */
  unresponsiveAfterMs: number;
  /** An owner's takeover left without a message this long alerts the owner. */
  takeoverIdleAlertMs: number;
  /** Reminders go this long before an appointment, one per entry. */
  reminderOffsetsMs: number[];
  hours: BusinessHours;
  appointments: AppointmentSettings;
  calls: CallHandling;
}

/** How calls to the business number are handled (docs/product.md journey 2). */
export interface CallHandling {
  /** false: "always text back" — calls are not forwarded to the owner's cell at all. */
  forwardToOwner: boolean;
  /** How long the owner's cell rings before the call counts as missed. */
  ringTimeoutSeconds: number;
  /** Wait this long before the text-back, so an answered or returned call can cancel it; 0 sends at once. */
  textBackDelayMs: number;
}

export const DEFAULT_CALL_HANDLING: Readonly<CallHandling> = Object.freeze({
  forwardToOwner: true,
  ringTimeoutSeconds: 20,
  textBackDelayMs: 0,
});

export const DEFAULT_CONVERSATION_TIMINGS: Readonly<{
  nudgeAfterMs: number;
  unresponsiveAfterMs: number;
  takeoverIdleAlertMs: number;
  reminderOffsetsMs: readonly number[];
}> = Object.freeze({
  nudgeAfterMs: 2 * HOUR_MS,
  unresponsiveAfterMs: 24 * HOUR_MS,
  takeoverIdleAlertMs: 10 * MINUTE_MS,
  reminderOffsetsMs: Object.freeze([24 * HOUR_MS, HOUR_MS]),
});

const weekday = (open: string, close: string) => Object.freeze([Object.freeze({ open, close })]) as WeeklyHours['mon'];
/** Frozen all the way down: a business's own hours are copies (withConversationDefaults), never these. */
export const DEFAULT_WEEKLY_HOURS: Readonly<WeeklyHours> = Object.freeze({
  mon: weekday('08:00', '17:00'),
  tue: weekday('08:00', '17:00'),
  wed: weekday('08:00', '17:00'),
  thu: weekday('08:00', '17:00'),
  fri: weekday('08:00', '17:00'),
  sat: weekday('09:00', '13:00'),
  sun: Object.freeze([] as WeeklyHours['sun']) as WeeklyHours['sun'],
});

/**
 * Complete settings from what the business has set; every missing (or undefined) field takes its
 * default, and fresh copies are returned so no caller can change the defaults. The business has one
 * time zone: `hours.timeZone` always follows `timeZone`.
 */
export function withConversationDefaults(
  partial: Partial<ConversationSettings> & { timeZone: string; businessName: string },
): ConversationSettings {
  const hours = partial.hours ?? { timeZone: partial.timeZone, weekly: DEFAULT_WEEKLY_HOURS, overrides: [] };
  return {
    timeZone: partial.timeZone,
    businessName: partial.businessName,
    nudgeAfterMs: partial.nudgeAfterMs ?? DEFAULT_CONVERSATION_TIMINGS.nudgeAfterMs,
    unresponsiveAfterMs: partial.unresponsiveAfterMs ?? DEFAULT_CONVERSATION_TIMINGS.unresponsiveAfterMs,
    takeoverIdleAlertMs: partial.takeoverIdleAlertMs ?? DEFAULT_CONVERSATION_TIMINGS.takeoverIdleAlertMs,
    reminderOffsetsMs: [...(partial.reminderOffsetsMs ?? DEFAULT_CONVERSATION_TIMINGS.reminderOffsetsMs)],
    hours: {
      timeZone: partial.timeZone,
      weekly: copyWeekly(hours.weekly),
      overrides: hours.overrides.map((override) =>
        override.closed === true ? { ...override } : { ...override, spans: override.spans.map((span) => ({ ...span })) },
      ),
    },
    appointments: { ...DEFAULT_APPOINTMENT_SETTINGS, ...definedFields(partial.appointments) },
    calls: { ...DEFAULT_CALL_HANDLING, ...definedFields(partial.calls) },
  };
}

function copyWeekly(weekly: Readonly<WeeklyHours>): WeeklyHours {
  return {
    mon: weekly.mon.map((span) => ({ ...span })),
    tue: weekly.tue.map((span) => ({ ...span })),
    wed: weekly.wed.map((span) => ({ ...span })),
    thu: weekly.thu.map((span) => ({ ...span })),
    fri: weekly.fri.map((span) => ({ ...span })),
    sat: weekly.sat.map((span) => ({ ...span })),
    sun: weekly.sun.map((span) => ({ ...span })),
  };
}

function definedFields<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

/** The one gentle follow-up after the caller has gone quiet (sent within quiet-hours rules). */
export function nudgeText(businessName: string): string {
  return fitName(
    (name) => `Hi, ${name} here again. Still need a hand? Just reply and we'll get you sorted. Reply STOP to opt out.`,
    businessName,
  );
}
