// Starts the inbound sweeper workflow (workflows/inbound-sweeper.ts) at worker start-up, once for
// the whole deployment: every worker asks, Temporal keeps one running under a fixed id.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { INBOUND_SWEEPER_ID, INBOUND_SWEEPER_WORKFLOW, type InboundSweeperInput } from '../contracts/inbound-sweeper';
import { TASK_QUEUES } from '../contracts/task-queues';

export { INBOUND_SWEEPER_ID };

export const INBOUND_SWEEPER_SETTINGS: InboundSweeperInput = { sweepEveryMs: 2_000, reconcileEveryMs: 2 * 60_000 };

/** True when this call started it; false when it was already running (started by another worker, or before). */
export async function ensureInboundSweeper(temporal: Client, input: InboundSweeperInput = INBOUND_SWEEPER_SETTINGS): Promise<boolean> {
  try {
    await temporal.workflow.start(INBOUND_SWEEPER_WORKFLOW, {
      workflowId: INBOUND_SWEEPER_ID,
      taskQueue: TASK_QUEUES.conversations,
      args: [input],
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
