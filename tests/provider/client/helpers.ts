// Tiny scripted HTTP servers for the client's tests: each test says exactly what the "API"
// answers (including broken answers no real server would give on purpose) and then inspects
// what the client sent, how often, and how many requests were in flight at once.

import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { PartnersClient, type PartnersClientOptions } from "../../../provider/client";

export const CLIENT_ID = "partner-7";
export const CLIENT_SECRET = "fake-test-S3cr3t-VALUE-42";

export interface Recorded {
  method: string;
  /** Without the /api prefix, e.g. "online/createAccount". */
  endpoint: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown> | undefined;
}

export type Handler = (
  req: Recorded,
  res: http.ServerResponse,
  server: ScriptedServer,
) => void | Promise<void>;

export interface ScriptedServer {
  url: string;
  port: number;
  requests: Recorded[];
  /** Requests to one endpoint, or all. */
  count(endpoint?: string): number;
  /** The most requests ever being handled at the same time. */
  maxInFlight: number;
  /** TCP connections accepted. */
  connections: number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<ScriptedServer> {
  let inFlight = 0;
  const sockets = new Set<import("node:net").Socket>();
  const state: ScriptedServer = {
    url: "",
    port: 0,
    requests: [],
    count: (endpoint) =>
      endpoint === undefined
        ? state.requests.length
        : state.requests.filter((r) => r.endpoint === endpoint).length,
    maxInFlight: 0,
    connections: 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = http.createServer((req, res) => {
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (!done) {
        done = true;
        inFlight -= 1;
      }
    };
    res.on("close", finish);
    res.on("finish", finish);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: Record<string, unknown> | undefined;
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      const recorded: Recorded = {
        method: req.method ?? "",
        endpoint: (req.url ?? "").replace(/^\/api\//, ""),
        headers: req.headers,
        body,
        json,
      };
      state.requests.push(recorded);
      Promise.resolve(handler(recorded, res, state)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  server.on("connection", (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}/api`;
  return state;
}

export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: http.ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Headers promise the whole body, then the connection drops halfway through it. */
export function sendTruncated(res: http.ServerResponse, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(200, { "content-type": "application/json", "content-length": text.length });
  res.write(text.subarray(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
}

let tokenCounter = 0;

/** A fresh token each time, so that tests can tell renewed tokens apart. */
export function issueToken(res: http.ServerResponse, ttlSeconds = 3600): string {
  tokenCounter += 1;
  const token = `tok_${tokenCounter}_9f8e7d6c5b4a`;
  sendJson(res, 200, {
    status: "OK",
    reason: 1,
    access_token: token,
    expiration_time: String(Math.floor(Date.now() / 1000) + ttlSeconds),
    token_type: "Bearer",
  });
  return token;
}

export type Routes = Record<string, Handler>;

/**
 * Routes by endpoint; settings/accessToken issues tokens unless overridden. Unknown endpoints
 * answer 404 with a FAIL body, like the simulator.
 */
export function routes(table: Routes): Handler {
  return (req, res, server) => {
    const handler = table[req.endpoint];
    if (handler) return handler(req, res, server);
    if (req.endpoint === "settings/accessToken") {
      issueToken(res);
      return;
    }
    sendJson(res, 404, { status: "FAIL", reason: 404 });
  };
}

export const ok = (extra: Record<string, unknown> = {}) => ({ status: "OK", reason: 1, ...extra });

/** A client with small timings, so that retry tests stay fast. */
export function testClient(
  url: string,
  options: Partial<PartnersClientOptions> = {},
): PartnersClient {
  return new PartnersClient({
    apiUrl: url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    requestTimeoutMs: 2000,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    debug: false,
    ...options,
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `fn`, expecting it to reject; returns the rejection. */
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, got a result");
}

export const validAccount = {
  accountName: "Acme Dental",
  agents: 5,
  inboxes: 2,
  adminEmail: "owner@acme.example",
  adminName: "Dana Levi",
  adminDisplayName: "Dana",
  adminPassword: "Str0ng!Passw0rd",
};

export const createdAccount = ok({ account_id: 8, agent_id: 100, server: "online" });

/**
 * The CPU time this process spends while `fn` runs, in milliseconds. Bounds on work use it
 * rather than the clock: on a busy machine the clock runs on while the process waits its turn.
 */
export async function cpuTime(fn: () => unknown): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
}
