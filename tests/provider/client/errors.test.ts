// The error classes: one hierarchy, `ambiguous` on every error, and properties a caller can
// branch on without parsing messages.

import assert from "node:assert/strict";
import * as net from "node:net";
import { inspect } from "node:util";
import {
  Digital99Error,
  PartnersApiError,
  PartnersAuthError,
  PartnersRateLimitError,
  PartnersServerError,
  PartnersTransportError,
  PartnersValidationError,
} from "../../../provider/client";
import { Transport } from "../../../provider/client/transport";
import {
  rejection,
  sendJson,
  sendText,
  startServer,
  testClient,
  validAccount,
  type Recorded,
} from "./helpers";

describe("errors", () => {
  const all = [
    new PartnersApiError("m", { endpoint: "online/getAccounts", reason: 13, status: 200 }),
    new PartnersAuthError("m", { endpoint: "settings/accessToken", reason: 2, status: 200 }),
    new PartnersTransportError("m", {
      endpoint: "online/getAccounts",
      code: "ECONNRESET",
      ambiguous: true,
    }),
    new PartnersServerError("m", {
      endpoint: "online/createAccount",
      status: 502,
      ambiguous: true,
    }),
    new PartnersRateLimitError("m", {
      endpoint: "online/getAccounts",
      status: 429,
      retryAfterMs: 1000,
    }),
    new PartnersValidationError([{ field: "agents", rule: "range", message: "agents must be..." }]),
  ];

  it("all extend Digital99Error and Error, with their own name", () => {
    for (const error of all) {
      assert.ok(error instanceof Digital99Error);
      assert.ok(error instanceof Error);
      assert.equal(error.name, error.constructor.name);
      assert.equal(typeof error.ambiguous, "boolean");
      assert.match(String(error), new RegExp(`^${error.name}: `));
    }
  });

  it("an auth error is an API error", () => {
    assert.ok(all[1] instanceof PartnersApiError);
  });

  it("ambiguous: false unless said otherwise; never for FAIL, rate limit or validation", () => {
    assert.deepEqual(
      all.map((e) => e.ambiguous),
      [false, false, true, true, false, false],
    );
  });

  it("properties survive JSON.stringify for logs and state", () => {
    const json = JSON.parse(JSON.stringify(all[0])) as Record<string, unknown>;
    assert.deepEqual(json, {
      name: "PartnersApiError",
      endpoint: "online/getAccounts",
      ambiguous: false,
      reason: 13,
      status: 200,
    });
  });

  it("a validation error carries field, rule and every issue", () => {
    const error = new PartnersValidationError(
      [
        { field: "agents", rule: "range", message: "agents must be a whole number" },
        { field: "inboxes", rule: "range", message: "inboxes must be a whole number" },
      ],
      "online/createAccount",
    );
    assert.equal(error.field, "agents");
    assert.equal(error.rule, "range");
    assert.equal(error.issues.length, 2);
    assert.equal(
      error.message,
      "online/createAccount: agents must be a whole number; inboxes must be a whole number (nothing was sent)",
    );
  });

  it("a validation error made no attempt, and says nothing was sent", () => {
    const error = all[5];
    assert.equal(error.attempts, 0);
    assert.match(error.message, / \(nothing was sent\)$/);
  });

  it("an error given its attempts ends its message with them", () => {
    const made = [
      new PartnersApiError("m", { endpoint: "e", reason: 13, status: 200, attempts: 1 }),
      new PartnersAuthError("m", { endpoint: "e", reason: 2, status: 200, attempts: 2 }),
      new PartnersTransportError("m", { endpoint: "e", code: "X", ambiguous: true, attempts: 3 }),
      new PartnersServerError("m", { endpoint: "e", status: 502, ambiguous: true, attempts: 4 }),
      new PartnersRateLimitError("m", { endpoint: "e", status: 429, attempts: 5 }),
      new Digital99Error("m", { attempts: 0 }),
    ];
    assert.deepEqual(
      made.map((e) => [e.message, e.attempts]),
      [
        ["m (after 1 attempt)", 1],
        ["m (after 2 attempts)", 2],
        ["m (after 3 attempts)", 3],
        ["m (after 4 attempts)", 4],
        ["m (after 5 attempts)", 5],
        ["m (nothing was sent)", 0],
      ],
    );
    assert.match(made[0].stack ?? "", /^PartnersApiError: m \(after 1 attempt\)\n/);
  });
});

