// The business's settings over HTTP: opening hours, appointment slots, call handling and
// conversation timings (and the same timings in the minutes and hours the first dashboard used).
import { z } from 'zod';
import { validateBusinessHours } from '../../domain/business-hours';
import { APPOINTMENT_SETTING_BOUNDS } from '../../domain/slots';
import { DAY_MS, HOUR_MS, MINUTE_MS, WEEKDAYS } from '../../domain/time-zone';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time of day, HH:MM');
const span = z.strictObject({ open: clock, close: clock });
const weekly = z.strictObject(
  Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(span).max(6)])) as Record<(typeof WEEKDAYS)[number], z.ZodArray<typeof span>>,
);
const override = z.union([
  z.strictObject({ date: z.iso.date(), closed: z.literal(true), reason: z.string().max(120).optional() }),
  z.strictObject({
    date: z.iso.date(),
    closed: z.literal(false).optional(),
    spans: z.array(span).max(6),
    reason: z.string().max(120).optional(),
  }),
]);
const hours = z
  .strictObject({ weekly, overrides: z.array(override).max(400).default([]) })
  .superRefine((value, ctx) => {
    // The domain's own check (overlaps, closing after opening, one override per date); the zone is the business's.
    const checked = validateBusinessHours({ ...value, timeZone: 'UTC' });
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.reason });
  })
  .meta({ id: 'BusinessHours', description: 'Opening hours per weekday in the business time zone ([] = closed), and dated overrides.' });

const bounded = (key: keyof typeof APPOINTMENT_SETTING_BOUNDS) =>
  z.int().min(APPOINTMENT_SETTING_BOUNDS[key].min).max(APPOINTMENT_SETTING_BOUNDS[key].max);
const appointments = z
  .strictObject({
    slotMinutes: bounded('slotMinutes'),
    bufferMinutes: bounded('bufferMinutes'),
    horizonDays: bounded('horizonDays'),
    maxJobsPerDay: bounded('maxJobsPerDay'),
  })
  .meta({ id: 'AppointmentSettings' });
const calls = z
  .strictObject({
    forwardToOwner: z.boolean().meta({ description: 'false: never forward, always text back.' }),
    ringTimeoutSeconds: z.int().min(5).max(60),
    textBackDelayMs: z
      .int()
      .min(0)
      .max(10 * MINUTE_MS)
      .meta({ description: 'Wait this long before the text-back so an answered or returned call can cancel it.' }),
  })
  .meta({ id: 'CallHandling' });
const timings = z
  .strictObject({
    nudgeAfterMs: z
      .int()
      .min(5 * MINUTE_MS)
      .max(7 * DAY_MS),
    unresponsiveAfterMs: z
      .int()
      .min(HOUR_MS)
      .max(30 * DAY_MS),
    takeoverIdleAlertMs: z.int().min(MINUTE_MS).max(DAY_MS),
    reminderOffsetsMs: z
      .array(
        z
          .int()
          .min(15 * MINUTE_MS)
          .max(7 * DAY_MS),
      )
      .max(4),
  })
  .meta({ id: 'ConversationTimings' });

export const settings = z
  .object({ hours: z.object({ weekly, overrides: z.array(override) }), appointments, calls, timings })
  .meta({ id: 'Settings' });
export type Settings = z.output<typeof settings>;
export type WeeklyHours = Settings['hours']['weekly'];
/** false forwardToOwner means "always text back": calls are not forwarded to the owner's cell. */
export type CallHandling = Settings['calls'];
export type Timings = Settings['timings'];

export const settingsPatch = z
  .strictObject({
    hours: hours.optional(),
    appointments: appointments.partial().optional(),
    calls: calls.partial().optional(),
    timings: timings.partial().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one setting')
  .meta({
    id: 'SettingsPatch',
    description: 'Any subset; appointments, calls and timings merge field by field, hours are replaced whole.',
  });
export type SettingsPatch = z.input<typeof settingsPatch>;

export const settingsChanged = settings.extend({ conversationsUpdated: z.int().min(0) }).meta({ id: 'SettingsChanged' });
export type SettingsChanged = z.output<typeof settingsChanged>;

// ---- conversation timings in minutes and hours (GET/PATCH /api/settings/conversation-timings) ----

export const timingsInUnitsPatch = z
  .strictObject({
    nudgeAfterMinutes: z
      .int()
      .min(5)
      .max(7 * 24 * 60),
    unresponsiveAfterHours: z
      .number()
      .min(1)
      .max(30 * 24),
    takeoverIdleAlertMinutes: z
      .int()
      .min(1)
      .max(24 * 60),
    reminderOffsetsHours: z
      .array(
        z
          .number()
          .min(0.25)
          .max(7 * 24),
      )
      .max(4),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'send at least one setting')
  .meta({ id: 'ConversationTimingsPatch' });

export const timingsInUnits = z
  .object({
    nudgeAfterMinutes: z.number(),
    unresponsiveAfterHours: z.number(),
    takeoverIdleAlertMinutes: z.number(),
    reminderOffsetsHours: z.array(z.number()),
  })
  .meta({ id: 'ConversationTimingsInUnits' });
export type TimingsInUnits = z.output<typeof timingsInUnits>;
export const timingsInUnitsChanged = timingsInUnits.extend({ conversationsUpdated: z.int().min(0) });
