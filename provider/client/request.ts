// The one request sender: every call goes through `send`, which owns the envelope, the token,
// retries and the question every caller of a create must be able to answer after a failure:
// may it have happened anyway? (`ambiguous`). Nothing else in the client retries.

import type { IncomingHttpHeaders } from "node:http";
import type { DebugLog } from "./debug";
import type { Endpoint } from "./endpoints";
import {
  Digital99Error,
  PartnersApiError,
  PartnersAuthError,
  PartnersRateLimitError,
  PartnersServerError,
  PartnersTransportError,
} from "./errors";
import { describeReason, lookupReason } from "./reasons";
import type { Redactor } from "./redact";
import { nextDelay, parseRetryAfter, sleep, type RetryPolicy } from "./retry";
import type { TokenCache } from "./token";
import type { AttemptResult, Transport } from "./transport";

export interface SenderOptions {
  transport: Transport;
  redactor: Redactor;
  debug: DebugLog;
  retry: RetryPolicy;
  requestTimeoutMs: number;
  userAgent: string;
  /** For tests: the jitter's random source. */
  random?: () => number;
}

export interface SendOptions {
  /** Secret values in this request's body (e.g. adminPassword), masked wherever they echo. */
  secrets?: readonly string[];
}

/** A successful API answer. */
export interface ApiAnswer {
  data: Record<string, unknown>;
  status: number;
  headers: IncomingHttpHeaders;
  /** Attempts the call took, for an error about the answer itself (e.g. its shape). */
  attempts: number;
}

/** What one attempt amounted to. */
type Verdict =
  | { type: "ok"; data: Record<string, unknown>; reason?: number }
  | {
      type: "fail";
      reason: number;
      data: Record<string, unknown>;
      /** A 5xx whose FAIL code the endpoint does not define: refused, and worth retrying (not for a create). */
      transient: boolean;
      retryAfterMs?: number;
    }
  | {
      type: "problem";
      /** Worth another attempt (for a create: only when not ambiguous). */
      retryable: boolean;
      /** The request was sent and may have taken effect. */
      ambiguous: boolean;
      rateLimited: boolean;
      retryAfterMs?: number;
      code?: string;
      reason?: number;
      /** Builds the error to throw if this is the last attempt. */
      error: (ctx: ErrorContext) => Digital99Error;
    };

interface ErrorContext {
  attempts: number;
  /** Some attempt (this one or an earlier one) may have taken effect. */
  ambiguous: boolean;
}

export class RequestSender {
  private tokens?: TokenCache;

  constructor(private readonly options: SenderOptions) {}

  /** Set once the token cache exists (the cache itself sends through this sender). */
  useTokens(tokens: TokenCache): void {
    this.tokens = tokens;
  }

