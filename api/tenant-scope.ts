// Tenant isolation in one place (issue #6 point 2): every query a dashboard request makes runs
// through a TenantScope built from the verified token, and every statement names the business
// as `:tenant`, which the scope binds itself (db/tenant-sql.ts); a statement without it is refused
// before it reaches PostgreSQL, and entity queries filter on the scope's tenantId. The queries live
// in the db modules of their tables (docs/decisions/0017-data-layer.md); a method here passes them
// the business. Route handlers never see the EntityManager or raw SQL (test/unit/api-tenant-scope.test.ts
// checks that), and a conversation's workflow is reachable only after its row proved it belongs to
// the business (api/conversation-scope.ts, the part of the scope about conversations, messages and
// calls). Why a repository rather than a MikroORM filter or row-level security:
// docs/decisions/0009-tenant-scope.md.
import type { EntityManager } from '@mikro-orm/postgresql';
import { aiUsageByDay, type AiUsageDayRow } from '../db/ai-turns';
import { loadSettings } from '../db/business-settings';
import { missedCallFacts, type MissedCallFactsRow } from '../db/calls';
import { conversationFacts, type ConversationFactsRow } from '../db/conversations';
import type { OwnerNotifications } from '../db/entities';
import { sql } from '../db/sql';
import { toAlertView, type AlertRow } from '../db/views';
import type { BusinessProfile } from '../domain/business-profile';
import type { ConversationSettings } from '../domain/settings';
import type { LeadFields } from '../contracts/conversation-workflow';
import { ConversationScope } from './conversation-scope';
import { conflict, notFound } from './errors';

export type { ConversationFilter, ConversationRecord, ScopeIdentity } from './conversation-scope';

export interface OwnerAccountRow {
  user_id: string;
  email: string;
  user_name: string | null;
  notifications: OwnerNotifications;
  tenant_id: string;
  business_name: string;
  trade: string;
  timezone: string;
  owner_phone: string;
  onboarded_at: Date | null;
  settings: Partial<ConversationSettings> & { profile?: Partial<BusinessProfile> };
  phone_number: string | null;
}

export interface PhoneNumberRow {
  id: string;
  e164: string;
  twilio_sid: string | null;
  created_at: Date;
}

export interface AppointmentRow {
  id: string;
  conversation_id: string;
  caller_phone: string;
  starts_at: Date;
  ends_at: Date;
  status: 'booked' | 'cancelled';
  lead: LeadFields | null;
  created_at: Date;
  cancelled_at: Date | null;
}

export class TenantScope extends ConversationScope {
  /** Several statements that must all happen or none. */
  transaction<T>(work: (scope: TenantScope) => Promise<T>): Promise<T> {
    return this.em.transactional((tx) => work(new TenantScope(tx, this.identity, this.temporal)));
  }

  // ---- the owner and the business -----------------------------------------------------------

  async ownerAccount(): Promise<OwnerAccountRow> {
    const [row] = await this.sql<OwnerAccountRow[]>(
      `select u.id as user_id, u.email, u.name as user_name, u.notifications, t.id as tenant_id, t.name as business_name, t.trade,
              t.timezone, t.owner_phone, t.onboarded_at, t.settings,
              (select p.e164 from phone_numbers p where p.tenant_id = :tenant order by p.created_at, p.id limit 1) as phone_number
         from users u join tenants t on t.id = u.tenant_id
        where u.id = ? and u.tenant_id = :tenant and t.id = :tenant`,
      [this.userId],
    );
    if (!row) throw notFound('your account');
    return row;
  }

  async updateOwner(patch: { name?: string | null | undefined; notifications?: OwnerNotifications | undefined }): Promise<void> {
    await this.sql(
      `update users set name = case when ? then ? else name end, notifications = notifications || ?::jsonb
        where id = ? and tenant_id = :tenant`,
      [patch.name !== undefined, patch.name ?? null, JSON.stringify(patch.notifications ?? {}), this.userId],
    );
  }

  async updateBusiness(patch: {
    name?: string | undefined;
    trade?: string | undefined;
    timeZone?: string | undefined;
    ownerPhone?: string | undefined;
    profile?: Partial<Omit<BusinessProfile, 'name' | 'trade'>> | undefined;
  }): Promise<void> {
    await this.sql(
      `update tenants set name = coalesce(?, name), trade = coalesce(?, trade), timezone = coalesce(?, timezone),
              owner_phone = coalesce(?, owner_phone),
              settings = jsonb_set(settings, '{profile}', coalesce(settings->'profile', '{}'::jsonb) || ?::jsonb)
        where id = :tenant`,
      [patch.name ?? null, patch.trade ?? null, patch.timeZone ?? null, patch.ownerPhone ?? null, JSON.stringify(patch.profile ?? {})],
    );
  }

  async markOnboarded(): Promise<void> {
    await this.sql('update tenants set onboarded_at = coalesce(onboarded_at, now()) where id = :tenant');
  }

  /** Merges top-level conversation settings (hours, appointments, calls, timings) into the stored ones. */
  async patchSettings(stored: Partial<ConversationSettings>): Promise<void> {
    await this.sql('update tenants set settings = settings || ?::jsonb where id = :tenant', [JSON.stringify(stored)]);
  }

