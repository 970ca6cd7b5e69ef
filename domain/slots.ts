// Free appointment slots: business hours minus booked appointments, the owner's busy times from
// their connected calendars, and the buffers around both (docs/product.md journey 7). The assistant offers them, the dashboard shows them and a booking is checked against
// them, all through these two functions; the unique (tenant, start) constraint in the database is
// the final guard against two callers taking the same slot.
import { parseClock, spansOn, type BusinessHours } from './business-hours';
import { addLocalDays, localDaysBetween, localParts, MINUTE_MS, zonedInstant } from './time-zone';

export interface AppointmentSettings {
  /** Length of one job. */
  slotMinutes: number;
  /** Travel and clean-up time kept free before and after every appointment. */
  bufferMinutes: number;
  /** How many local dates, today included, slots are offered for. */
  horizonDays: number;
  /** At most this many appointments start on one local date. */
  maxJobsPerDay: number;
}

export const DEFAULT_APPOINTMENT_SETTINGS: Readonly<AppointmentSettings> = Object.freeze({
  slotMinutes: 120,
  bufferMinutes: 30,
  horizonDays: 14,
  maxJobsPerDay: 4,
});

/** Nobody can be at a job sooner than this after booking it. */
export const MIN_LEAD_MINUTES = 60;
export const DEFAULT_SLOT_LIMIT = 5;

export interface BookedSlot {
  start: Date;
  end: Date;
}

export interface Slot {
  start: Date;
  end: Date;
}

export interface SlotQuery {
  now: Date;
  hours: BusinessHours;
  settings: AppointmentSettings;
  /** Appointments already booked (not cancelled) for this business. */
  booked: BookedSlot[];
  /**
   * The owner's busy times from their connected calendars (issue #16). A slot keeps bufferMinutes
   * clear of them as of a booking (the owner travels from a meeting or another job too), but they
   * are not our jobs: they do not count towards maxJobsPerDay.
   */
  busy?: BookedSlot[];
}

/**
 * The first `limit` (default 5) free slots, earliest first. Slots start at the opening of each span
 * and follow every slotMinutes + bufferMinutes in wall-clock time (so a slot on a DST day keeps its
 * local time), lie wholly inside the span, start at least MIN_LEAD_MINUTES after `now`, keep
 * bufferMinutes clear of every booked appointment and busy time on both sides, fall on one of the horizonDays
 * local dates from today (today included), and skip a date that already has maxJobsPerDay bookings.
 */
export function freeSlots(input: SlotQuery & { limit?: number }): Slot[] {
  const limit = Math.floor(input.limit ?? DEFAULT_SLOT_LIMIT);
  if (!(limit > 0) || !isUsable(input.settings)) return [];
  const today = localParts(input.now, input.hours.timeZone).date;
  const found: Slot[] = [];
  for (let day = 0; day < Math.floor(input.settings.horizonDays) && found.length < limit; day += 1) {
    found.push(...freeSlotsOn(addLocalDays(today, day), input));
  }
  return found.sort((a, b) => a.start.getTime() - b.start.getTime()).slice(0, limit);
}

/**
 * Whether a requested slot is one freeSlots would offer right now (same start and end): the early
 * check before a booking is stored.
 */
export function isSlotFree(slot: Slot, input: SlotQuery): boolean {
  if (!isUsable(input.settings) || Number.isNaN(slot.start.getTime()) || Number.isNaN(slot.end.getTime())) return false;
  const { timeZone } = input.hours;
  const date = localParts(slot.start, timeZone).date;
  const day = localDaysBetween(localParts(input.now, timeZone).date, date);
  if (day < 0 || day >= Math.floor(input.settings.horizonDays)) return false;
  return freeSlotsOn(date, input).some(
    (free) => free.start.getTime() === slot.start.getTime() && free.end.getTime() === slot.end.getTime(),
  );
}

/** Whether a slot comes closer than `bufferMinutes` to any booked appointment (touching counts as too close when buffer > 0). */
export function overlapsBooking(slot: Slot, booked: readonly BookedSlot[], bufferMinutes: number): boolean {
  const buffer = Math.max(0, bufferMinutes) * MINUTE_MS;
  const start = slot.start.getTime();
  const end = slot.end.getTime();
  return booked.some((appointment) => start < appointment.end.getTime() + buffer && appointment.start.getTime() - buffer < end);
}

function freeSlotsOn(date: string, input: SlotQuery): Slot[] {
  const { hours, settings, booked, busy = [] } = input;
  const bookedThatDay = booked.filter((appointment) => localParts(appointment.start, hours.timeZone).date === date).length;
  if (bookedThatDay >= settings.maxJobsPerDay) return [];
  const earliestStart = input.now.getTime() + MIN_LEAD_MINUTES * MINUTE_MS;
  const step = settings.slotMinutes + Math.max(0, settings.bufferMinutes);
  const slots: Slot[] = [];
  for (const span of spansOn(date, hours)) {
    const open = parseClock(span.open, 'open');
    const close = parseClock(span.close, 'close');
    if (open === undefined || close === undefined) continue;
    for (let minutes = open; minutes + settings.slotMinutes <= close; minutes += step) {
      const slot = {
        start: zonedInstant(date, minutes, hours.timeZone),
        end: zonedInstant(date, minutes + settings.slotMinutes, hours.timeZone),
      };
      if (slot.end.getTime() <= slot.start.getTime()) continue; // swallowed by a spring-forward gap
      if (slot.start.getTime() < earliestStart) continue;
      if (overlapsBooking(slot, booked, settings.bufferMinutes) || overlapsBooking(slot, busy, settings.bufferMinutes)) continue;
      slots.push(slot);
    }
  }
  return slots;
}

/** Settings that cannot produce a sensible grid (or would loop forever) offer no slots. */
function isUsable(settings: AppointmentSettings): boolean {
  return (
    Number.isFinite(settings.slotMinutes) &&
    settings.slotMinutes > 0 &&
    Number.isFinite(settings.bufferMinutes) &&
    Number.isFinite(settings.horizonDays) &&
    settings.horizonDays >= 1 &&
    settings.maxJobsPerDay >= 1
  );
}

/** Bounds an owner can set; outside them a setting is a typo, not a choice. */
export const APPOINTMENT_SETTING_BOUNDS: Readonly<Record<keyof AppointmentSettings, { min: number; max: number }>> = Object.freeze({
  slotMinutes: { min: 15, max: 24 * 60 },
  bufferMinutes: { min: 0, max: 8 * 60 },
  horizonDays: { min: 1, max: 365 },
  maxJobsPerDay: { min: 1, max: 100 },
});

/** Checks appointment settings from outside; a missing field takes its default. */
export function validateAppointmentSettings(value: unknown): { ok: true; value: AppointmentSettings } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'Appointment settings must be an object.' };
  const raw = value as Record<string, unknown>;
  const settings = { ...DEFAULT_APPOINTMENT_SETTINGS };
  for (const key of Object.keys(APPOINTMENT_SETTING_BOUNDS) as (keyof AppointmentSettings)[]) {
    const field = raw[key];
    if (field === undefined) continue;
    const { min, max } = APPOINTMENT_SETTING_BOUNDS[key];
    if (typeof field !== 'number' || !Number.isInteger(field) || field < min || field > max) {
      return { ok: false, reason: `${key} must be a whole number from ${min} to ${max}, not ${JSON.stringify(field)}.` };
    }
    settings[key] = field;
  }
  return { ok: true, value: settings };
}
