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
import { recentAccountActivity, recordAccountActivity, type AccountActivity, type AccountActivityKind } from '../db/account-activity';
import { countUse, type Use } from '../db/business-usage';
import type { EntityManager } from '@mikro-orm/postgresql';
import { aiUsageByDay, type AiUsageDayRow } from '../db/ai-turns';
import { loadSettings } from '../db/business-settings';
import { missedCallFacts, type MissedCallFactsRow } from '../db/calls';
import { conversationFacts, type ConversationFactsRow } from '../db/conversations';
import * as accounts from '../db/accounts';
import * as alerts from '../db/alerts';
import * as appointments from '../db/appointments';
import * as businessSettings from '../db/business-settings';
import * as businesses from '../db/businesses';
import * as calendarConnections from '../db/calendar-connections';
import type { OwnerNotifications } from '../db/entities';
import * as phoneNumbers from '../db/phone-numbers';
import { recentAssistantTurns, recentOutboundTexts } from '../db/system-status';
import type { AssistantTurnFact, SentText } from '../domain/system-status';
import type { BusinessProfile } from '../domain/business-profile';
import type { ConversationSettings } from '../domain/settings';
import type { CalendarProvider, OwnerCalendars } from '../providers/owner-calendars';
import { endPushChannel } from '../providers/owner-calendar-session';
import { startCalendarSync, stopCalendarSync, syncCalendarNow } from '../temporal/calendar-sync';
import type { Client } from '@temporalio/client';
import { ConversationScope } from './conversation-scope';
import { conflict, notFound } from './errors';

export type { ConversationFilter, ConversationRecord, ScopeIdentity } from './conversation-scope';

export type OwnerAccountRow = accounts.OwnerAccountRow;

export type PhoneNumberRow = phoneNumbers.PhoneNumberRecord;

export type AppointmentRow = appointments.AppointmentRow;

export class TenantScope extends ConversationScope {
  /** Several statements that must all happen or none. */
  transaction<T>(work: (scope: TenantScope) => Promise<T>): Promise<T> {
    return this.em.transactional((tx) => work(new TenantScope(tx, this.identity, this.temporal)));
  }

  // ---- the owner and the business -----------------------------------------------------------

  async ownerAccount(): Promise<OwnerAccountRow> {
    const found = await accounts.ownerAccount(this.em, this.tenantId, this.userId);
    if (!found) throw notFound('your account');
    return found;
  }

  async updateOwner(patch: { name?: string | null | undefined; notifications?: OwnerNotifications | undefined }): Promise<void> {
    await accounts.updateOwner(this.em, this.tenantId, this.userId, patch);
  }

  async updateBusiness(patch: {
    name?: string | undefined;
    trade?: string | undefined;
    timeZone?: string | undefined;
    ownerPhone?: string | undefined;
    profile?: Partial<Omit<BusinessProfile, 'name' | 'trade'>> | undefined;
  }): Promise<void> {
    await businesses.updateBusiness(this.em, this.tenantId, patch);
  }

  async markOnboarded(): Promise<void> {
    await businesses.markOnboarded(this.em, this.tenantId);
  }

  /** Merges top-level conversation settings (hours, appointments, calls, timings) into the stored ones. */
  async patchSettings(stored: Partial<ConversationSettings>): Promise<void> {
    await businessSettings.patchSettings(this.em, this.tenantId, stored);
  }

  /** The business's conversation settings with every default filled in. */
  conversationSettings(): Promise<ConversationSettings> {
    return loadSettings(this.em, this.tenantId);
  }

  // ---- phone numbers ------------------------------------------------------------------------

  phoneNumbers(): Promise<PhoneNumberRow[]> {
    return phoneNumbers.listPhoneNumbers(this.em, this.tenantId);
  }

  async phoneNumber(id: string): Promise<PhoneNumberRow> {
    const found = await phoneNumbers.findPhoneNumber(this.em, this.tenantId, id);
    if (!found) throw notFound('that phone number');
    return found;
  }

  /** Reserves a number for this business before Twilio is asked for it; a number is never in two businesses. */
  async claimPhoneNumber(e164: string, maxNumbers: number): Promise<PhoneNumberRow> {
    const claimed = await phoneNumbers.claimPhoneNumber(this.em, this.tenantId, e164, maxNumbers);
    if (claimed === 'taken') throw conflict('number_taken', `${e164} is already in use by a business on NeverMissCall`);
    if (claimed === 'limit')
      throw conflict('number_limit', `a business may hold at most ${maxNumbers} phone numbers; release one before adding another`);
    return claimed;
  }

  /** Notes a security-relevant event in the business's account activity (Settings shows it). */
  recordActivity(kind: AccountActivityKind, detail = ''): Promise<void> {
    return recordAccountActivity(this.em, this.tenantId, kind, detail);
  }

  recentActivity(limit: number): Promise<AccountActivity[]> {
    return recentAccountActivity(this.em, this.tenantId, limit);
  }

  // ---- the Status page ----------------------------------------------------------------------

  recentOutboundTexts(): Promise<SentText[]> {
    return recentOutboundTexts(this.em, this.tenantId);
  }

  recentAssistantTurns(): Promise<AssistantTurnFact[]> {
    return recentAssistantTurns(this.em, this.tenantId);
  }

  /** Counts one use of a limited action (api/business-limits.ts decides what is too many). */
  countUse(action: string, windowSeconds: number): Promise<Use> {
    return countUse(this.em, this.tenantId, action, windowSeconds);
  }

  async recordPhoneNumberSid(id: string, twilioSid: string): Promise<PhoneNumberRow> {
    const found = await phoneNumbers.recordPhoneNumberSid(this.em, this.tenantId, id, twilioSid);
    if (!found) throw notFound('that phone number');
    return found;
  }

