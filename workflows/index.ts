// Everything the worker bundles into its workflow sandbox.
export { conversationWorkflow } from './conversation';
export { inboundSweeperWorkflow } from './inbound-sweeper';
