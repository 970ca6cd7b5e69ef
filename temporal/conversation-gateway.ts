// The one way into a caller's conversation workflow, for webhooks, the inbound sweeper and the
// dashboard's commands alike: start it with a signal, signal it only if it runs, or get its handle
// for updates and queries. The workflow is named, not imported (the api never loads workflow code).
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { CONVERSATION_WORKFLOW, type ConversationInput } from '../contracts/conversation-workflow';
import { NmcCallerPhone, NmcLeadStatus, NmcMode, NmcTenantId } from '../contracts/search-attributes';
import { TASK_QUEUES } from '../contracts/task-queues';

/** The run's one-line summary in Temporal Web UI: whose conversation, with whom. */
export function conversationSummary(input: ConversationInput): string {
  return `${input.businessName ?? 'Business'} · caller ${input.callerPhone}`;
}

/** Signals the caller's conversation, starting it (as a new lead, in AI mode) when none runs. */
export async function signalStartingConversation(
  temporal: Client,
  workflowId: string,
  input: ConversationInput,
  signalName: string,
  signalArgs: unknown[],
): Promise<void> {
  const options = {
    workflowId,
    taskQueue: TASK_QUEUES.conversations,
    args: [input],
    signal: signalName,
    signalArgs,
    // What Temporal Web UI lists for the run, so an operator reads it like the dashboard does.
    staticSummary: conversationSummary(input),
    staticDetails: `Missed-call conversation of ${input.businessName ?? 'a business'} (number ${input.businessPhone}) with ${input.callerPhone}.`,
    typedSearchAttributes: [
      { key: NmcTenantId, value: input.tenantId },
      { key: NmcCallerPhone, value: input.callerPhone },
      { key: NmcLeadStatus, value: 'new' },
      { key: NmcMode, value: 'ai' },
    ],
  };
  await temporal.workflow.signalWithStart(CONVERSATION_WORKFLOW, options as Parameters<typeof temporal.workflow.signalWithStart>[1]);
}

/** Signals the conversation if it runs; an event for a conversation that ended goes nowhere. */
export async function signalRunningConversation(temporal: Client, workflowId: string, signalName: string, signalArgs: unknown[]) {
  try {
    await temporal.workflow.getHandle(workflowId).signal(signalName, ...signalArgs);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/** The running conversation, for the dashboard's updates and queries. */
export function conversationHandle(temporal: Client, workflowId: string) {
  return temporal.workflow.getHandle(workflowId);
}
