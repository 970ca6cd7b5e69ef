// Starting and ending a connected calendar's sync workflow (contracts/calendar-sync.ts), from the
// api when the owner connects, reconnects or disconnects. Starting is idempotent: a second start
// for a running sync joins it.
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { CALENDAR_SYNC_WORKFLOW, calendarSyncWorkflowId, syncNowSignal, type CalendarSyncInput } from '../contracts/calendar-sync';
import { TASK_QUEUES } from '../contracts/task-queues';

export async function startCalendarSync(temporal: Client, input: CalendarSyncInput): Promise<void> {
  await temporal.workflow.start(CALENDAR_SYNC_WORKFLOW, {
    workflowId: calendarSyncWorkflowId(input.connectionId),
    taskQueue: TASK_QUEUES.conversations,
    args: [input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}

/** Asks a running sync to sync now; none running is fine (it syncs when started). */
export async function syncCalendarNow(temporal: Client, connectionId: string): Promise<void> {
  try {
    await temporal.workflow.getHandle(calendarSyncWorkflowId(connectionId)).signal(syncNowSignal);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/** Ends the sync of a disconnected calendar; one already ended is fine. */
export async function stopCalendarSync(temporal: Client, connectionId: string): Promise<void> {
  try {
    await temporal.workflow.getHandle(calendarSyncWorkflowId(connectionId)).terminate('calendar disconnected by the owner');
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}
