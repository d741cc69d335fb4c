// The one sender: envelope reading, retries, Retry-After, timeouts, and above all that a
// create whose answer was lost is reported as ambiguous and never sent twice, while reads and
// idempotent changes under the same faults are retried and succeed.

import assert from "node:assert/strict";
import type * as http from "node:http";
import {
  Digital99Error,
  PartnersApiError,
  PartnersAuthError,
  PartnersClient,
  PartnersValidationError,
  PartnersRateLimitError,
  PartnersServerError,
  PartnersTransportError,
} from "../../../provider/client";
import {
  createdAccount,
  ok,
  rejection,
  routes,
  sendJson,
  sendText,
  sendTruncated,
  startServer,
  testClient,
  validAccount,
  type ScriptedServer,
} from "./helpers";

type Fault = (res: http.ServerResponse, body: unknown) => void;

const faults: Record<string, Fault> = {
  "connection dropped after the request arrived": (res) => res.socket?.destroy(),
  "HTTP 500 HTML page": (res) =>
    sendText(res, 500, "<html><body><h1>500 Internal Server Error</h1></body></html>", {
      "content-type": "text/html",
    }),
  "HTTP 502 empty body": (res) => sendText(res, 502, ""),
  "truncated body": (res, body) => sendTruncated(res, body),
  "malformed JSON under 200": (res) => sendText(res, 200, "{status: OK, reason: 1, <cut"),
};

