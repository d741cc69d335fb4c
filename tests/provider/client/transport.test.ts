// The transport: the bound on requests in flight (measured by the server), keep-alive reuse,
// and whether an attempt had started to go out (what makes a failure ambiguous or not).

import assert from "node:assert/strict";
import type * as http from "node:http";
import {
  PartnersServerError,
  PartnersTransportError,
  type PartnersClient,
} from "../../../provider/client";
import { DebugLog } from "../../../provider/client/debug";
import type { Endpoint } from "../../../provider/client/endpoints";
import { Redactor } from "../../../provider/client/redact";
import { RequestSender } from "../../../provider/client/request";
import { defaultRetryPolicy } from "../../../provider/client/retry";
import { Semaphore } from "../../../provider/client/semaphore";
import { TokenCache } from "../../../provider/client/token";
import { MAX_RESPONSE_BYTES, Transport } from "../../../provider/client/transport";
import {
  ok,
  rejection,
  routes,
  sendJson,
  sleep,
  startServer,
  testClient,
  type ScriptedServer,
} from "./helpers";

describe("Semaphore", () => {
  it("never lets more than `size` tasks run, and serves waiters in order", async () => {
    const slots = new Semaphore(3);
    let running = 0;
    let max = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        slots.run(async () => {
          running += 1;
          max = Math.max(max, running);
          order.push(i);
          await sleep(5);
          running -= 1;
        }),
      ),
    );
    assert.equal(max, 3);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("a release function works once only", async () => {
    const slots = new Semaphore(1);
    const release = await slots.acquire();
    release();
    release();
    const a = await slots.acquire();
    let second = false;
    void slots.acquire().then(() => (second = true));
    await sleep(5);
    assert.equal(second, false, "the double release did not free a second slot");
    a();
  });
});

describe("Transport", () => {
  let server: ScriptedServer;
  let client: PartnersClient | undefined;
  let transport: Transport | undefined;

  afterEach(async () => {
    await client?.close();
    await transport?.close();
    client = undefined;
    transport = undefined;
    await server?.close();
  });

  const slow = () =>
    routes({
      "online/getAccounts": async (_req, res) => {
        await sleep(40);
        sendJson(res, 200, ok({ list: [] }));
      },
    });

  it("keeps requests in flight within maxConcurrency", async () => {
    server = await startServer(slow());
    client = testClient(server.url, { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 15 }, () => client!.online.getAccounts()));
    assert.equal(server.maxInFlight, 3);
    assert.ok(server.connections <= 3, `${server.connections} connections`);
  });

  it("defaults to 8 in flight", async () => {
    server = await startServer(slow());
    client = testClient(server.url);
    await Promise.all(Array.from({ length: 30 }, () => client!.online.getAccounts()));
    assert.equal(server.maxInFlight, 8);
  });

  it("reuses connections (keep-alive)", async () => {
    server = await startServer(
      routes({ "settings/getWebhook": (_req, res) => sendJson(res, 200, ok({ url: "" })) }),
    );
    client = testClient(server.url, { accessToken: "given_token_abc" });
    for (let i = 0; i < 10; i++) await client.settings.getWebhook();
    assert.equal(server.count(), 10);
    // undici may open a second connection while the first is being released.
    assert.ok(server.connections <= 2, `${server.connections} connections for 10 requests`);
  });

  it("reports whether the request had started to go out", async () => {
    server = await startServer((_req, res) => void res.socket?.destroy());
    const port = server.port;
    transport = new Transport({ apiUrl: server.url, maxConcurrency: 1, connectTimeoutMs: 1000 });
    const request = {
      method: "POST" as const,
      path: "online/createAccount",
      headers: { "content-type": "application/json" },
      body: "{}",
      timeoutMs: 1000,
    };
    const dropped = await transport.attempt(request);
    assert.equal(dropped.kind, "failure");
    assert.equal(dropped.kind === "failure" && dropped.sent, true);
    await transport.close();
    await server.close();

    transport = new Transport({
      apiUrl: `http://127.0.0.1:${port}/api`,
      maxConcurrency: 1,
      connectTimeoutMs: 1000,
    });
    const refused = await transport.attempt(request);
    assert.equal(refused.kind, "failure");
    assert.equal(refused.kind === "failure" && refused.sent, false);
  });
});

