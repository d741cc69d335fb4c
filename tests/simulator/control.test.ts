// /__simulator/*: the control route for tests in other processes, loopback only.
import assert from "node:assert/strict";
import diagnostics from "node:diagnostics_channel";
import fs from "node:fs";
import type net from "node:net";
import os from "node:os";
import path from "node:path";
import { DEFAULT_WHATSAPP_NUMBERS, startSimulator } from "../../simulator";
import { isLoopback } from "../../simulator/control";
import { Api, closeAfterEach, request, startWithApi } from "./helpers";
import type { Reply } from "./helpers";

/**
 * Runs `body` while the server on `port` sees `peer` as the remote address of every request, as
 * it would for a connection from another machine: the real socket, parser and route, on any
 * machine (one whose only IPv4 interface is loopback too), so the test never has to skip.
 */
async function fromPeer<T>(port: number, peer: string, body: () => Promise<T>): Promise<T> {
  const rewrite = (message: unknown) => {
    const { socket } = message as { socket: net.Socket };
    if (socket.localPort !== port) return;
    Object.defineProperty(socket, "remoteAddress", { value: peer, configurable: true });
  };
  // Published for each request before the server's "request" listeners run.
  diagnostics.subscribe("http.server.request.start", rewrite);
  try {
    return await body();
  } finally {
    diagnostics.unsubscribe("http.server.request.start", rewrite);
  }
}

