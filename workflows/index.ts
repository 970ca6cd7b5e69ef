// Everything the worker bundles into its workflow sandbox.
export { conversationWorkflow } from './conversation/workflow';
export { inboundSweeperWorkflow } from './inbound-sweeper';
export { calendarSyncWorkflow } from './calendar-sync';