describe("request sender", () => {
  let server: ScriptedServer;
  let client: PartnersClient;

  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  /** The endpoint answers `fault` for the first `times` requests, then `good`. */
  async function faulty(endpoint: string, fault: Fault, good: unknown, times = 1) {
    let seen = 0;
    server = await startServer(
      routes({
        [endpoint]: (_req, res) => {
          seen += 1;
          if (seen <= times) fault(res, good);
          else sendJson(res, 200, good);
        },
      }),
    );
    client = testClient(server.url);
  }

  describe("a create whose answer was lost", () => {
    for (const [name, fault] of Object.entries(faults)) {
      it(`${name}: ambiguous, sent exactly once`, async () => {
        await faulty("online/createAccount", fault, createdAccount);
        const error = await rejection(() => client.online.createAccount(validAccount));
        assert.ok(
          error instanceof PartnersServerError || error instanceof PartnersTransportError,
          String(error),
        );
        assert.equal(error.ambiguous, true);
        assert.equal(error.endpoint, "online/createAccount");
        assert.match(error.message, /may have taken effect/);
        assert.equal(server.count("online/createAccount"), 1);
      });

      it(`${name}: getAccounts is retried and succeeds`, async () => {
        await faulty("online/getAccounts", fault, ok({ list: [] }), 2);
        assert.deepEqual(await client.online.getAccounts(), []);
        assert.equal(server.count("online/getAccounts"), 3);
      });
    }

    it("a timeout after sending: ambiguous, sent once; getAccounts retried", async () => {
      let calls = 0;
      server = await startServer(
        routes({
          "online/createAccount": () => undefined, // never answers
          "online/getAccounts": (_req, res) => {
            calls += 1;
            if (calls > 1) sendJson(res, 200, ok({ list: [] }));
          },
        }),
      );
      client = testClient(server.url, { requestTimeoutMs: 150 });
      const started = Date.now();
      const error = await rejection(() => client.online.createAccount(validAccount));
      const elapsed = Date.now() - started;
      assert.ok(error instanceof PartnersTransportError);
      assert.equal(error.code, "ETIMEDOUT");
      assert.equal(error.ambiguous, true);
      // Never before the timeout; a client without one would wait for the test's own timeout.
      assert.ok(elapsed >= 140 && elapsed < 5000, `took ${elapsed} ms`);
      assert.equal(server.count("online/createAccount"), 1);

      assert.deepEqual(await client.online.getAccounts(), []);
      assert.equal(server.count("online/getAccounts"), 2);
    });

    it("updateAccount and deleteAccount are retried (idempotent)", async () => {
      await faulty("online/deleteAccount", faults["HTTP 500 HTML page"], ok(), 1);
      await client.online.deleteAccount({ accountId: "8" });
      assert.equal(server.count("online/deleteAccount"), 2);
    });

    it("createBuilder and createInbox are never re-sent either", async () => {
      await faulty("builder/createBuilder", faults["HTTP 502 empty body"], ok());
      const error = await rejection(() => client.builder.createBuilder({ clientName: "Acme" }));
      assert.ok(error instanceof PartnersServerError);
      assert.equal(error.ambiguous, true);
      assert.equal(server.count("builder/createBuilder"), 1);
      await client.close();
      await server.close();

      await faulty(
        "online/createInbox",
        faults["connection dropped after the request arrived"],
        ok(),
      );
      const error2 = await rejection(() =>
        client.online.createInbox({
          accountId: "8",
          server: "online",
          inboxName: "Support",
          whatsappNumber: "972501234567",
        }),
      );
      assert.ok(error2 instanceof PartnersTransportError);
      assert.equal(error2.ambiguous, true);
      assert.equal(server.count("online/createInbox"), 1);
    });

    it("an OK answer without the created id is ambiguous: the account probably exists", async () => {
      await faulty("online/createAccount", (res) => sendJson(res, 200, ok()), ok(), 1);
      const error = await rejection(() => client.online.createAccount(validAccount));
      assert.ok(error instanceof PartnersServerError);
      assert.equal(error.ambiguous, true);
      assert.equal(server.count("online/createAccount"), 1);
    });
  });

  describe("a create that certainly did not happen may be retried", () => {
    it("HTTP 429 is retried, even for createAccount", async () => {
      await faulty(
        "online/createAccount",
        (res) => sendText(res, 429, "Too Many Requests", { "retry-after": "0" }),
        createdAccount,
      );
      const created = await client.online.createAccount(validAccount);
      assert.equal(created.accountId, "8");
      assert.equal(server.count("online/createAccount"), 2);
    });

    it("connection refused is retried, and the error is not ambiguous", async () => {
      const lines: string[] = [];
      server = await startServer(routes({}));
      const port = server.port;
      await server.close();
      client = testClient(`http://127.0.0.1:${port}/api`, {
        accessToken: "given_token_abc",
        maxRetries: 2,
        debug: (line) => lines.push(line),
      });
      const error = await rejection(() => client.online.createAccount(validAccount));
      assert.ok(error instanceof PartnersTransportError);
      assert.equal(error.code, "ECONNREFUSED");
      assert.equal(error.ambiguous, false);
      assert.equal(error.attempts, 3);
      assert.equal(lines.length, 3);
      assert.match(lines[0], /code=ECONNREFUSED/);
    });

    it("a FAIL body is final: not retried, not ambiguous", async () => {
      await faulty(
        "online/createAccount",
        (res) => sendJson(res, 200, { status: "FAIL", reason: 31 }),
        createdAccount,
      );
      const error = await rejection(() => client.online.createAccount(validAccount));
      assert.ok(error instanceof PartnersApiError);
      assert.equal(error.reason, 31);
      assert.equal(error.ambiguous, false);
      assert.equal(server.count("online/createAccount"), 1);
    });

    it("a 5xx with a FAIL body of an unknown code is retried for a read", async () => {
      await faulty(
        "online/getAccounts",
        (res) => sendJson(res, 503, { status: "FAIL", reason: 503 }),
        { status: "OK", reason: 1, totalOnline: 0, list: [] },
      );
      assert.deepEqual(await client.online.getAccounts(), []);
      assert.equal(server.count("online/getAccounts"), 2);
    });

    it("the same answer to a create is ambiguous and not re-sent: a gateway may have forwarded it", async () => {
      await faulty(
        "online/createAccount",
        (res) => sendJson(res, 503, { status: "FAIL", reason: 503 }),
        createdAccount,
      );
      const error = await rejection(() => client.online.createAccount(validAccount));
      assert.ok(error instanceof PartnersServerError, String(error));
      assert.equal(error.ambiguous, true);
      assert.equal(server.count("online/createAccount"), 1);
    });
  });

  describe("envelope", () => {
    it("accepts FAIL bodies under any HTTP status, case-insensitively", async () => {
      for (const [status, body] of [
        [200, { status: "fail", reason: 36 }],
        [400, { status: "FAIL", reason: 36 }],
        [500, { status: "Fail", reason: "36" }],
        [200, { reason: 36 }],
      ] as const) {
        server = await startServer(
          routes({ "online/createAccount": (_q, res) => sendJson(res, status, body) }),
        );
        client = testClient(server.url);
        const error = await rejection(() => client.online.createAccount(validAccount));
        assert.ok(error instanceof PartnersApiError, `${status} ${JSON.stringify(body)}`);
        assert.equal(error.reason, 36);
        assert.equal(error.field, "accountName");
        assert.equal(error.status, status);
        assert.equal(server.count("online/createAccount"), 1);
        await client.close();
        await server.close();
      }
    });

    it("an HTML 404 is a server error that points at apiUrl, not retried", async () => {
      server = await startServer((_q, res) => sendText(res, 404, "<html>Not Found</html>"));
      client = testClient(server.url, { accessToken: "given_token_abc" });
      const error = await rejection(() => client.online.getAccounts());
      assert.ok(error instanceof PartnersServerError);
      assert.equal(error.status, 404);
      assert.equal(error.ambiguous, false);
      assert.match(error.message, /HTML page.*check apiUrl/);
      assert.equal(error.body, "<html>Not Found</html>");
      assert.equal(server.count(), 1);
    });

    it("a FAIL from an earlier lost attempt's retry is flagged ambiguous", async () => {
      // deleteAccount: the first attempt deleted but its answer was lost; the retry says 33.
      await faulty("online/deleteAccount", (res) => res.socket?.destroy(), {
        status: "FAIL",
        reason: 33,
      });
      const error = await rejection(() => client.online.deleteAccount({ accountId: "8" }));
      assert.ok(error instanceof PartnersApiError);
      assert.equal(error.reason, 33);
      assert.equal(error.ambiguous, true);
      assert.match(error.message, /earlier attempt/);
    });
  });

  describe("retry bounds", () => {
    it("gives up after maxRetries with the last error", async () => {
      await faulty("online/getAccounts", faults["HTTP 502 empty body"], ok(), 100);
      await client.close();
      client = testClient(server.url, { maxRetries: 2 });
      const error = await rejection(() => client.online.getAccounts());
      assert.ok(error instanceof PartnersServerError);
      assert.equal(error.status, 502);
      assert.equal(error.attempts, 3);
      assert.equal(error.ambiguous, false, "a read changes nothing");
      assert.equal(server.count("online/getAccounts"), 3);
    });

    it("maxRetries 0 means a single attempt", async () => {
      await faulty("online/getAccounts", faults["HTTP 502 empty body"], ok(), 100);
      await client.close();
      client = testClient(server.url, { maxRetries: 0 });
      await rejection(() => client.online.getAccounts());
      assert.equal(server.count("online/getAccounts"), 1);
    });

    it("stops when the next wait would pass maxRetryTimeMs", async () => {
      await faulty(
        "online/getAccounts",
        (res) => sendText(res, 503, "busy", { "retry-after": "30" }),
        ok(),
        100,
      );
      await client.close();
      client = testClient(server.url, { maxRetryTimeMs: 1000, maxRetries: 5 });
      const started = Date.now();
      const error = await rejection(() => client.online.getAccounts());
      assert.ok(error instanceof PartnersServerError);
      assert.ok(Date.now() - started < 5000, "did not sleep 30 s past the budget");
      assert.equal(server.count("online/getAccounts"), 1);
    });

    it("429 persisting past the retries is a PartnersRateLimitError", async () => {
      await faulty(
        "online/getAccounts",
        (res) => sendText(res, 429, "slow down", { "retry-after": "0" }),
        ok(),
        100,
      );
      await client.close();
      client = testClient(server.url, { maxRetries: 2 });
      const error = await rejection(() => client.online.getAccounts());
      assert.ok(error instanceof PartnersRateLimitError);
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterMs, 0);
      assert.equal(error.attempts, 3);
      assert.equal(error.ambiguous, false);
    });

    it("a 429 with a code the endpoint defines is the API's answer (IP block): not retried", async () => {
      server = await startServer(
        routes({
          "settings/accessToken": (_q, res) => sendJson(res, 429, { status: "FAIL", reason: 3 }),
        }),
      );
      client = testClient(server.url);
      const error = await rejection(() => client.online.getAccounts());
      assert.ok(error instanceof PartnersAuthError);
      assert.equal(server.count("settings/accessToken"), 1);
    });
  });

  describe("Retry-After", () => {
    /**
     * getAccounts answers `first` with the Retry-After that `header` makes of the time of its
     * answer, then succeeds; returns when the retry arrived, and when the header asked for it.
     * Both are this process's clock, so a busy machine can only make the retry later.
     */
    async function retried(
      status: number,
      header: (answeredAt: number) => { value: string; retryAt: number },
    ): Promise<{ arrivedAt: number; retryAt: number }> {
      let retryAt = 0;
      let arrivedAt = 0;
      server = await startServer(
        routes({
          "online/getAccounts": (_req, res, s) => {
            if (s.count("online/getAccounts") === 1) {
              const asked = header(Date.now());
              retryAt = asked.retryAt;
              sendText(res, status, "", { "retry-after": asked.value });
            } else {
              arrivedAt = Date.now();
              sendJson(res, 200, ok({ list: [] }));
            }
          },
        }),
      );
      client = testClient(server.url);
      await client.online.getAccounts();
      assert.equal(server.count("online/getAccounts"), 2);
      return { arrivedAt, retryAt };
    }

    // Timers may fire a millisecond before the wall clock says; a client that ignored the header
    // would retry after its 5-20 ms backoff, a second or more too early.
    const EARLY_MS = 20;
    // Generous for a busy machine; a client that read the header wrong would wait 10 s or more.
    const LATE_MS = 4000;

    it("waits the seconds a 429 asks for", async () => {
      const { arrivedAt, retryAt } = await retried(429, (now) => ({
        value: "1",
        retryAt: now + 1000,
      }));
      assert.ok(arrivedAt >= retryAt - EARLY_MS, `${retryAt - arrivedAt} ms early`);
      assert.ok(arrivedAt < retryAt + LATE_MS, `${arrivedAt - retryAt} ms late`);
    });

    it("honours it on other responses too (503 with an HTTP date)", async () => {
      const { arrivedAt, retryAt } = await retried(503, (now) => {
        // A whole second at least 1.5 s away: an HTTP date has no finer resolution.
        const at = Math.ceil((now + 1500) / 1000) * 1000;
        return { value: new Date(at).toUTCString(), retryAt: at };
      });
      assert.ok(arrivedAt >= retryAt - EARLY_MS, `${retryAt - arrivedAt} ms early`);
      assert.ok(arrivedAt < retryAt + LATE_MS, `${arrivedAt - retryAt} ms late`);
    });
  });

  describe("timeouts", () => {
    it("requestTimeoutMs bounds each attempt of a read, and retries follow", async () => {
      server = await startServer(routes({ "online/getAccounts": () => undefined }));
      client = testClient(server.url, { requestTimeoutMs: 100, maxRetries: 2 });
      const started = Date.now();
      const error = await rejection(() => client.online.getAccounts());
      const elapsed = Date.now() - started;
      assert.ok(error instanceof PartnersTransportError);
      assert.equal(error.code, "ETIMEDOUT");
      assert.equal(error.ambiguous, false);
      assert.equal(error.attempts, 3);
      assert.match(error.message, /timed out after 100 ms/);
      // Three attempts of 100 ms; a deadline of the whole call, or in seconds, would be far off.
      assert.ok(elapsed >= 300 && elapsed < 3000, `took ${elapsed} ms`);
    });

    it("a slow body counts against the same deadline", async () => {
      server = await startServer(
        routes({
          "online/getAccounts": (_q, res) => {
            res.writeHead(200, { "content-type": "application/json", "content-length": 100 });
            res.write('{"status":"OK",');
          },
        }),
      );
      client = testClient(server.url, { requestTimeoutMs: 100, maxRetries: 0 });
      const error = await rejection(() => client.online.getAccounts());
      assert.ok(error instanceof PartnersTransportError);
      assert.equal(error.code, "ETIMEDOUT");
    });
  });

  describe("every error from a call says how many attempts it made", () => {
    const cases: {
      name: string;
      handler: (res: http.ServerResponse, endpoint: string) => void;
      call: (c: PartnersClient) => Promise<unknown>;
      options?: Parameters<typeof testClient>[1];
      type: new (...args: never[]) => Digital99Error;
      attempts: number;
    }[] = [
      {
        name: "a FAIL answer",
        handler: (res) => sendJson(res, 200, { status: "FAIL", reason: 31 }),
        call: (c) => c.online.createAccount(validAccount),
        type: PartnersApiError,
        attempts: 1,
      },
      {
        name: "rejected credentials",
        handler: (res) => sendJson(res, 200, { status: "FAIL", reason: 2 }),
        call: (c) => c.online.getAccounts(),
        type: PartnersAuthError,
        attempts: 1,
      },
      {
        name: "a 502 on every retry",
        handler: (res, endpoint) =>
          endpoint === "settings/accessToken"
            ? sendJson(res, 200, ok({ access_token: "tok_abcdef" }))
            : sendText(res, 502, ""),
        call: (c) => c.online.getAccounts(),
        type: PartnersServerError,
        attempts: 4,
      },
      {
        name: "an ambiguous create",
        handler: (res, endpoint) =>
          endpoint === "settings/accessToken"
            ? sendJson(res, 200, ok({ access_token: "tok_abcdef" }))
            : res.socket?.destroy(),
        call: (c) => c.online.createAccount(validAccount),
        type: PartnersTransportError,
        attempts: 1,
      },
      {
        name: "timeouts",
        handler: (res, endpoint) => {
          if (endpoint === "settings/accessToken") sendJson(res, 200, ok({ access_token: "t0k" }));
        },
        call: (c) => c.online.getAccounts(),
        options: { requestTimeoutMs: 100, maxRetries: 1 },
        type: PartnersTransportError,
        attempts: 2,
      },
      {
        name: "a rate limit that persists",
        handler: (res) => sendText(res, 429, "", { "retry-after": "0" }),
        call: (c) => c.online.getAccounts(),
        options: { accessToken: "given_token_abc", maxRetries: 2 },
        type: PartnersRateLimitError,
        attempts: 3,
      },
      {
        name: "bad parameters",
        handler: (res) => sendJson(res, 200, ok()),
        call: (c) => c.online.createAccount({ ...validAccount, agents: 0 }),
        type: PartnersValidationError,
        attempts: 0,
      },
    ];

    for (const { name, handler, call, options, type, attempts } of cases) {
      it(`${name}: ${attempts} attempt(s), in the error and at the end of its message`, async () => {
        server = await startServer((req, res) => handler(res, req.endpoint));
        client = testClient(server.url, options);
        const error = await rejection(() => call(client));
        assert.ok(error instanceof type, String(error));
        assert.equal(error.attempts, attempts);
        const said =
          attempts === 0
            ? "nothing was sent"
            : `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
        assert.ok(error.message.endsWith(` (${said})`), error.message);
        assert.equal(error.message.split(said).length, 2, "said once");
      });
    }
  });
});
