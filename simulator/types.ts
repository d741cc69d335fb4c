// The simulator's public surface. Other people's tests program against these
// types, so they change only by adding optional members.

export type Fault =
  | { type: "latency"; ms: number }
  | { type: "status"; status: number; body?: "json" | "html" | "empty" }
  | { type: "status-after-commit"; status: number }
  | { type: "rate-limit"; retryAfter: number }
  | { type: "drop-before-commit" }
  | { type: "drop-after-commit" }
  | { type: "malformed-body" }
  | { type: "truncated-body" }
  | { type: "html-error" };

export interface FaultRule {
  /** `"section/action"` (e.g. `"online/createAccount"`) or `"*"` for every endpoint. */
  endpoint: string;
  fault: Fault;
  /** How many requests it hits; default 1, `Infinity` for always. */
  times?: number;
  /** Chance (0..1) that a matching request is hit; default 1. Drawn from a seeded PRNG. */
  probability?: number;
}

export interface SimulatorOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default `demo`. */
  clientId?: string;
  /** Default `demo`. */
  clientSecret?: string;
  /** Token lifetime in seconds (fractions allowed, for tests). Default 3600. */
  tokenTtl?: number;
  /** Servers an account may be created on. Default `["online"]`. */
  servers?: string[];
  /**
   * The partner's own working WhatsApp numbers (international, digits only);
   * createInbox refuses any other. Default DEFAULT_WHATSAPP_NUMBERS. May be
   * empty: a partner without a number.
   */
  whatsappNumbers?: string[];
  /** JSON file: loaded on start when it exists, rewritten atomically after every change. */
  data?: string;
  /** Seed of the PRNG behind probability faults; random when omitted. */
  seed?: number;
  /** Wrong-credential attempts from one IP before it is blocked. Default 5. */
  blockAfterFailures?: number;
  /** How long a blocked IP stays blocked, in seconds. Default 600. */
  blockSeconds?: number;
  /** The partner's quota of online accounts; createAccount answers 31 beyond it. Default unlimited. */
  maxAccounts?: number;
  /** The partner's quota of builders; createBuilder answers 31 beyond it. Default unlimited. */
  maxBuilders?: number;
  /** Called with one line per API request (never with secrets). */
  log?: (line: string) => void;
}

export type AccountStatus = "active" | "suspended";

export interface SimAccount {
  accountId: number;
  accountName: string;
  server: string;
  status: AccountStatus;
  /** `""` when none was given. */
  reference: string;
  /** `""` until updateAccount sets one. */
  builderUrl: string;
  /** Quota of agents. */
  agents: number;
  /** Quota of inboxes. */
  inboxes: number;
  /** Unix seconds. */
  createTime: number;
  /** Agents with access to the account, the admin first. */
  agentIds: number[];
}

export interface SimAgent {
  agentId: number;
  email: string;
  name: string;
  displayName: string;
  /** Kept in plain text so tests can assert what was sent; use test passwords only. */
  password: string;
  /** 0 none, 1 email, 2 SMS. */
  twoFactor: 0 | 1 | 2;
  /** `""` when `twoFactor` is 0. */
  twoFactorValue: string;
  createTime: number;
  accountIds: number[];
}

export interface SimInbox {
  inboxId: number;
  accountId: number;
  server: string;
  name: string;
  whatsappNumber: string;
  reference: string;
  importHistory: boolean;
  createTime: number;
}

export interface SimBuilder {
  builderId: number;
  clientName: string;
  reference: string;
  url: string;
  createTime: number;
}

/** The five onboarding texts of settings/setBusiness; only those ever set are present. */
export interface SimBusiness {
  onboarding_logo?: string;
  onboarding_message?: string;
  onboarding_button?: string;
  onboarding_success?: string;
  onboarding_failed?: string;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT/api` */
  readonly url: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /**
   * HTTP requests received, faulted ones included: all of them, those of one
   * `"section/action"`, or with `"unknown"` those to any path that names no
   * endpoint (counted together, so probing paths cannot grow memory). Any
   * other name throws a TypeError.
   */
  requestCount(endpoint?: string): number;
  /** The same counts by key, for the keys with at least one request. */
  requestCounts(): Record<string, number>;
  resetRequestCounts(): void;
  /** Deep copies, safe to keep and compare. */
  accounts(): SimAccount[];
  agents(): SimAgent[];
  builders(): SimBuilder[];
  inboxes(): SimInbox[];
  webhookUrl(): string | undefined;
  business(): SimBusiness;
  /** The partner's working WhatsApp numbers, as configured. */
  whatsappNumbers(): string[];
  /** Every token issued so far answers reason 3 from now on. */
  expireTokens(): void;
  /** Empties state, faults, request counts and IP blocks. Issued tokens stay valid. */
  reset(): void;
  /** Closes the server and its keep-alive sockets promptly. */
  close(): Promise<void>;
}
