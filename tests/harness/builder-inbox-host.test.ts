// Level 3 for Builder and WhatsAppInbox: the `__provider` text the SDK serializes for each, run
// by Pulumi's own dynamic provider host (one process for both kinds, as under the engine) and
// driven over gRPC against a simulator on 127.0.0.1.
//
// The resource classes come from the compiled package (`require("pulumi-99digital")`): build
// first (`npx tsc -p tsconfig.json`). Warnings reach the host's stderr as
// `warning: [runtime] <msg>` lines, as under `pulumi up`.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PartnersClient } from "../../provider/client";
import { startSimulator, type Simulator } from "../../simulator";
import { ProviderRpcError, startProviderHost, urnFor, type ProviderHost } from "./provider-host";
import { captureRegistration, PROVIDER_KEY, type Registered } from "./serialized-provider";

type Props = Record<string, unknown>;
type Package = typeof import("../../provider");

const repoRoot = path.resolve(__dirname, "..", "..");
const BUILDER = "pulumi-nodejs:dynamic/99digital:Builder";
const INBOX = "pulumi-nodejs:dynamic/99digital:WhatsAppInbox";
const NUMBER = "972501234567";
const OTHER_NUMBER = "972501234569";

// Credentials that must never show up in logs, stderr or error messages.
const CLIENT_ID = "partner-4711";
const CLIENT_SECRET = "cl1ent-S3cret-never-printed";

const noCredentialEnv = {
  DIGITAL99_CLIENT_ID: undefined,
  DIGITAL99_CLIENT_SECRET: undefined,
  DIGITAL99_ACCESS_TOKEN: undefined,
  DIGITAL99_API_URL: undefined,
};

function loadPackage(): Package {
  if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "host.js"))) {
    throw new Error("dist/ is missing: run `npx tsc -p tsconfig.json` before this test");
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("pulumi-99digital") as Package;
}

