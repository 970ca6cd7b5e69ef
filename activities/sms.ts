// Sending a text exactly once (docs/decisions/0014-send-once.md): an outbox row keyed by (conversation, sequence)
// is written before the send and records Twilio's SID after it. A retried activity that finds
// the SID does not send again; only the attempt holding the row's lease may send (send-lease.ts),
// so a stalled attempt cannot send after a later one did; one whose earlier attempt ended with an
// unknown outcome waits until that send can no longer land and asks Twilio's message list before
// it sends again. The attempt heartbeats, and Temporal's cancellation aborts its HTTP requests.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { MessageAuthor, MessageView } from '../contracts/live-events';
import { TWILIO_MESSAGE_STATUSES } from '../domain/message-status';
import { messageBySid, storeMessage, toMessageView } from '../db/messages';
import { insertAsFirstAttempt, outboxSids, recordOutboxSid, type OutboxText } from '../db/send-leases';
import {
  claimLease,
  keepAttemptAlive,
  LEASE_MS,
  markSending,
  releaseLease,
  renewLease,
  sleepUnlessAborted,
  type Claim,
  type LeaseTarget,
} from './send-lease';
import { withAbortSignal, type TwilioClient } from '../providers/twilio-client';
import { countSend } from '../observability/metrics';
import { observeFirstText } from '../observability/first-text';

export interface SendTextInput extends OutboxText {
  author: MessageAuthor;
  /** Twilio ValidityPeriod: the carrier drops the text rather than deliver it stale. */
  validitySeconds?: number;
}

export interface SentText {
  message: MessageView;
  twilioSid: string;
  /** false when an earlier attempt had already sent it. */
  sentNow: boolean;
}

/** Twilio errors that no retry can fix: the caller's number is invalid or opted out. */
const NON_RETRYABLE_TWILIO_CODES: Record<number, string> = {
  21211: 'InvalidPhoneNumber',
  21214: 'InvalidPhoneNumber',
  21610: 'CallerOptedOut',
  21614: 'NotSmsCapable',
  21606: 'SenderNotSmsCapable',
  // A trial account's number may only text verified numbers: the sender cannot reach this caller.
  21608: 'SenderNotSmsCapable',
  21602: 'InvalidMessageBody',
  21617: 'InvalidMessageBody',
};

export interface SmsDeps {
  em: EntityManager;
  twilio: TwilioClient;
  statusCallbackUrl: string;
}

export async function sendText({ em, twilio, statusCallbackUrl }: SmsDeps, input: SendTextInput): Promise<SentText> {
  // Once per conversation and sequence number: a caller's next conversation (same workflow id) counts from 1 again.
  const target: LeaseTarget = { kind: 'text', conversationId: input.conversationId, seq: input.seq };
  const first = await firstAttempt(em, input);
  const claim = first ?? (await claimLease(em, target));
  if (!claim.claimed) {
    const message = await recordSentMessage(em, input, { sid: claim.twilioSid, status: 'queued', numSegments: '1' });
    countSend('already_sent');
    return { message, twilioSid: claim.twilioSid, sentNow: false };
  }
  const keeper = keepAttemptAlive({ renew: () => renewLease(em, target, claim.owner) });
  let settled = false;
  let recorded = false;
  try {
    return await withAbortSignal(keeper.signal, async () => {
      // An earlier attempt's send may still be on its way to Twilio: wait until it cannot land.
      await sleepUnlessAborted(claim.settleWaitMs, keeper.signal);
      if (claim.attemptedAt) {
        // An earlier attempt may have reached Twilio before it failed: look before sending again.
        const found = await findEarlierSend(twilio, input, claim.attemptedAt, await outboxSids(em, input.conversationId));
        if (found) {
          settled = true;
          const message = await recordSentMessage(em, input, found);
          countSend('already_sent');
          return { message, twilioSid: found.sid, sentNow: false };
        }
      }
      if (!first) await markSending(em, target, claim.owner); // the first attempt was marked as it was claimed
      let sent: { sid: string; status: string; numSegments: string };
      try {
        sent = await twilio.messages.create({
          to: input.to,
          from: input.from,
          body: input.body,
          statusCallback: statusCallbackUrl,
          ...(input.validitySeconds ? { validityPeriod: input.validitySeconds } : {}),
        });
      } catch (error) {
        // An HTTP answer (an error status) settles it: Twilio did not take this text.
        settled = twilioAnswered(error);
        countSend('failed', (error as { code?: unknown }).code);
        throw asActivityFailure(error);
      }
      settled = true;
      const acceptedAt = new Date();
      const message = await recordSentMessage(em, input, sent);
      recorded = true;
      countSend('sent');
      observeFirstText(em, { tenantId: input.tenantId, conversationId: input.conversationId, twilioSid: sent.sid, acceptedAt });
      return { message, twilioSid: sent.sid, sentNow: true };
    });
  } finally {
    keeper.stop();
    // Recording the SID gave the lease up with it; otherwise give it up (or it runs out by itself).
    if (!recorded) await releaseLease(em, target, claim.owner, { settled }).catch(() => undefined);
  }
}

