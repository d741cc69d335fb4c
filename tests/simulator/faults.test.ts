// Fault injection: each fault's effect on the wire, and whether the request
// was applied, observed through the simulator's state.
import assert from "node:assert/strict";
import { startSimulator } from "../../simulator";
import type { Fault } from "../../simulator";
import { Api, closeAfterEach, startWithApi } from "./helpers";

describe("simulator: fault injection", () => {
  let api: Api;
  before(async () => {
    api = await startWithApi({ seed: 7 });
  });
  beforeEach(() => api.sim.reset());
  after(() => api.sim.close());
  const track = closeAfterEach();

  const create = () => api.call("POST", "online/createAccount", Api.account());
  const applied = () => api.sim.accounts().length;

  it("latency delays the answer, then handles the request normally", async () => {
    api.sim.injectFault({ endpoint: "online/createAccount", fault: { type: "latency", ms: 150 } });
    const started = Date.now();
    const reply = await create();
    assert.ok(Date.now() - started >= 140, `took ${Date.now() - started} ms`);
    assert.equal(reply.json.reason, 1);
    assert.equal(applied(), 1);
  });

  it("status with a JSON body answers a FAIL body under that status, not applied", async () => {
    api.sim.injectFault({
      endpoint: "online/createAccount",
      fault: { type: "status", status: 503, body: "json" },
    });
    const reply = await create();
    assert.equal(reply.status, 503);
    assert.equal(reply.json.status, "FAIL");
    assert.equal(applied(), 0);
  });

  it("status with an HTML body answers a page, not a FAIL body, not applied", async () => {
    api.sim.injectFault({
      endpoint: "online/createAccount",
      fault: { type: "status", status: 500, body: "html" },
    });
    const reply = await create();
    assert.equal(reply.status, 500);
    assert.equal(reply.json, undefined);
    assert.match(String(reply.headers["content-type"]), /text\/html/);
    assert.match(reply.text, /<html>/);
    assert.equal(applied(), 0);
  });

  it("status answers an empty body by default, not applied", async () => {
    api.sim.injectFault({
      endpoint: "online/createAccount",
      fault: { type: "status", status: 504 },
    });
    const reply = await create();
    assert.equal(reply.status, 504);
    assert.equal(reply.text, "");
    assert.equal(applied(), 0);
  });

  it("status-after-commit applies the request, then answers the status with HTML", async () => {
    api.sim.injectFault({
      endpoint: "online/createAccount",
      fault: { type: "status-after-commit", status: 502 },
    });
    const reply = await create();
    assert.equal(reply.status, 502);
    assert.match(reply.text, /<html>/);
    assert.equal(applied(), 1);
  });

  it("rate-limit answers 429 with Retry-After, not applied", async () => {
    api.sim.injectFault({
      endpoint: "online/createAccount",
      fault: { type: "rate-limit", retryAfter: 2 },
    });
    const reply = await create();
    assert.equal(reply.status, 429);
    assert.equal(reply.headers["retry-after"], "2");
    assert.notEqual(reply.json?.status, "OK");
    assert.equal(applied(), 0);
  });

  it("drop-before-commit resets the connection and applies nothing", async () => {
    api.sim.injectFault({
      endpoint: "online/createAccount",
      fault: { type: "drop-before-commit" },
    });
    await assert.rejects(create(), /socket hang up|ECONNRESET/);
    assert.equal(applied(), 0);
  });

  it("drop-after-commit resets the connection after applying", async () => {
    api.sim.injectFault({ endpoint: "online/createAccount", fault: { type: "drop-after-commit" } });
    await assert.rejects(create(), /socket hang up|ECONNRESET/);
    assert.equal(applied(), 1);
  });

  it("malformed-body answers 200 with a body that is not JSON, after applying", async () => {
    api.sim.injectFault({ endpoint: "online/createAccount", fault: { type: "malformed-body" } });
    const reply = await create();
    assert.equal(reply.status, 200);
    assert.ok(reply.text.length > 0);
    assert.throws(() => JSON.parse(reply.text) as unknown);
    assert.equal(applied(), 1);
  });

  it("truncated-body announces the whole JSON, sends half and closes, after applying", async () => {
    api.sim.injectFault({ endpoint: "online/createAccount", fault: { type: "truncated-body" } });
    await assert.rejects(create(), /aborted|ECONNRESET|socket hang up/);
    assert.equal(applied(), 1);
  });

  it("html-error answers 502 with an HTML page, not applied", async () => {
    api.sim.injectFault({ endpoint: "online/createAccount", fault: { type: "html-error" } });
    const reply = await create();
    assert.equal(reply.status, 502);
    assert.match(reply.text, /502 Bad Gateway/);
    assert.equal(reply.json, undefined);
    assert.equal(applied(), 0);
  });

  it("hits once by default, only the endpoint named, and counts faulted requests", async () => {
    api.sim.injectFault({ endpoint: "online/createAccount", fault: { type: "html-error" } });
    assert.equal((await api.call("GET", "online/getAccounts")).status, 200);
    assert.equal((await create()).status, 502);
    assert.equal((await create()).status, 200);
    assert.equal(api.sim.requestCount("online/createAccount"), 2);
    assert.equal(applied(), 1);
  });

  it("honours times, Infinity and '*', and clearFaults removes them", async () => {
    api.sim.injectFault({ endpoint: "*", fault: { type: "html-error" }, times: 2 });
    assert.equal((await api.call("GET", "builder/getBuilders")).status, 502);
    assert.equal((await create()).status, 502);
    assert.equal((await create()).status, 200);
    api.sim.injectFault({
      endpoint: "builder/getBuilders",
      fault: { type: "status", status: 500 },
      times: Infinity,
    });
    for (let i = 0; i < 4; i++) {
      assert.equal((await api.call("GET", "builder/getBuilders")).status, 500);
    }
    api.sim.clearFaults();
    assert.equal((await api.call("GET", "builder/getBuilders")).status, 200);
  });

  it("adds a latency rule's delay before a later rule's fault", async () => {
    api.sim.injectFault({ endpoint: "*", fault: { type: "latency", ms: 100 } });
    api.sim.injectFault({ endpoint: "online/createAccount", fault: { type: "drop-after-commit" } });
    const started = Date.now();
    await assert.rejects(create());
    assert.ok(Date.now() - started >= 90);
    assert.equal(applied(), 1);
  });

  it("draws probability faults from a seeded PRNG: the same seed hits the same requests", async () => {
    const pattern = async (): Promise<string> => {
      const sim = track(await startSimulator({ port: 0, seed: 42 }));
      const client = new Api(sim);
      await client.login();
      sim.injectFault({
        endpoint: "builder/getBuilders",
        fault: { type: "html-error" },
        times: Infinity,
        probability: 0.5,
      });
      let hits = "";
      for (let i = 0; i < 24; i++) {
        hits += (await client.call("GET", "builder/getBuilders")).status === 502 ? "x" : ".";
      }
      return hits;
    };
    const first = await pattern();
    assert.equal(await pattern(), first);
    assert.match(first, /x/);
    assert.match(first, /\./);
  });

  it("refuses rules it could never apply", () => {
    const bad: unknown[] = [
      { endpoint: "online/createAcount", fault: { type: "html-error" } },
      { endpoint: "*", fault: { type: "explode" } },
      { endpoint: "*", fault: { type: "status", status: 99 } },
      { endpoint: "*", fault: { type: "latency" } },
      { endpoint: "*", fault: { type: "rate-limit", retryAfter: -1 } },
      { endpoint: "*", fault: { type: "html-error" }, times: 0 },
      { endpoint: "*", fault: { type: "html-error" }, probability: 2 },
    ];
    for (const rule of bad) {
      assert.throws(
        () => api.sim.injectFault(rule as { endpoint: string; fault: Fault }),
        TypeError,
        JSON.stringify(rule),
      );
    }
  });

  it("close() ends promptly while a request sleeps in a latency fault, without applying it", async () => {
    const sim = track(await startSimulator({ port: 0 }));
    const client = new Api(sim);
    await client.login();
    sim.injectFault({ endpoint: "online/createAccount", fault: { type: "latency", ms: 10_000 } });
    const pending = client.call("POST", "online/createAccount", Api.account());
    pending.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await sim.close();
    assert.ok(Date.now() - started < 1000);
    await assert.rejects(pending);
    assert.equal(sim.accounts().length, 0);
  });
});
