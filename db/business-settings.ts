// A business's conversation settings as stored (tenants.settings, partial) merged with the
// defaults of domain/settings.ts. Read by the workflow's activities, the webhooks and the settings
// api, and how the dashboard sees and changes them. SQL on purpose: callers pass the global
// EntityManager too, and the write is a jsonb merge (decision 0017).
// The functions the api's TenantScope calls take the business first: their SQL names it as
// `:tenant` (db/tenant-sql.ts binds it) and their entity queries filter on tenantId.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Settings, TimingsInUnits } from '../contracts/http/settings';
import type { BusinessHours } from '../domain/business-hours';
import { withConversationDefaults, type CallHandling, type ConversationSettings } from '../domain/settings';
import type { AppointmentSettings } from '../domain/slots';
import { HOUR_MS, MINUTE_MS } from '../domain/time-zone';
import { sql, type Statement } from './sql';
import { tenantSql } from './tenant-sql';

interface TenantRow {
  name: string;
  timezone: string;
  settings: Partial<ConversationSettings>;
}

export async function loadSettings(em: EntityManager, tenantId: string): Promise<ConversationSettings> {
  const query = settingsQuery(tenantId);
  return settingsOf(tenantId, await sql(em, query.text, query.params));
}

/** The statement loadSettings runs, for a batch (db/sql.ts sqlBatch); its rows go to settingsOf. */
export function settingsQuery(tenantId: string): Statement {
  return { text: 'select name, timezone, settings from tenants where id = ?', params: [tenantId] };
}

export function settingsOf(tenantId: string, rows: unknown[]): ConversationSettings {
  const tenant = rows[0] as TenantRow | undefined;
  if (!tenant) throw new Error(`tenant ${tenantId} does not exist`);
  return withConversationDefaults({ ...tenant.settings, timeZone: tenant.timezone, businessName: tenant.name });
}

/** Merges top-level conversation settings (hours, appointments, calls, timings) into the stored ones. */
export async function patchSettings(em: EntityManager, tenantId: string, stored: Partial<ConversationSettings>): Promise<void> {
  await tenantSql(em, tenantId, 'update tenants set settings = settings || ?::jsonb where id = :tenant', [JSON.stringify(stored)]);
}

// ---- the settings as the dashboard sees and changes them ------------------------------------------

/** GET /api/settings: hours (in the business's one time zone), appointments, calls, timings in ms. */
export function toSettingsView(current: ConversationSettings): Settings {
  return {
    hours: { weekly: current.hours.weekly, overrides: current.hours.overrides },
    appointments: current.appointments,
    calls: current.calls,
    timings: {
      nudgeAfterMs: current.nudgeAfterMs,
      unresponsiveAfterMs: current.unresponsiveAfterMs,
      takeoverIdleAlertMs: current.takeoverIdleAlertMs,
      reminderOffsetsMs: current.reminderOffsetsMs,
    },
  };
}

/** PATCH /api/settings: hours are replaced whole, appointments and calls merge field by field. */
export interface SettingsChange {
  hours?: Omit<BusinessHours, 'timeZone'> | undefined;
  appointments?: Partial<AppointmentSettings> | undefined;
  calls?: Partial<CallHandling> | undefined;
  timings?: Partial<Settings['timings']> | undefined;
}

/** What patchSettings stores for the change: whole top-level settings, merged with the current ones. */
export function storedSettings(current: ConversationSettings, change: SettingsChange): Partial<ConversationSettings> {
  return {
    ...(change.hours ? { hours: { timeZone: current.timeZone, weekly: change.hours.weekly, overrides: change.hours.overrides } } : {}),
    ...(change.appointments ? { appointments: { ...current.appointments, ...change.appointments } } : {}),
    ...(change.calls ? { calls: { ...current.calls, ...change.calls } } : {}),
    ...(change.timings ?? {}),
  };
}

/** The conversation timings in the units the first dashboard used (/api/settings/conversation-timings). */
export function toTimingsInUnits(settings: ConversationSettings): TimingsInUnits {
  return {
    nudgeAfterMinutes: settings.nudgeAfterMs / MINUTE_MS,
    unresponsiveAfterHours: settings.unresponsiveAfterMs / HOUR_MS,
    takeoverIdleAlertMinutes: settings.takeoverIdleAlertMs / MINUTE_MS,
    reminderOffsetsHours: settings.reminderOffsetsMs.map((ms) => ms / HOUR_MS),
  };
}

export function storedTimings(change: Partial<TimingsInUnits>): Partial<ConversationSettings> {
  return {
    ...(change.nudgeAfterMinutes !== undefined ? { nudgeAfterMs: change.nudgeAfterMinutes * MINUTE_MS } : {}),
    ...(change.unresponsiveAfterHours !== undefined ? { unresponsiveAfterMs: Math.round(change.unresponsiveAfterHours * HOUR_MS) } : {}),
    ...(change.takeoverIdleAlertMinutes !== undefined ? { takeoverIdleAlertMs: change.takeoverIdleAlertMinutes * MINUTE_MS } : {}),
    ...(change.reminderOffsetsHours !== undefined
      ? { reminderOffsetsMs: change.reminderOffsetsHours.map((hours) => Math.round(hours * HOUR_MS)) }
      : {}),
  };
}
