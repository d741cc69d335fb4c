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

/** The longest delay a Node timer honours; a longer one fires after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The keys a rule may have. */
const RULE_KEYS: ReadonlyArray<keyof FaultRule> = ["endpoint", "fault", "times", "probability"];

/**
 * Every fault type and the keys it may have, for the messages that refuse an unknown type or key;
 * the type makes the list of types complete.
 */
const FAULT_KEYS: { [T in Fault["type"]]: ReadonlyArray<keyof Extract<Fault, { type: T }>> } = {
  latency: ["type", "ms"],
  status: ["type", "status", "body"],
  "status-after-commit": ["type", "status"],
  "rate-limit": ["type", "retryAfter"],
  "drop-before-commit": ["type"],
  "drop-after-commit": ["type"],
  "malformed-body": ["type"],
  "truncated-body": ["type"],
  "html-error": ["type"],
};

/** Statuses whose answers cannot carry a body: Node drops one silently. */
const BODILESS_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return isNumberIn(value, min, max) && Number.isInteger(value);
}

/** A value as an error may quote it: short, and the same for JSON and code callers. */
function shown(value: unknown): string {
  if (typeof value === "number") return String(value);
  if (value === undefined) return "nothing";
  const chars = Array.from(JSON.stringify(value) ?? typeof value);
  return chars.length > 40 ? `${chars.slice(0, 40).join("")}...` : chars.join("");
}

/** Throws the TypeError for one field of a rule: its name, its range and the value given. */
type Refuse = (field: string, rule: string, value: unknown) => never;

/**
 * Refuses a key the object may not have, naming it. A misspelt key (`time` for `times`, `delay`
 * for `ms`) would otherwise be ignored, and the rule would quietly do something other than what
 * its author meant.
 */
function refuseUnknownKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  prefix: string,
  where: string,
): void {
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw new TypeError(
      `${where}: unknown key ${JSON.stringify(prefix + unknown)}; the keys are ${allowed.map((k) => prefix + k).join(", ")}`,
    );
  }
}

/**
 * Checks a rule from code or from the control route's JSON. `times: null`
 * means Infinity there, because JSON cannot spell Infinity. An endpoint the
 * simulator does not serve is refused: a typo would otherwise never fire and
 * the test using it would pass for the wrong reason. Numbers are refused
 * outside what the simulator can honour exactly, for the same reason.
 */
export function validateFaultRule(input: unknown, endpoints: ReadonlySet<string>): FaultRule {
  if (!isObject(input)) throw new TypeError("a fault rule must be an object");
  const { endpoint, fault, times, probability } = input;
  if (typeof endpoint !== "string" || (endpoint !== "*" && !endpoints.has(endpoint))) {
    throw new TypeError(
      `fault rule endpoint must be "*" or one of: ${[...endpoints].sort().join(", ")}`,
    );
  }
  const where = `fault rule for ${JSON.stringify(endpoint)}`;
  // Typed on the name, so TypeScript narrows after a call that cannot return.
  const refuse: Refuse = (field, rule, value) => {
    throw new TypeError(`${where}: ${field} must be ${rule}, got ${shown(value)}`);
  };
  refuseUnknownKeys(input, RULE_KEYS, "", where);
  let count: number | undefined;
  if (times === null || times === Infinity) count = Infinity;
  else if (isIntegerIn(times, 1, Number.MAX_SAFE_INTEGER)) count = times;
  else if (times !== undefined) {
    refuse("times", `an integer from 1 to ${Number.MAX_SAFE_INTEGER}, Infinity or null`, times);
  }
  if (probability !== undefined && !isNumberIn(probability, 0, 1)) {
    refuse("probability", "a number from 0 to 1", probability);
  }
  return { endpoint, fault: validateFault(fault, refuse, where), times: count, probability };
}

function validateFault(fault: unknown, refuse: Refuse, where: string): Fault {
  if (!isObject(fault) || typeof fault.type !== "string") {
    return refuse("fault", "an object with a type", fault);
  }
  const status = (): number => {
    if (!isIntegerIn(fault.status, 200, 599)) {
      refuse("fault.status", "an HTTP status from 200 to 599", fault.status);
    }
    return fault.status;
  };
  /** An answer that must carry a page or a FAIL body cannot use 204, 205 or 304. */
  const statusWithBody = (what: string): number => {
    const code = status();
    if (BODILESS_STATUSES.has(code)) {
      refuse("fault.status", `a status that can carry ${what} (not 204, 205 or 304)`, code);
    }
    return code;
  };
  if (Object.hasOwn(FAULT_KEYS, fault.type)) {
    refuseUnknownKeys(fault, FAULT_KEYS[fault.type as Fault["type"]], "fault.", where);
  }
  switch (fault.type) {
    case "latency":
      if (!isNumberIn(fault.ms, 0, MAX_TIMER_MS)) {
        refuse("fault.ms", `a number of milliseconds from 0 to ${MAX_TIMER_MS}`, fault.ms);
      }
      return { type: "latency", ms: fault.ms };
    case "status": {
      const body = fault.body ?? "empty";
      if (body !== "json" && body !== "html" && body !== "empty") {
        return refuse("fault.body", '"json", "html" or "empty"', fault.body);
      }
      const code = body === "empty" ? status() : statusWithBody(`a ${body} body`);
      return { type: "status", status: code, body };
    }
    case "status-after-commit":
      return { type: "status-after-commit", status: statusWithBody("an HTML page") };
    case "rate-limit":
      // Safe integers print as plain digits; a larger number would print as 1e+21.
      if (!isIntegerIn(fault.retryAfter, 0, Number.MAX_SAFE_INTEGER)) {
        refuse(
          "fault.retryAfter",
          `an integer number of seconds from 0 to ${Number.MAX_SAFE_INTEGER}`,
          fault.retryAfter,
        );
      }
      return { type: "rate-limit", retryAfter: fault.retryAfter };
    case "drop-before-commit":
    case "drop-after-commit":
    case "malformed-body":
    case "truncated-body":
    case "html-error":
      return { type: fault.type };
    default:
      return refuse("fault.type", `one of ${Object.keys(FAULT_KEYS).join(", ")}`, fault.type);
  }
}
