// The transport: the bound on requests in flight (measured by the server), keep-alive reuse,
// and whether an attempt had started to go out (what makes a failure ambiguous or not).

import assert from "node:assert/strict";
import type { PartnersClient } from "../../../provider/client";
import { Semaphore } from "../../../provider/client/semaphore";
import { Transport } from "../../../provider/client/transport";
import {
  ok,
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
