// The inbound sweeper workflow's contract (docs/decisions/0013-inbound-delivery.md): one per
// deployment under a fixed id; the api asks it to reconcile with Twilio when the api starts.
import { defineSignal } from '@temporalio/workflow';

export const INBOUND_SWEEPER_WORKFLOW = 'inboundSweeperWorkflow';
export const INBOUND_SWEEPER_ID = 'inbound-sweeper';

/** Reconcile with Twilio at the next sweep instead of waiting for the period (operators, tests). */
export const reconcileNowSignal = defineSignal<[]>('reconcileNow');

export interface InboundSweeperInput {
  /** Pause between sweeps. */
  sweepEveryMs: number;
  /** Reconcile with Twilio every this many milliseconds. */
  reconcileEveryMs: number;
  /** Sweeps per run before continuing as new (keeps the history short). */
  sweepsPerRun?: number;
}
