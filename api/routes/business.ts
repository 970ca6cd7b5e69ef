// The owner, the business and its settings (docs/product.md journey 1): profile, notification
// preferences, hours, appointment and call handling, conversation timings. A change to anything a
// conversation uses is sent at once to every running conversation of the business.
import { z } from 'zod';
import { toOwnerView } from '../../db/accounts';
import { storedSettings, toSettingsView } from '../../db/business-settings';
import { toBusinessView } from '../../db/businesses';
import { validateBusinessHours } from '../../domain/business-hours';
import { APPOINTMENT_SETTING_BOUNDS } from '../../domain/slots';
import { DAY_MS, HOUR_MS, MINUTE_MS, WEEKDAYS } from '../../domain/time-zone';
import type { ApiConfig } from '../../config';
import type { ConversationCommands } from '../conversation-commands';
import { e164, phoneNumberInput } from '../phone-input';
import { ownerRoute, type RouteGroup } from '../route';
import { businessProfileFields } from '../schemas';
import type { OwnerAccountRow, TenantScope } from '../tenant-scope';
import { timeZoneInput } from './auth';

// ---- the owner ----------------------------------------------------------------------------------

const me = z
  .object({
    user: z.object({
      id: z.uuid(),
      email: z.string(),
      name: z.string().nullable(),
      notifications: z.object({
        smsAlerts: z.boolean().meta({ description: 'Alerts by SMS as well as on the dashboard.' }),
        alertPhone: e164.nullable().meta({ description: "Where SMS alerts go; null: the business's owner phone." }),
      }),
    }),
    business: z.object({
      id: z.uuid(),
      name: z.string(),
      trade: z.string(),
      timeZone: z.string(),
      ownerPhone: e164,
      phoneNumber: e164.nullable().meta({ description: "The business's first Twilio number, null until it has one." }),
      onboarded: z.boolean(),
    }),
    sandbox: z.object({ callerPhone: e164 }).optional().meta({ description: 'Sandbox mode only: the number the phone simulator plays.' }),
  })
  .meta({ id: 'Me' });

const mePatch = z
  .strictObject({
    name: z.string().trim().min(1).max(100).nullable().optional(),
    notifications: z.strictObject({ smsAlerts: z.boolean().optional(), alertPhone: phoneNumberInput.nullable().optional() }).optional(),
  })
  .meta({ id: 'MePatch' });

function meView(row: OwnerAccountRow, config: ApiConfig): z.output<typeof me> {
  return { ...toOwnerView(row), ...(config.NMC_MODE === 'sandbox' ? { sandbox: { callerPhone: config.SANDBOX_CALLER_PHONE } } : {}) };
}

// ---- the business -------------------------------------------------------------------------------

const business = z
  .object({
    id: z.uuid(),
    name: z.string(),
    trade: z.string(),
    timeZone: z.string(),
    ownerPhone: e164,
    profile: businessProfileFields.meta({ id: 'BusinessProfile' }),
  })
  .meta({ id: 'Business' });

const businessPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    trade: z.string().trim().min(1).max(60).optional(),
    timeZone: timeZoneInput.optional(),
    ownerPhone: phoneNumberInput.optional(),
    profile: businessProfileFields.strict().partial().optional(),
  })
  .meta({ id: 'BusinessPatch', description: 'Any subset; within profile, each field given replaces the stored one whole.' });

async function businessView(scope: TenantScope): Promise<z.output<typeof business>> {
  return toBusinessView(await scope.ownerAccount());
}

// ---- settings -----------------------------------------------------------------------------------

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

const settings = z
  .object({ hours: z.object({ weekly, overrides: z.array(override) }), appointments, calls, timings })
  .meta({ id: 'Settings' });
const settingsPatch = z
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

export function businessRoutes({ config, commands }: { config: ApiConfig; commands: ConversationCommands }): RouteGroup {
  return {
    tag: 'Owner and business',
    description: 'The signed-in owner, the business profile and its settings.',
    routes: [
      ownerRoute({
        method: 'get',
        path: '/api/me',
        summary: 'The signed-in owner and their business',
        response: me,
        handler: async ({ scope }) => meView(await scope.ownerAccount(), config),
      }),
      ownerRoute({
        method: 'patch',
        path: '/api/me',
        summary: "Change the owner's name or notification preferences",
        body: mePatch,
        response: me,
        handler: async ({ scope, body }) => {
          const notifications = body.notifications
            ? Object.fromEntries(Object.entries(body.notifications).filter(([, value]) => value !== undefined))
            : undefined;
          await scope.updateOwner({ name: body.name, notifications });
          return meView(await scope.ownerAccount(), config);
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/business',
        summary: 'The business profile the assistant speaks from',
        response: business,
        handler: ({ scope }) => businessView(scope),
      }),
      ownerRoute({
        method: 'patch',
        path: '/api/business',
        summary: 'Change the business profile',
        description: 'Running conversations get the new name and time zone at once.',
        body: businessPatch,
        response: business,
        handler: async ({ scope, body }) => {
          await scope.updateBusiness(body);
          await commands.broadcastSettings(scope);
          return businessView(scope);
        },
      }),
      ownerRoute({
        method: 'post',
        path: '/api/business/onboarded',
        summary: 'Mark the onboarding wizard done',
        status: 204,
        handler: async ({ scope }) => {
          await scope.markOnboarded();
        },
      }),
      ownerRoute({
        method: 'get',
        path: '/api/settings',
        summary: 'Hours, appointment settings, call handling and conversation timings',
        response: settings,
        handler: async ({ scope }) => toSettingsView(await scope.conversationSettings()),
      }),
      ownerRoute({
        method: 'patch',
        path: '/api/settings',
        summary: 'Change settings; every running conversation gets them at once',
        body: settingsPatch,
        response: settings.extend({ conversationsUpdated: z.int().min(0) }).meta({ id: 'SettingsChanged' }),
        handler: async ({ scope, body }) => {
          await scope.patchSettings(storedSettings(await scope.conversationSettings(), body));
          const conversationsUpdated = await commands.broadcastSettings(scope);
          return { ...toSettingsView(await scope.conversationSettings()), conversationsUpdated };
        },
      }),
    ],
  };
}
