// What a Worker needs for traces (docs/decisions/0024-metrics-and-traces.md). The workflow
// interceptors are in every workflow bundle and their span sink always exists (a no-op when this
// worker exports nothing): the workflow code stays the same whatever the worker's settings, and
// whether a workflow makes spans follows from its history (workflow-interceptors.ts).
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow/definitions';
import type { InjectedSink, WorkerOptions } from '@temporalio/worker';
import type { Tracing } from './tracing';

/** The workflow interceptors module, for Worker.create and bundleWorkflowCode. */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('./workflow-interceptors')];

const DISCARD_SPANS: InjectedSink<OpenTelemetryWorkflowExporter> = { export: { fn: () => undefined } };

/**
 * Interceptors and sinks for one Worker. `workflows`: it runs workflows bundled at start-up
 * ('path'), from a bundle built before (the bundle includes the interceptors), or none.
 */
export function tracingWorkerOptions(
  tracing: Tracing | undefined,
  workflows: 'path' | 'bundle' | 'none',
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const activity = tracing
    ? [
        (ctx: ConstructorParameters<typeof OpenTelemetryActivityInboundInterceptor>[0]) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ]
    : [];
  if (workflows === 'none') return activity.length ? { interceptors: { activity } } : {};
  return {
    interceptors: { activity, ...(workflows === 'path' ? { workflowModules: WORKFLOW_INTERCEPTOR_MODULES } : {}) },
    sinks: { exporter: tracing ? makeWorkflowExporter(tracing.spanProcessor, tracing.resource) : DISCARD_SPANS },
  };
}
