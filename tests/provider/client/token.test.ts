// The token: one request for many concurrent calls, renewal before expiry and after reason 3,
// and never a second try of wrong credentials (the API blocks the IP after repeats).

import assert from "node:assert/strict";
import { PartnersAuthError, PartnersClient } from "../../../provider/client";
import { TokenCache } from "../../../provider/client/token";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  issueToken,
  ok,
  rejection,
  routes,
  sendJson,
  sleep,
  startServer,
  testClient,
  type ScriptedServer,
} from "./helpers";

describe("TokenCache", () => {
  it("shares one fetch between concurrent callers", async () => {
    let fetches = 0;
    const cache = new TokenCache({
      fetch: async () => {
        fetches += 1;
        await sleep(20);
        return { token: "t1", lifetimeMs: 3_600_000 };
      },
    });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    assert.ok(tokens.every((t) => t === "t1"));
    assert.equal(fetches, 1);
  });

  it("renews ahead of expiry: 60 s before, or a tenth of a short lifetime", async () => {
    let now = 0;
    let n = 0;
    const cache = new TokenCache({
      now: () => now,
      fetch: () => Promise.resolve({ token: `t${++n}`, lifetimeMs: 3_600_000 }),
    });
    assert.equal(await cache.get(), "t1");
    now = 3_600_000 - 61_000;
    assert.equal(await cache.get(), "t1");
    now = 3_600_000 - 59_000;
    assert.equal(await cache.get(), "t2");

    const short = new TokenCache({
      now: () => now,
      fetch: () => Promise.resolve({ token: `s${++n}`, lifetimeMs: 2000 }),
    });
    const first = await short.get();
    now += 1700;
    assert.equal(await short.get(), first, "a 2 s token is not renewed at once");
    now += 200;
    assert.notEqual(await short.get(), first);
  });

  it("invalidate only forgets the token that was rejected", async () => {
    let n = 0;
    const cache = new TokenCache({
      fetch: () => Promise.resolve({ token: `t${++n}`, lifetimeMs: 3_600_000 }),
    });
    const old = await cache.get();
    cache.invalidate(old);
    const fresh = await cache.get();
    assert.notEqual(fresh, old);
    cache.invalidate(old); // a late failure with the old token must not drop the new one
    assert.equal(await cache.get(), fresh);
    assert.equal(n, 2);
  });

  it("remembers a permanent failure instead of asking again", async () => {
    let fetches = 0;
    const cache = new TokenCache({
      fetch: () => {
        fetches += 1;
        return Promise.reject(new Error("wrong credentials"));
      },
      isPermanentFailure: () => true,
    });
    await rejection(() => cache.get());
    await rejection(() => cache.get());
    assert.equal(fetches, 1);
  });

  it("a given token without a way to renew stays in use", async () => {
    const cache = new TokenCache({ accessToken: "given" });
    assert.equal(cache.renewable, false);
    cache.invalidate("given");
    assert.equal(await cache.get(), "given");
  });
});

