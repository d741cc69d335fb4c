// When to try again: exponential backoff with full jitter (many clients retrying in step would
// hit a recovering server together), bounded by a count and by total time, and overridden by
// the server's Retry-After whenever it sends one.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** No retry starts later than this after the first attempt began. */
  maxRetryTimeMs: number;
  /** The first backoff's upper bound; doubles with every retry. */
  baseDelayMs: number;
  /** No single backoff waits longer than this (Retry-After excepted). */
  maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRetries: 3,
  maxRetryTimeMs: 60_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

/** Full jitter: uniform in [0, min(maxDelay, base * 2^retry)). `retry` counts from 0. */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as milliseconds: delta-seconds ("120", "1.5") or an HTTP date. Undefined when
 * absent or unreadable; never negative.
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its month; V8 would read bare numbers such as "-1" as years.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before the next attempt, or undefined when the budget is spent.
 * @param retriesDone retries already made
 * @param elapsedMs time since the first attempt began
 * @param retryAfterMs the server's Retry-After, which replaces the backoff
 */
export function nextDelay(
  policy: RetryPolicy,
  retriesDone: number,
  elapsedMs: number,
  retryAfterMs?: number,
  random?: () => number,
): number | undefined {
  if (retriesDone >= policy.maxRetries) return undefined;
  const delay = retryAfterMs ?? backoffDelay(policy, retriesDone, random);
  if (elapsedMs + delay > policy.maxRetryTimeMs) return undefined;
  return delay;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
