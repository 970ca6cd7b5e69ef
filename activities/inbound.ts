// The inbound sweeper's activities (docs/decisions/0013-inbound-delivery.md): deliver what the
// webhooks stored but could not signal, and reconcile with Twilio's own list of texts to our
// numbers, so a text that arrived while the api was down (Twilio got no answer) is not lost.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import { Context } from '@temporalio/activity';
import { conversationWorkflowId } from '../domain/conversation-id';
import { parseCallerId } from '../domain/caller-id';
import { advanceWatermark, numbersToReconcile, purgeDeliveredInbound } from '../db/inbound-events';
import { deliverInbound, showUndeliveredText, storeInbound, undeliveredInbound } from '../temporal/inbound-delivery';
import { MAX_SMS_BODY, type InboundSms } from '../contracts/conversation-workflow';
import type { TwilioClient } from '../providers/twilio-client';

export interface InboundDeps {
  em: () => EntityManager;
  temporal: Client;
  twilio: TwilioClient;
}

/** Stored events younger than this are left to the webhook that stored them. */
export const SWEEP_MIN_AGE_MS = 3_000;
/** Delivered events are kept this long (to see what happened), then removed by reconciliation rounds. */
export const DELIVERED_RETENTION_DAYS = 7;
/** Twilio's list is searched from a little before the last text seen: clocks and list order are not exact. */
export const RECONCILE_OVERLAP_MS = 5 * 60_000;
/** A number never reconciled before is searched this far back. */
export const RECONCILE_FIRST_LOOKBACK_MS = 24 * 3600_000;

/** One sweep: delivers stored, undelivered events older than SWEEP_MIN_AGE_MS. */
export async function deliverPendingInbound(deps: InboundDeps, { limit = 200 } = {}): Promise<{ delivered: number; failed: number }> {
  const em = deps.em();
  const keys = await undeliveredInbound(em, { olderThanMs: SWEEP_MIN_AGE_MS, limit });
  let delivered = 0;
  let failed = 0;
  for (const key of keys) {
    heartbeat({ key });
    if (await deliverInbound(em, deps.temporal, key)) delivered += 1;
    else {
      failed += 1;
      await showUndeliveredText(em, key);
    }
  }
  return { delivered, failed };
}

export interface ReconcileResult {
  numbers: number;
  listed: number;
  recovered: number;
}

/**
 * Lists each business number's inbound texts through Twilio since its last listing (a high-water
 * mark per number: the later of that listing's time and the newest text it saw) and stores any we never received, as the webhook would have, then delivers them.
 */
export async function reconcileInbound(deps: InboundDeps, { numbers }: { numbers?: string[] } = {}): Promise<ReconcileResult> {
  const em = deps.em();
  const owned = await numbersToReconcile(em, numbers);
  const result: ReconcileResult = { numbers: owned.length, listed: 0, recovered: 0 };
  for (const number of owned) {
    heartbeat({ number: number.e164 });
    const since = number.last_seen_at
      ? new Date(new Date(number.last_seen_at).getTime() - RECONCILE_OVERLAP_MS)
      : new Date(Math.max(new Date(number.created_at).getTime(), Date.now() - RECONCILE_FIRST_LOOKBACK_MS) - RECONCILE_OVERLAP_MS);
    // Everything Twilio held before this moment is in the list: next time, start from here (minus the overlap).
    const listedAt = new Date();
    const listed = await deps.twilio.messages.list({ to: number.e164, dateSentAfter: since, pageSize: 100, limit: 1000 });
    let highWater = listedAt;
    for (const message of listed) {
      if (message.direction !== 'inbound' || message.to !== number.e164) continue;
      result.listed += 1;
      const sentAt = message.dateSent ?? message.dateCreated;
      if (sentAt > highWater) highWater = sentAt;
      const caller = parseCallerId(message.from);
      // Nobody to answer, or more than the webhook accepts (it would have refused it with 400).
      if (caller.kind !== 'number' || message.body.length > MAX_SMS_BODY) continue;
      const sms: InboundSms = {
        messageSid: message.sid,
        body: message.body,
        receivedAt: sentAt.toISOString(),
        ...(Number(message.numSegments) >= 1 ? { numSegments: Number(message.numSegments) } : {}),
      };
      const key = `sms:${message.sid}`;
      const stored = await storeInbound(em, {
        dedupeKey: key,
        tenantId: number.tenant_id,
        workflowId: conversationWorkflowId(number.tenant_id, caller.e164),
        signalName: 'inboundSms',
        signalArgs: [sms],
        startInput: { tenantId: number.tenant_id, callerPhone: caller.e164, businessPhone: number.e164 },
        text: { callerPhone: caller.e164, ...sms },
      });
      if (!stored) continue;
      result.recovered += 1;
      if (!(await deliverInbound(em, deps.temporal, key))) await showUndeliveredText(em, key);
    }
    await advanceWatermark(em, number.e164, highWater);
  }
  // Housekeeping, a batch per round: the dedupe key stays in webhook_events, so a late retry is still refused.
  await purgeDeliveredInbound(em, DELIVERED_RETENTION_DAYS);
  return result;
}

/** Heartbeats when running as an activity (start-up reconciliation calls these functions directly). */
function heartbeat(details: unknown) {
  try {
    Context.current().heartbeat(details);
  } catch {
    // not in an activity
  }
}

export function createInboundActivities(deps: InboundDeps) {
  return {
    deliverPendingInbound: () => deliverPendingInbound(deps),
    reconcileInbound: () => reconcileInbound(deps),
  };
}

export type InboundActivities = ReturnType<typeof createInboundActivities>;
