// The calendar sync workflow's contract (issue #16): one per connected calendar, under an id made
// from the connection's, started when the owner connects and ended when they disconnect. The api
// names it rather than importing workflow code (temporal/calendar-sync.ts starts and stops it).
import { defineSignal } from '@temporalio/workflow';

export const CALENDAR_SYNC_WORKFLOW = 'calendarSyncWorkflow';

export const calendarSyncWorkflowId = (connectionId: string) => `calendar-sync-${connectionId}`;

/** Sync at once instead of at the next period (a push notification from the provider, the owner's "Sync now", tests). */
export const syncNowSignal = defineSignal<[]>('syncNow');

export interface CalendarSyncInput {
  connectionId: string;
  /** Pause between incremental syncs. */
  syncEveryMs?: number;
  /** A full listing and reconcile at least this often, whatever the incremental sync says. */
  fullReconcileEveryMs?: number;
  /** Syncs per run before continuing as new (keeps the history short). */
  syncsPerRun?: number;
}
