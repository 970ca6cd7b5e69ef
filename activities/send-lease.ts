// At most one attempt at a time may talk to Twilio about one outbound text, and an attempt that
// stalled (a frozen process, a long GC pause, a hung connection) cannot send after a later
// attempt did. The row of the text (sms_outbox) or alert (alerts) carries a lease:
//
// - claim: compare-and-set `lease_until` when it is empty or past (the attempt counter goes up);
// - keep: renewed with the activity's heartbeat every 2 s; when a renewal fails or the lease is
//   about to run out unconfirmed, the attempt's abort signal fires and its HTTP requests stop;
// - fence: right before the send the attempt proves it still holds the lease and marks the row
//   unsettled (an answer may never come); the next attempt waits until an unsettled send can no
//   longer land (Twilio's client timeout plus a margin) and looks at Twilio before sending again.
//
// Why, and what is left: docs/decisions/0014-send-once.md.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { dropLease, extendLease, fenceLease, leaseState, takeLease, type LeasedRow } from '../db/send-leases';
import { TWILIO_TIMEOUT_MS } from '../providers/twilio-client';

/** How long a claim holds without renewal: a dead worker's text is free again this soon. */
export const LEASE_MS = 10_000;
/** Heartbeat and lease renewal period (the sms and ai queues have a 10 s heartbeat timeout). */
export const HEARTBEAT_MS = 2_000;
/** After an unknown outcome, how long until that request can no longer be taken by Twilio. */
export const SETTLE_MS = TWILIO_TIMEOUT_MS + 4_000;

/** Whose lease: a caller's text (sms_outbox) or an owner alert (alerts). */
export type LeaseTarget = LeasedRow;

export type Claim =
  { claimed: true; owner: string; attempt: number; attemptedAt: Date | null; settleWaitMs: number } | { claimed: false; twilioSid: string };

/** Claims the row's lease, or reports the SID an earlier attempt stored; throws (retryable) while another attempt holds it. */
export async function claimLease(em: EntityManager, target: LeaseTarget, leaseMs = LEASE_MS): Promise<Claim> {
  const owner = randomUUID();
  const row = await takeLease(em, target, { owner, leaseMs, settleMs: SETTLE_MS });
  if (row) return { claimed: true, owner, attempt: row.attempt, attemptedAt: row.attempted_at, settleWaitMs: row.settle_wait_ms };
  const current = await leaseState(em, target);
  if (current?.twilio_sid) return { claimed: false, twilioSid: current.twilio_sid };
  throw ApplicationFailure.retryable(
    `another attempt holds this text's send lease (until ${current?.lease_until ? new Date(current.lease_until).toISOString() : '?'})`,
    'SendLeaseHeld',
  );
}

/** Still ours? Extends the lease; false when another attempt has taken it or it ran out. */
export function renewLease(em: EntityManager, target: LeaseTarget, owner: string, leaseMs = LEASE_MS): Promise<boolean> {
  return extendLease(em, target, owner, leaseMs);
}

/** The fence right before the send: still ours, and from now on the outcome is unknown until an answer settles it. */
export async function markSending(em: EntityManager, target: LeaseTarget, owner: string, leaseMs = LEASE_MS): Promise<void> {
  if (!(await fenceLease(em, target, owner, leaseMs)))
    throw ApplicationFailure.retryable('this attempt lost its send lease before sending', 'SendLeaseLost');
}

/**
 * Gives the lease up. `settled`: Twilio answered (with an error), so nothing of this attempt can
 * land any more and the next attempt need not wait.
 */
export function releaseLease(em: EntityManager, target: LeaseTarget, owner: string, { settled }: { settled: boolean }): Promise<void> {
  return dropLease(em, target, owner, { settled });
}

/** The activity's context, or undefined when called directly (scripts, unit tests). */
export function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}

export interface AttemptKeeper {
  /** Fires when Temporal cancels the attempt (e.g. it timed out) or the lease is lost. */
  signal: AbortSignal;
  stop(): void;
}

/**
 * Heartbeats every 2 s (so a dead worker's attempt is retried after the 10 s heartbeat timeout,
 * and a live one learns it was given up on), renews `lease` if given, and aborts when either
 * says this attempt must stop.
 */
export function keepAttemptAlive(lease?: { renew: () => Promise<boolean> }, periodMs = HEARTBEAT_MS, leaseMs = LEASE_MS): AttemptKeeper {
  const context = activityContext();
  const controller = new AbortController();
  const abort = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const cancelled = context?.cancellationSignal;
  const onCancel = () => abort(cancelled?.reason ?? new Error('activity cancelled'));
  if (cancelled?.aborted) onCancel();
  else cancelled?.addEventListener('abort', onCancel, { once: true });

  let confirmedUntil = Date.now() + leaseMs;
  let renewing = false;
  const tick = () => {
    context?.heartbeat();
    if (!lease) return;
    // A lease we could not confirm is treated as lost before it can run out: stop first.
    if (Date.now() > confirmedUntil - periodMs) abort(new Error('the send lease could not be renewed in time'));
    if (renewing || controller.signal.aborted) return;
    renewing = true;
    const started = Date.now();
    lease
      .renew()
      .then((held) => {
        if (held) confirmedUntil = started + leaseMs;
        else abort(new Error('another attempt took the send lease'));
      })
      .catch(() => undefined) // the deadline above decides
      .finally(() => {
        renewing = false;
      });
  };
  // No heartbeat at the start: Temporal's heartbeat timeout already runs from the attempt's start,
  // so a dead worker is noticed just as soon, and most attempts finish before the first tick. Each
  // heartbeat is a round trip and a history write on the server (docs/decisions/0019).
  const timer = setInterval(tick, periodMs);
  return {
    signal: controller.signal,
    stop() {
      clearInterval(timer);
      cancelled?.removeEventListener('abort', onCancel);
    },
  };
}

/** Waits `ms`, or rejects when `signal` fires first. */
export function sleepUnlessAborted(delayMs: number, signal: AbortSignal): Promise<void> {
  if (delayMs <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(asError(signal.reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(asError(signal.reason));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason ?? 'aborted'));
}
