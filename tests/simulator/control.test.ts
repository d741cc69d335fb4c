// /__simulator/*: the control route for tests in other processes, loopback only.
import assert from "node:assert/strict";
import os from "node:os";
import { startSimulator } from "../../simulator";
import { isLoopback } from "../../simulator/control";
import { Api, closeAfterEach, request, startWithApi } from "./helpers";

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

  it("answers 403 over a real non-loopback connection, while the API itself still answers", async function () {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i?.family === "IPv4" && !i.internal)?.address;
    if (!external) {
      console.log("      (skipped: this machine has no non-loopback IPv4 address)");
      this.skip();
    }
    const sim = track(await startSimulator({ port: 0, host: "0.0.0.0" }));
    const base = `http://${external}:${sim.port}`;
    const reply = await request(`${base}/__simulator/state`, "GET");
    assert.equal(reply.status, 403);
    assert.equal((await request(`${base}/__simulator/reset`, "POST")).status, 403);
    const api = await request(`${base}/api/online/getAccounts`, "GET");
    assert.deepEqual(api.json, { status: "FAIL", reason: 3 });
  });
});