  async deletePhoneNumber(id: string): Promise<void> {
    await phoneNumbers.deletePhoneNumber(this.em, this.tenantId, id);
  }

  // ---- a conversation's appointment (its other parts: api/conversation-scope.ts) -------------

  async conversationAppointment(id: string): Promise<AppointmentRow | null> {
    return appointments.bookedAppointmentOf(this.em, this.tenantId, id);
  }

  // ---- appointments and the calendar feed ----------------------------------------------------

  appointments(range: { from: Date; to: Date }, { includeCancelled = false } = {}): Promise<AppointmentRow[]> {
    return appointments.appointmentsBetween(this.em, this.tenantId, range, { includeCancelled });
  }

  async calendarToken(): Promise<string> {
    const found = await businesses.calendarToken(this.em, this.tenantId);
    if (!found) throw notFound('your business');
    return found;
  }

  async rotateCalendarToken(): Promise<string> {
    const found = await businesses.rotateCalendarToken(this.em, this.tenantId);
    if (!found) throw notFound('your business');
    return found;
  }

  // ---- the owner's connected calendars (issue #16) ---------------------------------------------

  calendarConnections(): Promise<calendarConnections.CalendarConnection[]> {
    return calendarConnections.connectionsOf(this.em, this.tenantId);
  }

  async calendarConnection(id: string): Promise<calendarConnections.CalendarConnection> {
    const found = await calendarConnections.connectionOf(this.em, this.tenantId, id);
    if (!found) throw notFound('that calendar connection');
    return found;
  }

  calendarOAuthState(provider: CalendarProvider): Promise<string> {
    return calendarConnections.createOAuthState(this.em, this.tenantId, provider);
  }

  saveCalendarConnection(input: Omit<calendarConnections.NewConnection, 'tenantId'>): Promise<calendarConnections.CalendarConnection> {
    return calendarConnections.saveConnection(this.em, { ...input, tenantId: this.tenantId });
  }

  async chooseCalendars(id: string, choice: { busyCalendarIds: string[]; bookingCalendarId: string | null }) {
    const found = await calendarConnections.chooseCalendars(this.em, this.tenantId, id, choice);
    if (!found) throw notFound('that calendar connection');
    return found;
  }

  /** Deletes the connection and hands back its (sealed) token once, for revoking it at the provider. */
  async disconnectCalendar(id: string): Promise<calendarConnections.CalendarConnectionWithToken> {
    const found = await calendarConnections.deleteConnection(this.em, this.tenantId, id);
    if (!found) throw notFound('that calendar connection');
    return found;
  }

  /**
   * Ends the push channel of a connection this business just deleted, with its grant (so before a
   * revoke takes that away): Graph would otherwise notify for up to three days, Google for a week.
   */
  endCalendarPushChannel(deleted: calendarConnections.CalendarConnectionWithToken, calendars: OwnerCalendars): Promise<boolean> {
    const registered = deleted.pushChannel?.registered;
    return registered ? endPushChannel(this.em, calendars, deleted, registered) : Promise.resolve(true);
  }

  /** Starts (or joins) the sync of one of this business's connections, then asks it to sync now. */
  async syncCalendar(id: string, { now = true } = {}): Promise<void> {
    await this.calendarConnection(id);
    await startCalendarSync(this.workflows(), { connectionId: id });
    if (now) await syncCalendarNow(this.workflows(), id);
  }

  /** Ends the sync of a connection this business just deleted (disconnectCalendar proved it was its). */
  stopCalendarSync(deleted: calendarConnections.CalendarConnectionWithToken): Promise<void> {
    return stopCalendarSync(this.workflows(), deleted.id);
  }

  private workflows(): Client {
    if (!this.temporal) throw new Error('tenant scope: this operation needs Temporal');
    return this.temporal;
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
    return alerts.listAlerts(this.em, this.tenantId, { unread, limit });
  }

  async markAlertRead(id: string): Promise<void> {
    if (!(await alerts.markAlertRead(this.em, this.tenantId, id))) throw notFound('that alert');
  }

  /** A calendar alert with what the owner may answer (db/alerts.ts); undefined when the business has no such alert. */
  async calendarAlert(id: string) {
    return alerts.calendarAlertChoice(this.em, this.tenantId, id);
  }

  async answerCalendarAlert(id: string, answer: alerts.CalendarAlertAnswer): Promise<alerts.CalendarAlertAnswer> {
    const kept = await alerts.answerCalendarAlert(this.em, this.tenantId, id, answer);
    if (!kept) throw notFound('that alert');
    return kept;
  }

  async withdrawToldCaller(id: string): Promise<void> {
    await alerts.withdrawToldCaller(this.em, this.tenantId, id);
  }
}

/** The business whose calendar feed this secret opens, as a scope; undefined when no business has it. */
export async function scopeForCalendarToken(em: EntityManager, token: string): Promise<TenantScope | undefined> {
  const tenantId = await businesses.businessForCalendarToken(em, token);
  return tenantId ? new TenantScope(em, { tenantId }) : undefined;
}

/** The business (as a scope) and provider a calendar consent round trip was started for; the state is used up. */
export async function scopeForOAuthState(
  em: EntityManager,
  state: string,
  temporal: Client,
): Promise<{ scope: TenantScope; provider: CalendarProvider } | undefined> {
  const found = await calendarConnections.consumeOAuthState(em, state);
  return found ? { scope: new TenantScope(em, { tenantId: found.tenantId }, temporal), provider: found.provider } : undefined;
}
