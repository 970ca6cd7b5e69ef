// The worker's /metrics (docs/decisions/0024-metrics-and-traces.md): the worker has no other HTTP
// server, so it gets a small one. One scrape returns our registry (observability/metrics.ts) and
// the Temporal SDK's own metrics (workflow task and activity latencies, pollers, cache, ...), which
// the SDK's Rust core serves from an exporter bound to a loopback port only this server reads.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { workerRegistry } from './metrics';

/** How long a scrape waits for the SDK's exporter before answering without its part. */
const CORE_SCRAPE_TIMEOUT_MS = 2_000;

/** A port free on the loopback interface now, for the SDK's exporter (it cannot report the port it took). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The SDK's Prometheus exporter settings for Runtime.install: seconds and _total like ours. */
export function coreMetricsOptions(port: number) {
  return {
    metrics: {
      prometheus: { bindAddress: `127.0.0.1:${port}`, useSecondsForDurations: true, countersTotalSuffix: true },
    },
  };
}

export interface WorkerMetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves GET /metrics on host:port. A port already taken (a second worker on one machine with the
 * default port) is not fatal: this worker runs on without one, and says so.
 */
export async function startWorkerMetricsServer({
  host,
  port,
  corePort,
  log,
}: {
  host: string;
  port: number;
  /** The SDK exporter's loopback port; undefined: our registry only. */
  corePort?: number | undefined;
  log: Pick<Logger, 'warn'>;
}): Promise<WorkerMetricsServer | undefined> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
      return;
    }
    scrape(corePort).then(
      (body) => response.writeHead(200, { 'content-type': workerRegistry.contentType }).end(body),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`),
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
  } catch (error) {
    log.warn({ host, port, reason: (error as Error).message }, 'worker metrics: could not listen; this worker serves no /metrics');
    return undefined;
  }
  const bound = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound.port}/metrics`,
    // Prometheus keeps its connection open between scrapes: stopping must not wait for it.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function scrape(corePort: number | undefined): Promise<string> {
  const ours = await workerRegistry.metrics();
  if (corePort === undefined) return ours;
  const core = await fetch(`http://127.0.0.1:${corePort}/metrics`, { signal: AbortSignal.timeout(CORE_SCRAPE_TIMEOUT_MS) })
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`HTTP ${response.status}`))))
    .catch((error: unknown) => `# Temporal SDK metrics unavailable: ${(error as Error).message}\n`);
  return `${ours.endsWith('\n') ? ours : `${ours}\n`}${core}`;
}
