// One place that turns configuration into Temporal connections, for the api (client) and the
// worker (native connection), local dev server and Temporal Cloud alike.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';

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

export async function connectClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(settings));
  return new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE });
}

export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(settings));
}
