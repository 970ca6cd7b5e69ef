// Percentiles of latency samples, and their one-line rendering in the printed tables.

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of ascending `sorted` (no interpolation: every value printed was measured). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function summarize(samples: number[]): Summary | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1)!),
  };
}

/** `name  n=…  p50 …  p95 …  p99 …  max … ms`, or `no samples`. */
export function summaryLine(name: string, summary: Summary | null, width = 40): string {
  if (!summary) return `${name.padEnd(width)} no samples`;
  const f = (n: number) => n.toFixed(1).padStart(8);
  return `${name.padEnd(width)} n=${String(summary.n).padStart(5)}  p50 ${f(summary.p50)}  p95 ${f(summary.p95)}  p99 ${f(summary.p99)}  max ${f(summary.max)} ms`;
}

/** Least-squares slope of y over x (e.g. bytes of RSS per conversation); undefined under two points. */
export function slope(points: { x: number; y: number }[]): number | undefined {
  if (points.length < 2) return undefined;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  const num = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const den = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return den === 0 ? undefined : num / den;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
