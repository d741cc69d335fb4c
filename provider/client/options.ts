// PartnersClient's options: defaults in one place, checked up front so that a misconfiguration
// fails before any request rather than as a confusing API error.

import type { DebugSink } from "./debug";
import { PartnersValidationError, type ValidationIssue } from "./errors";

export const DEFAULT_API_URL = "https://partners.99digital.co.il/api";

export interface PartnersClientOptions {
  /**
   * Default "https://partners.99digital.co.il/api"; a trailing slash is tolerated. https:// is
   * required unless the host is 127.0.0.1, [::1] or localhost (the simulator), or
   * allowInsecureHttp is true.
   */
  apiUrl?: string;
  /**
   * Allows an http:// apiUrl whose host is not loopback (default false): credentials and tokens
   * then cross the network unencrypted, so only for a test server on a trusted network.
   */
  allowInsecureHttp?: boolean;
  /** With clientSecret: exchanged for an access token (settings/accessToken), renewed as needed. */
  clientId?: string;
  /** The partner's client secret, paired with clientId. */
  clientSecret?: string;
  /** A ready access token, used as is (alternative to the pair, or in addition to it). */
  accessToken?: string;
  /** Deadline of each attempt, in ms (default 30000). */
  requestTimeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** No retry starts later than this after a call's first attempt, in ms (default 60000). */
  maxRetryTimeMs?: number;
  /** Requests in flight at once, and pooled connections (default 8). */
  maxConcurrency?: number;
  /**
   * One redacted line per attempt: true → stderr, or a function receiving each line.
   * Default: on when the environment has DIGITAL99_DEBUG=1.
   */
  debug?: boolean | DebugSink;
  /** Upper bound of the first retry's random backoff, doubling per retry (default 500). Mostly for tests. */
  retryBaseDelayMs?: number;
  /** Upper bound of any single backoff, Retry-After excepted (default 8000). Mostly for tests. */
  retryMaxDelayMs?: number;
}

export interface ResolvedOptions {
  apiUrl: string;
  allowInsecureHttp: boolean;
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
  requestTimeoutMs: number;
  maxRetries: number;
  maxRetryTimeMs: number;
  maxConcurrency: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  debug?: boolean | DebugSink;
}

const MAX_TIMER_MS = 2_147_483_647;

/** Options this module resolved: resolving them again is a no-op, so each check runs once. */
const alreadyResolved = new WeakSet<ResolvedOptions>();

/** Applies defaults and checks every option; throws PartnersValidationError naming each bad one. */
export function resolveOptions(options: PartnersClientOptions): ResolvedOptions {
  if (alreadyResolved.has(options as ResolvedOptions)) return options as ResolvedOptions;
  const issues: ValidationIssue[] = [];
  const given = (v: string | undefined) => (v === undefined || v === "" ? undefined : v);

  const apiUrl = (given(options.apiUrl) ?? DEFAULT_API_URL).replace(/\/+$/, "");
  const insecure = options.allowInsecureHttp;
  if (insecure !== undefined && typeof insecure !== "boolean") {
    issues.push({
      field: "allowInsecureHttp",
      rule: "type",
      message: "allowInsecureHttp must be true or false",
    });
  }
  const problem = apiUrlProblem(apiUrl, insecure === true, "allowInsecureHttp to true");
  if (problem) issues.push({ field: "apiUrl", ...problem, message: `apiUrl ${problem.message}` });

  const clientId = given(options.clientId);
  const clientSecret = given(options.clientSecret);
  const accessToken = given(options.accessToken);
  if (accessToken === undefined && (clientId === undefined || clientSecret === undefined)) {
    issues.push({
      field: clientId === undefined ? "clientId" : "clientSecret",
      rule: "required",
      message:
        "credentials are required: give clientId and clientSecret (exchanged for a token), or accessToken",
    });
  }

  const number = (
    field: keyof PartnersClientOptions,
    value: number | undefined,
    fallback: number,
    min: number,
    integer: boolean,
  ): number => {
    if (value === undefined) return fallback;
    const ok =
      typeof value === "number" &&
      Number.isFinite(value) &&
      value >= min &&
      value <= MAX_TIMER_MS &&
      (!integer || Number.isInteger(value));
    if (!ok) {
      issues.push({
        field,
        rule: "range",
        message: `${field} must be ${integer ? "a whole number" : "a number"} of at least ${min}`,
      });
    }
    return value;
  };

  const resolved: ResolvedOptions = {
    apiUrl,
    allowInsecureHttp: insecure === true,
    requestTimeoutMs: number("requestTimeoutMs", options.requestTimeoutMs, 30_000, 1, true),
    maxRetries: number("maxRetries", options.maxRetries, 3, 0, true),
    maxRetryTimeMs: number("maxRetryTimeMs", options.maxRetryTimeMs, 60_000, 0, false),
    maxConcurrency: number("maxConcurrency", options.maxConcurrency, 8, 1, true),
    retryBaseDelayMs: number("retryBaseDelayMs", options.retryBaseDelayMs, 500, 0, false),
    retryMaxDelayMs: number("retryMaxDelayMs", options.retryMaxDelayMs, 8_000, 0, false),
    debug: options.debug,
  };
  if (clientId !== undefined) resolved.clientId = clientId;
  if (clientSecret !== undefined) resolved.clientSecret = clientSecret;
  if (accessToken !== undefined) resolved.accessToken = accessToken;

  if (issues.length > 0) throw new PartnersValidationError(issues, "PartnersClient options");
  alreadyResolved.add(resolved);
  return resolved;
}

/** An API URL as it may be shown: without any user:password part. */
export function displayUrl(apiUrl: string): string {
  try {
    const url = new URL(apiUrl);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(not a URL)";
  }
}

/**
 * What is wrong with an API URL, as the end of a sentence naming it, or undefined. Plain http
 * would send the client secret and every token readable to anyone on the way; it is only for a
 * server on this machine (the simulator), or wherever `insecureSwitch` says it is allowed.
 * @param insecureSwitch how the caller's user allows http://, for the message
 */
export function apiUrlProblem(
  apiUrl: string,
  allowInsecureHttp: boolean,
  insecureSwitch: string,
): { rule: "format" | "https"; message: string } | undefined {
  let url: URL | undefined;
  try {
    url = new URL(apiUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return {
      rule: "format",
      message: 'must be an http(s) URL such as "https://partners.99digital.co.il/api"',
    };
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    return {
      rule: "https",
      message:
        "must use https:// unless its host is 127.0.0.1, [::1] or localhost: over http:// the " +
        `credentials and tokens travel unencrypted. Set ${insecureSwitch} to allow http:// to ` +
        "this host (a test server on a trusted network)",
    };
  }
  return undefined;
}

/** A host name as the URL parser normalises it (`127.1` → `127.0.0.1`, `[0::1]` → `[::1]`). */
function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
