// OpenTelemetry traces (docs/decisions/0024-metrics-and-traces.md): one trace from Twilio's webhook
// through the conversation workflow to the send. Installed only when OTEL_EXPORTER_OTLP_ENDPOINT is
// set (spans go there by OTLP/HTTP) or a test hands in its own exporter; otherwise no tracer
// provider exists, nothing is intercepted and nothing is spent.
import { trace, type Attributes, type Context, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  /** For the workflow spans, which the worker's sink hands to the same processor (worker-tracing.ts). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  tracer: Tracer;
  /** Sends what is still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

let installed: Tracing | undefined;

/**
 * Installs the process's tracer provider (global, as OpenTelemetry's API expects) when
 * `endpoint` is set or `exporter` is given; undefined otherwise. Once per process.
 */
export function startTracing({
  serviceName,
  endpoint,
  exporter,
}: {
  serviceName: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT (the collector's base URL; spans go to its /v1/traces). */
  endpoint?: string | undefined;
  /** Tests: spans go here at once instead of to a collector. */
  exporter?: SpanExporter;
}): Tracing | undefined {
  if (installed) return installed;
  if (!exporter && !endpoint) return undefined;
  const resource = new Resource({ 'service.name': serviceName });
  // Batched for a collector (spans leave in the background); a test's exporter sees each span as it ends.
  const spanProcessor = new WithoutPhoneNumbers(
    exporter
      ? new SimpleSpanProcessor(exporter)
      : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint!.replace(/\/+$/, '')}/v1/traces` })),
  );
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // Also the AsyncLocalStorage context manager and W3C propagation: a span started in a request is
  // the parent of whatever that request starts, across awaits.
  provider.register();
  installed = {
    spanProcessor,
    resource,
    tracer: trace.getTracer('nevermisscall'),
    async shutdown() {
      await provider.shutdown();
      installed = undefined;
    },
  };
  return installed;
}

/** The installed tracing, if any: the request middleware and the Temporal client ask this. */
export function activeTracing(): Tracing | undefined {
  return installed;
}

const PHONE = /\+\d{7,15}/g;
const scrub = <T>(value: T): T => (typeof value === 'string' ? (value.replace(PHONE, '[phone]') as T) : value);
const isScalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);

/**
 * Callers' numbers stay out of the trace backend: the Temporal interceptors record workflow ids,
 * and a conversation's names its caller (domain/conversation-id.ts); workflow spans also get the
 * whole workflow info, search attributes included. Before export, phone numbers in string
 * attributes (of spans and of their events: exception messages) are replaced, and values that
 * are not valid OpenTelemetry attributes (the info's nested search attributes and memo) are
 * dropped. The tenant id and the run id still find the workflow.
 */
export class WithoutPhoneNumbers implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}
  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }
  onEnd(span: ReadableSpan): void {
    // A view of the ended span with other attributes; everything else is read through to it.
    this.next.onEnd(
      Object.create(span, {
        attributes: { value: withoutPhoneNumbers(span.attributes) },
        events: {
          value: span.events.map((event) => ({ ...event, attributes: event.attributes && withoutPhoneNumbers(event.attributes) })),
        },
      }) as ReadableSpan,
    );
  }
  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

export function withoutPhoneNumbers(attributes: Attributes): Attributes {
  const clean: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (isScalar(value)) clean[key] = scrub(value);
    else if (Array.isArray(value) && value.every((item) => item == null || isScalar(item))) clean[key] = value.map(scrub) as typeof value;
  }
  return clean;
}
