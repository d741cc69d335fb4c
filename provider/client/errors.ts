// Typed errors, one class per thing a caller does differently: fix an input, fix credentials,
// wait, or reconcile because the request may have changed something remotely (`ambiguous`).
// Messages and properties are built from redacted text only (see redact.ts).

export interface Digital99ErrorProps {
  /** The endpoint, e.g. "online/createAccount". */
  endpoint?: string;
  /** True when the request was sent and no definitive answer came back: it may have acted. */
  ambiguous?: boolean;
  /**
   * How many attempts were made (1 = no retry, 0 = nothing was sent). The message ends with it,
   * so that a log line alone tells whether the client already retried.
   */
  attempts?: number;
}

/** "after 1 attempt", "after 4 attempts", or "nothing was sent". */
export function describeAttempts(attempts: number): string {
  if (attempts === 0) return "nothing was sent";
  return `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
}

export class Digital99Error extends Error {
  readonly endpoint?: string;
  readonly ambiguous: boolean;
  readonly attempts?: number;

  constructor(message: string, props: Digital99ErrorProps = {}) {
    super(
      props.attempts === undefined ? message : `${message} (${describeAttempts(props.attempts)})`,
    );
    this.name = new.target.name;
    if (props.endpoint !== undefined) this.endpoint = props.endpoint;
    this.ambiguous = props.ambiguous ?? false;
    if (props.attempts !== undefined) this.attempts = props.attempts;
  }
}

/**
 * The API answered FAIL: this attempt was rejected and changed nothing. `ambiguous` is true only
 * when an earlier attempt of the same call got no answer and may have taken effect (e.g. a
 * delete that timed out, then "no such account" on the retry).
 */
export class PartnersApiError extends Digital99Error {
  declare readonly endpoint: string;
  /** The API's reason code (its meaning depends on the endpoint). */
  readonly reason: number;
  /** The client parameter the reason code names, when it names exactly one. */
  readonly field?: string;
  /** The HTTP status the FAIL body came with. */
  readonly status: number;

  constructor(
    message: string,
    props: {
      endpoint: string;
      reason: number;
      field?: string;
      status: number;
      attempts?: number;
      ambiguous?: boolean;
    },
  ) {
    super(message, {
      endpoint: props.endpoint,
      ambiguous: props.ambiguous ?? false,
      attempts: props.attempts,
    });
    this.reason = props.reason;
    if (props.field !== undefined) this.field = props.field;
    this.status = props.status;
  }
}

/** Credentials or token rejected: retrying the same way will not help. */
export class PartnersAuthError extends PartnersApiError {}

/** No usable answer because of the connection: refused, reset, timed out, DNS. */
export class PartnersTransportError extends Digital99Error {
  declare readonly endpoint: string;
  /** e.g. "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "UND_ERR_SOCKET". */
  readonly code: string;

  constructor(
    message: string,
    props: { endpoint: string; code: string; ambiguous: boolean; attempts?: number },
  ) {
    super(message, props);
    this.code = props.code;
  }
}

/** The server answered something that is not an API answer: a 5xx, an HTML page, bad JSON. */
export class PartnersServerError extends Digital99Error {
  declare readonly endpoint: string;
  /** HTTP status of the answer (0 when the body broke off before it could be read). */
  readonly status: number;
  /** The start of the answer's body, redacted, for diagnosis. */
  readonly body?: string;

  constructor(
    message: string,
    props: {
      endpoint: string;
      status: number;
      ambiguous: boolean;
      body?: string;
      attempts?: number;
    },
  ) {
    super(message, props);
    this.status = props.status;
    if (props.body !== undefined) this.body = props.body;
  }
}

/** HTTP 429 persisted after every retry allowed by maxRetries / maxRetryTimeMs. */
export class PartnersRateLimitError extends Digital99Error {
  declare readonly endpoint: string;
  readonly status: number;
  /** The server's last Retry-After, in milliseconds, when it sent one. */
  readonly retryAfterMs?: number;

  constructor(
    message: string,
    props: { endpoint: string; status: number; retryAfterMs?: number; attempts?: number },
  ) {
    super(message, { ...props, ambiguous: false });
    this.status = props.status;
    if (props.retryAfterMs !== undefined) this.retryAfterMs = props.retryAfterMs;
  }
}

export interface ValidationIssue {
  /** The parameter (or option) at fault, e.g. "adminPassword". */
  field: string;
  /** A short rule id: "required", "type", "format", "length", "range", "enum", "match", ... */
  rule: string;
  /** Names the field and the rule, never the value. */
  message: string;
}

/** Parameters or options broke a documented rule; nothing was sent. */
export class PartnersValidationError extends Digital99Error {
  readonly field: string;
  readonly rule: string;
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], endpoint?: string) {
    const first = issues[0] ?? { field: "params", rule: "invalid", message: "invalid parameters" };
    const where = endpoint === undefined ? "" : `${endpoint}: `;
    super(`${where}${issues.map((i) => i.message).join("; ") || first.message}`, {
      endpoint,
      ambiguous: false,
      attempts: 0,
    });
    this.field = first.field;
    this.rule = first.rule;
    this.issues = issues.length > 0 ? issues : [first];
  }
}
