// The calendar sync (issue #16; docs/decisions/0025-owner-calendars.md): one long-running workflow
// per connected calendar. Each round pushes our bookings to the owner's calendar, then pulls the
// owner's changes back; then it waits for the period, or less when asked to sync now (a booking
// just made, the owner's "Sync now"). A full listing and reconcile is asked for on its own period,
// and the run continues as new after a number of rounds, carrying when it last fully reconciled.
// Every outcome waits before the next round: the provider's Retry-After when rate limited, a
// doubling pause after failures, the period otherwise; nothing is retried in a tight loop. The
// workflow ends itself when the connection is gone (disconnected); a connection waiting for the
// owner to reconnect keeps its workflow, which finds it connected again on a later round. Where the
// provider can reach our webhook, the workflow also keeps a push channel registered (renewed before
// it expires), whose notifications arrive as syncNow; the period stays, since push is not promised.
// Deterministic code only (Date.now() is the workflow's clock here).
import type { RetryPolicy } from '@temporalio/common';
import { ActivityFailure, condition, continueAsNew, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { CalendarPushActivities } from '../activities/calendar-push';
import type { CalendarSyncActivities, PullOutcome } from '../activities/calendar-sync';
import { syncNowSignal, type CalendarSyncInput } from '../contracts/calendar-sync';

export { syncNowSignal };

/** The booking push ("calendar-bookings": activities/calendar-bookings.ts), named here by its interface only. */
interface PushActivities {
  pushBookings(input: { connectionId: string }): Promise<unknown>;
}

export const CALENDAR_SYNC_DEFAULTS = {
  syncEveryMs: 60_000,
  fullReconcileEveryMs: 6 * 3600_000,
  syncsPerRun: 500,
};
/** A push channel is renewed this long before it expires; one not registered is tried again after WATCH_AGAIN_MS. */
const RENEW_BEFORE_MS = 3600_000;
const WATCH_AGAIN_MS = 6 * 3600_000;
/** The longest pause after repeated failures (the period doubles up to this). */
export const MAX_BACKOFF_MS = 30 * 60_000;
/** A Retry-After is honoured up to this; a provider asking for longer is asked again then. */
const MAX_RATE_LIMIT_WAIT_MS = 60 * 60_000;

/** What a run carries into the next (continue-as-new). */
export interface CalendarSyncRun extends CalendarSyncInput {
  /** Workflow time of the last full listing; undefined on the first run. */
  lastFullReconcileAt?: number;
  /** Failed rounds in a row, for the backoff. */
  failuresInARow?: number;
  /** Workflow time to (re)register the push channel: its expiry less a margin; undefined on the first run. */
  watchAgainAt?: number;
}

// A few quick retries of a lost round; after them the round counts as failed and the next round
// (after a pause) tries again. A connection that is gone is answered as a value, never retried.
const retry: RetryPolicy = {
  initialInterval: '2s',
  maximumInterval: '30s',
  maximumAttempts: 3,
  nonRetryableErrorTypes: ['CalendarConnectionGone'],
};
const { pushBookings } = proxyActivities<PushActivities>({ startToCloseTimeout: '2m', retry });
const { pullCalendarChanges } = proxyActivities<CalendarSyncActivities>({ startToCloseTimeout: '5m', retry });
const { watchCalendar } = proxyActivities<CalendarPushActivities>({ startToCloseTimeout: '1m', retry });

export async function calendarSyncWorkflow(run: CalendarSyncRun): Promise<void> {
  const syncEveryMs = run.syncEveryMs ?? CALENDAR_SYNC_DEFAULTS.syncEveryMs;
  const fullReconcileEveryMs = run.fullReconcileEveryMs ?? CALENDAR_SYNC_DEFAULTS.fullReconcileEveryMs;
  const syncsPerRun = run.syncsPerRun ?? CALENDAR_SYNC_DEFAULTS.syncsPerRun;
  // The first pull without a sync token lists everything anyway; the period counts from the start.
  let lastFullReconcileAt = run.lastFullReconcileAt ?? Date.now();
  let failuresInARow = run.failuresInARow ?? 0;
  let watchAgainAt = run.watchAgainAt ?? Date.now();
  let syncNow = false;
  setHandler(syncNowSignal, () => {
    syncNow = true;
  });

  for (let round = 0; round < syncsPerRun; round++) {
    // A request that comes during the round is kept: what triggered it may have missed this push.
    syncNow = false;
    const full = Date.now() - lastFullReconcileAt >= fullReconcileEveryMs;
    // The provider's push (where it can reach us) only makes the next round come sooner: the period stays.
    if (Date.now() >= watchAgainAt) {
      try {
        const watched = await watchCalendar({ connectionId: run.connectionId });
        watchAgainAt = watched.watching
          ? Math.max(watched.expiresAtMs - RENEW_BEFORE_MS, Date.now() + 60_000)
          : Date.now() + WATCH_AGAIN_MS;
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        watchAgainAt = Date.now() + WATCH_AGAIN_MS;
      }
    }
    let pushed = true;
    try {
      await pushBookings({ connectionId: run.connectionId });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
      pushed = false; // the pull still runs: the owner's changes need not wait for ours
    }
    let pulled: PullOutcome | undefined;
    try {
      pulled = await pullCalendarChanges({ connectionId: run.connectionId, full });
    } catch (error) {
      if (!(error instanceof ActivityFailure)) throw error;
    }
    if (pulled?.outcome === 'gone') return;
    if (pulled?.outcome === 'synced' && pulled.full) lastFullReconcileAt = Date.now();
    // The owner chose another booking calendar (or none): the channel follows next round, not at its renewal.
    if ((pulled?.outcome === 'synced' || pulled?.outcome === 'no_booking_calendar') && pulled.rewatch) watchAgainAt = Date.now();

    const failed = !pulled || pulled.outcome === 'retry_later' || !pushed;
    failuresInARow = failed ? failuresInARow + 1 : 0;
    if (pulled?.outcome === 'rate_limited') {
      // The provider said how long: a sync-now request does not cut it short.
      await sleep(Math.min(Math.max(pulled.retryAfterMs, 1_000), MAX_RATE_LIMIT_WAIT_MS));
      continue;
    }
    const pause = failed
      ? Math.min(syncEveryMs * 2 ** Math.min(failuresInARow - 1, 10), Math.max(MAX_BACKOFF_MS, syncEveryMs))
      : syncEveryMs;
    await condition(() => syncNow, pause);
  }
  await continueAsNew<typeof calendarSyncWorkflow>({ ...run, lastFullReconcileAt, failuresInARow, watchAgainAt });
}