describe("level 3: Builder and WhatsAppInbox in Pulumi's dynamic provider host", function () {
  this.timeout(20000);

  let sim: Simulator;
  let host: ProviderHost;
  let partners: PartnersClient;
  let accountId = "";
  const registered = new Map<string, Registered & { provider: string }>();
  const errorMessages: string[] = [];

  const builderUrn = urnFor(BUILDER, "acme-builder");
  const inboxUrn = urnFor(INBOX, "acme-support");
  const twinUrn = urnFor(INBOX, "acme-twin");
  let builderInputs: Props = {};
  let builderId = "";
  let builderState: Props = {};
  let inboxInputs: Props = {};
  let inboxId = "";
  let inboxState: Props = {};

  const rejectionOf = async (promise: Promise<unknown>): Promise<ProviderRpcError> => {
    try {
      await promise;
    } catch (err) {
      assert.ok(err instanceof ProviderRpcError, String(err));
      errorMessages.push(err.message);
      return err;
    }
    assert.fail("expected the RPC to fail");
  };
  const wire = (name: string) => registered.get(name)!.wireInputs;

  before(async () => {
    sim = await startSimulator({ port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    partners = new PartnersClient({
      apiUrl: sim.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    accountId = (
      await partners.online.createAccount({
        accountName: "Acme Inc",
        agents: 5,
        inboxes: 3,
        adminEmail: "owner@acme.example",
        adminName: "Dana",
        adminDisplayName: "D",
        adminPassword: "Str0ng!Pass",
      })
    ).accountId;

    const digital99 = loadPackage();
    const captured = await captureRegistration(() => {
      new digital99.Builder("acme-builder", { clientName: "Acme Inc" });
      new digital99.WhatsAppInbox("acme-support", {
        accountId,
        inboxName: "Support",
        whatsappNumber: NUMBER,
      });
      new digital99.WhatsAppInbox("acme-twin", {
        accountId,
        inboxName: "Sales",
        whatsappNumber: NUMBER,
      });
    });
    for (const r of captured) {
      if (r.provider !== undefined) registered.set(r.name, r as Registered & { provider: string });
    }

    host = await startProviderHost({
      cwd: repoRoot,
      config: {
        "digital99:apiUrl": sim.url,
        "digital99:clientId": CLIENT_ID,
        "digital99:clientSecret": CLIENT_SECRET,
        "digital99:requestTimeoutMs": "1000",
      },
      secretConfigKeys: ["digital99:clientSecret"],
      env: { ...noCredentialEnv, DIGITAL99_DEBUG: "1" },
    });
  });

  after(async () => {
    await host?.close();
    await partners?.close();
    await sim?.close();
  });

  it("captured one small stub per kind from the compiled package, nothing secret", () => {
    const builder = registered.get("acme-builder")!;
    const inbox = registered.get("acme-support")!;
    assert.equal(builder.type, BUILDER);
    assert.equal(inbox.type, INBOX);
    assert.match(builder.provider, /providerFor\("Builder"\)/);
    assert.match(inbox.provider, /providerFor\("WhatsAppInbox"\)/);
    assert.deepEqual([...builder.secretKeys, ...inbox.secretKeys], []);
    assert.equal(typeof builder.inputs.resourceKey, "string");
  });

  describe("check", () => {
    it("Builder: one failure per bad field; valid inputs get the defaults", async () => {
      const bad = await host.check(
        builderUrn,
        {},
        { ...wire("acme-builder"), clientName: "", deletionProtection: "no" },
      );
      assert.deepEqual(bad.failures.map((f) => f.property).sort(), [
        "clientName",
        "deletionProtection",
      ]);
      const good = await host.check(builderUrn, {}, wire("acme-builder"));
      assert.deepEqual(good.failures, []);
      assert.equal(good.inputs.deletionProtection, true);
      builderInputs = good.inputs;
    });

    it("WhatsAppInbox: defaults, and a number declared by two resources fails at preview", async () => {
      const good = await host.check(inboxUrn, {}, wire("acme-support"));
      assert.deepEqual(good.failures, []);
      assert.deepEqual(
        {
          server: good.inputs.server,
          importHistory: good.inputs.importHistory,
          protection: good.inputs.deletionProtection,
        },
        { server: "online", importHistory: false, protection: true },
      );
      inboxInputs = good.inputs;
      const twin = await host.check(twinUrn, {}, wire("acme-twin"));
      assert.deepEqual(
        twin.failures.map((f) => f.property),
        ["whatsappNumber"],
      );
      assert.match(twin.failures[0].reason, /declared by another WhatsAppInbox of this stack/);
    });
  });

  describe("create", () => {
    it("Builder: one createBuilder even when its answer is lost", async () => {
      sim.injectFault({ endpoint: "builder/createBuilder", fault: { type: "drop-after-commit" } });
      const created = await host.create(builderUrn, builderInputs);
      const builders = sim.builders();
      assert.equal(builders.length, 1);
      assert.equal(sim.requestCount("builder/createBuilder"), 1);
      builderId = created.id;
      builderState = created.outs;
      assert.equal(builderId, String(builders[0].builderId));
      assert.equal(builderState.url, builders[0].url);
      assert.equal(builderState[PROVIDER_KEY], registered.get("acme-builder")!.provider);
    });

    it("WhatsAppInbox: creates the inbox on the number, id <server>/<accountId>/<inboxId>", async () => {
      const created = await host.create(inboxUrn, inboxInputs);
      const [inbox] = sim.inboxes();
      assert.equal(sim.inboxes().length, 1);
      assert.equal(inbox.whatsappNumber, NUMBER);
      inboxId = created.id;
      inboxState = created.outs;
      assert.equal(inboxId, `online/${accountId}/${inbox.inboxId}`);
      assert.equal(inboxState.inboxId, String(inbox.inboxId));
    });
  });

  describe("diff and protected replacement", () => {
    it("Builder: a new clientName replaces, deleting first; the preview stops it while protected", async () => {
      const news = { ...builderInputs, clientName: "Acme Ltd" };
      const d = await host.diff(builderId, builderUrn, builderState, news);
      assert.deepEqual(
        { changes: d.changes, replaces: d.replaces, dbr: d.deleteBeforeReplace },
        { changes: "some", replaces: ["clientName"], dbr: true },
      );
      const check = await host.check(builderUrn, builderInputs, news);
      assert.deepEqual(
        check.failures.map((f) => f.property),
        ["clientName"],
      );
      assert.match(check.failures[0].reason, /would replace the builder/);
    });

    it("WhatsAppInbox: a new number replaces, deleting first; the preview stops it while protected", async () => {
      const news = { ...inboxInputs, whatsappNumber: "972501234568" };
      const d = await host.diff(inboxId, inboxUrn, inboxState, news);
      assert.deepEqual(
        { changes: d.changes, replaces: d.replaces, dbr: d.deleteBeforeReplace },
        { changes: "some", replaces: ["whatsappNumber"], dbr: true },
      );
      const check = await host.check(inboxUrn, inboxInputs, news);
      assert.match(check.failures[0]?.reason ?? "", /would replace the inbox/);
    });
  });

  describe("read (refresh)", () => {
    it("keeps a builder that exists, asking getBuilders once", async () => {
      sim.resetRequestCounts();
      const read = await host.read(builderId, builderUrn, builderState, builderInputs);
      assert.equal(read.id, builderId);
      assert.equal(read.props.url, builderState.url);
      assert.equal(read.inputs?.clientName, "Acme Inc");
      assert.equal(sim.requestCount("builder/getBuilders"), 1);
    });

    it("drops an inbox deleted out of band, with a warning on the host's stderr", async () => {
      await partners.online.deleteInbox({
        accountId,
        server: "online",
        inboxId: String(inboxState.inboxId),
      });
      const read = await host.read(inboxId, inboxUrn, inboxState, inboxInputs);
      assert.equal(read.id, "");
      await host.waitForStderr(
        /warning: \[runtime\] WhatsAppInbox online\/\d+\/\d+ \("Support"\) no longer exists on 99digital/,
      );
    });
  });

  describe("delete", () => {
    it("Builder: refused while protected; deleted once protection is off", async () => {
      const err = await rejectionOf(host.delete(builderId, builderUrn, builderState));
      assert.match(err.message, /protected by deletionProtection/);
      assert.equal(sim.builders().length, 1);

      const unprotected = { ...builderInputs, deletionProtection: false };
      const { outs } = await host.update(builderId, builderUrn, builderState, unprotected);
      assert.equal(outs.deletionProtection, false);
      await host.delete(builderId, builderUrn, outs);
      assert.equal(sim.builders().length, 0);
    });
  });

  describe("adoption", () => {
    it("takes over an existing builder and inbox without creating either", async () => {
      const builder = await partners.builder.createBuilder({ clientName: "Beta Ltd" });
      const inbox = await partners.online.createInbox({
        accountId,
        server: "online",
        inboxName: "Support",
        whatsappNumber: OTHER_NUMBER,
      });
      const creates =
        sim.requestCount("builder/createBuilder") + sim.requestCount("online/createInbox");

      const builderCheck = await host.check(
        urnFor(BUILDER, "beta-builder"),
        {},
        { ...wire("acme-builder"), clientName: "Beta Ltd", existingBuilder: builder.builderId },
      );
      assert.deepEqual(builderCheck.failures, []);
      const adoptedBuilder = await host.create(
        urnFor(BUILDER, "beta-builder"),
        builderCheck.inputs,
      );
      assert.equal(adoptedBuilder.id, builder.builderId);
      assert.equal(adoptedBuilder.outs.url, builder.url);

      const existingInbox = `online/${accountId}/${inbox.inboxId}`;
      const inboxCheck = await host.check(
        inboxUrn,
        {},
        {
          ...wire("acme-support"),
          accountId: undefined,
          whatsappNumber: OTHER_NUMBER,
          existingInbox,
        },
      );
      assert.deepEqual(inboxCheck.failures, []);
      const adoptedInbox = await host.create(inboxUrn, inboxCheck.inputs);
      assert.equal(adoptedInbox.id, existingInbox);

      assert.equal(
        sim.requestCount("builder/createBuilder") + sim.requestCount("online/createInbox"),
        creates,
      );
      const missing = await host.check(
        urnFor(BUILDER, "gamma-builder"),
        {},
        { ...wire("acme-builder"), existingBuilder: "999" },
      );
      assert.match(missing.failures[0]?.reason ?? "", /no builder 999 under this partner/);
    });
  });

  describe("secrets", () => {
    it("never appear in the host's stderr, stdout, engine logs or error messages", () => {
      assert.match(host.stderr, /builder\/createBuilder/, "the debug log ran");
      assert.ok(errorMessages.length >= 1);
      const seen = [host.stderr, host.stdout, JSON.stringify(host.logs), ...errorMessages].join(
        "\n",
      );
      assert.ok(!seen.includes(CLIENT_SECRET), "the client secret leaked");
    });
  });
});
