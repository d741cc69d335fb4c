// PartnersClient against a scripted server: what goes on the wire for each endpoint (the
// documented names, account_id vs accountID, JSON bodies on GET and DELETE), how answers are
// normalised, and that invalid parameters never leave the process.

import assert from "node:assert/strict";
import {
  Digital99Error,
  PartnersClient,
  PartnersServerError,
  PartnersValidationError,
} from "../../../provider/client";
import {
  createdAccount,
  ok,
  rejection,
  sendJson,
  startServer,
  testClient,
  validAccount,
  type Recorded,
  type ScriptedServer,
} from "./helpers";

describe("PartnersClient", () => {
  let server: ScriptedServer;
  let client: PartnersClient;
  let answer: Record<string, unknown>;

  beforeEach(async () => {
    answer = ok();
    server = await startServer((req, res) => {
      if (req.endpoint === "settings/accessToken") {
        sendJson(res, 200, ok({ access_token: "tok_wire_123456", expiration_time: "9999999999" }));
        return;
      }
      sendJson(res, 200, answer);
    });
    client = testClient(server.url);
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  const last = (): Recorded => server.requests[server.requests.length - 1];

  describe("wire format", () => {
    it("createAccount POSTs the documented field names with a bearer token", async () => {
      answer = createdAccount;
      const created = await client.online.createAccount({
        ...validAccount,
        adminTwoFactor: "sms",
        adminTwoFactorDestination: "972501234567",
        server: "online",
        reference: "crm42",
      });
      assert.deepEqual(created, { accountId: "8", adminAgentId: "100", server: "online" });
      const req = last();
      assert.equal(req.method, "POST");
      assert.equal(req.endpoint, "online/createAccount");
      assert.equal(req.headers.authorization, "Bearer tok_wire_123456");
      assert.equal(req.headers["content-type"], "application/json");
      assert.deepEqual(req.json, {
        account_name: "Acme Dental",
        agents: 5,
        inboxes: 2,
        admin_email: "owner@acme.example",
        admin_name: "Dana Levi",
        admin_displayName: "Dana",
        admin_password: "Str0ng!Passw0rd",
        admin_2fa: 2,
        admin_2fa_value: "972501234567",
        server: "online",
        reference: "crm42",
      });
    });

    it("createAccount leaves optional fields out and defaults the answer's server", async () => {
      answer = ok({ account_id: "9", agent_id: "101" });
      const created = await client.online.createAccount(validAccount);
      assert.deepEqual(created, { accountId: "9", adminAgentId: "101", server: "online" });
      assert.deepEqual(Object.keys(last().json!).sort(), [
        "account_name",
        "admin_displayName",
        "admin_email",
        "admin_name",
        "admin_password",
        "agents",
        "inboxes",
      ]);
    });

    it("getAccounts sends GET with a JSON body and normalises ids, server and status", async () => {
      answer = {
        status: "ok",
        reason: "1",
        totalOnline: 2,
        list: [
          {
            create_time: 1700000000,
            account_name: "A",
            account_id: "1",
            server: "online",
            account_status: "active",
            reference: "ref1",
          },
          {
            create_time: "1700000100",
            account_name: "B",
            account_id: 2,
            server: 7,
            account_status: "Suspended",
            reference: null,
          },
        ],
      };
      const accounts = await client.online.getAccounts();
      assert.deepEqual(accounts, [
        {
          accountId: "1",
          accountName: "A",
          server: "online",
          status: "active",
          reference: "ref1",
          createdAt: 1700000000,
        },
        {
          accountId: "2",
          accountName: "B",
          server: "7",
          status: "suspended",
          createdAt: 1700000100,
        },
      ]);
      assert.equal(last().method, "GET");
      assert.equal(last().body, "{}");
    });

    it("accepts a success answer without `status`", async () => {
      answer = { reason: 1, list: [] };
      assert.deepEqual(await client.online.getAccounts(), []);
      answer = { list: [] };
      assert.deepEqual(await client.builder.getBuilders(), []);
    });

    it("updateAccount sends account_id and account_status 1/0 and reads the echo", async () => {
      // The documented example repeats `status` for the account; it must not confuse the envelope.
      answer = { reason: 1, account_id: 8, server: "online", account_name: "New", status: 0 };
      const updated = await client.online.updateAccount({
        accountId: "8",
        server: "online",
        accountName: "New",
        status: "suspended",
      });
      assert.deepEqual(updated, {
        accountId: "8",
        server: "online",
        accountName: "New",
        status: "suspended",
      });
      assert.equal(last().method, "POST");
      assert.deepEqual(last().json, {
        account_id: "8",
        server: "online",
        account_name: "New",
        account_status: 0,
      });
    });

    it("deleteAccount sends DELETE with accountID and the default server", async () => {
      answer = ok({ accountID: "8", server: "online" });
      await client.online.deleteAccount({ accountId: "8" });
      assert.equal(last().method, "DELETE");
      assert.deepEqual(last().json, { accountID: "8", server: "online" });
    });

    it("getAgents uses accountID and reads totalagents/two_factor_type leniently", async () => {
      answer = ok({
        totalAgents: 2,
        list: [
          {
            id: 100,
            create_time: 1700000000,
            email: "a@b.co",
            agent_name: "Dana",
            role: "Admin",
            two_factor_type: null,
            two_factor_phone: "",
            two_factor_email: null,
          },
          {
            id: "101",
            create_time: 1700000001,
            email: "c@d.co",
            agent_name: "Eli",
            role: "Agent",
            two_factor_type: "sms",
            two_factor_phone: "972501234567",
          },
        ],
      });
      const agents = await client.online.getAgents({ accountId: "8", server: "online" });
      assert.deepEqual(agents, [
        {
          id: "100",
          createdAt: 1700000000,
          email: "a@b.co",
          name: "Dana",
          role: "Admin",
          twoFactor: "none",
        },
        {
          id: "101",
          createdAt: 1700000001,
          email: "c@d.co",
          name: "Eli",
          role: "Agent",
          twoFactor: "sms",
          twoFactorPhone: "972501234567",
        },
      ]);
      assert.deepEqual(last().json, { accountID: "8", server: "online" });
    });

    it("loginAgent sends accountID, agentID, server", async () => {
      answer = ok({ login: "https://online.99digital.co.il/sso/abc" });
      const link = await client.online.loginAgent({ accountId: "8", agentId: "100" });
      assert.deepEqual(link, { login: "https://online.99digital.co.il/sso/abc" });
      assert.deepEqual(last().json, { accountID: "8", agentID: "100", server: "online" });
    });

    it("createInbox sends inbox_type whatsapp, account_id and import_history 1/0", async () => {
      answer = ok({ inboxID: 5, account_id: 8, server: "online", whatsapp_number: "972501234567" });
      const inbox = await client.online.createInbox({
        accountId: "8",
        server: "online",
        inboxName: "Support",
        whatsappNumber: "972501234567",
        importHistory: true,
      });
      assert.deepEqual(inbox, {
        inboxId: "5",
        accountId: "8",
        server: "online",
        whatsappNumber: "972501234567",
      });
      assert.deepEqual(last().json, {
        inbox_type: "whatsapp",
        inbox_name: "Support",
        whatsapp_number: "972501234567",
        account_id: "8",
        server: "online",
        import_history: 1,
      });
    });

    it("getInboxes and deleteInbox use accountID / inboxID", async () => {
      answer = ok({
        totalInboxes: 1,
        list: [{ id: 5, name: "Support", channel_type: "Channel::Api", api_type: null }],
      });
      assert.deepEqual(await client.online.getInboxes({ accountId: "8" }), [
        { id: "5", name: "Support", channelType: "Channel::Api" },
      ]);
      assert.deepEqual(last().json, { accountID: "8", server: "online" });
      answer = ok();
      await client.online.deleteInbox({ accountId: "8", inboxId: "5" });
      assert.equal(last().method, "DELETE");
      assert.deepEqual(last().json, { accountID: "8", server: "online", inboxID: "5" });
    });

    it("builder endpoints use client_name / builderID and normalise ids", async () => {
      answer = ok({ builderID: 3, client_name: "Acme", url: "https://b.example/3" });
      assert.deepEqual(
        await client.builder.createBuilder({ clientName: "Acme", reference: "r1" }),
        {
          builderId: "3",
          clientName: "Acme",
          url: "https://b.example/3",
        },
      );
      assert.deepEqual(last().json, { client_name: "Acme", reference: "r1" });

      answer = ok({
        totalBuilders: 1,
        list: [
          { create_time: 1700000000, client: "Acme", builderID: "3", url: "https://b.example/3" },
        ],
      });
      assert.deepEqual(await client.builder.getBuilders(), [
        { builderId: "3", clientName: "Acme", url: "https://b.example/3", createdAt: 1700000000 },
      ]);
      assert.equal(last().method, "GET");

      answer = ok({ login: "https://b.example/login/xyz" });
      assert.deepEqual(await client.builder.loginBuilder({ builderId: "3" }), {
        login: "https://b.example/login/xyz",
      });
      assert.deepEqual(last().json, { builderID: "3" });

      answer = ok();
      await client.builder.deleteBuilder({ builderId: "3" });
      assert.equal(last().method, "DELETE");
      assert.deepEqual(last().json, { builderID: "3" });
    });

    it("settings endpoints: setWebhook POST, getWebhook GET, setBusiness PATCH", async () => {
      answer = ok({ url: "https://hooks.example/99" });
      assert.deepEqual(await client.settings.setWebhook({ url: "https://hooks.example/99" }), {
        url: "https://hooks.example/99",
      });
      assert.equal(last().method, "POST");
      assert.deepEqual(last().json, { url: "https://hooks.example/99" });

      answer = ok({ url: "" });
      assert.deepEqual(await client.settings.getWebhook(), {});
      assert.equal(last().method, "GET");

      answer = ok({ onboarding_message: "Welcome" });
      assert.deepEqual(
        await client.settings.setBusiness({ onboardingMessage: "Welcome", onboardingButton: "Go" }),
        { onboardingMessage: "Welcome", onboardingButton: "Go" },
      );
      assert.equal(last().method, "PATCH");
      assert.deepEqual(last().json, { onboarding_message: "Welcome", onboarding_button: "Go" });
    });

    it("tolerates a trailing slash in apiUrl", async () => {
      const other = testClient(`${server.url}/`);
      answer = ok({ list: [] });
      await other.online.getAccounts();
      await other.close();
      assert.equal(last().endpoint, "online/getAccounts");
    });
  });

  describe("validation before sending", () => {
    it("rejects bad parameters with PartnersValidationError and sends nothing", async () => {
      const error = await rejection(() =>
        client.online.createAccount({ ...validAccount, adminPassword: "weakpass" }),
      );
      assert.ok(error instanceof PartnersValidationError);
      assert.equal(error.field, "adminPassword");
      assert.equal(error.rule, "strength");
      assert.equal(error.ambiguous, false);
      assert.match(error.message, /^online\/createAccount: adminPassword must be at least 6/);
      assert.doesNotMatch(error.message, /weakpass/);
      assert.equal(server.count(), 0);
    });

    it("reports every bad field at once", async () => {
      const error = await rejection(() =>
        client.online.createAccount({
          ...validAccount,
          agents: 0,
          adminEmail: "nope",
          reference: "has space",
        }),
      );
      assert.ok(error instanceof PartnersValidationError);
      assert.deepEqual(
        error.issues.map((i) => i.field),
        ["agents", "adminEmail", "reference"],
      );
    });

    it("validates every endpoint's parameters", async () => {
      const calls: (() => Promise<unknown>)[] = [
        () => client.online.updateAccount({ accountId: "8", server: "online" }),
        () => client.online.updateAccount({ accountId: "x", server: "online", status: "active" }),
        () => client.online.deleteAccount({ accountId: "" }),
        () => client.online.getAgents({ accountId: "12345678" }),
        () => client.online.loginAgent({ accountId: "8", agentId: "" }),
        () =>
          client.online.createInbox({
            accountId: "8",
            server: "online",
            inboxName: "x",
            whatsappNumber: "+972501234567",
          }),
        () => client.online.deleteInbox({ accountId: "8", inboxId: "a" }),
        () => client.builder.createBuilder({ clientName: " " }),
        () => client.builder.loginBuilder({ builderId: "" }),
        () => client.settings.setWebhook({ url: "ftp://x.example" }),
        () => client.settings.setBusiness({}),
      ];
      for (const call of calls) {
        assert.ok((await rejection(call)) instanceof PartnersValidationError);
      }
      assert.equal(server.count(), 0);
    });
  });

  describe("options", () => {
    it("needs credentials: a clientId/clientSecret pair or an accessToken", () => {
      assert.throws(
        () => new PartnersClient({ clientId: "x" }),
        (e: unknown) => e instanceof PartnersValidationError && e.field === "clientSecret",
      );
      assert.throws(
        () => new PartnersClient({}),
        (e: unknown) => e instanceof PartnersValidationError && e.field === "clientId",
      );
    });

    it("rejects bad numbers and URLs, naming each option", () => {
      assert.throws(
        () =>
          new PartnersClient({
            accessToken: "t0k3n-given",
            apiUrl: "not a url",
            maxConcurrency: 0,
            maxRetries: 1.5,
            requestTimeoutMs: -1,
          }),
        (e: unknown) =>
          e instanceof PartnersValidationError &&
          e.issues.map((i) => i.field).join() ===
            "apiUrl,requestTimeoutMs,maxRetries,maxConcurrency",
      );
    });

    it("refuses http:// to a host other than loopback unless allowInsecureHttp", () => {
      const refused = [
        "http://partners.99digital.co.il/api",
        "http://10.0.0.5:4010/api",
        "http://127.0.0.1.evil.example/api",
        "http://localhost.evil.example/api",
        "http://[::2]/api",
      ];
      for (const apiUrl of refused) {
        assert.throws(
          () => new PartnersClient({ apiUrl, accessToken: "t0k3n-given" }),
          (e: unknown) =>
            e instanceof PartnersValidationError &&
            e.field === "apiUrl" &&
            e.issues[0].rule === "https" &&
            /apiUrl must use https:\/\/ unless its host is 127\.0\.0\.1, \[::1\] or localhost.*Set allowInsecureHttp to true/.test(
              e.message,
            ),
          apiUrl,
        );
        new PartnersClient({ apiUrl, accessToken: "t0k3n-given", allowInsecureHttp: true });
      }
      for (const apiUrl of [
        "https://partners.example/api",
        "http://127.0.0.1:4010/api",
        "http://127.8.9.10/api",
        "http://127.1/api",
        "http://[::1]:4010/api",
        "http://localhost:4010/api",
        "http://LOCALHOST/api",
      ]) {
        new PartnersClient({ apiUrl, accessToken: "t0k3n-given" });
      }
      assert.throws(
        () =>
          new PartnersClient({
            accessToken: "t0k3n-given",
            allowInsecureHttp: "yes" as unknown as boolean,
          }),
        /allowInsecureHttp must be true or false/,
      );
    });

    it("uses a given accessToken as is, without a token request", async () => {
      const other = new PartnersClient({ apiUrl: server.url, accessToken: "given_token_abc" });
      answer = ok({ list: [] });
      await other.online.getAccounts();
      await other.close();
      assert.equal(server.count("settings/accessToken"), 0);
      assert.equal(last().headers.authorization, "Bearer given_token_abc");
    });
  });

  describe("answers in the wrong shape", () => {
    it("are server errors that count the attempts behind them", async () => {
      answer = ok({ list: "not a list" });
      const error = await rejection(() => client.online.getAccounts());
      assert.ok(error instanceof PartnersServerError, String(error));
      assert.equal(error.attempts, 1);
      assert.match(error.message, /not in the documented shape.*\(after 1 attempt\)$/);
    });
  });

  describe("close()", () => {
    it("ends the pool; later calls fail without a request", async () => {
      answer = ok({ list: [] });
      await client.online.getAccounts();
      const before = server.count();
      await client.close();
      const error = await rejection(() => client.online.getAccounts());
      assert.ok(error instanceof Digital99Error);
      assert.match(error.message, /closed \(nothing was sent\)$/);
      assert.equal(error.attempts, 0);
      assert.equal(server.count(), before);
      await client.close(); // twice is fine
    });
  });
});
