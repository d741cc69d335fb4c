// The HTTP side: routing under /api, method and token checks, the envelope,
// fault injection around the handler, and the simulator's lifecycle.
import http from "node:http";
import type net from "node:net";
import { Auth } from "./auth";
import { CONTROL_PREFIX, handleControl, pageRefusal } from "./control";
import { RequestCounts } from "./counts";
import type { Endpoint, HandlerContext, Outcome } from "./endpoint";
import { FaultRegistry, MAX_TIMER_MS } from "./faults";
import type { NonLatencyFault } from "./faults";
import { builderEndpoints } from "./handlers/builder";
import { onlineEndpoints } from "./handlers/online";
import { settingsEndpoints } from "./handlers/settings";
import {
  BodyTooLarge,
  MALFORMED_BODY,
  parseJsonObject,
  readBody,
  send,
  sendHtml,
  sendJson,
  sendTruncatedJson,
} from "./http";
import { INTERNATIONAL_PHONE_RULE, isInternationalPhone } from "./rules";
import { State } from "./state";
import type {
  FaultRule,
  SimAccount,
  SimAgent,
  SimBuilder,
  SimBusiness,
  SimInbox,
  Simulator,
  SimulatorOptions,
} from "./types";

export const API_PREFIX = "/api/";

export const endpoints: Readonly<Record<string, Endpoint>> = {
  ...settingsEndpoints,
  ...onlineEndpoints,
  ...builderEndpoints,
};

const ENDPOINT_NAMES: ReadonlySet<string> = new Set(Object.keys(endpoints));

/**
 * The numbers a partner has unless told otherwise: the contract's example
 * number and its neighbours, and two from other countries (fictional ranges)
 * so that clients do not assume Israeli numbers.
 */
export const DEFAULT_WHATSAPP_NUMBERS: readonly string[] = [
  "972501234567",
  "972501234568",
  "972501234569",
  "14155550123",
  "447700900123",
];

interface ResolvedOptions {
  port: number;
  host: string;
  clientId: string;
  clientSecret: string;
  tokenTtl: number;
  servers: string[];
  whatsappNumbers: string[];
  data?: string;
  seed?: number;
  blockAfterFailures: number;
  blockSeconds: number;
  maxAccounts: number;
  maxBuilders: number;
  log?: (line: string) => void;
}

function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    host: options.host ?? "127.0.0.1",
    clientId: options.clientId ?? "demo",
    clientSecret: options.clientSecret ?? "demo",
    tokenTtl: options.tokenTtl ?? 3600,
    servers: options.servers ?? ["online"],
    whatsappNumbers: [...new Set(options.whatsappNumbers ?? DEFAULT_WHATSAPP_NUMBERS)],
    data: options.data,
    seed: options.seed,
    blockAfterFailures: options.blockAfterFailures ?? 5,
    blockSeconds: options.blockSeconds ?? 600,
    maxAccounts: options.maxAccounts ?? Infinity,
    maxBuilders: options.maxBuilders ?? Infinity,
    log: options.log,
  };
  const { port, tokenTtl, servers, blockAfterFailures, blockSeconds } = resolved;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError("port must be an integer 0..65535");
  }
  if (!(tokenTtl > 0)) throw new RangeError("tokenTtl must be > 0 seconds");
  if (servers.length === 0 || !servers.every((s) => /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(s))) {
    throw new RangeError("servers must be one or more subdomain names like online or eu1");
  }
  const badNumber = resolved.whatsappNumbers.find((n) => !isInternationalPhone(n));
  if (badNumber !== undefined) {
    throw new RangeError(
      `whatsappNumbers must be international numbers of ${INTERNATIONAL_PHONE_RULE} ` +
        `(like 972501234567), got ${JSON.stringify(badNumber)}`,
    );
  }
  if (!Number.isInteger(blockAfterFailures) || blockAfterFailures < 1) {
    throw new RangeError("blockAfterFailures must be an integer >= 1");
  }
  if (!(blockSeconds >= 0)) throw new RangeError("blockSeconds must be >= 0");
  if (resolved.clientId === "" || resolved.clientSecret === "") {
    throw new RangeError("clientId and clientSecret must not be empty");
  }
  return resolved;
}

