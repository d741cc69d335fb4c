// settings/accessToken, token expiry and the brute-force guard (partners-api.md §1).
import assert from "node:assert/strict";
import { startSimulator } from "../../simulator";
import { Auth, MAX_FAILING_ADDRESSES, MAX_TOKENS } from "../../simulator/auth";
import type { Simulator } from "../../simulator";
import { Api, request } from "./helpers";

function token(sim: Simulator, clientId: unknown, clientSecret: unknown) {
  return request(`${sim.url}/settings/accessToken`, "POST", {
    client_id: clientId,
    client_secret: clientSecret,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("simulator: access tokens", () => {
  let sim: Simulator;
  afterEach(() => sim?.close());

  it("issues a Bearer token for the default demo/demo with a string expiration time an hour out", async () => {
    sim = await startSimulator({ port: 0 });
    assert.equal(sim.clientId, "demo");
    assert.equal(sim.clientSecret, "demo");
    const before = Math.floor(Date.now() / 1000);
    const reply = await token(sim, "demo", "demo");
    const after = Math.floor(Date.now() / 1000);
    assert.equal(reply.status, 200);
    assert.equal(reply.json.status, "OK");
    assert.equal(reply.json.reason, 1);
    assert.equal(reply.json.token_type, "Bearer");
    assert.match(String(reply.json.access_token), /^\S{20,}$/);
    assert.equal(typeof reply.json.expiration_time, "string");
    const expires = Number(reply.json.expiration_time);
    assert.ok(
      expires >= before + 3600 && expires <= after + 3600,
      String(reply.json.expiration_time),
    );
  });

  it("accepts configured credentials and answers 2 to wrong or missing ones", async () => {
    sim = await startSimulator({ port: 0, clientId: "partner7", clientSecret: "s3cr3t" });
    assert.equal((await token(sim, "partner7", "s3cr3t")).json.reason, 1);
    assert.deepEqual((await token(sim, "partner7", "wrong")).json, { status: "FAIL", reason: 2 });
    assert.equal((await token(sim, "demo", "s3cr3t")).json.reason, 2);
    assert.equal((await token(sim, undefined, undefined)).json.reason, 2);
    assert.equal((await token(sim, 7, "s3cr3t")).json.reason, 2);
  });

  it("answers 3 once a token outlives tokenTtl, and a new token works", async () => {
    // Long enough that a busy machine still makes the first call in time. The token was issued
    // before login() returned, so it has expired by ttlMs after that.
    const ttlMs = 2000;
    sim = await startSimulator({ port: 0, tokenTtl: ttlMs / 1000 });
    const api = new Api(sim);
    await api.login();
    const issued = Date.now();
    assert.equal((await api.call("GET", "online/getAccounts")).json.reason, 1);
    await sleep(issued + ttlMs + 50 - Date.now());
    assert.deepEqual((await api.call("GET", "online/getAccounts")).json, {
      status: "FAIL",
      reason: 3,
    });
    await api.login();
    assert.equal((await api.call("GET", "online/getAccounts")).json.reason, 1);
  });

  it("expireTokens() expires every token issued so far, but not later ones", async () => {
    sim = await startSimulator({ port: 0 });
    const a = new Api(sim);
    const b = new Api(sim);
    await a.login();
    await b.login();
    sim.expireTokens();
    assert.equal((await a.call("GET", "builder/getBuilders")).json.reason, 3);
    assert.equal((await b.call("GET", "builder/getBuilders")).json.reason, 3);
    await a.login();
    assert.equal((await a.call("GET", "builder/getBuilders")).json.reason, 1);
  });

  it("accepts the Bearer scheme case-insensitively but nothing else", async () => {
    sim = await startSimulator({ port: 0 });
    const api = new Api(sim);
    const t = await api.login();
    const as = (authorization: string) =>
      api.call("GET", "online/getAccounts", undefined, { headers: { authorization } });
    assert.equal((await as(`bearer ${t}`)).json.reason, 1);
    assert.equal((await as(t)).json.reason, 3);
    assert.equal((await as(`Basic ${t}`)).json.reason, 3);
  });
});

describe("simulator: brute-force guard on settings/accessToken", () => {
  let sim: Simulator;
  afterEach(() => sim?.close());

  it("blocks the IP after N wrong attempts: 3 even with the right credentials, other endpoints unaffected", async () => {
    sim = await startSimulator({ port: 0, blockAfterFailures: 3 });
    const api = new Api(sim);
    await api.login();
    for (let i = 0; i < 3; i++) assert.equal((await token(sim, "demo", "nope")).json.reason, 2);
    assert.deepEqual((await token(sim, "demo", "demo")).json, { status: "FAIL", reason: 3 });
    assert.equal((await token(sim, "demo", "nope")).json.reason, 3);
    // "reason 3 on that endpoint only": a token issued before keeps working.
    assert.equal((await api.call("GET", "online/getAccounts")).json.reason, 1);
  });

  it("blocks after 5 wrong attempts by default", async () => {
    sim = await startSimulator({ port: 0 });
    for (let i = 0; i < 5; i++) assert.equal((await token(sim, "demo", "nope")).json.reason, 2);
    assert.equal((await token(sim, "demo", "demo")).json.reason, 3);
  });

  it("lifts the block after blockSeconds", async () => {
    // As for tokenTtl: room for a busy machine, and a wait that surely ends after the block,
    // which began before the second refusal came back.
    const blockMs = 2000;
    sim = await startSimulator({ port: 0, blockAfterFailures: 2, blockSeconds: blockMs / 1000 });
    await token(sim, "demo", "nope");
    await token(sim, "demo", "nope");
    const blocked = Date.now();
    assert.equal((await token(sim, "demo", "demo")).json.reason, 3);
    await sleep(blocked + blockMs + 50 - Date.now());
    assert.equal((await token(sim, "demo", "demo")).json.reason, 1);
  });

  it("counts only consecutive failures: a success clears the count", async () => {
    sim = await startSimulator({ port: 0, blockAfterFailures: 2 });
    await token(sim, "demo", "nope");
    assert.equal((await token(sim, "demo", "demo")).json.reason, 1);
    await token(sim, "demo", "nope");
    assert.equal((await token(sim, "demo", "demo")).json.reason, 1);
  });

  it("reset() lifts blocks", async () => {
    sim = await startSimulator({ port: 0, blockAfterFailures: 1 });
    await token(sim, "demo", "nope");
    assert.equal((await token(sim, "demo", "demo")).json.reason, 3);
    sim.reset();
    assert.equal((await token(sim, "demo", "demo")).json.reason, 1);
  });
});

describe("simulator: what the token endpoint remembers stays bounded", function () {
  this.timeout(60_000);
  const options = {
    clientId: "demo",
    clientSecret: "demo",
    tokenTtlSeconds: 3600,
    blockAfterFailures: 5,
    blockSeconds: 600,
  };
  const MANY = 100_000;

  it("100,000 tokens issued within their hour keep at most a fixed number, the latest working", () => {
    assert.ok(MAX_TOKENS < MANY, "the bound is below what is sent");
    const auth = new Auth(options);
    const now = Date.now();
    const issued: string[] = [];
    for (let i = 0; i < MANY; i++) {
      const result = auth.issue("demo", "demo", "192.0.2.1", now);
      assert.ok(result.ok);
      issued.push(result.token);
    }
    assert.ok(auth.remembered().tokens <= MAX_TOKENS, `${auth.remembered().tokens} tokens`);
    for (const latest of issued.slice(-MAX_TOKENS / 2)) {
      assert.equal(auth.verify(`Bearer ${latest}`, now), true, "a recent token works");
    }
    assert.equal(auth.verify(`Bearer ${issued[0]}`, now), false, "the oldest was forgotten");
  });

  it("100,000 distinct bad tokens add nothing", () => {
    const auth = new Auth(options);
    const now = Date.now();
    assert.ok(auth.issue("demo", "demo", "192.0.2.1", now).ok);
    for (let i = 0; i < MANY; i++) assert.equal(auth.verify(`Bearer bad${i}`, now), false);
    assert.deepEqual(auth.remembered(), { tokens: 1, failingAddresses: 0 });
  });

  it("wrong credentials from 100,000 addresses keep at most a fixed number, the latest counted", () => {
    assert.ok(MAX_FAILING_ADDRESSES < MANY, "the bound is below what is sent");
    const auth = new Auth({ ...options, blockAfterFailures: 2 });
    const now = Date.now();
    const address = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    for (let i = 0; i < MANY; i++) {
      assert.deepEqual(auth.issue("demo", `wrong${i}`, address(i), now), { ok: false, reason: 2 });
    }
    const { failingAddresses } = auth.remembered();
    assert.ok(failingAddresses <= MAX_FAILING_ADDRESSES, `${failingAddresses} addresses`);
    // The latest address's failure still counts: one more blocks it.
    auth.issue("demo", "wrong", address(MANY - 1), now);
    assert.equal(auth.isBlocked(address(MANY - 1), now), true);
    // The first one's was forgotten: it starts counting again.
    auth.issue("demo", "wrong", address(0), now);
    assert.equal(auth.isBlocked(address(0), now), false);
  });

  it("an address that keeps failing stays remembered while others come and go", () => {
    const auth = new Auth({ ...options, blockAfterFailures: 3 });
    const now = Date.now();
    // Between two of its failures, as many other addresses fail as half the bound allows.
    const others = (round: number) => {
      for (let i = 0; i < MAX_FAILING_ADDRESSES / 2 - 1; i++) {
        auth.issue("demo", "x", `10.${round}.${i >> 8}.${i & 255}`, now);
      }
    };
    for (let round = 0; round < 3; round++) {
      auth.issue("demo", "wrong", "192.0.2.7", now);
      others(round);
    }
    assert.equal(auth.isBlocked("192.0.2.7", now), true);
  });
});