  async send(
    ep: Endpoint,
    body: Record<string, unknown>,
    sendOptions: SendOptions = {},
  ): Promise<ApiAnswer> {
    const { transport, retry, debug, redactor } = this.options;
    const secrets = sendOptions.secrets ?? [];
    const payload = JSON.stringify(body);
    const masker: Masker = {
      text: (text) => redactor.text(text, secrets),
      excerpt: (text, maxLength) => redactor.excerpt(text, maxLength, secrets),
    };
    const startedAt = performance.now();
    let attempts = 0;
    let retries = 0;
    let renewed = false;
    let anyAmbiguous = false;

    for (;;) {
      attempts += 1;
      const token = ep.auth ? await this.token() : undefined;
      const headers: Record<string, string> = {
        "content-type": "application/json",
        accept: "application/json",
        "user-agent": this.options.userAgent,
      };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;

      const result = await transport.attempt({
        method: ep.method,
        path: ep.name,
        headers,
        body: payload,
        timeoutMs: this.options.requestTimeoutMs,
      });
      const verdict = judge(ep, result, this.options.requestTimeoutMs, masker);
      const log = (outcome: string, extra: { reason?: number; code?: string } = {}) =>
        debug.attempt(
          {
            method: ep.method,
            path: ep.name,
            status: result.status,
            durationMs: result.durationMs,
            attempt: attempts,
            retry: retries,
            outcome,
            ...extra,
          },
          secrets,
        );

      if (verdict.type === "ok") {
        log("ok", { reason: verdict.reason });
        return {
          data: verdict.data,
          status: result.kind === "response" ? result.status : 0,
          headers: result.kind === "response" ? result.headers : {},
          attempts,
        };
      }

      if (verdict.type === "fail") {
        const tokens = this.tokens;
        if (
          verdict.reason === 3 &&
          ep.auth &&
          token !== undefined &&
          tokens?.renewable &&
          !renewed
        ) {
          // Reason 3 means the request was refused, so re-sending is safe even for a create.
          log("renew-token", { reason: 3 });
          tokens.invalidate(token);
          renewed = true;
          continue;
        }
        const delay = verdict.transient
          ? nextDelay(
              retry,
              retries,
              performance.now() - startedAt,
              verdict.retryAfterMs,
              this.options.random,
            )
          : undefined;
        if (delay !== undefined) {
          log(`retry-in-${delay}ms`, { reason: verdict.reason });
          await sleep(delay);
          retries += 1;
          continue;
        }
        log("fail", { reason: verdict.reason });
        throw apiError(
          ep,
          verdict.reason,
          verdict.data,
          statusOf(result),
          {
            attempts,
            ambiguous: anyAmbiguous,
          },
          masker,
        );
      }

      anyAmbiguous ||= verdict.ambiguous;
      const ctx = { attempts, ambiguous: anyAmbiguous };
      const tags = { reason: verdict.reason, code: verdict.code };
      if (!verdict.retryable) {
        log("error", tags);
        throw verdict.error(ctx);
      }
      if (ep.creates && verdict.ambiguous) {
        log("ambiguous-not-retried", tags);
        throw verdict.error(ctx);
      }
      const delay = nextDelay(
        retry,
        retries,
        performance.now() - startedAt,
        verdict.retryAfterMs,
        this.options.random,
      );
      if (delay === undefined) {
        log("give-up", tags);
        if (verdict.rateLimited) {
          throw new PartnersRateLimitError(
            `${ep.name} was still rate limited (HTTP 429); wait and try again later, or lower maxConcurrency`,
            {
              endpoint: ep.name,
              status: statusOf(result),
              retryAfterMs: verdict.retryAfterMs,
              attempts,
            },
          );
        }
        throw verdict.error(ctx);
      }
      log(`retry-in-${delay}ms`, tags);
      await sleep(delay);
      retries += 1;
    }
  }

  private async token(): Promise<string> {
    if (!this.tokens) {
      throw new Digital99Error("no access token source configured", { attempts: 0 });
    }
    return this.tokens.get();
  }
}

