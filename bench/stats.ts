// Latency summaries: nearest-rank percentiles over milliseconds.

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarize(ms: readonly number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1),
  };
}

/** Latency overall and per query class. */
export function byClass<C extends string>(samples: readonly { cls: C; ms: number }[]): { all: Latency; classes: Record<string, Latency> } {
  const classes: Record<string, Latency> = {};
  for (const cls of new Set(samples.map((s) => s.cls))) classes[cls] = summarize(samples.filter((s) => s.cls === cls).map((s) => s.ms));
  return { all: summarize(samples.map((s) => s.ms)), classes };
}
