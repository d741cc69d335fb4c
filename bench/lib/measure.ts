// Driving calls and summarising their timings.

export interface Run {
  calls: number;
  ok: number;
  failed: number;
  /** From the first call's start to the last call's end. */
  wallMs: number;
  /** When the first call ended, from the start. */
  firstMs: number;
  /** Per call, as its caller saw it (waiting for a slot included). */
  latencies: number[];
  /** The first failure, to show when a run should not have failed. */
  firstError?: unknown;
}

/**
 * `total` calls made by `workers` loops, each starting its next call when the previous one
 * ends: at most `workers` calls outstanding. `workers >= total` is a burst (all at once).
 */
export async function drive(
  total: number,
  workers: number,
  call: (i: number) => Promise<unknown>,
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  let failed = 0;
  let firstMs = Number.POSITIVE_INFINITY;
  let firstError: unknown;
  const t0 = performance.now();
  const loop = async () => {
    for (let i = next++; i < total; i = next++) {
      const start = performance.now();
      try {
        await call(i);
        ok += 1;
      } catch (error) {
        failed += 1;
        firstError ??= error;
      }
      const end = performance.now();
      latencies.push(end - start);
      firstMs = Math.min(firstMs, end - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, total) }, loop));
  return {
    calls: total,
    ok,
    failed,
    wallMs: performance.now() - t0,
    firstMs,
    latencies,
    firstError,
  };
}

/** Runs made one after another, taken as one: times add up, latencies pool. */
export function mergeRuns(runs: readonly Run[]): Run {
  return {
    calls: runs.reduce((n, r) => n + r.calls, 0),
    ok: runs.reduce((n, r) => n + r.ok, 0),
    failed: runs.reduce((n, r) => n + r.failed, 0),
    wallMs: runs.reduce((n, r) => n + r.wallMs, 0),
    firstMs: runs[0]?.firstMs ?? Number.NaN,
    latencies: runs.flatMap((r) => r.latencies),
    firstError: runs.find((r) => r.firstError !== undefined)?.firstError,
  };
}

/** All `total` calls started at once. */
export function burst(total: number, call: (i: number) => Promise<unknown>): Promise<Run> {
  return drive(total, total, call);
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function perSecond(count: number, ms: number): number {
  return (count * 1000) / ms;
}

// ---------------------------------------------------------------------------------------------
// Formatting for the tables

/** 1234.5 → "1235"; small values keep a decimal. */
export function num(x: number): string {
  if (!Number.isFinite(x)) return "–";
  return Math.abs(x) >= 100 ? String(Math.round(x)) : x.toFixed(1);
}

/** Milliseconds with one decimal. */
export function ms(x: number): string {
  return Number.isFinite(x) ? x.toFixed(1) : "–";
}

/** a / b as "3.2×". */
export function times(a: number, b: number): string {
  const r = a / b;
  if (!Number.isFinite(r)) return "–";
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

export function pct(part: number, whole: number, digits = 1): string {
  return `${((100 * part) / whole).toFixed(digits)}%`;
}