describe("no secret in errors from real failures", () => {
  const clientSecret = "real-FAIL-client-S3cret";
  const token = "tok_REAL_fail_0f1e2d3c";
  const password = "Real!Fail-Passw0rd";
  const secrets = [clientSecret, token, password];

  function assertNoSecret(error: unknown) {
    assert.ok(error instanceof Digital99Error, String(error));
    assert.equal(error.cause, undefined, "no cause: undici's errors hold the request");
    const own = Object.getOwnPropertyNames(error).map((k) => [
      k,
      (error as unknown as Record<string, unknown>)[k],
    ]);
    const views = [
      error.message,
      error.stack ?? "",
      JSON.stringify(error),
      inspect(own, { depth: 10, showHidden: true }),
      inspect(error, { depth: 10, showHidden: true }),
    ];
    for (const view of views) {
      for (const secret of secrets) assert.ok(!view.includes(secret), view);
    }
  }

  /** A raw TCP server: the token endpoint works, the next request gets `fault`. */
  async function rawServer(fault: (socket: net.Socket, request: string) => void) {
    const server = net.createServer((socket) => {
      let buffered = "";
      socket.on("error", () => undefined);
      socket.on("data", (data) => {
        buffered += data.toString();
        const end = buffered.indexOf("\r\n\r\n");
        const length = Number(/content-length: (\d+)/i.exec(buffered)?.[1] ?? 0);
        if (end === -1 || buffered.length < end + 4 + length) return;
        const request = buffered;
        buffered = "";
        if (request.includes("settings/accessToken")) {
          const body = JSON.stringify({ status: "OK", reason: 1, access_token: token });
          socket.write(
            `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
          );
        } else fault(socket, request);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  async function failure(apiUrl: string, options: Parameters<typeof testClient>[1] = {}) {
    const client = testClient(apiUrl, { clientSecret, maxRetries: 0, ...options });
    try {
      return await rejection(() =>
        client.online.createAccount({ ...validAccount, adminPassword: password }),
      );
    } finally {
      await client.close();
    }
  }

  it("connection reset after the request arrived", async () => {
    const server = await rawServer((socket) => socket.resetAndDestroy());
    try {
      const error = await failure(`http://127.0.0.1:${server.port}/api`);
      assert.ok(error instanceof PartnersTransportError, String(error));
      assertNoSecret(error);
    } finally {
      await server.close();
    }
  });

  it("a timeout", async () => {
    const server = await rawServer(() => undefined);
    try {
      const error = await failure(`http://127.0.0.1:${server.port}/api`, {
        requestTimeoutMs: 150,
      });
      assert.ok(error instanceof PartnersTransportError, String(error));
      assert.equal(error.code, "ETIMEDOUT");
      assertNoSecret(error);
    } finally {
      await server.close();
    }
  });

  it("TLS spoken to a plain HTTP port", async () => {
    const server = await startServer((_req, res) => sendText(res, 400, "Bad Request"));
    try {
      const error = await failure(`https://127.0.0.1:${server.port}/api`);
      assert.ok(error instanceof PartnersTransportError, String(error));
      assertNoSecret(error);
    } finally {
      await server.close();
    }
  });

  it("connection refused", async () => {
    const server = await startServer(() => undefined);
    const port = server.port;
    await server.close();
    assertNoSecret(await failure(`http://127.0.0.1:${port}/api`));
  });

  it("an HTML 500 page echoing the Authorization header and the body", async () => {
    const echo = (req: Recorded) =>
      `<html><body><pre>${req.headers.authorization}\n${req.body}</pre></body></html>`;
    const server = await startServer((req, res) =>
      req.endpoint === "settings/accessToken"
        ? sendJson(res, 200, { status: "OK", reason: 1, access_token: token })
        : sendText(res, 500, echo(req), { "content-type": "text/html" }),
    );
    try {
      const error = await failure(server.url);
      assert.ok(error instanceof PartnersServerError, String(error));
      assert.match(error.body ?? "", /REDACTED/);
      assertNoSecret(error);
    } finally {
      await server.close();
    }
  });

  it("a broken HTTP answer echoing the request: undici's error holds it, ours does not", async () => {
    const server = await rawServer((socket, request) =>
      socket.end(`HTTP/1.1 200 OK\r\nx-echo: ${request.replace(/\r\n/g, "\u0001")}\r\n\r\n`),
    );
    const apiUrl = `http://127.0.0.1:${server.port}/api`;
    const transport = new Transport({ apiUrl, maxConcurrency: 1, connectTimeoutMs: 1000 });
    try {
      const raw = await transport.attempt({
        method: "POST",
        path: "online/createAccount",
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ admin_password: password }),
        timeoutMs: 2000,
      });
      assert.equal(raw.kind, "failure");
      const undiciError = inspect(raw.kind === "failure" && raw.error, { showHidden: true });
      assert.ok(undiciError.includes(token) && undiciError.includes(password), undiciError);

      const error = await failure(apiUrl);
      assert.ok(error instanceof PartnersTransportError, String(error));
      assertNoSecret(error);
    } finally {
      await transport.close();
      await server.close();
    }
  });
});
