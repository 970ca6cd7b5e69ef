// Workflow interceptors for traces, bundled into the workflow sandbox of every worker, whether or not
// that worker exports spans (workers/main.ts, temporal/bundle-workflows.ts). They run inside the
// replayed workflow, so what they do must follow from the history alone.
//
// Why not the SDK's interceptors as they are: each span takes its id from the workflow's seeded
// Math.random, the same sequence uuid4() draws the conversation's id from. A workflow whose first
// run made no spans and whose replay does would draw different ids (or the reverse). So a workflow
// is traced only when its start carried a trace context in its headers (the api had tracing on
// when it started the conversation), and so is a signal or update with one: both are in the
// history, so every replay makes the same spans, whatever the replaying worker's settings.
// Queries and update validators are never traced: they are not in the history.
import * as otel from '@opentelemetry/api';
import { TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';
import type { Payload } from '@temporalio/common';
import type { WorkflowInboundCallsInterceptor, WorkflowInterceptors, WorkflowOutboundCallsInterceptor } from '@temporalio/workflow';

const carriesTrace = (headers: Record<string, Payload>) => TRACE_HEADER in headers;
/** Inside a traced workflow's run or a traced signal's handler (history decided that). */
const inTrace = () => otel.trace.getSpan(otel.context.active()) !== undefined;

export const interceptors = (): WorkflowInterceptors => {
  const traced = new OpenTelemetryInboundInterceptor();
  const tracedOut = new OpenTelemetryOutboundInterceptor();
  const inbound: WorkflowInboundCallsInterceptor = {
    execute: (input, next) => (carriesTrace(input.headers) ? traced.execute(input, next) : next(input)),
    handleSignal: (input, next) => (carriesTrace(input.headers) ? traced.handleSignal(input, next) : next(input)),
    handleUpdate: (input, next) => (carriesTrace(input.headers) ? traced.handleUpdate(input, next) : next(input)),
  };
  const outbound: WorkflowOutboundCallsInterceptor = {
    scheduleActivity: (input, next) => (inTrace() ? tracedOut.scheduleActivity(input, next) : next(input)),
    scheduleLocalActivity: (input, next) => (inTrace() ? tracedOut.scheduleLocalActivity(input, next) : next(input)),
    startChildWorkflowExecution: (input, next) => (inTrace() ? tracedOut.startChildWorkflowExecution(input, next) : next(input)),
    signalWorkflow: (input, next) => (inTrace() ? tracedOut.signalWorkflow(input, next) : next(input)),
    continueAsNew: (input, next) => (inTrace() ? tracedOut.continueAsNew(input, next) : next(input)),
    // Trace and span ids on the workflow's log lines; no span is made.
    getLogAttributes: (input, next) => tracedOut.getLogAttributes(input, next),
  };
  return { inbound: [inbound], outbound: [outbound], internals: [new OpenTelemetryInternalsInterceptor()] };
};
