// The conversation workflow's contract: its input, signals and queries. The api imports this
// module to start and signal conversations without importing workflow bodies.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ConversationMode } from '../domain/live-events';
import type { LeadStatus } from '../domain/lead-status';

export const CONVERSATION_WORKFLOW = 'conversationWorkflow';

export interface ConversationInput {
  tenantId: string;
  callerPhone: string;
  /** The business number the caller dialled: texts go out from it. */
  businessPhone: string;
  /** How long silence lasts before the lead is unresponsive; a business setting. */
  unresponsiveAfterMs?: number;
}

export interface MissedCall {
  callSid: string;
  dialStatus: string;
}

export interface ConversationState {
  conversationId: string;
  leadStatus: LeadStatus;
  mode: ConversationMode;
  greetingSent: boolean;
  missedCalls: number;
}

export interface ConversationOutcome {
  conversationId: string;
  leadStatus: LeadStatus;
}

export const missedCallSignal = defineSignal<[MissedCall]>('missedCall');
export const stateQuery = defineQuery<ConversationState>('state');
