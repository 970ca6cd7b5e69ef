// Looks for tenant data in Prometheus metrics (docs/decisions/0024-metrics-and-traces.md): label
// names and values shaped like a phone number or a UUID (tenant, conversation and message ids).
import type { Registry } from 'prom-client';

const PHONE_SHAPED = /(?:\+\d{7,15}|\b\d{10,15}\b)/;
const UUID_SHAPED = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

export const looksLikeTenantData = (text: string) => PHONE_SHAPED.test(text) || UUID_SHAPED.test(text);

/** `metric{name="value"}` for every label of the registry that looks like a phone number or an id. */
export async function tenantShapedLabels(registry: Registry): Promise<string[]> {
  const found: string[] = [];
  for (const metric of await registry.getMetricsAsJSON()) {
    for (const value of metric.values) {
      for (const [name, label] of Object.entries(value.labels)) {
        if (looksLikeTenantData(name) || looksLikeTenantData(String(label))) found.push(`${metric.name}{${name}="${String(label)}"}`);
      }
    }
  }
  return found;
}

/** The same over a scraped body: the `{...}` label sets of its sample lines. */
export function tenantShapedLabelsInText(body: string): string[] {
  return body
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => /\{(.*)\}/.exec(line)?.[1] ?? '')
    .filter(looksLikeTenantData);
}

/** The sum of the sample lines `name{labels} value` whose labels include all of `labels`; undefined when there is none. */
export function sampleValue(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  let sum: number | undefined;
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const pairs = (/\{(.*)\}/.exec(line)?.[1] ?? '').split(/,(?=[a-zA-Z_]+=")/);
    if (wanted.every((pair) => pairs.includes(pair))) sum = (sum ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