/**
 * The normal case, in one statement: the outbox row is new, so this attempt is the first, holds
 * the lease and is about to send (what claimLease and markSending do for a retry). Undefined when
 * the row exists: an earlier attempt ran, and the retry path decides.
 */
async function firstAttempt(em: EntityManager, input: SendTextInput): Promise<Claim | undefined> {
  const owner = randomUUID();
  const first = await insertAsFirstAttempt(em, input, owner, LEASE_MS);
  return first ? { claimed: true, owner, attempt: 1, attemptedAt: null, settleWaitMs: 0 } : undefined;
}

/** Twilio (or whatever stood in its place) answered with an HTTP status: the outcome is known. */
export function twilioAnswered(error: unknown): boolean {
  return typeof (error as { status?: unknown }).status === 'number';
}

/**
 * A text Twilio accepted from an earlier attempt whose answer we never got. Not filtered by
 * DateSent: a text still queued at Twilio has none yet. SIDs this conversation already recorded
 * for other texts are skipped, so an identical earlier text (a second nudge) is not taken for it.
 */
export async function findEarlierSend(
  twilio: TwilioClient,
  input: { to: string; from: string; body: string },
  attemptedAt: Date,
  knownSids: ReadonlySet<string> = new Set(),
) {
  const since = new Date(new Date(attemptedAt).getTime() - 60_000);
  const recent = await twilio.messages.list({ to: input.to, from: input.from, limit: 50 });
  return recent.find(
    (message) => message.body === input.body && !knownSids.has(message.sid) && message.dateCreated && message.dateCreated >= since,
  );
}

/** Stores the SID and the message row (db/messages.ts), and tells the dashboard; safe to repeat. */
async function recordSentMessage(
  em: EntityManager,
  input: SendTextInput,
  sent: { sid: string; status: string; numSegments: string },
): Promise<MessageView> {
  return em.transactional(async (tx) => {
    await recordOutboxSid(tx, { kind: 'text', conversationId: input.conversationId, seq: input.seq }, sent.sid);
    const stored = await storeMessage(tx, {
      tenantId: input.tenantId,
      conversationId: input.conversationId,
      direction: 'outbound',
      author: input.author,
      body: input.body,
      twilioSid: sent.sid,
      status: TWILIO_MESSAGE_STATUSES[sent.status] ?? 'queued',
      numSegments: Number(sent.numSegments) || 1,
    });
    return toMessageView(stored ?? (await messageBySid(tx, sent.sid))!);
  });
}

export function asActivityFailure(error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number' && code in NON_RETRYABLE_TWILIO_CODES) {
    return ApplicationFailure.nonRetryable(
      `Twilio refused the text (${code}): ${(error as Error).message}`,
      NON_RETRYABLE_TWILIO_CODES[code],
      {
        twilioCode: code,
      },
    );
  }
  // A fresh failure with only what helps: the SDK's error carries the HTTP request, whose
  // Authorization header holds the account's credentials, and the worker logs failures whole.
  const status = (error as { status?: unknown }).status;
  return ApplicationFailure.retryable(
    `Twilio send failed${typeof status === 'number' ? ` (HTTP ${status})` : ''}${typeof code === 'number' ? ` (${code})` : ''}: ${
      (error as Error).message ?? String(error)
    }`,
    'TwilioSendFailed',
  );
}
