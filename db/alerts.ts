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
