// Workflow interceptors for traces, bundled into the workflow sandbox of every worker, whether or not
// that worker exports spans (workers/main.ts, temporal/bundle-workflows.ts).
//
// Light on purpose. The sandbox evaluates a workflow's modules afresh for every workflow it starts
// or rebuilds, and OpenTelemetry's SDK is the heaviest of them: loaded unconditionally it was about
// a fifth of the workflow thread's CPU per missed call, in conversations that carry no trace at
// all (docs/decisions/0019-speed-under-bursts.md). So it is loaded (traced-workflow-interceptors.ts)
// the first time a start, signal or update of this workflow carries a trace context in its headers.
// That is decided by the history, so every replay loads it at the same point and makes the same spans.
import type { Payload } from '@temporalio/common';
import type {
  WorkflowInboundCallsInterceptor,
  WorkflowInterceptors,
  WorkflowInternalsInterceptor,
  WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import type { TracedInterceptors } from './traced-workflow-interceptors';

/** The header @temporalio/interceptors-opentelemetry puts a trace context in (a unit test holds it to the SDK's). */
export const TRACE_HEADER = '_tracer-data';

const carriesTrace = (headers: Record<string, Payload>) => TRACE_HEADER in headers;

export const interceptors = (): WorkflowInterceptors => {
  let traced: TracedInterceptors | undefined;
  const tracing = (): TracedInterceptors => {
    // A plain require, inside the function: the bundler keeps the module out of the workflow's
    // start-up and evaluates it here, once per workflow, only when a trace arrives.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    traced ??= (require('./traced-workflow-interceptors') as typeof import('./traced-workflow-interceptors')).tracedInterceptors();
    return traced;
  };
  const inTrace = () => traced !== undefined && traced.inTrace();

  const inbound: WorkflowInboundCallsInterceptor = {
    execute: (input, next) => (carriesTrace(input.headers) ? tracing().inbound.execute(input, next) : next(input)),
    handleSignal: (input, next) => (carriesTrace(input.headers) ? tracing().inbound.handleSignal(input, next) : next(input)),
    handleUpdate: (input, next) => (carriesTrace(input.headers) ? tracing().inbound.handleUpdate(input, next) : next(input)),
  };
  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (inTrace() ? tracing().outbound.scheduleActivity(input, next) : next(input)),
    scheduleLocalActivity: (input, next) => (inTrace() ? tracing().outbound.scheduleLocalActivity(input, next) : next(input)),
    startChildWorkflowExecution: (input, next) => (inTrace() ? tracing().outbound.startChildWorkflowExecution(input, next) : next(input)),
    signalWorkflow: (input, next) => (inTrace() ? tracing().outbound.signalWorkflow(input, next) : next(input)),
    continueAsNew: (input, next) => (inTrace() ? tracing().outbound.continueAsNew(input, next) : next(input)),
    // Trace and span ids on the workflow's log lines; no span is made.
    getLogAttributes: (input, next) => (traced ? traced.outbound.getLogAttributes(input, next) : next(input)),
  };
  const internals: WorkflowInternalsInterceptor = {
    dispose: (input, next) => (traced ? void traced.internals.dispose(input, next) : next(input)),
  };
  return { inbound: [inbound], outbound: [outbound], internals: [internals] };
};
