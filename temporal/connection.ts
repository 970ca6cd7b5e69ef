// One place that turns configuration into Temporal connections, for the api (client) and the
// worker (native connection), local dev server and Temporal Cloud alike.
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import { NativeConnection } from '@temporalio/worker';
import { activeTracing } from '../observability/tracing';

export interface TemporalSettings {
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  TEMPORAL_API_KEY?: string | undefined;
  TEMPORAL_TLS: boolean;
}

function connectionOptions(settings: TemporalSettings) {
  const apiKey = settings.TEMPORAL_API_KEY;
  return { address: settings.TEMPORAL_ADDRESS, tls: settings.TEMPORAL_TLS || Boolean(apiKey), ...(apiKey ? { apiKey } : {}) };
}

/**
 * With tracing on (observability/tracing.ts, started before this), each workflow start, signal
 * and update gets a span, passed to the workflow in its headers: the workflow's spans are its children.
 */
export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(settings));
  const interceptors = activeTracing() ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
  return new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE, ...(interceptors ? { interceptors } : {}) });
}

export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(settings));
}
