// A deliberately plain HTTP client for the simulator's contract tests: node:http
// rather than fetch, because the API sends JSON bodies on GET and DELETE and
// fetch refuses a body on GET.
import http from "node:http";
import { startSimulator } from "../../simulator";
import type { Simulator, SimulatorOptions } from "../../simulator";

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  /** Sent as is instead of JSON.stringify(body): for malformed JSON. */
  raw?: string;
  /** Merged over the defaults; a header set to undefined is not sent at all. */
  headers?: Record<string, string | number | undefined>;
}

/** One request on a fresh connection; rejects when the socket dies before a full answer. */
export function request(
  url: string,
  method: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<Reply> {
  const payload = options.raw ?? (body === undefined ? "" : JSON.stringify(body));
  const headers = Object.fromEntries(
    Object.entries({
      "content-type": "application/json",
      "content-length": Buffer.byteLength(payload),
      ...options.headers,
    }).filter(([, value]) => value !== undefined),
  ) as http.OutgoingHttpHeaders;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent: false,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("aborted", () => reject(new Error("response aborted")));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/** A simulator plus a token, the way a partner's client would hold them. */
export class Api {
  token = "";

  constructor(readonly sim: Simulator) {}

  async login(): Promise<string> {
    const reply = await request(`${this.sim.url}/settings/accessToken`, "POST", {
      client_id: this.sim.clientId,
      client_secret: this.sim.clientSecret,
    });
    if (reply.json?.reason !== 1) throw new Error(`login failed: ${reply.text}`);
    this.token = reply.json.access_token as string;
    return this.token;
  }

  /** A call with this client's bearer token; options.headers may override it. */
  call(method: string, endpoint: string, body?: unknown, options: RequestOptions = {}) {
    return request(`${this.sim.url}/${endpoint}`, method, body, {
      ...options,
      headers: { authorization: `Bearer ${this.token}`, ...options.headers },
    });
  }

  /** The body a valid createAccount sends; override fields per test. */
  static account(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      account_name: "Acme Ltd",
      agents: 5,
      inboxes: 2,
      admin_email: "admin@acme.example.com",
      admin_name: "Dana Admin",
      admin_displayName: "Dana",
      admin_password: "Secret!pass",
      ...overrides,
    };
  }

  async createAccount(overrides: Record<string, unknown> = {}): Promise<{
    accountId: number;
    agentId: number;
  }> {
    const reply = await this.call("POST", "online/createAccount", Api.account(overrides));
    if (reply.json?.reason !== 1) throw new Error(`createAccount failed: ${reply.text}`);
    return { accountId: reply.json.account_id as number, agentId: reply.json.agent_id as number };
  }
}

/** Starts a simulator on a free port with a logged-in client; close it in after/afterEach. */
export async function startWithApi(options: SimulatorOptions = {}): Promise<Api> {
  const sim = await startSimulator({ port: 0, ...options });
  const api = new Api(sim);
  try {
    await api.login();
  } catch (err) {
    await sim.close();
    throw err;
  }
  return api;
}

/**
 * For simulators a single test starts on the side: call in a describe body;
 * pass each simulator to the returned function and it is closed after the
 * test, whether the test passed or not.
 */
export function closeAfterEach(): <T extends Simulator>(sim: T) => T {
  const open: Simulator[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((sim) => sim.close()));
  });
  return (sim) => {
    open.push(sim);
    return sim;
  };
}
