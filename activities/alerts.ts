// Alerts to the owner (docs/product.md journey 8): a row the dashboard shows live, and an SMS to the
// owner's cell from the business number. Keyed by (workflow id, sequence) like the SMS outbox,
// so a retried activity neither duplicates the alert nor texts the owner twice; the text to the
// owner is sent under the row's lease like any outbound text (send-lease.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertView } from '../contracts/live-events';
import { publishLiveEvent } from '../db/live-events';
import type { OwnerNotifications } from '../db/entities';
import { sql } from '../db/sql';
import { claimLease, keepAttemptAlive, markSending, releaseLease, renewLease, sleepUnlessAborted, type LeaseTarget } from './send-lease';
import { asActivityFailure, findEarlierSend, twilioAnswered } from './sms';
import { withAbortSignal, type TwilioClient } from '../providers/twilio-client';

export interface OwnerAlertInput {
  workflowId: string;
  seq: number;
  tenantId: string;
  conversationId: string;
  kind: string;
  text: string;
}

interface AlertRow {
  id: string;
  conversation_id: string | null;
  kind: string;
  body: string;
  attempted_at: Date | null;
  twilio_sid: string | null;
  created_at: Date;
}

const toAlertView = (row: AlertRow): AlertView => ({
  id: row.id,
  conversationId: row.conversation_id,
  kind: row.kind,
  body: row.body,
  createdAt: new Date(row.created_at).toISOString(),
});

export async function alertOwner(
  { em, twilio }: { em: EntityManager; twilio: TwilioClient },
  input: OwnerAlertInput,
): Promise<{ alertId: string }> {
  const created = await em.transactional(async (tx) => {
    const [row] = await sql<AlertRow[]>(
      tx,
      `insert into alerts (tenant_id, conversation_id, kind, body, workflow_id, seq) values (?, ?, ?, ?, ?, ?)
       on conflict (conversation_id, seq) do nothing returning *`,
      [input.tenantId, input.conversationId, input.kind, input.text, input.workflowId, input.seq],
    );
    if (row) await publishLiveEvent(tx, input.tenantId, 'alert.created', { alert: toAlertView(row) });
    return row;
  });
  const [alert] = created
    ? [created]
    : await sql<AlertRow[]>(em, 'select * from alerts where conversation_id = ? and seq = ?', [input.conversationId, input.seq]);
  if (alert!.twilio_sid) return { alertId: alert!.id };

  const [business] = await sql<{ owner_phone: string; e164: string | null; notifications: OwnerNotifications | null }[]>(
    em,
    `select t.owner_phone, (select e164 from phone_numbers p where p.tenant_id = t.id order by p.created_at limit 1) as e164,
            (select u.notifications from users u where u.tenant_id = t.id order by u.created_at limit 1) as notifications
     from tenants t where t.id = ?`,
    [input.tenantId],
  );
  // Without a business number there is nothing to text from; the dashboard still shows the alert.
  if (!business?.e164) return { alertId: alert!.id };
  // The owner may turn SMS alerts off (the dashboard still shows them), except emergencies: someone may be in danger.
  if (business.notifications?.smsAlerts === false && input.kind !== 'emergency') return { alertId: alert!.id };
  const text = { to: business.notifications?.alertPhone ?? business.owner_phone, from: business.e164, body: input.text };
  const target: LeaseTarget = { table: 'alerts', where: 'id = ?', params: [alert!.id] };
  const claim = await claimLease(em, target);
  if (!claim.claimed) return { alertId: alert!.id };
  const keeper = keepAttemptAlive({ renew: () => renewLease(em, target, claim.owner) });
  let settled = false;
  try {
    await withAbortSignal(keeper.signal, async () => {
      await sleepUnlessAborted(claim.settleWaitMs, keeper.signal);
      if (claim.attemptedAt) {
        const found = await findEarlierSend(twilio, text, claim.attemptedAt);
        if (found) {
          settled = true;
          await sql(em, 'update alerts set twilio_sid = ? where id = ?', [found.sid, alert!.id]);
          return;
        }
      }
      await markSending(em, target, claim.owner);
      try {
        const sent = await twilio.messages.create(text);
        settled = true;
        await sql(em, 'update alerts set twilio_sid = ? where id = ?', [sent.sid, alert!.id]);
      } catch (error) {
        settled ||= twilioAnswered(error);
        throw asActivityFailure(error);
      }
    });
  } finally {
    keeper.stop();
    await releaseLease(em, target, claim.owner, { settled }).catch(() => undefined); // it runs out by itself
  }
  return { alertId: alert!.id };
}
