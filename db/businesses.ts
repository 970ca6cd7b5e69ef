// Businesses (tenants): created at sign-up, edited from the dashboard, found by the number a call
// or text came to and by the secret of their calendar feed. Writes that merge into the jsonb
// settings and lookups the webhooks make with the global EntityManager are SQL; plain reads and
// single-column writes use the Tenant entity (decision 0017). Conversation settings:
// db/business-settings.ts; numbers: db/phone-numbers.ts.
// The functions the api's TenantScope calls take the business first: their SQL names it as
// `:tenant` (db/tenant-sql.ts binds it) and their entity queries filter on tenantId.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Business } from '../contracts/http/business';
import { withProfileDefaults, type BusinessProfile } from '../domain/business-profile';
import { withConversationDefaults, type ConversationSettings } from '../domain/settings';
import { Tenant } from './entities';
import { sql } from './sql';
import { tenantSql } from './tenant-sql';

/** tenants.settings as stored: partial conversation settings and the partial business profile. */
export type StoredSettings = Partial<ConversationSettings> & { profile?: Partial<BusinessProfile> };

export interface NewBusiness {
  name: string;
  trade: string;
  timeZone: string;
  ownerPhone: string;
  settings?: StoredSettings;
}

export interface BusinessPatch {
  name?: string | undefined;
  trade?: string | undefined;
  timeZone?: string | undefined;
  ownerPhone?: string | undefined;
  /** Each field given replaces the stored one whole. */
  profile?: Partial<Omit<BusinessProfile, 'name' | 'trade'>> | undefined;
}

/** The tenant columns the business view is made of (db/accounts.ts's owner account row has them). */
export interface BusinessColumns {
  tenant_id: string;
  business_name: string;
  trade: string;
  timezone: string;
  owner_phone: string;
  settings: StoredSettings;
}

/** The business as the dashboard edits it (GET /api/business). */
export function toBusinessView(row: BusinessColumns): Business {
  const {
    name: _name,
    trade: _trade,
    ...profile
  } = withProfileDefaults(row.settings.profile, { name: row.business_name, trade: row.trade });
  return { id: row.tenant_id, name: row.business_name, trade: row.trade, timeZone: row.timezone, ownerPhone: row.owner_phone, profile };
}

export async function createBusiness(em: EntityManager, business: NewBusiness): Promise<{ id: string; name: string }> {
  const [row] = await sql<{ id: string; name: string }[]>(
    em,
    'insert into tenants (name, trade, timezone, owner_phone, settings) values (?, ?, ?, ?, ?) returning id, name',
    [business.name, business.trade, business.timeZone, business.ownerPhone, JSON.stringify(business.settings ?? {})],
  );
  return row!;
}

export async function updateBusiness(em: EntityManager, tenantId: string, patch: BusinessPatch): Promise<void> {
  await tenantSql(
    em,
    tenantId,
    `update tenants set name = coalesce(?, name), trade = coalesce(?, trade), timezone = coalesce(?, timezone),
            owner_phone = coalesce(?, owner_phone),
            settings = jsonb_set(settings, '{profile}', coalesce(settings->'profile', '{}'::jsonb) || ?::jsonb)
      where id = :tenant`,
    [patch.name ?? null, patch.trade ?? null, patch.timeZone ?? null, patch.ownerPhone ?? null, JSON.stringify(patch.profile ?? {})],
  );
}

/** Gives the business a profile unless it has one (the demo's, for demo data made before profiles existed). */
export async function fillProfileIfMissing(em: EntityManager, tenantId: string, profile: Partial<BusinessProfile>): Promise<void> {
  await sql(em, `update tenants set settings = jsonb_set(settings, '{profile}', ?::jsonb) where id = ? and settings->'profile' is null`, [
    JSON.stringify(profile),
    tenantId,
  ]);
}

/** The onboarding wizard is done; the first time counts. */
export async function markOnboarded(em: EntityManager, tenantId: string): Promise<void> {
  await em.nativeUpdate(Tenant, { id: tenantId, onboardedAt: null }, { onboardedAt: new Date() });
}

/** What the assistant may say about the business, read fresh each turn. */
export async function businessProfile(em: EntityManager, tenantId: string): Promise<BusinessProfile> {
  const [tenant] = await sql<{ name: string; trade: string; settings: StoredSettings }[]>(
    em,
    'select name, trade, settings from tenants where id = ?',
    [tenantId],
  );
  if (!tenant) throw new Error(`tenant ${tenantId} does not exist`);
  return withProfileDefaults(tenant.settings.profile, { name: tenant.name, trade: tenant.trade });
}

/**
 * The business a call or text to this number is for, with the settings its conversations follow, in
 * one query (it runs on every call and text; the webhooks use the global EntityManager, hence SQL).
 */
export async function businessForNumber(
  em: EntityManager,
  e164: string,
): Promise<{ tenantId: string; ownerPhone: string; settings: ConversationSettings } | undefined> {
  const [row] = await sql<{ tenant_id: string; owner_phone: string; name: string; timezone: string; settings: StoredSettings }[]>(
    em,
    `select t.id as tenant_id, t.owner_phone, t.name, t.timezone, t.settings
       from phone_numbers p join tenants t on t.id = p.tenant_id where p.e164 = ?`,
    [e164],
  );
  return (
    row && {
      tenantId: row.tenant_id,
      ownerPhone: row.owner_phone,
      settings: withConversationDefaults({ ...row.settings, timeZone: row.timezone, businessName: row.name }),
    }
  );
}

// ---- the calendar feed's secret ----------------------------------------------------------------

export async function calendarToken(em: EntityManager, tenantId: string): Promise<string | undefined> {
  const tenant = await em.findOne(Tenant, { id: tenantId }, { fields: ['calendarToken'] });
  return tenant?.calendarToken;
}

/** A new secret for the feed URL (the old one stops working); made by PostgreSQL like the first one. */
export async function rotateCalendarToken(em: EntityManager, tenantId: string): Promise<string | undefined> {
  const [row] = await tenantSql<{ calendar_token: string }[]>(
    em,
    tenantId,
    `update tenants set calendar_token = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') where id = :tenant
     returning calendar_token`,
  );
  return row?.calendar_token;
}

/** The business whose calendar feed this secret opens. */
export async function businessForCalendarToken(em: EntityManager, token: string): Promise<string | undefined> {
  const tenant = await em.findOne(Tenant, { calendarToken: token }, { fields: ['id'] });
  return tenant?.id;
}
