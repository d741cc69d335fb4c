// PartnersClient against the project's simulator (an independent reading of the contract):
// the endpoints end to end, then the faults that matter most — a lost createAccount answer is
// ambiguous and sent once (and the account does exist), while reads recover by retrying.

import assert from "node:assert/strict";
import diagnostics from "node:diagnostics_channel";
import type net from "node:net";
import {
  PartnersApiError,
  PartnersAuthError,
  PartnersClient,
  PartnersServerError,
  PartnersTransportError,
  type CreateAccountParams,
} from "../../../provider/client";
import { startSimulator, type Fault, type Simulator } from "../../../simulator";
import { rejection, testClient } from "./helpers";

const SECRET = "sim-Secret-0042";

const account = (n: number): CreateAccountParams => ({
  accountName: `Customer ${n}`,
  agents: 3,
  inboxes: 2,
  adminEmail: `owner${n}@customer.example`,
  adminName: `Owner ${n}`,
  adminDisplayName: `O${n}`,
  adminPassword: "Str0ng!pass",
  reference: `crm${n}`,
});

describe("PartnersClient against the simulator", () => {
  let sim: Simulator;
  let client: PartnersClient;

  before(async () => {
    sim = await startSimulator({ port: 0, clientId: "partner", clientSecret: SECRET, seed: 7 });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => {
    sim.reset();
    client = testClient(sim.url, { clientId: "partner", clientSecret: SECRET });
  });
  afterEach(async () => {
    await client.close();
  });

  describe("endpoints", () => {
    it("accounts: create, list, update, agents, login, delete", async () => {
      const created = await client.online.createAccount({
        ...account(1),
        adminTwoFactor: "sms",
        adminTwoFactorDestination: "972501234567",
      });
      assert.equal(typeof created.accountId, "string");
      assert.equal(created.server, "online");

      const listed = await client.online.getAccounts();
      assert.equal(listed.length, 1);
      assert.deepEqual(
        { ...listed[0], createdAt: 0 },
        {
          accountId: created.accountId,
          accountName: "Customer 1",
          server: "online",
          status: "active",
          reference: "crm1",
          createdAt: 0,
        },
      );

      const updated = await client.online.updateAccount({
        accountId: created.accountId,
        server: "online",
        status: "suspended",
        builderUrl: "https://builder.example/login",
      });
      assert.equal(updated.status, "suspended");
      assert.equal(updated.builderUrl, "https://builder.example/login");
      assert.equal(sim.accounts()[0].status, "suspended");

      const agents = await client.online.getAgents({ accountId: created.accountId });
      assert.equal(agents.length, 1);
      assert.equal(agents[0].id, created.adminAgentId);
      assert.equal(agents[0].twoFactor, "sms");
      assert.equal(agents[0].twoFactorPhone, "972501234567");

      const suspended = await rejection(() =>
        client.online.loginAgent({ accountId: created.accountId, agentId: created.adminAgentId }),
      );
      assert.ok(suspended instanceof PartnersApiError);
      assert.equal(suspended.reason, 32);

      await client.online.updateAccount({
        accountId: created.accountId,
        server: "online",
        status: "active",
        builderUrl: "",
      });
      assert.equal(sim.accounts()[0].builderUrl, "");
      const link = await client.online.loginAgent({
        accountId: created.accountId,
        agentId: created.adminAgentId,
      });
      assert.match(link.login, /^https:\/\/online\.99digital\.co\.il\//);

      await client.online.deleteAccount({ accountId: created.accountId });
      assert.deepEqual(await client.online.getAccounts(), []);
      const again = await rejection(() =>
        client.online.deleteAccount({ accountId: created.accountId }),
      );
      assert.ok(again instanceof PartnersApiError);
      assert.equal(again.reason, 33);
      assert.equal(again.field, "accountId");
    });

    it("inboxes: create, list, delete; a used number is reason 46 on whatsappNumber", async () => {
      const { accountId } = await client.online.createAccount(account(2));
      const inbox = await client.online.createInbox({
        accountId,
        server: "online",
        inboxName: "Support",
        whatsappNumber: "972501234567",
        importHistory: false,
      });
      assert.equal(inbox.accountId, accountId);
      assert.equal(inbox.whatsappNumber, "972501234567");
      assert.deepEqual(await client.online.getInboxes({ accountId }), [
        { id: inbox.inboxId, name: "Support", channelType: "Channel::Api", apiType: "wa_v2" },
      ]);
      const used = await rejection(() =>
        client.online.createInbox({
          accountId,
          server: "online",
          inboxName: "Sales",
          whatsappNumber: "972501234567",
        }),
      );
      assert.ok(used instanceof PartnersApiError);
      assert.equal(used.reason, 46);
      assert.equal(used.field, "whatsappNumber");
      await client.online.deleteInbox({ accountId, inboxId: inbox.inboxId });
      assert.deepEqual(await client.online.getInboxes({ accountId }), []);
    });

    it("builders and settings", async () => {
      const builder = await client.builder.createBuilder({ clientName: "Acme", reference: "b1" });
      assert.equal(builder.clientName, "Acme");
      const builders = await client.builder.getBuilders();
      assert.equal(builders[0].builderId, builder.builderId);
      assert.match(
        (await client.builder.loginBuilder({ builderId: builder.builderId })).login,
        /^https?:/,
      );
      await client.builder.deleteBuilder({ builderId: builder.builderId });
      const gone = await rejection(() =>
        client.builder.loginBuilder({ builderId: builder.builderId }),
      );
      assert.ok(gone instanceof PartnersApiError);
      assert.equal(gone.reason, 29);
      assert.equal(gone.field, "builderId");

      assert.deepEqual(await client.settings.setWebhook({ url: "https://hooks.example/99" }), {
        url: "https://hooks.example/99",
      });
      assert.deepEqual(await client.settings.getWebhook(), { url: "https://hooks.example/99" });
      assert.deepEqual(await client.settings.setBusiness({ onboardingButton: "Connect" }), {
        onboardingButton: "Connect",
      });
      assert.equal(sim.business().onboarding_button, "Connect");
    });

    it("a server the partner may not use is reason 34 on server", async () => {
      const error = await rejection(() =>
        client.online.createAccount({ ...account(3), server: "eu-2" }),
      );
      assert.ok(error instanceof PartnersApiError);
      assert.equal(error.reason, 34);
      assert.equal(error.field, "server");
    });
  });

  describe("lost answers", () => {
    const lost: [string, Fault][] = [
      ["drop-after-commit", { type: "drop-after-commit" }],
      ["status-after-commit 500", { type: "status-after-commit", status: 500 }],
      ["truncated-body", { type: "truncated-body" }],
      ["malformed-body", { type: "malformed-body" }],
    ];

    for (const [name, fault] of lost) {
      it(`${name}: createAccount is ambiguous, sent once — and the account exists`, async () => {
        sim.injectFault({ endpoint: "online/createAccount", fault });
        const error = await rejection(() => client.online.createAccount(account(4)));
        assert.ok(
          error instanceof PartnersServerError || error instanceof PartnersTransportError,
          String(error),
        );
        assert.equal(error.ambiguous, true);
        assert.equal(sim.requestCount("online/createAccount"), 1);
        assert.equal(sim.accounts().length, 1, "the lost answer hid a real creation");
      });

      it(`${name}: getAccounts is retried and succeeds`, async () => {
        await client.online.createAccount(account(5));
        sim.injectFault({ endpoint: "online/getAccounts", fault, times: 2 });
        const accounts = await client.online.getAccounts();
        assert.equal(accounts.length, 1);
        assert.equal(sim.requestCount("online/getAccounts"), 3);
      });
    }

    it("a timeout: createAccount ambiguous and sent once; getAccounts retried", async () => {
      await client.close();
      client = testClient(sim.url, {
        clientId: "partner",
        clientSecret: SECRET,
        requestTimeoutMs: 150,
      });
      sim.injectFault({ endpoint: "online/createAccount", fault: { type: "latency", ms: 400 } });
      const error = await rejection(() => client.online.createAccount(account(6)));
      assert.ok(error instanceof PartnersTransportError);
      assert.equal(error.code, "ETIMEDOUT");
      assert.equal(error.ambiguous, true);
      assert.equal(sim.requestCount("online/createAccount"), 1);

      sim.injectFault({ endpoint: "online/getAccounts", fault: { type: "latency", ms: 400 } });
      await client.online.getAccounts();
      assert.equal(sim.requestCount("online/getAccounts"), 2);

      // The timed-out create goes on server side: that is why it must not be re-sent.
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(sim.accounts().length, 1);
    });

    it("drop-before-commit: still ambiguous to the client, and nothing was created", async () => {
      sim.injectFault({ endpoint: "online/createAccount", fault: { type: "drop-before-commit" } });
      const error = await rejection(() => client.online.createAccount(account(7)));
      assert.ok(error instanceof PartnersTransportError);
      assert.equal(error.ambiguous, true, "the client cannot tell before from after");
      assert.equal(sim.accounts().length, 0);
    });

    it("an HTML 502 on deleteAccount is retried (delete is idempotent)", async () => {
      const { accountId } = await client.online.createAccount(account(8));
      sim.injectFault({ endpoint: "online/deleteAccount", fault: { type: "html-error" } });
      await client.online.deleteAccount({ accountId });
      assert.equal(sim.accounts().length, 0);
      assert.equal(sim.requestCount("online/deleteAccount"), 2);
    });
  });

  describe("rate limits", () => {
    it("honours Retry-After and retries createAccount: exactly one account", async () => {
      sim.injectFault({
        endpoint: "online/createAccount",
        fault: { type: "rate-limit", retryAfter: 1 },
      });
      const started = Date.now();
      await client.online.createAccount(account(9));
      const elapsed = Date.now() - started;
      // Generous above: a busy machine only delays; a misread header would wait 10 s or more.
      assert.ok(elapsed >= 990 && elapsed < 5000, `waited ${elapsed} ms`);
      assert.equal(sim.requestCount("online/createAccount"), 2);
      assert.equal(sim.accounts().length, 1);
    });
  });

  describe("tokens", () => {
    it("one token request for 50 concurrent calls", async () => {
      await Promise.all(Array.from({ length: 50 }, () => client.online.getAccounts()));
      assert.equal(sim.requestCount("settings/accessToken"), 1);
      assert.equal(sim.requestCount("online/getAccounts"), 50);
    });

    it("renews transparently after the simulator expires every token", async () => {
      await client.online.getAccounts();
      sim.expireTokens();
      await client.online.createAccount(account(10));
      assert.equal(sim.requestCount("settings/accessToken"), 2);
      assert.equal(sim.requestCount("online/createAccount"), 2);
      assert.equal(sim.accounts().length, 1, "the rejected attempt created nothing");
    });

    it("renews ahead of a short token lifetime without a rejected call", async () => {
      const short = await startSimulator({
        port: 0,
        clientId: "p",
        clientSecret: SECRET,
        tokenTtl: 1,
      });
      const c = testClient(short.url, { clientId: "p", clientSecret: SECRET });
      try {
        await c.online.getAccounts();
        await new Promise((r) => setTimeout(r, 1100));
        await c.online.getAccounts();
        assert.equal(short.requestCount("settings/accessToken"), 2);
        assert.equal(short.requestCount("online/getAccounts"), 2);
      } finally {
        await c.close();
        await short.close();
      }
    });

    it("wrong credentials: one token request, never retried", async () => {
      const wrong = testClient(sim.url, { clientId: "partner", clientSecret: "not-the-secret" });
      try {
        const error = await rejection(() => wrong.online.getAccounts());
        assert.ok(error instanceof PartnersAuthError);
        assert.equal(error.reason, 2);
        await rejection(() => wrong.online.getAccounts());
        assert.equal(sim.requestCount("settings/accessToken"), 1);
        assert.equal(sim.requestCount(), 1);
      } finally {
        await wrong.close();
      }
    });

    it("an IP block says so plainly", async () => {
      const strict = await startSimulator({
        port: 0,
        clientId: "p",
        clientSecret: SECRET,
        blockAfterFailures: 1,
      });
      const first = testClient(strict.url, { clientId: "p", clientSecret: "wrong-1" });
      const second = testClient(strict.url, { clientId: "p", clientSecret: SECRET });
      try {
        await rejection(() => first.online.getAccounts());
        const error = await rejection(() => second.online.getAccounts());
        assert.ok(error instanceof PartnersAuthError);
        assert.equal(error.reason, 3);
        assert.match(error.message, /IP address is blocked/);
        assert.equal(strict.requestCount("settings/accessToken"), 2);
      } finally {
        await first.close();
        await second.close();
        await strict.close();
      }
    });
  });

  it("maxConcurrency bounds the requests in flight at the simulator", async () => {
    await client.close();
    client = testClient(sim.url, { clientId: "partner", clientSecret: SECRET, maxConcurrency: 2 });
    await client.online.getAccounts(); // token first, outside the measurement
    sim.injectFault({
      endpoint: "online/getAccounts",
      fault: { type: "latency", ms: 50 },
      times: Infinity,
    });
    // Counted where the simulator's server takes and answers each request, not timed: a busy
    // machine slows every request but cannot put more of them in flight at once.
    let inFlight = 0;
    let most = 0;
    const started = ({ socket }: { socket: net.Socket }) => {
      if (socket.localPort === sim.port) most = Math.max(most, ++inFlight);
    };
    const finished = ({ socket }: { socket: net.Socket }) => {
      if (socket.localPort === sim.port) inFlight -= 1;
    };
    diagnostics.subscribe("http.server.request.start", started as (message: unknown) => void);
    diagnostics.subscribe("http.server.response.finish", finished as (message: unknown) => void);
    try {
      await Promise.all(Array.from({ length: 8 }, () => client.online.getAccounts()));
    } finally {
      diagnostics.unsubscribe("http.server.request.start", started as (message: unknown) => void);
      diagnostics.unsubscribe(
        "http.server.response.finish",
        finished as (message: unknown) => void,
      );
    }
    assert.equal(sim.requestCount("online/getAccounts"), 9);
    assert.equal(most, 2);
  });
});