function statusOf(result: AttemptResult): number {
  return result.status ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Judging one attempt

const PERMANENT_CODES = new Set([
  "ENOTFOUND",
  "ERR_INVALID_URL",
  "UND_ERR_INVALID_ARG",
  "UND_ERR_CLOSED",
  "UND_ERR_DESTROYED",
  "UND_ERR_NOT_SUPPORTED",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

const MAYBE_TOOK_EFFECT =
  "; the request was sent, so it may have taken effect: check the remote state before repeating it";

/** Redaction bound to one call's secrets. */
export interface Masker {
  text(text: string): string;
  /** Redacts, then cuts: reads only as much of `text` as the excerpt needs. */
  excerpt(text: string, maxLength: number): string;
}

export function judge(
  ep: Endpoint,
  result: AttemptResult,
  timeoutMs: number,
  redact: Masker,
): Verdict {
  if (result.kind === "failure") return judgeFailure(ep, result, timeoutMs, redact);
  if (result.kind === "too-large") return tooLarge(ep, result);

  const { status, headers, body } = result;
  const retryAfterMs = parseRetryAfter(headers["retry-after"]);
  const envelope = parseEnvelope(body);

  if (envelope) {
    const { data, reason, statusText } = envelope;
    const failed = statusText === "fail" || (reason !== undefined && reason !== 1);
    if (failed) {
      const code = reason ?? 0;
      // A 429 whose FAIL body carries a code this endpoint does not define is a rate limiter
      // speaking (a proxy), not the API; a known code (e.g. 3 = IP blocked) is final.
      if (status === 429 && lookupReason(ep.name, code) === undefined) {
        return rateLimited(ep, status, retryAfterMs, code);
      }
      const transient = status >= 500 && lookupReason(ep.name, code) === undefined;
      // A gateway may answer a 5xx of its own after forwarding a create: no proof of refusal,
      // so a create treats it as any other 5xx below (ambiguous, never re-sent).
      if (!(transient && ep.creates)) {
        return { type: "fail", reason: code, data, transient, retryAfterMs };
      }
    } else {
      const explicitOk = reason === 1 || statusText === "ok";
      if (explicitOk || (status >= 200 && status < 300)) return { type: "ok", data, reason };
    }
  }

  if (status === 429) return rateLimited(ep, status, retryAfterMs);

  const kind = describeBody(body, envelope !== undefined);
  const snippet = bodySnippet(body, redact);
  const mayHaveActed = ep.mutates && (status >= 500 || (status >= 200 && status < 300));
  const retryable = status >= 500 || (status >= 200 && status < 300) || status === 408;
  let advice = "";
  if (status >= 300 && status < 500 && status !== 408) {
    advice = "; check apiUrl (it should end in /api)";
  }
  return {
    type: "problem",
    retryable,
    ambiguous: mayHaveActed,
    rateLimited: false,
    retryAfterMs,
    error: (ctx) =>
      new PartnersServerError(
        redact.text(
          `${ep.name}: the server answered HTTP ${status} with ${kind} instead of an API answer${advice}${ctx.ambiguous ? MAYBE_TOOK_EFFECT : ""}`,
        ),
        {
          endpoint: ep.name,
          status,
          ambiguous: ctx.ambiguous,
          body: snippet,
          attempts: ctx.attempts,
        },
      ),
  };
}

function rateLimited(
  ep: Endpoint,
  status: number,
  retryAfterMs: number | undefined,
  reason?: number,
): Verdict {
  return {
    type: "problem",
    retryable: true,
    ambiguous: false,
    rateLimited: true,
    retryAfterMs,
    reason,
    error: (ctx) =>
      new PartnersRateLimitError(`${ep.name} was rate limited (HTTP 429)`, {
        endpoint: ep.name,
        status,
        retryAfterMs,
        attempts: ctx.attempts,
      }),
  };
}

function tooLarge(ep: Endpoint, result: Extract<AttemptResult, { kind: "too-large" }>): Verdict {
  const { status, limitBytes } = result;
  return {
    type: "problem",
    // The same request would get the same endless answer.
    retryable: false,
    // The server answered: a change may well have been made before the answer grew too large.
    ambiguous: ep.mutates,
    rateLimited: false,
    error: (ctx) =>
      new PartnersServerError(
        `${ep.name}: the server's answer (HTTP ${status}) is larger than ${formatBytes(limitBytes)}, the most this client reads of one answer, so it was not read to its end${ctx.ambiguous ? MAYBE_TOOK_EFFECT : ""}`,
        { endpoint: ep.name, status, ambiguous: ctx.ambiguous, attempts: ctx.attempts },
      ),
  };
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function judgeFailure(
  ep: Endpoint,
  result: Extract<AttemptResult, { kind: "failure" }>,
  timeoutMs: number,
  redact: Masker,
): Verdict {
  const mayHaveActed = ep.mutates && result.sent;
  const suffix = (ambiguous: boolean) => (ambiguous ? MAYBE_TOOK_EFFECT : "");

  if (result.timedOut) {
    return {
      type: "problem",
      retryable: true,
      ambiguous: mayHaveActed,
      rateLimited: false,
      code: "ETIMEDOUT",
      error: (ctx) =>
        new PartnersTransportError(
          `${ep.name} timed out after ${timeoutMs} ms (requestTimeoutMs)${result.sent ? "" : " before the request was sent"}${suffix(ctx.ambiguous)}`,
          {
            endpoint: ep.name,
            code: "ETIMEDOUT",
            ambiguous: ctx.ambiguous,
            attempts: ctx.attempts,
          },
        ),
    };
  }

  if (result.status !== undefined) {
    // Headers arrived, then the body broke off.
    const status = result.status;
    return {
      type: "problem",
      retryable: true,
      ambiguous: ep.mutates,
      rateLimited: false,
      code: errorCode(result.error),
      error: (ctx) =>
        new PartnersServerError(
          `${ep.name}: the server's answer (HTTP ${status}) broke off before its end (truncated body)${suffix(ctx.ambiguous)}`,
          { endpoint: ep.name, status, ambiguous: ctx.ambiguous, attempts: ctx.attempts },
        ),
    };
  }

  const code = errorCode(result.error);
  const permanent = PERMANENT_CODES.has(code) || code.startsWith("ERR_TLS");
  const detail = redact.text(errorMessage(result.error));
  const what = result.sent
    ? "the connection failed after the request was sent"
    : "could not send the request";
  const hint = code === "ENOTFOUND" ? "; check apiUrl" : "";
  return {
    type: "problem",
    retryable: !permanent,
    ambiguous: mayHaveActed,
    rateLimited: false,
    code,
    error: (ctx) =>
      new PartnersTransportError(
        `${ep.name}: ${what} (${code}${detail ? `: ${detail}` : ""})${hint}${suffix(ctx.ambiguous)}`,
        { endpoint: ep.name, code, ambiguous: ctx.ambiguous, attempts: ctx.attempts },
      ),
  };
}

function apiError(
  ep: Endpoint,
  reason: number,
  data: Record<string, unknown>,
  status: number,
  ctx: ErrorContext,
  redact: Masker,
): PartnersApiError {
  const info = describeReason(ep.name, reason);
  const said = serverMessage(data, redact);
  let message = info.message;
  if (said) message += ` (the server said: ${JSON.stringify(said)})`;
  if (ctx.ambiguous) message += `; an earlier attempt got no answer and may have taken effect`;
  const props = {
    endpoint: ep.name,
    reason,
    field: info.field,
    status,
    attempts: ctx.attempts,
    ambiguous: ctx.ambiguous,
  };
  return info.auth
    ? new PartnersAuthError(redact.text(message), props)
    : new PartnersApiError(redact.text(message), props);
}

// ---------------------------------------------------------------------------------------------
// Bodies

interface Envelope {
  data: Record<string, unknown>;
  reason?: number;
  /** `status`, lower-cased, when it is a string. */
  statusText?: string;
}

/** The API's JSON object, or undefined for anything else (HTML, truncated, an array...). */
export function parseEnvelope(body: string): Envelope | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return undefined;
  const data = parsed as Record<string, unknown>;
  const rawReason = data.reason;
  let reason: number | undefined;
  if (typeof rawReason === "number" && Number.isInteger(rawReason)) reason = rawReason;
  else if (typeof rawReason === "string" && /^\s*\d+\s*$/.test(rawReason))
    reason = Number(rawReason);
  const statusText = typeof data.status === "string" ? data.status.trim().toLowerCase() : undefined;
  return { data, reason, statusText };
}

function describeBody(body: string, isJson: boolean): string {
  const trimmed = body.trimStart();
  if (trimmed === "") return "an empty body";
  if (isJson) return "JSON that is not an API answer";
  if (/^<(!doctype|html|head|body)/i.test(trimmed)) return "an HTML page";
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) return "malformed or truncated JSON";
  return "a body that is not JSON";
}

const SNIPPET_LENGTH = 300;

function bodySnippet(body: string, redact: Masker): string | undefined {
  return redact.excerpt(body, SNIPPET_LENGTH) || undefined;
}

const SERVER_MESSAGE_LENGTH = 200;

function serverMessage(data: Record<string, unknown>, redact: Masker): string | undefined {
  for (const key of ["message", "error", "description", "details"]) {
    const value = data[key];
    if (typeof value === "string" && value.trim() !== "") {
      return redact.excerpt(value, SERVER_MESSAGE_LENGTH);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Node and undici errors

export function errorCode(error: unknown): string {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (typeof e === "object" && e !== null) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === "string" && code !== "") return code;
      e = (e as { cause?: unknown }).cause;
    }
  }
  return "UNKNOWN";
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "";
}
