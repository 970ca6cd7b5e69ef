// The workflow sandbox's trace interceptors (observability/workflow-interceptors.ts) load
// OpenTelemetry only when the history carries a trace: a conversation started without one never
// pays for evaluating the SDK (it was a fifth of the workflow thread's CPU per missed call), and a
// traced start or signal still gets the SDK's spans. Bugs caught: the heavy module loaded for every
// workflow again (an eager import), or a traced signal not traced at all (the lazy path broken).
import { TRACE_HEADER as SDK_TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation';
import type { Payload } from '@temporalio/common';

const traceHeader = (name: string): Record<string, Payload> => ({ [name]: { data: new Uint8Array([1]) } });

function loadWithCountingTracer() {
  const loads: string[] = [];
  const spans: string[] = [];
  let active = false;
  jest.resetModules();
  jest.doMock('../../observability/traced-workflow-interceptors', () => {
    loads.push('loaded');
    return {
      tracedInterceptors: () => ({
        inbound: {
          execute: (input: unknown, next: (input: unknown) => unknown) => (spans.push('RunWorkflow'), next(input)),
          handleSignal: (input: unknown, next: (input: unknown) => unknown) => {
            spans.push('HandleSignal');
            active = true;
            try {
              return next(input);
            } finally {
              active = false;
            }
          },
        },
        outbound: {
          scheduleActivity: (input: unknown, next: (input: unknown) => unknown) => (spans.push('StartActivity'), next(input)),
        },
        internals: { dispose: () => undefined },
        inTrace: () => active,
      }),
    };
  });
  const { interceptors, TRACE_HEADER } = jest.requireActual(
    '../../observability/workflow-interceptors',
  ) as typeof import('../../observability/workflow-interceptors');
  return { made: interceptors(), TRACE_HEADER, loads, spans };
}

afterEach(() => jest.dontMock('../../observability/traced-workflow-interceptors'));

test('the header it looks for is the one the OpenTelemetry interceptors write', () => {
  const { TRACE_HEADER } = loadWithCountingTracer();
  expect(TRACE_HEADER).toBe(SDK_TRACE_HEADER);
});

test('a workflow whose start, signals and activities carry no trace never loads OpenTelemetry', async () => {
  const { made, loads, spans } = loadWithCountingTracer();
  const inbound = made.inbound![0]!;
  const outbound = made.outbound![0]!;
  const next = jest.fn(async () => 'ran');
  await expect(inbound.execute!({ headers: {}, args: [] } as never, next as never)).resolves.toBe('ran');
  await expect(inbound.handleSignal!({ headers: {}, signalName: 's', args: [] } as never, next as never)).resolves.toBe('ran');
  await expect(outbound.scheduleActivity!({ headers: {} } as never, next as never)).resolves.toBe('ran');
  expect(next).toHaveBeenCalledTimes(3);
  expect(loads).toEqual([]);
  expect(spans).toEqual([]);
});

test("a traced signal loads OpenTelemetry once and its handler's activity is traced; untraced work stays untraced", async () => {
  const { made, loads, spans, TRACE_HEADER } = loadWithCountingTracer();
  const inbound = made.inbound![0]!;
  const outbound = made.outbound![0]!;
  const scheduleInHandler = async () => outbound.scheduleActivity!({ headers: {} } as never, (async () => 'scheduled') as never);
  await inbound.handleSignal!({ headers: traceHeader(TRACE_HEADER), signalName: 's', args: [] } as never, scheduleInHandler as never);
  await inbound.handleSignal!({ headers: traceHeader(TRACE_HEADER), signalName: 's', args: [] } as never, (async () => undefined) as never);
  await outbound.scheduleActivity!({ headers: {} } as never, (async () => 'outside any span') as never);
  expect(loads).toEqual(['loaded']);
  expect(spans).toEqual(['HandleSignal', 'StartActivity', 'HandleSignal']);
});