describe("PartnersClient token handling", () => {
  let server: ScriptedServer;
  let client: PartnersClient;

  afterEach(async () => {
    await client?.close();
    await server?.close();
  });

  it("sends client_id and client_secret once for 50 concurrent calls", async () => {
    server = await startServer(
      routes({
        "settings/accessToken": async (_req, res) => {
          await sleep(30);
          issueToken(res);
        },
        "online/getAccounts": (_req, res) => sendJson(res, 200, ok({ list: [] })),
      }),
    );
    client = testClient(server.url);
    await Promise.all(Array.from({ length: 50 }, () => client.online.getAccounts()));
    assert.equal(server.count("settings/accessToken"), 1);
    assert.equal(server.count("online/getAccounts"), 50);
    const tokenRequest = server.requests.find((r) => r.endpoint === "settings/accessToken")!;
    assert.equal(tokenRequest.method, "POST");
    assert.deepEqual(tokenRequest.json, { client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    assert.equal(tokenRequest.headers.authorization, undefined);
  });

  it("renews transparently when a call answers reason 3, once for many calls", async () => {
    const valid = new Set<string>();
    server = await startServer(
      routes({
        "settings/accessToken": (_req, res) => {
          valid.clear(); // a new token retires the old one
          valid.add(issueToken(res));
        },
        "online/createAccount": (req, res) => {
          const token = String(req.headers.authorization).replace("Bearer ", "");
          if (!valid.has(token)) sendJson(res, 200, { status: "FAIL", reason: 3 });
          else sendJson(res, 200, ok({ account_id: 8, agent_id: 100 }));
        },
        "online/getAccounts": (req, res) => {
          const token = String(req.headers.authorization).replace("Bearer ", "");
          if (!valid.has(token)) sendJson(res, 200, { status: "FAIL", reason: 3 });
          else sendJson(res, 200, ok({ list: [] }));
        },
      }),
    );
    client = testClient(server.url);
    await client.online.getAccounts();
    valid.clear(); // the token expires early, server side

    const created = await client.online.createAccount({
      accountName: "Acme",
      agents: 1,
      inboxes: 1,
      adminEmail: "a@acme.example",
      adminName: "A",
      adminDisplayName: "A",
      adminPassword: "Passw0rd!",
    });
    assert.equal(created.accountId, "8");
    assert.equal(server.count("settings/accessToken"), 2);
    assert.equal(server.count("online/createAccount"), 2, "re-sent once after reason 3");

    valid.clear();
    await Promise.all(Array.from({ length: 20 }, () => client.online.getAccounts()));
    assert.equal(server.count("settings/accessToken"), 3, "one renewal for 20 rejected calls");
  });

  it("renews only once per call: a second reason 3 is an auth error", async () => {
    server = await startServer(
      routes({
        "online/getAccounts": (_req, res) => sendJson(res, 200, { status: "FAIL", reason: 3 }),
      }),
    );
    client = testClient(server.url);
    const error = await rejection(() => client.online.getAccounts());
    assert.ok(error instanceof PartnersAuthError);
    assert.equal(error.reason, 3);
    assert.equal(server.count("online/getAccounts"), 2);
    assert.equal(server.count("settings/accessToken"), 2);
  });

  it("a given accessToken that expired, with nothing to renew it, is an auth error", async () => {
    server = await startServer(
      routes({
        "online/getAccounts": (_req, res) => sendJson(res, 200, { status: "FAIL", reason: 3 }),
      }),
    );
    client = new PartnersClient({ apiUrl: server.url, accessToken: "given_token_abc" });
    const error = await rejection(() => client.online.getAccounts());
    assert.ok(error instanceof PartnersAuthError);
    assert.match(error.message, /missing or expired/);
    assert.equal(server.count("online/getAccounts"), 1);
  });

  it("never retries wrong credentials, not even across later calls", async () => {
    server = await startServer(
      routes({
        "settings/accessToken": (_req, res) => sendJson(res, 200, { status: "FAIL", reason: 2 }),
      }),
    );
    client = testClient(server.url);
    const error = await rejection(() => client.online.getAccounts());
    assert.ok(error instanceof PartnersAuthError);
    assert.equal(error.endpoint, "settings/accessToken");
    assert.equal(error.reason, 2);
    assert.match(error.message, /never retries a credentials failure/);
    await rejection(() => client.online.getAccounts());
    await rejection(() => client.builder.getBuilders());
    assert.equal(server.count("settings/accessToken"), 1);
    assert.equal(server.count(), 1);
  });

  it("says plainly when the IP address is blocked (reason 3 on the token endpoint)", async () => {
    server = await startServer(
      routes({
        "settings/accessToken": (_req, res) => sendJson(res, 200, { status: "FAIL", reason: 3 }),
      }),
    );
    client = testClient(server.url);
    const error = await rejection(() => client.online.getAccounts());
    assert.ok(error instanceof PartnersAuthError);
    assert.match(error.message, /IP address is blocked/);
    assert.equal(error.ambiguous, false);
    assert.equal(server.count("settings/accessToken"), 1);
  });

  it("retries a token request that failed in transit (it has no side effect)", async () => {
    let calls = 0;
    server = await startServer(
      routes({
        "settings/accessToken": (_req, res) => {
          calls += 1;
          if (calls === 1) res.socket?.destroy();
          else issueToken(res);
        },
        "online/createAccount": (_req, res) =>
          sendJson(res, 200, ok({ account_id: 8, agent_id: 100 })),
      }),
    );
    client = testClient(server.url);
    await client.online.createAccount({
      accountName: "Acme",
      agents: 1,
      inboxes: 1,
      adminEmail: "a@acme.example",
      adminName: "A",
      adminDisplayName: "A",
      adminPassword: "Passw0rd!",
    });
    assert.equal(server.count("settings/accessToken"), 2);
    assert.equal(server.count("online/createAccount"), 1);
  });

  it("renews before expiry using the token's expiration_time", async () => {
    server = await startServer(
      routes({
        // 2 s: renewed 200 ms before expiry, so the two calls below have 1.8 s to share it.
        "settings/accessToken": (_req, res) => void issueToken(res, 2),
        "online/getAccounts": (_req, res) => sendJson(res, 200, ok({ list: [] })),
      }),
    );
    client = testClient(server.url);
    await client.online.getAccounts();
    await client.online.getAccounts();
    assert.equal(server.count("settings/accessToken"), 1);
    await sleep(2000);
    await client.online.getAccounts();
    assert.equal(server.count("settings/accessToken"), 2);
    assert.equal(server.count("online/getAccounts"), 3, "no call was rejected on the way");
  });
});