/** The request's endpoint name ("section/action"), or undefined outside /api. */
function endpointName(pathname: string): string | undefined {
  if (!pathname.startsWith(API_PREFIX)) return undefined;
  return pathname.slice(API_PREFIX.length).replace(/\/+$/, "");
}

function envelope(outcome: Outcome): Record<string, unknown> {
  return outcome.reason === 1
    ? { status: "OK", reason: 1, ...outcome.fields }
    : { status: "FAIL", reason: outcome.reason };
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

class RunningSimulator implements Simulator {
  readonly clientId: string;
  readonly clientSecret: string;
  private readonly state: State;
  private readonly auth: Auth;
  private readonly faults: FaultRegistry;
  private readonly numbers: ReadonlySet<string>;
  private readonly counts = new RequestCounts(ENDPOINT_NAMES);
  private readonly sockets = new Set<net.Socket>();
  private readonly sleepers = new Set<() => void>();
  private readonly server: http.Server;
  private closed = false;
  private boundPort = 0;

  constructor(private readonly options: ResolvedOptions) {
    this.clientId = options.clientId;
    this.clientSecret = options.clientSecret;
    this.state = new State(options.data);
    this.auth = new Auth({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      tokenTtlSeconds: options.tokenTtl,
      blockAfterFailures: options.blockAfterFailures,
      blockSeconds: options.blockSeconds,
    });
    this.faults = new FaultRegistry(ENDPOINT_NAMES, options.seed);
    this.numbers = new Set(options.whatsappNumbers);
    this.server = http.createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => this.onError(res, err));
    });
    this.server.on("connection", (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${urlHost(this.options.host)}:${this.boundPort}/api`;
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off("error", reject);
        const address = this.server.address();
        this.boundPort = typeof address === "object" && address ? address.port : 0;
        resolve();
      });
    });
  }

  injectFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  requestCount(endpoint?: string): number {
    return this.counts.get(endpoint);
  }

  requestCounts(): Record<string, number> {
    return this.counts.snapshot();
  }

  resetRequestCounts(): void {
    this.counts.clear();
  }

  accounts(): SimAccount[] {
    return this.state.snapshot().accounts;
  }

  agents(): SimAgent[] {
    return this.state.snapshot().agents;
  }

  builders(): SimBuilder[] {
    return this.state.snapshot().builders;
  }

  inboxes(): SimInbox[] {
    return this.state.snapshot().inboxes;
  }

  webhookUrl(): string | undefined {
    return this.state.webhookUrl();
  }

  business(): SimBusiness {
    return { ...this.state.business() };
  }

  whatsappNumbers(): string[] {
    return [...this.numbers];
  }

  expireTokens(): void {
    this.auth.expireAll();
  }

  reset(): void {
    this.state.reset();
    this.state.flush();
    this.faults.reset();
    this.counts.clear();
    this.auth.clearBlocks();
  }

  close(): Promise<void> {
    this.closed = true;
    // Requests sleeping in a latency fault end now and are never applied.
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** Latency rules add up past one timer's range, so a long sleep waits in steps. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const wait = (left: number): void => {
        const step = Math.min(left, MAX_TIMER_MS);
        timer = setTimeout(() => (left > step ? wait(left - step) : wake()), step);
      };
      this.sleepers.add(wake);
      wait(ms);
    });
  }

  private onError(res: http.ServerResponse, err: unknown): void {
    console.error("simulator: request failed:", err);
    if (!res.headersSent && !res.destroyed) sendHtml(res, 500);
    else res.destroy();
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const pathname = new URL(req.url ?? "/", "http://simulator").pathname;
    const isControl = pathname.startsWith(CONTROL_PREFIX);
    const name = endpointName(pathname);
    // Before anything is counted, applied or remembered against the caller's address.
    const refused = isControl ? undefined : pageRefusal(req, "the simulator's API");
    if (!isControl && refused === undefined) this.counts.add(name);

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        sendJson(res, 413, { status: "FAIL", reason: 2 }, { connection: "close" });
      }
      return; // the client went away mid-body: nothing to answer
    }
    if (isControl) {
      handleControl(this, req, res, pathname, raw);
      return;
    }
    if (refused !== undefined) {
      sendJson(res, 403, { status: "FAIL", reason: 403, error: refused });
      return;
    }

    const endpoint = name === undefined ? undefined : endpoints[name];
    if (name === undefined || endpoint === undefined) {
      sendJson(res, 404, { status: "FAIL", reason: 404 });
      return;
    }

    const plan = this.faults.take(name);
    if (plan.latencyMs > 0) await this.sleep(plan.latencyMs);
    if (this.closed) return;
    const fault = plan.fault;
    if (fault && this.answerWithoutApplying(fault, req, res)) {
      this.logLine(req, name, started, `fault ${fault.type}`);
      return;
    }

    const outcome = this.apply(endpoint, req, raw);
    this.state.flush();
    const body = envelope(outcome);
    this.logLine(
      req,
      name,
      started,
      `reason ${outcome.reason}${fault ? ` fault ${fault.type}` : ""}`,
    );

    switch (fault?.type) {
      case "status-after-commit":
        sendHtml(res, fault.status);
        return;
      case "drop-after-commit":
        req.socket.destroy();
        return;
      case "malformed-body":
        send(res, 200, "application/json; charset=utf-8", MALFORMED_BODY);
        return;
      case "truncated-body":
        sendTruncatedJson(res, body);
        return;
      default:
        sendJson(res, 200, body);
    }
  }

  /** Faults that answer instead of the API: true when one did. */
  private answerWithoutApplying(
    fault: NonLatencyFault,
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): boolean {
    switch (fault.type) {
      case "status":
        if (fault.body === "json") {
          sendJson(res, fault.status, { status: "FAIL", reason: fault.status });
        } else if (fault.body === "html") {
          sendHtml(res, fault.status);
        } else {
          send(res, fault.status, undefined, "");
        }
        return true;
      case "rate-limit":
        send(res, 429, "text/plain; charset=utf-8", "Too Many Requests\n", {
          "retry-after": String(fault.retryAfter),
        });
        return true;
      case "drop-before-commit":
        req.socket.destroy();
        return true;
      case "html-error":
        sendHtml(res, 502);
        return true;
      default:
        return false;
    }
  }

  /** Method, then token, then guard, then body, then the endpoint's own rules. */
  private apply(endpoint: Endpoint, req: http.IncomingMessage, raw: Buffer): Outcome {
    if (req.method !== endpoint.method) return { reason: endpoint.wrongMethodReason };
    if (endpoint.needsToken && !this.auth.verify(req.headers.authorization)) return { reason: 3 };
    const ctx: HandlerContext = {
      state: this.state,
      auth: this.auth,
      servers: this.options.servers,
      whatsappNumbers: this.numbers,
      maxAccounts: this.options.maxAccounts,
      maxBuilders: this.options.maxBuilders,
      // One client, one key: a dual-stack listener reports IPv4 callers as ::ffff:a.b.c.d.
      remoteAddress: (req.socket.remoteAddress ?? "").replace(/^::ffff:(?=\d+\.)/i, ""),
    };
    const guarded = endpoint.guard?.(ctx);
    if (guarded !== undefined) return { reason: guarded };
    const body = parseJsonObject(raw, req.method);
    if (body === undefined) return { reason: 2 };
    return endpoint.handle(body, ctx);
  }

  /** Method, endpoint, outcome and time only: bodies may hold secrets. */
  private logLine(req: http.IncomingMessage, name: string, started: number, what: string): void {
    this.options.log?.(`${req.method ?? "?"} /api/${name} ${what} ${Date.now() - started}ms`);
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const simulator = new RunningSimulator(resolveOptions(options));
  await simulator.listen();
  return simulator;
}