describe("answer size limit", () => {
  const limit = 64 * 1024;
  let server: ScriptedServer;
  let transport: Transport;
  let client: PartnersClient | undefined;
  /** Bytes the server managed to hand to its socket, and whether the client hung up. */
  let written: number;
  let hungUp: boolean;

  /** An answer that never ends: chunks as fast as the client reads them. */
  function streamForever(res: http.ServerResponse) {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"status":"OK","reason":1,"list":[');
    const chunk = Buffer.from(`${'{"account_id":1,"account_name":"Acme Dental"},'.repeat(340)}`);
    res.on("close", () => (hungUp = true));
    const pump = () => {
      while (!res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) {
          res.once("drain", pump);
          return;
        }
      }
    };
    pump();
  }

  function sender(): RequestSender {
    const redactor = new Redactor();
    const sending = new RequestSender({
      transport,
      redactor,
      debug: new DebugLog(undefined, redactor),
      retry: { ...defaultRetryPolicy, baseDelayMs: 5, maxDelayMs: 20 },
      requestTimeoutMs: 10_000,
      userAgent: "test",
    });
    sending.useTokens(new TokenCache({ accessToken: "given_token_abc" }));
    return sending;
  }

  const getAccounts: Endpoint = {
    name: "online/getAccounts",
    method: "GET",
    creates: false,
    mutates: false,
    auth: true,
    reasons: {},
  };
  const updateAccount: Endpoint = { ...getAccounts, name: "online/updateAccount", mutates: true };

  beforeEach(async () => {
    written = 0;
    hungUp = false;
    server = await startServer((req, res) =>
      req.endpoint === "settings/getWebhook" ? sendJson(res, 200, ok()) : streamForever(res),
    );
    transport = new Transport({
      apiUrl: server.url,
      maxConcurrency: 1,
      connectTimeoutMs: 1000,
      maxResponseBytes: limit,
    });
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await transport.close();
    await server.close();
  });

  it("is far above the largest real getAccounts answer", () => {
    // About 200 bytes per account: 20,000 accounts are some 4 MB.
    assert.equal(MAX_RESPONSE_BYTES, 32 * 1024 * 1024);
  });

  it("an endless answer is cut off at the limit, quickly, without reading on", async () => {
    const started = Date.now();
    const result = await transport.attempt({
      method: "GET",
      path: "online/getAccounts",
      headers: {},
      body: "{}",
      timeoutMs: 10_000,
    });
    assert.equal(result.kind, "too-large");
    assert.ok(result.kind === "too-large");
    assert.equal(result.status, 200);
    assert.equal(result.limitBytes, limit);
    // The read stops at the first chunk past the limit; undici hands over at most 64 KiB at once.
    assert.ok(result.receivedBytes > limit && result.receivedBytes <= limit + 64 * 1024);
    // Well below the 10 s an attempt may take: reading on to the deadline would fail this.
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    await sleep(100);
    assert.ok(hungUp, "the client closed the connection");
    const total = written;
    await sleep(200);
    assert.equal(written, total, "the server could not write any more");

    const next = await transport.attempt({
      method: "GET",
      path: "settings/getWebhook",
      headers: {},
      body: "{}",
      timeoutMs: 2000,
    });
    assert.equal(next.kind, "response", "the pool still works");
  });

  it("a read fails with a server error naming the endpoint and the limit; not retried", async () => {
    const started = Date.now();
    const error = await rejection(() => sender().send(getAccounts, {}));
    assert.ok(error instanceof PartnersServerError, String(error));
    assert.match(error.message, /^online\/getAccounts: .*larger than 64 KiB/);
    assert.equal(error.status, 200);
    assert.equal(error.ambiguous, false);
    assert.equal(server.count(), 1);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  it("for a change it is ambiguous: the server answered, so the change may have been made", async () => {
    const error = await rejection(() => sender().send(updateAccount, { accountID: "8" }));
    assert.ok(error instanceof PartnersServerError, String(error));
    assert.match(error.message, /^online\/updateAccount: .*larger than 64 KiB/);
    assert.match(error.message, /may have taken effect/);
    assert.equal(error.ambiguous, true);
    assert.equal(server.count(), 1);
  });

  it("an answer that announces more than the default limit fails at once, before its body", async () => {
    await server.close();
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-length": String(MAX_RESPONSE_BYTES + 1) });
      res.write("{");
    });
    client = testClient(server.url, { accessToken: "given_token_abc", requestTimeoutMs: 5000 });
    const started = Date.now();
    const error = await rejection(() => client!.online.getAccounts());
    assert.ok(error instanceof PartnersServerError, String(error));
    assert.ok(!(error instanceof PartnersTransportError));
    assert.match(error.message, /larger than 32 MiB/);
    // Before the 5 s deadline: waiting for the announced body would run into it.
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });
});
