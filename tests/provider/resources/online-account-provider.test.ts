import assert from "node:assert/strict";
import { PartnersClient } from "../../../provider/client";
import { derivedReference } from "../../../provider/resources/create-once";
import { unknownValue } from "../../../provider/resources/fields";
import { accountInputs, startProviderFixture, type ProviderFixture } from "./fixtures";

describe("OnlineAccount provider against the simulator", function () {
  let f: ProviderFixture;
  beforeEach(async () => {
    f = await startProviderFixture();
  });
  afterEach(async () => {
    await f.close();
  });

  describe("check", () => {
    it("applies the defaults and accepts valid inputs", async () => {
      const { inputs, failures } = await f.provider.check(
        {},
        {
          accountName: "Acme",
          agents: 10,
          inboxes: 3,
          adminEmail: "a@acme.example",
          adminName: "Dana",
          adminDisplayName: "D",
          adminPassword: "Str0ng!Pass",
          reference: "acme1",
        },
      );
      assert.deepEqual(failures, []);
      assert.equal(inputs?.server, "online");
      assert.equal(inputs?.status, "active");
      assert.equal(inputs?.adminTwoFactor, "none");
      assert.equal(inputs?.deletionProtection, true);
    });

    const bad: Array<[string, unknown, RegExp]> = [
      ["accountName", "x".repeat(101), /accountName.*100/],
      ["accountName", "", /accountName/],
      ["agents", 0, /agents/],
      ["agents", 10000, /agents/],
      ["agents", 2.5, /agents/],
      ["inboxes", 1000, /inboxes/],
      ["adminEmail", "not-an-email", /adminEmail/],
      ["adminName", "", /adminName/],
      ["adminDisplayName", "y".repeat(51), /adminDisplayName/],
      ["adminPassword", "weakpassword", /adminPassword/],
      ["reference", "has-dash", /reference/],
      ["server", "no such/server", /server/],
      ["status", "paused", /status must be one of "active", "suspended"/],
      ["builderUrl", "ftp://builder.example", /builderUrl must be an http\(s\) URL/],
      ["deletionProtection", "yes", /deletionProtection must be true or false/],
      ["agentz", 3, /agentz is not an input of OnlineAccount/],
    ];
    for (const [property, value, reason] of bad) {
      it(`rejects ${property} = ${JSON.stringify(value).slice(0, 20)} naming the field`, async () => {
        const { failures } = await f.provider.check({}, accountInputs({ [property]: value }));
        assert.equal(failures?.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, property);
        assert.match(failures[0].reason, reason);
      });
    }

    it("never echoes the password it rejects", async () => {
      const { failures } = await f.provider.check(
        {},
        accountInputs({ adminPassword: "lowercaseonly1" }),
      );
      assert.equal(failures?.[0].property, "adminPassword");
      assert.ok(!failures[0].reason.includes("lowercaseonly1"));
    });

    it("checks the 2FA destination against the mode", async () => {
      const sms = await f.provider.check(
        {},
        accountInputs({ adminTwoFactor: "sms", adminTwoFactorDestination: "a@b.example" }),
      );
      assert.deepEqual(
        sms.failures?.map((x) => x.property),
        ["adminTwoFactorDestination"],
      );
      const ok = await f.provider.check(
        {},
        accountInputs({ adminTwoFactor: "sms", adminTwoFactorDestination: "972501234567" }),
      );
      assert.deepEqual(ok.failures, []);
    });

    it("skips unknown values at preview instead of rejecting them", async () => {
      const { failures } = await f.provider.check(
        {},
        accountInputs({
          accountName: unknownValue,
          adminPassword: unknownValue,
          adminTwoFactor: unknownValue,
          adminTwoFactorDestination: "x",
        }),
      );
      assert.deepEqual(failures, []);
    });

    it("refuses a replacing change while deletionProtection is on, and explains", async () => {
      const olds = accountInputs();
      const { failures } = await f.provider.check(olds, { ...olds, agents: 20 });
      assert.equal(failures?.length, 1);
      assert.equal(failures[0].property, "agents");
      assert.match(failures[0].reason, /replace the account.*deleted.*deletionProtection: false/s);
    });

    it("allows the replacing change once the state has deletionProtection off", async () => {
      const olds = accountInputs({ deletionProtection: false });
      const { failures } = await f.provider.check(olds, { ...olds, agents: 20 });
      assert.deepEqual(failures, []);
    });
  });

  describe("diff", () => {
    const olds = accountInputs({
      accountId: "8",
      adminAgentId: "100",
      url: "https://online.99digital.co.il",
    });
    it("updates a rename in place", async () => {
      const d = await f.provider.diff("online/8", olds, { ...olds, accountName: "Renamed" });
      assert.equal(d.changes, true);
      assert.deepEqual(d.replaces, []);
    });
    for (const field of ["agents", "inboxes", "server"]) {
      it(`replaces the account when ${field} changes`, async () => {
        const d = await f.provider.diff("online/8", olds, {
          ...olds,
          [field]: field === "server" ? "eu1" : 99,
        });
        assert.equal(d.changes, true);
        assert.deepEqual(d.replaces, [field]);
        assert.equal(d.deleteBeforeReplace, true);
      });
    }
    it("warns about an initial-only change and changes nothing", async () => {
      const d = await f.provider.diff("online/8", olds, {
        ...olds,
        adminEmail: "new@acme.example",
        adminPassword: "N3w!Password",
      });
      assert.equal(d.changes, false);
      assert.equal(f.warnings.length, 1);
      assert.match(
        f.warnings[0],
        /adminEmail and adminPassword only apply when the account is created/,
      );
      assert.ok(!f.warnings[0].includes("N3w!Password"));
    });
    it("reports no changes for identical inputs", async () => {
      const d = await f.provider.diff("online/8", olds, { ...olds });
      assert.equal(d.changes, false);
      assert.deepEqual(f.warnings, []);
    });
    it("updates deletionProtection in state", async () => {
      const d = await f.provider.diff("online/8", olds, { ...olds, deletionProtection: false });
      assert.equal(d.changes, true);
    });
  });

  describe("create", () => {
    it("creates the account and returns every input and output", async () => {
      const inputs = accountInputs();
      const { id, outs } = await f.provider.create(inputs);
      const [account] = f.sim.accounts();
      assert.equal(id, `online/${account.accountId}`);
      assert.equal(outs.accountId, String(account.accountId));
      assert.equal(outs.url, "https://online.99digital.co.il");
      assert.equal(outs.accountName, inputs.accountName);
      assert.equal(outs.status, "active");
      assert.ok(outs.adminAgentId);
      assert.equal(account.reference, inputs.reference);
    });

    it("suspends and links the builder after creating when asked", async () => {
      const { outs } = await f.provider.create(
        accountInputs({ status: "suspended", builderUrl: "https://builder.example/login" }),
      );
      const [account] = f.sim.accounts();
      assert.equal(account.status, "suspended");
      assert.equal(account.builderUrl, "https://builder.example/login");
      assert.equal(outs.status, "suspended");
    });

    it("keeps the created account in state when the follow-up update fails", async () => {
      f.sim.injectFault({
        endpoint: "online/updateAccount",
        fault: { type: "status", status: 500, body: "html" },
        times: Infinity,
      });
      const inputs = accountInputs({ status: "suspended" });
      const error = await f.provider.create(inputs).then(
        () => undefined,
        (e: unknown) => e as Error & { id?: string; properties?: Record<string, unknown> },
      );
      assert.ok(error, "create should fail");
      const [account] = f.sim.accounts();
      assert.equal(error.id, `online/${account.accountId}`);
      assert.equal(error.properties?.status, "active");
      assert.equal(error.properties?.__provider, "stub");
      assert.match(error.message, /was created, but setting its status failed.*kept in state/s);
      // The engine shows the reasons of a resource that failed to initialise, not the message.
      assert.deepEqual((error as { reasons?: string[] }).reasons, [error.message]);
    });

    it("stops on a definitive API refusal without creating anything", async () => {
      await assert.rejects(f.provider.create(accountInputs({ server: "nowhere" })), /server/);
      assert.equal(f.sim.accounts().length, 0);
    });

    for (const fault of [
      { type: "drop-after-commit" },
      { type: "status-after-commit", status: 502 },
      { type: "truncated-body" },
      { type: "malformed-body" },
    ] as const) {
      it(`finds the account instead of creating it twice after ${fault.type}`, async () => {
        f.sim.injectFault({ endpoint: "online/createAccount", fault });
        const { id } = await f.provider.create(accountInputs());
        const accounts = f.sim.accounts();
        assert.equal(accounts.length, 1);
        assert.equal(id, `online/${accounts[0].accountId}`);
        assert.equal(f.sim.requestCount("online/createAccount"), 1);
      });
    }

    it("tries again when the lost attempt created nothing", async () => {
      f.sim.injectFault({
        endpoint: "online/createAccount",
        fault: { type: "drop-before-commit" },
      });
      const { id } = await f.provider.create(accountInputs());
      assert.equal(f.sim.accounts().length, 1);
      assert.equal(id, `online/${f.sim.accounts()[0].accountId}`);
      assert.equal(f.sim.requestCount("online/createAccount"), 2);
    });

    it("adopts the account an interrupted earlier run created, by its derived reference", async () => {
      const reference = derivedReference("proj", "dev", "acme");
      const inputs = accountInputs({ reference });
      const client = new PartnersClient({
        apiUrl: f.sim.url,
        clientId: f.sim.clientId,
        clientSecret: f.sim.clientSecret,
      });
      const earlier = await client.online.createAccount({
        accountName: inputs.accountName,
        agents: 10,
        inboxes: 3,
        adminEmail: inputs.adminEmail as string,
        adminName: "Dana Levi",
        adminDisplayName: "Dana",
        adminPassword: "Str0ng!Pass",
        reference,
      });
      await client.close();
      const { id, outs } = await f.provider.create(inputs);
      assert.equal(id, `online/${earlier.accountId}`);
      assert.equal(outs.adminAgentId, earlier.adminAgentId);
      assert.equal(f.sim.accounts().length, 1);
      assert.match(f.warnings.join("\n"), /adopting it instead of creating a duplicate/);
    });

    it("never adopts another account that merely shares a partner-given reference", async () => {
      const shared = accountInputs({ reference: "customer42" });
      await f.provider.create(shared);
      f.sim.injectFault({
        endpoint: "online/createAccount",
        fault: { type: "drop-before-commit" },
      });
      const second = accountInputs({ reference: "customer42", accountName: shared.accountName });
      const { id } = await f.provider.create(second);
      assert.equal(f.sim.accounts().length, 2);
      assert.notEqual(id, `online/${f.sim.accounts()[0].accountId}`);
    });
  });

  describe("read", () => {
    it("returns drift in outputs and inputs, and warns", async () => {
      const { id, outs } = await f.provider.create(accountInputs());
      const client = new PartnersClient({
        apiUrl: f.sim.url,
        clientId: f.sim.clientId,
        clientSecret: f.sim.clientSecret,
      });
      await client.online.updateAccount({
        accountId: outs.accountId,
        server: "online",
        accountName: "Renamed outside",
        status: "suspended",
      });
      await client.close();
      const read = await f.provider.read(id, outs);
      assert.equal(read.id, id);
      assert.equal(read.props?.accountName, "Renamed outside");
      assert.equal(read.props?.status, "suspended");
      assert.equal(read.inputs?.accountName, "Renamed outside");
      assert.equal(read.inputs?.status, "suspended");
      assert.equal(read.inputs?.accountId, undefined, "outputs do not leak into inputs");
      assert.match(
        f.warnings.join("\n"),
        /changed outside Pulumi: accountName is "Renamed outside"/,
      );
    });

    it("drops an account deleted outside Pulumi", async () => {
      const { id, outs } = await f.provider.create(accountInputs({ deletionProtection: false }));
      await f.provider.delete(id, outs);
      const read = await f.provider.read(id, outs);
      assert.equal(read.id, "");
      assert.match(f.warnings.join("\n"), /no longer exists/);
    });

    it("fetches the account list once for many reads", async () => {
      const created = [];
      for (let i = 0; i < 5; i++) created.push(await f.provider.create(accountInputs()));
      f.sim.resetRequestCounts();
      await Promise.all(created.map(({ id, outs }) => f.provider.read(id, outs)));
      assert.equal(f.sim.requestCount("online/getAccounts"), 1);
    });
  });

  describe("update and delete", () => {
    it("renames and suspends in place", async () => {
      const { id, outs } = await f.provider.create(accountInputs());
      const news = { ...outs, accountName: "New name", status: "suspended" as const };
      const { outs: updated } = await f.provider.update(id, outs, news);
      const [account] = f.sim.accounts();
      assert.equal(account.accountName, "New name");
      assert.equal(account.status, "suspended");
      assert.equal(updated?.accountName, "New name");
      assert.equal(updated?.accountId, outs.accountId);
    });

    it("keeps initial-only values as created", async () => {
      const { id, outs } = await f.provider.create(accountInputs());
      const { outs: updated } = await f.provider.update(id, outs, {
        ...outs,
        accountName: "x2",
        adminEmail: "other@acme.example",
      });
      assert.equal(updated?.adminEmail, outs.adminEmail);
    });

    it("refuses to delete while deletionProtection is on", async () => {
      const { id, outs } = await f.provider.create(accountInputs());
      await assert.rejects(
        f.provider.delete(id, outs),
        /protected by deletionProtection.*set deletionProtection: false/s,
      );
      assert.equal(f.sim.accounts().length, 1);
    });

    it("deletes without protection, and counts an account already gone as deleted", async () => {
      const { id, outs } = await f.provider.create(accountInputs({ deletionProtection: false }));
      await f.provider.delete(id, outs);
      assert.equal(f.sim.accounts().length, 0);
      await f.provider.delete(id, outs);
    });
  });
});
