// Alerts to the owner (docs/product.md journey 8): written once per (conversation, sequence) by the
// alertOwner activity, announced live in the same transaction, listed and marked read from the
// dashboard. The insert is SQL (its on-conflict makes a retried activity harmless, decision 0017);
// everything else goes through the Alert entity. The SMS lease on the row is activities/send-lease.ts's.
// The functions the api's TenantScope calls take the business first: their SQL names it as
// `:tenant` (db/tenant-sql.ts binds it) and their entity queries filter on tenantId.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InferEntity } from '@mikro-orm/core';
import type { AlertItem } from '../contracts/http/insights';
import type { AlertView } from '../contracts/live-events';
import type { OwnerNotifications } from './entities';
import { Alert } from './entities';
import { publishLiveEvent } from './live-events';
import { sql } from './sql';
import { tenantSql } from './tenant-sql';

export type AlertRecord = InferEntity<typeof Alert>;

export interface NewAlert {
  tenantId: string;
  conversationId: string;
  workflowId: string;
  seq: number;
  kind: string;
  text: string;
}

/** Where and whether an alert is texted: the owner's preferences and the business number to send from. */
export interface AlertDestination {
  ownerPhone: string;
  /** The business's first number; null: nothing to text from. */
  businessNumber: string | null;
  notifications: OwnerNotifications | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** The alert as the live event announces it. */
export function toAlertEvent(alert: AlertRecord): AlertView {
  return {
    id: alert.id,
    conversationId: alert.conversationId ?? null,
    kind: alert.kind,
    body: alert.body,
    createdAt: iso(alert.createdAt),
  };
}

export function toAlertItem(alert: AlertRecord): AlertItem {
  return { ...toAlertEvent(alert), readAt: alert.readAt ? iso(alert.readAt) : null };
}

/**
 * The alert of this (conversation, sequence), written and announced to the dashboard the first time;
 * a retried activity gets the same row back and announces nothing.
 */
export function recordAlert(em: EntityManager, input: NewAlert): Promise<AlertRecord> {
  return em.transactional(async (tx) => {
    const [created] = await sql<{ id: string }[]>(
      tx,
      `insert into alerts (tenant_id, conversation_id, kind, body, workflow_id, seq) values (?, ?, ?, ?, ?, ?)
       on conflict (conversation_id, seq) do nothing returning id`,
      [input.tenantId, input.conversationId, input.kind, input.text, input.workflowId, input.seq],
    );
    const alert = await tx.findOneOrFail(Alert, { conversationId: input.conversationId, seq: input.seq });
    if (created) await publishLiveEvent(tx, input.tenantId, 'alert.created', { alert: toAlertEvent(alert) });
    return alert;
  });
}

/** The SID of the text that carried the alert to the owner. */
export async function recordAlertSid(em: EntityManager, alertId: string, twilioSid: string): Promise<void> {
  await em.nativeUpdate(Alert, { id: alertId }, { twilioSid });
}

export async function alertDestination(em: EntityManager, tenantId: string): Promise<AlertDestination | undefined> {
  const [row] = await sql<{ owner_phone: string; e164: string | null; notifications: OwnerNotifications | null }[]>(
    em,
    `select t.owner_phone, (select e164 from phone_numbers p where p.tenant_id = t.id order by p.created_at limit 1) as e164,
            (select u.notifications from users u where u.tenant_id = t.id order by u.created_at limit 1) as notifications
     from tenants t where t.id = ?`,
    [tenantId],
  );
  return row && { ownerPhone: row.owner_phone, businessNumber: row.e164, notifications: row.notifications };
}

/** The business's alerts, newest first. */
export async function listAlerts(
  em: EntityManager,
  tenantId: string,
  { unread, limit }: { unread: boolean; limit: number },
): Promise<AlertItem[]> {
  const alerts = await em.find(Alert, unread ? { tenantId, readAt: null } : { tenantId }, {
    orderBy: { createdAt: 'desc', id: 'desc' },
    limit,
  });
  return alerts.map(toAlertItem);
}

/** Marks the business's alert read (the first time counts); false when it has no such alert. */
export async function markAlertRead(em: EntityManager, tenantId: string, alertId: string): Promise<boolean> {
  const alert = await em.findOne(Alert, { id: alertId, tenantId });
  if (!alert) return false;
  alert.readAt ??= new Date();
  await em.flush();
  return true;
}

// ---- alerts of the calendar sync (issue #16; docs/decisions/0025-owner-calendars.md) ------------

/** The kinds the calendar sync raises; the first two offer the owner to tell the caller. */
export const CALENDAR_ALERT_KINDS = ['calendar_deleted', 'calendar_moved', 'calendar_move_clash', 'calendar_reconnect'] as const;
export type CalendarAlertKind = (typeof CALENDAR_ALERT_KINDS)[number];
export type CalendarAlertAnswer = 'told_caller' | 'kept';

export interface NewCalendarAlert {
  tenantId: string;
  /** The appointment's conversation; null for the business's (a calendar to reconnect). */
  conversationId: string | null;
  workflowId: string;
  /** One alert per key, however often the sync sees the change (e.g. `deleted:<connection>:<event>`). */
  key: string;
  kind: CalendarAlertKind;
  text: string;
  /** What the caller would be texted if the owner chooses to tell them; nothing is sent without that. */
  callerText?: string | null;
  /** The appointment the caller text is about, and its start as the text states it. */
  appointment?: { id: string; start: Date };
}

/**
 * The alert of this key, written and announced to the dashboard the first time (true); a sync that
 * sees the same change again (a retried activity, a full reconcile) writes and announces nothing.
 * Runs inside `em`'s transaction when it has one, so the change and its alert stand or fall together.
 */
export async function recordCalendarAlert(em: EntityManager, input: NewCalendarAlert): Promise<boolean> {
  const [created] = await sql<{ id: string }[]>(
    em,
    `insert into alerts (tenant_id, conversation_id, kind, body, workflow_id, seq, key, caller_text, appointment_id, appointment_starts_at)
     values (?, ?, ?, ?, ?, -nextval('calendar_alert_seq'), ?, ?, ?, ?)
     on conflict (tenant_id, key) where key is not null do nothing returning id`,
    [
      input.tenantId,
      input.conversationId,
      input.kind,
      input.text,
      input.workflowId,
      input.key,
      input.callerText ?? null,
      input.appointment?.id ?? null,
      input.appointment?.start ?? null,
    ],
  );
  if (!created) return false;
  const alert: AlertView = {
    id: created.id,
    conversationId: input.conversationId,
    kind: input.kind,
    body: input.text,
    createdAt: new Date().toISOString(),
  };
  await publishLiveEvent(em, input.tenantId, 'alert.created', { alert });
  return true;
}

export interface CalendarAlertChoice {
  id: string;
  conversationId: string | null;
  kind: string;
  callerText: string | null;
  answer: CalendarAlertAnswer | null;
  /**
   * The appointment is no longer as the caller text states it: moved again, rescheduled or
   * cancelled since the alert (a cancellation alert: booked again). Telling the caller would be wrong.
   */
  outOfDate: boolean;
}

/** The business's alert with what its owner may answer; undefined when it has no such alert. */
export async function calendarAlertChoice(em: EntityManager, tenantId: string, alertId: string): Promise<CalendarAlertChoice | undefined> {
  const [row] = await tenantSql<
    {
      id: string;
      conversation_id: string | null;
      kind: string;
      caller_text: string | null;
      answer: CalendarAlertAnswer | null;
      out_of_date: boolean;
    }[]
  >(
    em,
    tenantId,
    `select a.id, a.conversation_id, a.kind, a.caller_text, a.answer,
            coalesce(case a.kind
              when 'calendar_moved' then p.status <> 'booked' or p.starts_at <> a.appointment_starts_at
              when 'calendar_deleted' then p.status <> 'cancelled'
            end, false) as out_of_date
     from alerts a left join appointments p on p.id = a.appointment_id and p.tenant_id = a.tenant_id
     where a.tenant_id = :tenant and a.id = ?`,
    [alertId],
  );
  return (
    row && {
      id: row.id,
      conversationId: row.conversation_id,
      kind: row.kind,
      callerText: row.caller_text,
      answer: row.answer,
      outOfDate: row.out_of_date,
    }
  );
}

/** Keeps the owner's answer (the first one counts) and marks the alert read; the answer kept. */
export async function answerCalendarAlert(
  em: EntityManager,
  tenantId: string,
  alertId: string,
  answer: CalendarAlertAnswer,
): Promise<CalendarAlertAnswer | undefined> {
  const [row] = await tenantSql<{ answer: CalendarAlertAnswer }[]>(
    em,
    tenantId,
    `update alerts set answer = coalesce(answer, ?), answered_at = coalesce(answered_at, now()), read_at = coalesce(read_at, now())
     where tenant_id = :tenant and id = ? returning answer`,
    [answer, alertId],
  );
  return row?.answer;
}

/**
 * Takes back a "told the caller" whose text the conversation refused (it had ended): the owner may
 * answer again, and the record never says a caller was told what they were not.
 */
export async function withdrawToldCaller(em: EntityManager, tenantId: string, alertId: string): Promise<void> {
  await tenantSql(
    em,
    tenantId,
    `update alerts set answer = null, answered_at = null where tenant_id = :tenant and id = ? and answer = 'told_caller'`,
    [alertId],
  );
}