  /** The business's conversation settings with every default filled in. */
  conversationSettings(): Promise<ConversationSettings> {
    return loadSettings(this.em, this.tenantId);
  }

  // ---- phone numbers ------------------------------------------------------------------------

  phoneNumbers(): Promise<PhoneNumberRow[]> {
    return this.sql<PhoneNumberRow[]>(
      'select id, e164, twilio_sid, created_at from phone_numbers where tenant_id = :tenant order by created_at, id',
    );
  }

  async phoneNumber(id: string): Promise<PhoneNumberRow> {
    const [row] = await this.sql<PhoneNumberRow[]>(
      'select id, e164, twilio_sid, created_at from phone_numbers where id = ? and tenant_id = :tenant',
      [id],
    );
    if (!row) throw notFound('that phone number');
    return row;
  }

  /** Reserves a number for this business before Twilio is asked for it; a number is never in two businesses. */
  async claimPhoneNumber(e164: string): Promise<PhoneNumberRow> {
    const [row] = await this.sql<PhoneNumberRow[]>(
      `insert into phone_numbers (tenant_id, e164) values (:tenant, ?) on conflict (e164) do nothing
       returning id, e164, twilio_sid, created_at`,
      [e164],
    );
    if (!row) throw conflict('number_taken', `${e164} is already in use by a business on NeverMissCall`);
    return row;
  }

  async recordPhoneNumberSid(id: string, twilioSid: string): Promise<PhoneNumberRow> {
    const [row] = await this.sql<PhoneNumberRow[]>(
      'update phone_numbers set twilio_sid = ? where id = ? and tenant_id = :tenant returning id, e164, twilio_sid, created_at',
      [twilioSid, id],
    );
    if (!row) throw notFound('that phone number');
    return row;
  }

  async deletePhoneNumber(id: string): Promise<void> {
    await this.sql('delete from phone_numbers where id = ? and tenant_id = :tenant', [id]);
  }

  // ---- a conversation's appointment (its other parts: api/conversation-scope.ts) -------------

  async conversationAppointment(id: string): Promise<AppointmentRow | null> {
    const [row] = await this.sql<AppointmentRow[]>(
      `select a.*, c.lead from appointments a join conversations c on c.id = a.conversation_id and c.tenant_id = :tenant
        where a.tenant_id = :tenant and a.conversation_id = ? and a.status = 'booked' order by a.starts_at desc limit 1`,
      [id],
    );
    return row ?? null;
  }

  // ---- appointments and the calendar feed ----------------------------------------------------

  appointments(range: { from: Date; to: Date }, { includeCancelled = false } = {}): Promise<AppointmentRow[]> {
    return this.sql<AppointmentRow[]>(
      `select a.*, c.lead from appointments a join conversations c on c.id = a.conversation_id and c.tenant_id = :tenant
        where a.tenant_id = :tenant and a.starts_at < ? and a.ends_at > ? ${includeCancelled ? '' : "and a.status = 'booked'"}
        order by a.starts_at, a.id`,
      [range.to, range.from],
    );
  }

  async calendarToken(): Promise<string> {
    const [row] = await this.sql<{ calendar_token: string }[]>('select calendar_token from tenants where id = :tenant');
    if (!row) throw notFound('your business');
    return row.calendar_token;
  }

  async rotateCalendarToken(): Promise<string> {
    const [row] = await this.sql<{ calendar_token: string }[]>(
      `update tenants set calendar_token = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '') where id = :tenant
       returning calendar_token`,
    );
    if (!row) throw notFound('your business');
    return row.calendar_token;
  }

  // ---- KPIs (domain/kpis.ts counts them) ------------------------------------------------------

  conversationFacts(range: { from: Date; to: Date }): Promise<ConversationFactsRow[]> {
    return conversationFacts(this.em, this.tenantId, range);
  }

  missedCallFacts(range: { from: Date; to: Date }): Promise<MissedCallFactsRow[]> {
    return missedCallFacts(this.em, this.tenantId, range);
  }

  aiUsageByDay(range: { from: Date; to: Date }, timeZone: string): Promise<AiUsageDayRow[]> {
    return aiUsageByDay(this.em, this.tenantId, range, timeZone);
  }

  // ---- alerts ----------------------------------------------------------------------------------

  async alerts({ unread, limit }: { unread: boolean; limit: number }) {
    const rows = await this.sql<AlertRow[]>(
      `select id, conversation_id, kind, body, created_at, read_at from alerts
        where tenant_id = :tenant ${unread ? 'and read_at is null' : ''} order by created_at desc, id desc limit ?`,
      [limit],
    );
    return rows.map(toAlertView);
  }

  async markAlertRead(id: string): Promise<void> {
    const rows = await this.sql('update alerts set read_at = coalesce(read_at, now()) where id = ? and tenant_id = :tenant returning id', [
      id,
    ]);
    if (rows.length === 0) throw notFound('that alert');
  }
}

/** The business whose calendar feed this secret opens, as a scope; undefined when no business has it. */
export async function scopeForCalendarToken(em: EntityManager, token: string): Promise<TenantScope | undefined> {
  const [row] = await sql<{ id: string }[]>(em, 'select id from tenants where calendar_token = ?', [token]);
  return row ? new TenantScope(em, { tenantId: row.id }) : undefined;
}
