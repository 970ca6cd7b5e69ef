// What the owner does to a conversation from the dashboard goes through the conversation workflow's
// own signals and updates (contracts/conversation-workflow.ts), never around it: the workflow owns the truth of a
// running conversation. A conversation is reached only through the tenant scope, which first proves
// it is the business's; what the workflow's validators refuse becomes a 409 or 422 that says why.
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ownerSetLeadStatus, type LeadStatus } from '../domain/lead-status';
import type { MessageView } from '../contracts/live-events';
import {
  bookSlotUpdate,
  callAnsweredSignal,
  cancelAppointmentUpdate,
  handBackSignal,
  sendOwnerMessageUpdate,
  setLeadStatusSignal,
  settingsChangedSignal,
  stateQuery,
  takeOverSignal,
  type AppointmentRef,
} from '../contracts/conversation-workflow';
import { conflict, HttpError, unavailable, unprocessable } from './errors';
import type { TenantScope } from './tenant-scope';

/** A workflow that does not answer within this is treated as busy (503), not waited on forever. */
const WORKFLOW_DEADLINE_MS = 15_000;

const closed = () => conflict('conversation_closed', 'this conversation has ended; a new call or text from the caller opens a new one');

/** The workflow's refusals (ApplicationFailure types thrown by its validators and handlers) as HTTP errors. */
export function workflowRefusal(type: string | undefined | null, message: string, details?: unknown): HttpError {
  switch (type) {
    case 'InvalidMessage':
      return unprocessable('invalid_message', message);
    case 'InvalidSlot':
      return unprocessable('invalid_slot', message);
    case 'CallerOptedOut':
      return conflict('caller_opted_out', message);
    case 'ConversationClosed':
      return closed();
    case 'NotReady':
      return conflict('conversation_starting', message);
    case 'SlotUnavailable':
      return conflict('slot_unavailable', message, details);
    case 'SlotTaken':
      return conflict('slot_taken', message);
    case 'NoAppointment':
      return conflict('no_appointment', message);
    case 'CannotText':
      // A landline, an invalid number or a business number that cannot send: call them instead.
      return conflict('caller_cannot_be_texted', message);
    case 'SendFailed':
      return unavailable('send_failed', message);
    default:
      return unprocessable('refused_by_conversation', message, details);
  }
}

export function toWorkflowHttpError(error: unknown): unknown {
  if (error instanceof HttpError) return error;
  if (error instanceof WorkflowNotFoundError) return closed();
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    if (cause instanceof ApplicationFailure) {
      const [details] = (cause.details ?? []) as unknown[];
      return workflowRefusal(cause.type, cause.message, details);
    }
    return unprocessable('refused_by_conversation', error.message);
  }
  if (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    (error as { code?: number } | null)?.code === 4 /* DEADLINE_EXCEEDED */
  ) {
    return unavailable('conversation_busy', 'the conversation did not answer in time; try again in a moment');
  }
  return error;
}

export function createConversationCommands(temporal: Client) {
  async function withWorkflow<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await temporal.connection.withDeadline(Date.now() + WORKFLOW_DEADLINE_MS, work);
    } catch (error) {
      throw toWorkflowHttpError(error);
    }
  }

  async function openConversation(scope: TenantScope, conversationId: string) {
    const reached = await scope.conversationWorkflow(conversationId);
    if (reached.conversation.closed) throw closed();
    return reached;
  }

  return {
    async takeOver(scope: TenantScope, conversationId: string): Promise<void> {
      const { handle, conversation } = await openConversation(scope, conversationId);
      await withWorkflow(() => handle.signal(takeOverSignal));
      await scope.recordActivity('takeover', conversation.callerPhone);
    },

    async handBack(scope: TenantScope, conversationId: string): Promise<void> {
      const { handle } = await openConversation(scope, conversationId);
      await withWorkflow(() => handle.signal(handBackSignal));
    },

    /** The owner returned the call from their own phone: a text-back still waiting out its delay is not sent. */
    async calledBack(scope: TenantScope, conversationId: string): Promise<void> {
      const { handle } = await openConversation(scope, conversationId);
      await withWorkflow(() => handle.signal(callAnsweredSignal, { by: 'owner_called_back' }));
    },

    /** Checked against the workflow's current status with the same rule the workflow applies (domain/lead-status.ts). */
    async setLeadStatus(scope: TenantScope, conversationId: string, status: LeadStatus): Promise<LeadStatus> {
      const { handle } = await openConversation(scope, conversationId);
      const state = await withWorkflow(() => handle.query(stateQuery));
      if (state.closed) throw closed();
      const change = ownerSetLeadStatus(state.leadStatus, status);
      if (!change.ok) {
        const isStateConflict = status === state.leadStatus || state.leadStatus === 'opted_out';
        throw isStateConflict
          ? conflict('lead_status_conflict', change.reason, { current: state.leadStatus })
          : unprocessable('lead_status_not_allowed', change.reason, { current: state.leadStatus });
      }
      await withWorkflow(() => handle.signal(setLeadStatusSignal, { status: change.status }));
      return change.status;
    },

    /** The same clientId sent twice (a retry after a lost answer) sends the text once: it is the update's id. */
    async sendOwnerMessage(scope: TenantScope, conversationId: string, message: { body: string; clientId: string }): Promise<MessageView> {
      const { handle } = await openConversation(scope, conversationId);
      return withWorkflow(() =>
        handle.executeUpdate(sendOwnerMessageUpdate, { args: [{ body: message.body }], updateId: `owner-message/${message.clientId}` }),
      );
    },

    async bookSlot(scope: TenantScope, conversationId: string, start: string): Promise<AppointmentRef> {
      const { handle } = await openConversation(scope, conversationId);
      return withWorkflow(() => handle.executeUpdate(bookSlotUpdate, { args: [{ start }] }));
    },

    async cancelAppointment(scope: TenantScope, conversationId: string): Promise<void> {
      const { handle } = await openConversation(scope, conversationId);
      await withWorkflow(() => handle.executeUpdate(cancelAppointmentUpdate, { args: [] }));
    },

    /** Sends the business's current settings to each of its running conversations; returns how many got them. */
    async broadcastSettings(scope: TenantScope): Promise<number> {
      const settings = await scope.conversationSettings();
      let signalled = 0;
      for (const workflowId of await scope.runningConversationWorkflowIds()) {
        try {
          await scope.workflowHandle(workflowId).signal(settingsChangedSignal, settings);
          signalled += 1;
        } catch (error) {
          // It finished between the listing and the signal: nothing left to update.
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }
      }
      return signalled;
    },
  };
}

export type ConversationCommands = ReturnType<typeof createConversationCommands>;
