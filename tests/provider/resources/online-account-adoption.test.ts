// Adoption (existingAccount) and the lifecycle defects found in review: an account taken over is
// never created, a bad or claimed id fails at preview, and errors never hold a secret.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { PartnersClient } from "../../../provider/client";
import { accountInputs, startProviderFixture, type ProviderFixture } from "./fixtures";

describe("OnlineAccount adoption and lifecycle edges", function () {
  let f: ProviderFixture;
  let client: PartnersClient;
  beforeEach(async () => {
    f = await startProviderFixture();
    client = new PartnersClient({
      apiUrl: f.sim.url,
      clientId: f.sim.clientId,
      clientSecret: f.sim.clientSecret,
    });
  });
  afterEach(async () => {
    await client.close();
    await f.close();
  });

  async function existing(name: string, reference = "crm42") {
    return client.online.createAccount({
      accountName: name,
      agents: 5,
      inboxes: 2,
      adminEmail: `${reference}@acme.example`,
      adminName: "Dana",
      adminDisplayName: "D",
      adminPassword: "Str0ng!Pass",
      reference,
    });
  }

  /** What a program adopting `id` sends: no admin fields, no quotas. */
  function adopting(id: string, extra: Record<string, unknown> = {}) {
    return {
      existingAccount: id,
      accountName: "Acme Inc",
      resourceKey: `key${id.replace(/\W/g, "")}`,
      ...extra,
    };
  }

  describe("check", () => {
    it("needs neither admin fields nor quotas, and takes the server from the id", async () => {
      const made = await existing("Acme Inc");
      const { inputs, failures } = await f.provider.check({}, adopting(`online/${made.accountId}`));
      assert.deepEqual(failures, []);
      assert.equal(inputs?.server, "online");
      assert.equal(inputs?.reference, undefined, "an adopted account keeps its own reference");
    });

    it("fails at preview for an id in the wrong form, naming the form", async () => {
      const { failures } = await f.provider.check({}, adopting("1234"));
      assert.deepEqual(
        failures?.map((x) => x.property),
        ["existingAccount"],
      );
      assert.match(failures?.[0].reason ?? "", /<server>\/<accountId> such as online\/1234/);
    });

    it("fails at preview for an account that does not exist", async () => {
      const { failures } = await f.provider.check({}, adopting("online/999"));
      assert.equal(failures?.[0].property, "existingAccount");
      assert.match(failures?.[0].reason ?? "", /no account online\/999 under this partner/);
    });

    it("fails when another resource of the run already claims the account", async () => {
      const made = await existing("Acme Inc");
      const id = `online/${made.accountId}`;
      assert.deepEqual((await f.provider.check({}, adopting(id))).failures, []);
      // The same resource checked again (preview, then up) is no conflict.
      assert.deepEqual((await f.provider.check({}, adopting(id))).failures, []);
      const other = await f.provider.check({}, adopting(id, { resourceKey: "anotherKey" }));
      assert.match(other.failures?.[0].reason ?? "", /already managed by another resource/);
      await assert.rejects(
        f.provider.create({ ...adopting(id, { resourceKey: "anotherKey" }) } as never),
        /already managed by another resource/,
      );
    });

    it("refuses a server that contradicts the id", async () => {
      const { failures } = await f.provider.check({}, adopting("online/1", { server: "eu1" }));
      assert.ok(failures?.some((x) => x.property === "server"));
    });
  });

  describe("create", () => {
    it("takes the account into state without creating one, then applies the program", async () => {
      const made = await existing("Old name");
      const id = `online/${made.accountId}`;
      const { inputs } = await f.provider.check(
        {},
        adopting(id, { status: "suspended", builderUrl: "https://b.example/login" }),
      );
      f.sim.resetRequestCounts();
      const result = await f.provider.create(inputs!);
      assert.equal(result.id, id);
      assert.equal(f.sim.requestCount("online/createAccount"), 0);
      assert.equal(f.sim.accounts().length, 1);
      const [account] = f.sim.accounts();
      assert.equal(account.accountName, "Acme Inc");
      assert.equal(account.status, "suspended");
      assert.equal(account.builderUrl, "https://b.example/login");
      assert.equal(result.outs?.reference, "crm42");
      assert.equal(result.outs?.accountId, made.accountId);
      assert.equal(result.outs?.adminPassword, undefined);
    });

    it("a later change of existingAccount is a warning, never a replacement", async () => {
      const made = await existing("Acme Inc");
      const id = `online/${made.accountId}`;
      const { outs } = await f.provider.create((await f.provider.check({}, adopting(id))).inputs!);
      const d = await f.provider.diff(id, outs, { ...outs, existingAccount: "online/77" });
      assert.equal(d.changes, false);
      assert.match(
        f.warnings.join("\n"),
        /existingAccount only applies when the account is created/,
      );
    });
  });

  describe("defects", () => {
    it("removing builderUrl from the program removes the link", async () => {
      const { id, outs } = await f.provider.create(
        accountInputs({ builderUrl: "https://b.example/login" }),
      );
      const news = { ...outs };
      delete news.builderUrl;
      const d = await f.provider.diff(id, outs, news);
      assert.equal(d.changes, true);
      const { outs: updated } = await f.provider.update(id, outs, news);
      assert.equal(f.sim.accounts()[0].builderUrl ?? "", "");
      assert.equal(updated?.builderUrl, undefined);
    });

    it("a refresh reports a late duplicate under the resource's derived reference, deleting nothing", async () => {
      const key = "pulumi0123456789abcdef01234567";
      const { id, outs } = await f.provider.create(
        accountInputs({ reference: key, resourceKey: key, accountName: "Late Co" }),
      );
      // What a lost attempt that took effect after the creation returned leaves behind.
      const late = await client.online.createAccount({
        accountName: "Late Co",
        agents: 10,
        inboxes: 3,
        adminEmail: outs.adminEmail!,
        adminName: "Dana",
        adminDisplayName: "D",
        adminPassword: "Str0ng!Pass",
        reference: key,
      });
      f.runtime.invalidateAccounts();
      await f.provider.read(id, outs);
      const warning = f.warnings.find((w) => w.includes("same derived reference"));
      assert.ok(warning, f.warnings.join("\n"));
      assert.match(warning, new RegExp(`online/${outs.accountId}.*online/${late.accountId}`, "s"));
      assert.match(warning, /deleteAccount\(\{accountId:"\d+",server:"online"\}\)/);
      assert.equal(f.sim.accounts().length, 2, "nothing deleted");

      // A partner reference that merely looks derived is never taken for the package's.
      f.warnings.length = 0;
      await f.provider.read(id, { ...outs, resourceKey: "someOtherKey" });
      assert.ok(!f.warnings.some((w) => w.includes("same derived reference")));
    });

    it("an update of an account deleted out of band says to run pulumi refresh", async () => {
      const { id, outs } = await f.provider.create(accountInputs());
      await client.online.deleteAccount({ accountId: outs.accountId, server: "online" });
      await assert.rejects(
        f.provider.update(id, outs, { ...outs, accountName: "Renamed" }),
        /no such account any more.*Run pulumi refresh/s,
      );
    });

    it("the error of a failed second step holds no password anywhere", async () => {
      f.sim.injectFault({
        endpoint: "online/updateAccount",
        fault: { type: "status", status: 500, body: "html" },
        times: Infinity,
      });
      const password = "Unique!Secret7";
      const error = await f.provider
        .create(accountInputs({ status: "suspended", adminPassword: password }))
        .then(
          () => undefined,
          (e: unknown) => e as Error & { properties?: Record<string, unknown> },
        );
      assert.ok(error);
      assert.equal(error.properties?.adminPassword, undefined);
      for (const text of [
        error.message,
        error.stack ?? "",
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ]) {
        assert.ok(!text.includes(password), "the password leaked into the error");
      }
    });
  });
});
