// settings/accessToken, token expiry and the brute-force guard (partners-api.md §1).
import assert from "node:assert/strict";
import { startSimulator } from "../../simulator";
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
    assert.equal(reply.status, 200);
    assert.equal(reply.json.status, "OK");
    assert.equal(reply.json.reason, 1);
    assert.equal(reply.json.token_type, "Bearer");
    assert.match(String(reply.json.access_token), /^\S{20,}$/);
    assert.equal(typeof reply.json.expiration_time, "string");
    const expires = Number(reply.json.expiration_time);
    assert.ok(
      expires >= before + 3600 && expires <= before + 3601,
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
    sim = await startSimulator({ port: 0, tokenTtl: 0.3 });
    const api = new Api(sim);
    await api.login();
    assert.equal((await api.call("GET", "online/getAccounts")).json.reason, 1);
    await sleep(400);
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
    sim = await startSimulator({ port: 0, blockAfterFailures: 2, blockSeconds: 0.3 });
    await token(sim, "demo", "nope");
    await token(sim, "demo", "nope");
    assert.equal((await token(sim, "demo", "demo")).json.reason, 3);
    await sleep(400);
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
