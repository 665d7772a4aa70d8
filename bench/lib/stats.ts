/** Percentiles and summaries of latency samples (milliseconds). */

/** Nearest-rank percentile (p in 0–100) of `samples`: the smallest sample with at least p % of the samples at or below it. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const n = samples.length;
  const mean = n === 0 ? Number.NaN : samples.reduce((a, b) => a + b, 0) / n;
  return {
    n,
    min: n === 0 ? Number.NaN : Math.min(...samples),
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: n === 0 ? Number.NaN : Math.max(...samples),
    mean,
  };
}

/** Rounds for display and JSON: 2 decimals below 10, 1 below 1000, whole numbers above. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs < 10) return Math.round(value * 100) / 100;
  if (abs < 1000) return Math.round(value * 10) / 10;
  return Math.round(value);
}

/** "n=200 p50 3.1 p99 9.8 max 12 ms": the usual note of a latency figure. */
export function latencyNote(s: Summary, extra?: string): string {
  const base = `n=${s.n}, p50 ${round(s.p50)}, p99 ${round(s.p99)}, max ${round(s.max)} ms`;
  return extra ? `${base}; ${extra}` : base;
}
