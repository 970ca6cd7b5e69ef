// The owner and the business over HTTP: who is signed in, notification preferences, the business
// profile the assistant speaks from.
import { z } from 'zod';
import { ASSISTANT_TONES, type BusinessProfile as DomainBusinessProfile } from '../../domain/business-profile';
import { timeZoneInput } from './auth';
import { instant, limit, type Same } from './common';
import { e164, phoneNumberInput } from './phone';

// ---- the owner ----------------------------------------------------------------------------------

export const me = z
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
export type Me = z.output<typeof me>;
export type Notifications = Me['user']['notifications'];

export const mePatch = z
  .strictObject({
    name: z.string().trim().min(1).max(100).nullable().optional(),
    notifications: z.strictObject({ smsAlerts: z.boolean().optional(), alertPhone: phoneNumberInput.nullable().optional() }).optional(),
  })
  .meta({ id: 'MePatch' });
export type MePatch = z.input<typeof mePatch>;

// ---- the business -------------------------------------------------------------------------------

const text = (max: number) => z.string().trim().min(1).max(max);
export const priceBookEntry = z.strictObject({ service: text(120), price: text(60), note: text(300).optional() });
export const serviceArea = z.strictObject({
  description: z.string().trim().max(500),
  zipCodes: z
    .array(
      z
        .string()
        .trim()
        .regex(/^\d{5}$/, 'must be a 5-digit ZIP code'),
    )
    .max(500),
  cities: z.array(text(100)).max(200),
  radiusMiles: z
    .number()
    .min(0)
    .max(200)
    .optional()
    .meta({ description: 'Miles around `radiusAround` also served; 0 or absent: no radius.' }),
  radiusAround: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'Where the radius is measured from: the business address, a ZIP code or "City, ST".', example: 'Austin, TX' }),
  alertOutOfArea: z.boolean().optional().meta({ description: 'Text the owner when a caller is declined as out of area.' }),
});

/** The area in words and what it covers, computed the way the assistant decides (nothing stored). */
export const serviceAreaPreview = z
  .object({
    text: z.string().meta({ example: 'Austin and 25 miles around — 105 ZIP codes' }),
    zipCount: z.number().int().min(0).meta({ description: 'US ZIP codes inside the area; 0 when no area is set (everywhere).' }),
    unknownZipCodes: z.array(z.string()).meta({ description: 'Listed ZIP codes that are not US ZIP codes (likely typos).' }),
    unknownCities: z.array(z.string()).meta({ description: 'Listed cities no US state has, as written (likely typos).' }),
    citiesNeedingState: z
      .array(z.string())
      .meta({ description: 'Cities written without a state that several states have, none of them the area’s: add the state.' }),
    radiusCenterUnknown: z.boolean().meta({ description: 'A radius was given but its center could not be placed: no radius applies.' }),
  })
  .meta({ id: 'ServiceAreaPreview' });
export type ServiceAreaPreview = z.output<typeof serviceAreaPreview>;
export const businessProfileFields = z.object({
  jobsTaken: z.array(text(200)).max(100),
  jobsDeclined: z.array(text(200)).max(100),
  serviceArea,
  assistantName: text(60),
  tone: z.enum(ASSISTANT_TONES),
  priceBook: z.array(priceBookEntry).max(200),
});
/** The business profile as the api speaks it: the domain's, less the name and trade (edited on the business). */
export type BusinessProfile = z.output<typeof businessProfileFields>;

export const business = z
  .object({
    id: z.uuid(),
    name: z.string(),
    trade: z.string(),
    timeZone: z.string(),
    ownerPhone: e164,
    profile: businessProfileFields.meta({ id: 'BusinessProfile' }),
  })
  .meta({ id: 'Business' });
export type Business = z.output<typeof business>;

export const businessPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    trade: z.string().trim().min(1).max(60).optional(),
    timeZone: timeZoneInput.optional(),
    ownerPhone: phoneNumberInput.optional(),
    profile: businessProfileFields.strict().partial().optional(),
  })
  .meta({ id: 'BusinessPatch', description: 'Any subset; within profile, each field given replaces the stored one whole.' });
export type BusinessPatch = z.input<typeof businessPatch>;

const _profileMatches: Same<BusinessProfile, Omit<DomainBusinessProfile, 'name' | 'trade'>> = true;
void _profileMatches;

// ---- account activity ---------------------------------------------------------------------------

export const accountActivityQuery = z.strictObject({ limit: limit(100, 20) });
export const accountActivity = z
  .object({
    events: z.array(
      z.object({
        id: z.uuid(),
        kind: z.string().meta({
          description:
            'sign_in, sign_in_failed, sign_in_blocked, refresh_token_reused, number_bought, number_attached, number_released, settings_changed, takeover',
        }),
        detail: z.string(),
        at: instant,
      }),
    ),
  })
  .meta({ id: 'AccountActivity', description: "The business's security-relevant events, newest first." });
export type AccountActivityView = z.output<typeof accountActivity>;
