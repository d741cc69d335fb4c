// Fault injection: each fault's effect on the wire, and whether the request
// was applied, observed through the simulator's state.
import assert from "node:assert/strict";
import { startSimulator } from "../../simulator";
import type { Fault, FaultRule } from "../../simulator";
import { MAX_TIMER_MS } from "../../simulator/faults";
import { Api, closeAfterEach, request, startWithApi } from "./helpers";

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

  it("refuses numbers it could not honour exactly, naming the field, the rule and the endpoint", () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ fault: { type: "latency", ms: MAX_TIMER_MS + 1 } }, /fault\.ms .*0 to 2147483647/],
      [{ fault: { type: "latency", ms: 1e12 } }, /fault\.ms/],
      [{ fault: { type: "latency", ms: Infinity } }, /fault\.ms/],
      [{ fault: { type: "latency", ms: NaN } }, /fault\.ms/],
      [{ fault: { type: "latency", ms: -1 } }, /fault\.ms/],
      [{ fault: { type: "latency", ms: "100" } }, /fault\.ms/],
      [{ fault: { type: "html-error" }, times: 1.5 }, /times .*integer/],
      [{ fault: { type: "html-error" }, times: 2 ** 53 }, /times/],
      [{ fault: { type: "html-error" }, times: -Infinity }, /times/],
      [{ fault: { type: "html-error" }, probability: NaN }, /probability .*0 to 1/],
      [{ fault: { type: "html-error" }, probability: -0.1 }, /probability/],
      [{ fault: { type: "html-error" }, probability: Infinity }, /probability/],
      [{ fault: { type: "status", status: 600 } }, /fault\.status .*200 to 599/],
      [{ fault: { type: "status", status: 199 } }, /fault\.status/],
      [{ fault: { type: "status", status: 500.5 } }, /fault\.status/],
      [{ fault: { type: "status", status: "500" } }, /fault\.status/],
      [{ fault: { type: "status", status: 204, body: "json" } }, /fault\.status .*not 204/],
      [{ fault: { type: "status", status: 304, body: "html" } }, /fault\.status .*304/],
      [{ fault: { type: "status", status: 500, body: "xml" } }, /fault\.body/],
      [{ fault: { type: "status-after-commit", status: 204 } }, /fault\.status .*HTML page/],
      [{ fault: { type: "status-after-commit", status: 205 } }, /fault\.status/],
      [{ fault: { type: "status-after-commit", status: 700 } }, /fault\.status/],
      [{ fault: { type: "rate-limit", retryAfter: 1.5 } }, /fault\.retryAfter .*integer/],
      [{ fault: { type: "rate-limit", retryAfter: 1e21 } }, /fault\.retryAfter/],
      [{ fault: { type: "rate-limit", retryAfter: Infinity } }, /fault\.retryAfter/],
      [{ fault: { type: "explode" } }, /fault\.type .*latency/],
    ];
    for (const [rule, message] of bad) {
      const full = { endpoint: "online/createInbox", ...rule };
      assert.throws(
        () => api.sim.injectFault(full as unknown as FaultRule),
        (err: unknown) => {
          assert.ok(err instanceof TypeError, String(err));
          assert.match(err.message, message);
          assert.match(err.message, /online\/createInbox/);
          assert.match(err.message, /got /);
          return true;
        },
        JSON.stringify(rule),
      );
    }
  });

  it("refuses a key a rule or its fault type does not have, naming it and the keys there are", () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [
        { fault: { type: "html-error" }, time: 3 },
        /unknown key "time"; the keys are endpoint, fault, times, probability/,
      ],
      [
        { fault: { type: "latency", ms: 100, delay: 5 } },
        /unknown key "fault\.delay"; the keys are fault\.type, fault\.ms$/,
      ],
      [
        { fault: { type: "status", status: 500, retryAfter: 2 } },
        /unknown key "fault\.retryAfter"/,
      ],
      [
        { fault: { type: "rate-limit", retryAfter: 2, status: 429 } },
        /unknown key "fault\.status"/,
      ],
      [
        { fault: { type: "drop-after-commit", after: "commit" } },
        /unknown key "fault\.after"; the keys are fault\.type$/,
      ],
      [
        JSON.parse('{"fault": {"type": "html-error"}, "__proto__": {"times": 5}}'),
        /unknown key "__proto__"/,
      ],
    ];
    for (const [rule, message] of bad) {
      const full = { endpoint: "online/createInbox", ...rule };
      assert.throws(
        () => api.sim.injectFault(full as unknown as FaultRule),
        (err: unknown) => {
          assert.ok(err instanceof TypeError, String(err));
          assert.match(err.message, message);
          assert.match(err.message, /^fault rule for "online\/createInbox": /);
          return true;
        },
        JSON.stringify(rule),
      );
    }
  });

  it("the control route answers a rule with an unknown key 400, naming it, and adds nothing", async () => {
    const reply = await request(api.sim.url.replace(/\/api$/, "/__simulator/faults"), "POST", {
      endpoint: "online/createAccount",
      fault: { type: "html-error" },
      time: null,
    });
    assert.equal(reply.status, 400);
    assert.match(String(reply.json.error), /unknown key "time"/);
    assert.equal((await create()).json.reason, 1, "no rule was added");
  });

  it("accepts the edges of each range", () => {
    const good: FaultRule[] = [
      { endpoint: "*", fault: { type: "latency", ms: MAX_TIMER_MS } },
      { endpoint: "*", fault: { type: "latency", ms: 0 } },
      { endpoint: "*", fault: { type: "html-error" }, times: Number.MAX_SAFE_INTEGER },
      { endpoint: "*", fault: { type: "html-error" }, probability: 0 },
      { endpoint: "*", fault: { type: "html-error" }, probability: 1 },
      { endpoint: "*", fault: { type: "status", status: 204 } },
      { endpoint: "*", fault: { type: "status", status: 599, body: "json" } },
      { endpoint: "*", fault: { type: "status-after-commit", status: 200 } },
      { endpoint: "*", fault: { type: "rate-limit", retryAfter: Number.MAX_SAFE_INTEGER } },
    ];
    for (const rule of good) api.sim.injectFault(rule);
    api.sim.clearFaults();
  });

  it("the control route answers a too-long latency 400 with the same reason", async () => {
    const reply = await request(api.sim.url.replace(/\/api$/, "/__simulator/faults"), "POST", {
      endpoint: "online/createAccount",
      fault: { type: "latency", ms: 3e9 },
    });
    assert.equal(reply.status, 400);
    assert.match(String(reply.json.error), /fault\.ms must be a number of milliseconds from 0 to/);
    assert.equal((await create()).json.reason, 1, "no rule was added");
  });

  it("waits out latencies that add up past a timer's range instead of firing at once", async () => {
    const sim = track(await startSimulator({ port: 0 }));
    const client = new Api(sim);
    await client.login();
    for (let i = 0; i < 2; i++) {
      sim.injectFault({
        endpoint: "online/createAccount",
        fault: { type: "latency", ms: MAX_TIMER_MS },
      });
    }
    let answered = false;
    const pending = client.call("POST", "online/createAccount", Api.account());
    pending.then(
      () => (answered = true),
      () => undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(answered, false, "a 49-day delay answered within 300 ms");
    await sim.close();
    await assert.rejects(pending);
    assert.equal(sim.accounts().length, 0);
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
