// Fault injection: which failure, if any, the next request to an endpoint meets.
import type { Fault, FaultRule } from "./types";

export type NonLatencyFault = Exclude<Fault, { type: "latency" }>;

/** What one request meets: a total delay, then at most one fault. */
export interface FaultPlan {
  latencyMs: number;
  fault?: NonLatencyFault;
}

interface ActiveRule {
  endpoint: string;
  fault: Fault;
  remaining: number;
  probability: number;
}

/** mulberry32: tiny, seedable, and good enough to decide coin flips reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultRegistry {
  private rules: ActiveRule[] = [];
  private random: () => number;

  constructor(
    private readonly endpoints: ReadonlySet<string>,
    private readonly seed: number = Math.floor(Math.random() * 2 ** 32),
  ) {
    this.random = prng(seed);
  }

  add(rule: FaultRule): void {
    const valid = validateFaultRule(rule, this.endpoints);
    this.rules.push({
      endpoint: valid.endpoint,
      fault: valid.fault,
      remaining: valid.times ?? 1,
      probability: valid.probability ?? 1,
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** Clears the rules and restarts the PRNG, so a seeded run repeats exactly. */
  reset(): void {
    this.clear();
    this.random = prng(this.seed);
  }

  /**
   * Rules are tried in the order they were added. Latency rules add up and let
   * the search go on, so a delay can precede another fault; the first other
   * rule that hits ends it. A rule is used up only by requests it hits.
   */
  take(endpoint: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0 };
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.endpoint !== "*" && rule.endpoint !== endpoint) continue;
      if (rule.probability < 1 && this.random() >= rule.probability) continue;
      rule.remaining--;
      if (rule.fault.type === "latency") {
        plan.latencyMs += rule.fault.ms;
        continue;
      }
      plan.fault = rule.fault;
      break;
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return plan;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNonNegative(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function isHttpStatus(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 200 && value <= 599;
}

/**
 * Checks a rule from code or from the control route's JSON. `times: null`
 * means Infinity there, because JSON cannot spell Infinity. An endpoint the
 * simulator does not serve is refused: a typo would otherwise never fire and
 * the test using it would pass for the wrong reason.
 */
export function validateFaultRule(input: unknown, endpoints: ReadonlySet<string>): FaultRule {
  if (!isObject(input)) throw new TypeError("a fault rule must be an object");
  const { endpoint, fault, times, probability } = input;
  if (typeof endpoint !== "string" || (endpoint !== "*" && !endpoints.has(endpoint))) {
    throw new TypeError(
      `fault rule endpoint must be "*" or one of: ${[...endpoints].sort().join(", ")}`,
    );
  }
  let count: number | undefined;
  if (times === null || times === Infinity) count = Infinity;
  else if (typeof times === "number" && Number.isInteger(times) && times >= 1) count = times;
  else if (times !== undefined) {
    throw new TypeError("fault rule times must be a positive integer, Infinity or null");
  }
  if (probability !== undefined && !(isNonNegative(probability) && probability <= 1)) {
    throw new TypeError("fault rule probability must be between 0 and 1");
  }
  return { endpoint, fault: validateFault(fault), times: count, probability };
}

function validateFault(fault: unknown): Fault {
  if (!isObject(fault) || typeof fault.type !== "string") {
    throw new TypeError("fault must be an object with a type");
  }
  switch (fault.type) {
    case "latency":
      if (!isNonNegative(fault.ms)) throw new TypeError("latency fault needs ms >= 0");
      return { type: "latency", ms: fault.ms };
    case "status": {
      if (!isHttpStatus(fault.status)) throw new TypeError("status fault needs status 200..599");
      const body = fault.body ?? "empty";
      if (body !== "json" && body !== "html" && body !== "empty") {
        throw new TypeError('status fault body must be "json", "html" or "empty"');
      }
      return { type: "status", status: fault.status, body };
    }
    case "status-after-commit":
      if (!isHttpStatus(fault.status)) {
        throw new TypeError("status-after-commit fault needs status 200..599");
      }
      return { type: "status-after-commit", status: fault.status };
    case "rate-limit":
      if (!isNonNegative(fault.retryAfter) || !Number.isInteger(fault.retryAfter)) {
        throw new TypeError("rate-limit fault needs an integer retryAfter >= 0 (seconds)");
      }
      return { type: "rate-limit", retryAfter: fault.retryAfter };
    case "drop-before-commit":
    case "drop-after-commit":
    case "malformed-body":
    case "truncated-body":
    case "html-error":
      return { type: fault.type };
    default:
      throw new TypeError(`unknown fault type ${JSON.stringify(fault.type)}`);
  }
}