describe("simulator: control route", () => {
  let api: Api;
  let control: string;
  before(async () => {
    api = await startWithApi();
    control = api.sim.url.replace(/\/api$/, "/__simulator");
  });
  beforeEach(() => api.sim.reset());
  after(() => api.sim.close());
  const track = closeAfterEach();

  it("GET state shows the data without agents' passwords", async () => {
    await api.createAccount();
    const reply = await request(`${control}/state`, "GET");
    assert.equal(reply.status, 200);
    assert.equal(reply.json.accounts.length, 1);
    assert.equal(reply.json.accounts[0].accountName, "Acme Ltd");
    assert.equal(reply.json.agents[0].email, "admin@acme.example.com");
    assert.equal("password" in reply.json.agents[0], false);
    assert.doesNotMatch(reply.text, /Secret!pass/);
    assert.deepEqual(reply.json.inboxes, []);
    assert.equal(reply.json.webhookUrl, null);
    assert.deepEqual(reply.json.whatsappNumbers, DEFAULT_WHATSAPP_NUMBERS);
  });

  it("GET state shows builders, inboxes, the webhook and the onboarding texts in full", async () => {
    const { accountId } = await api.createAccount();
    const builder = await api.call("POST", "builder/createBuilder", {
      client_name: "Acme",
      reference: "b1",
    });
    const inbox = await api.call("POST", "online/createInbox", {
      inbox_type: "whatsapp",
      inbox_name: "Support",
      whatsapp_number: "972501234568",
      account_id: accountId,
      server: "online",
      reference: "wa1",
      import_history: 1,
    });
    await api.call("POST", "settings/setWebhook", { url: "https://hooks.example.com/e" });
    await api.call("PATCH", "settings/setBusiness", { onboarding_button: "Connect" });
    const state = (await request(`${control}/state`, "GET")).json as {
      builders: Record<string, unknown>[];
      inboxes: Record<string, unknown>[];
      webhookUrl: string;
      business: Record<string, string>;
    };
    assert.deepEqual(
      state.builders.map(({ createTime: _t, ...rest }) => rest),
      [
        {
          builderId: builder.json.builderID,
          clientName: "Acme",
          reference: "b1",
          url: builder.json.url,
        },
      ],
    );
    assert.deepEqual(
      state.inboxes.map(({ createTime: _t, ...rest }) => rest),
      [
        {
          inboxId: inbox.json.inboxID,
          accountId,
          server: "online",
          name: "Support",
          whatsappNumber: "972501234568",
          reference: "wa1",
          importHistory: true,
        },
      ],
    );
    assert.equal(state.webhookUrl, "https://hooks.example.com/e");
    assert.deepEqual(state.business, { onboarding_button: "Connect" });
  });

  it("POST faults injects a rule, null times meaning always; DELETE faults clears them", async () => {
    const add = await request(`${control}/faults`, "POST", {
      endpoint: "builder/getBuilders",
      fault: { type: "status", status: 503 },
      times: null,
    });
    assert.equal(add.status, 200);
    for (let i = 0; i < 3; i++) {
      assert.equal((await api.call("GET", "builder/getBuilders")).status, 503);
    }
    assert.equal((await request(`${control}/faults`, "DELETE")).status, 200);
    assert.equal((await api.call("GET", "builder/getBuilders")).status, 200);
  });

  it("POST faults without times hits once", async () => {
    await request(`${control}/faults`, "POST", {
      endpoint: "builder/getBuilders",
      fault: { type: "html-error" },
    });
    assert.equal((await api.call("GET", "builder/getBuilders")).status, 502);
    assert.equal((await api.call("GET", "builder/getBuilders")).status, 200);
  });

  it("POST faults answers 400 with the reason for a bad rule", async () => {
    const reply = await request(`${control}/faults`, "POST", { endpoint: "x/y", fault: {} });
    assert.equal(reply.status, 400);
    assert.match(String(reply.json.error), /endpoint/);
    assert.equal((await request(`${control}/faults`, "POST", undefined, { raw: "{" })).status, 400);
  });

  it("POST reset empties state; POST expire-tokens expires tokens", async () => {
    await api.createAccount();
    assert.equal((await request(`${control}/reset`, "POST")).status, 200);
    assert.equal(api.sim.accounts().length, 0);
    assert.equal((await request(`${control}/expire-tokens`, "POST")).status, 200);
    assert.equal((await api.call("GET", "online/getAccounts")).json.reason, 3);
    await api.login();
  });

  it("answers 404 for other control paths and does not count control requests", async () => {
    api.sim.resetRequestCounts();
    assert.equal((await request(`${control}/nope`, "GET")).status, 404);
    assert.equal((await request(`${control}/state`, "POST")).status, 404);
    assert.equal(api.sim.requestCount(), 0);
  });

  describe("refuses what a web page could send", () => {
    let dir: string;
    let file: string;
    let sim: Api;
    let base: string;
    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-control-"));
      file = path.join(dir, "state.json");
      sim = await startWithApi({ data: file });
      track(sim.sim);
      base = sim.sim.url.replace(/\/api$/, "/__simulator");
      await sim.createAccount();
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** Sends `request` and asserts a 403 that explains itself and left everything as it was. */
    async function assertRefused(send: () => Promise<Reply>, why: RegExp): Promise<void> {
      const before = fs.readFileSync(file, "utf8");
      sim.sim.injectFault({ endpoint: "builder/getBuilders", fault: { type: "html-error" } });
      const reply = await send();
      assert.equal(reply.status, 403, reply.text);
      assert.match(String(reply.json?.error), why);
      assert.equal(sim.sim.accounts().length, 1);
      assert.equal(fs.readFileSync(file, "utf8"), before);
      assert.equal((await sim.call("GET", "builder/getBuilders")).status, 502, "faults kept");
      assert.equal((await sim.call("GET", "online/getAccounts")).json.reason, 1, "token kept");
    }

    it("a form-like POST reset: text/plain from a foreign Origin", async () => {
      await assertRefused(
        () =>
          request(`${base}/reset`, "POST", undefined, {
            raw: "x",
            headers: { "content-type": "text/plain", origin: "https://evil.example" },
          }),
        /Origin/,
      );
    });

    it("any Origin, a loopback one included", async () => {
      for (const origin of ["http://127.0.0.1:3000", "http://localhost:8080", "null"]) {
        await assertRefused(
          () => request(`${base}/reset`, "POST", undefined, { headers: { origin } }),
          /Origin/,
        );
      }
      const read = await request(`${base}/state`, "GET", undefined, {
        headers: { origin: "https://evil.example" },
      });
      assert.equal(read.status, 403);
    });

    for (const [what, contentType] of [
      ["text/plain", "text/plain"],
      ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded"],
      ["multipart/form-data", "multipart/form-data; boundary=x"],
      ["no content type at all", undefined],
      ["a JSON look-alike", "application/jsonp"],
    ] as const) {
      it(`a POST without an Origin but with ${what}`, async () => {
        for (const route of ["reset", "expire-tokens", "faults"]) {
          await assertRefused(
            () =>
              request(`${base}/${route}`, "POST", undefined, {
                raw: JSON.stringify({ endpoint: "*", fault: { type: "html-error" } }),
                headers: { "content-type": contentType },
              }),
            /Content-Type: application\/json/,
          );
        }
        await assertRefused(
          () =>
            request(`${base}/faults`, "DELETE", undefined, {
              headers: { "content-type": contentType },
            }),
          /Content-Type: application\/json/,
        );
      });
    }

    it("a Host naming another domain, as a DNS-rebound page sends", async () => {
      const read = await request(`${base}/state`, "GET", undefined, {
        headers: { host: `evil.example:${sim.sim.port}` },
      });
      assert.equal(read.status, 403);
      assert.match(String(read.json.error), /127\.0\.0\.1/);
      await assertRefused(
        () =>
          request(`${base}/reset`, "POST", undefined, {
            headers: { host: `evil.example:${sim.sim.port}` },
          }),
        /addressed to/,
      );
    });

    it("while scripts are served: JSON with a charset, Host localhost or [::1], GET without a type", async () => {
      const port = sim.sim.port;
      for (const host of [`localhost:${port}`, `[::1]:${port}`, `127.0.0.1:${port}`, "localhost"]) {
        const reply = await request(`${base}/state`, "GET", undefined, {
          headers: { host, "content-type": undefined },
        });
        assert.equal(reply.status, 200, `${host}: ${reply.text}`);
      }
      const reset = await request(`${base}/reset`, "POST", undefined, {
        headers: { "content-type": "Application/JSON; charset=utf-8" },
      });
      assert.equal(reset.status, 200, reset.text);
      assert.equal(sim.sim.accounts().length, 0);
    });
  });

  it("answers a non-loopback caller 403 (the check, tested directly)", () => {
    for (const address of [
      "127.0.0.1",
      "127.8.9.10",
      "::1",
      "::ffff:127.0.0.1",
      "0:0:0:0:0:0:0:1",
    ]) {
      assert.equal(isLoopback(address), true, address);
    }
    for (const address of [
      undefined,
      "",
      "10.0.0.1",
      "192.168.1.20",
      "128.0.0.1",
      "::",
      "::2",
      "fe80::1",
      "::ffff:10.0.0.1",
      "2001:db8::1",
      "localhost",
    ]) {
      assert.equal(isLoopback(address), false, String(address));
    }
  });

  it("answers 403 to a caller on another machine, even addressed to 127.0.0.1, while the API itself still answers", async () => {
    const sim = track(await startSimulator({ port: 0 }));
    const base = `http://127.0.0.1:${sim.port}`;
    await fromPeer(sim.port, "192.0.2.50", async () => {
      const reply = await request(`${base}/__simulator/state`, "GET");
      assert.equal(reply.status, 403);
      assert.match(reply.text, /loopback callers only/);
      assert.equal((await request(`${base}/__simulator/reset`, "POST")).status, 403);
      const api = await request(`${base}/api/online/getAccounts`, "GET");
      assert.deepEqual(api.json, { status: "FAIL", reason: 3 });
    });
    // The same requests from this machine are served: the peer address alone decided.
    assert.equal((await request(`${base}/__simulator/state`, "GET")).status, 200);
  });
});
