// Alerts to the owner (docs/product.md journey 8): a row the dashboard shows live, and an SMS to the
// owner's cell from the business number. Keyed by (workflow id, sequence) like the SMS outbox,
// so a retried activity neither duplicates the alert nor texts the owner twice; the text to the
// owner is sent under the row's lease like any outbound text (send-lease.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { alertDestination, recordAlert, recordAlertSid } from '../db/alerts';
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

export async function alertOwner(
  { em, twilio }: { em: EntityManager; twilio: TwilioClient },
  input: OwnerAlertInput,
): Promise<{ alertId: string }> {
  const alert = await recordAlert(em, input);
  if (alert.twilioSid) return { alertId: alert.id };

  const business = await alertDestination(em, input.tenantId);
  // Without a business number there is nothing to text from; the dashboard still shows the alert.
  if (!business?.businessNumber) return { alertId: alert.id };
  // The owner may turn SMS alerts off (the dashboard still shows them), except emergencies: someone may be in danger.
  if (business.notifications?.smsAlerts === false && input.kind !== 'emergency') return { alertId: alert.id };
  const text = { to: business.notifications?.alertPhone ?? business.ownerPhone, from: business.businessNumber, body: input.text };
  const target: LeaseTarget = { kind: 'alert', alertId: alert.id };
  const claim = await claimLease(em, target);
  if (!claim.claimed) return { alertId: alert.id };
  const keeper = keepAttemptAlive({ renew: () => renewLease(em, target, claim.owner) });
  let settled = false;
  try {
    await withAbortSignal(keeper.signal, async () => {
      await sleepUnlessAborted(claim.settleWaitMs, keeper.signal);
      if (claim.attemptedAt) {
        const found = await findEarlierSend(twilio, text, claim.attemptedAt);
        if (found) {
          settled = true;
          await recordAlertSid(em, alert.id, found.sid);
          return;
        }
      }
      await markSending(em, target, claim.owner);
      try {
        const sent = await twilio.messages.create(text);
        settled = true;
        await recordAlertSid(em, alert.id, sent.sid);
      } catch (error) {
        settled ||= twilioAnswered(error);
        throw asActivityFailure(error);
      }
    });
  } finally {
    keeper.stop();
    await releaseLease(em, target, claim.owner, { settled }).catch(() => undefined); // it runs out by itself
  }
  return { alertId: alert.id };
}
