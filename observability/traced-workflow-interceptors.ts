// The OpenTelemetry half of the workflow interceptors (workflow-interceptors.ts loads it inside a
// workflow only once that workflow's history carries a trace). It runs inside the replayed
// workflow, so what it does must follow from the history alone.
//
// Why not the SDK's interceptors as they are: each span takes its id from the workflow's seeded
// Math.random, the same sequence uuid4() draws the conversation's id from. A workflow whose first
// run made no spans and whose replay does would draw different ids (or the reverse). So a workflow
// is traced only when its start carried a trace context in its headers (the api had tracing on
// when it started the conversation), and so is a signal or update with one: both are in the
// history, so every replay makes the same spans, whatever the replaying worker's settings.
// Queries and update validators are never traced: they are not in the history.
import * as otel from '@opentelemetry/api';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';

/** The SDK's interceptors for one workflow, and whether its code runs inside one of their spans. */
export function tracedInterceptors() {
  return {
    inbound: new OpenTelemetryInboundInterceptor(),
    outbound: new OpenTelemetryOutboundInterceptor(),
    internals: new OpenTelemetryInternalsInterceptor(),
    /** Inside a traced workflow's run or a traced signal's handler (history decided that). */
    inTrace: () => otel.trace.getSpan(otel.context.active()) !== undefined,
  };
}

export type TracedInterceptors = ReturnType<typeof tracedInterceptors>;
