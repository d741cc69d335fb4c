// Level 3 for OnlineAccount: the `__provider` text the SDK serializes for a real
// OnlineAccount, run by Pulumi's own dynamic provider host (a child process,
// cwd = the repository root, as for the quickstart program) and driven over
// gRPC the way the engine drives it, against a simulator on 127.0.0.1.
//
// The resource class comes from the compiled package (`require("pulumi-99digital")`,
// i.e. dist/ through node_modules/pulumi-99digital -> ..): that is the stub users
// get, and the host loads `pulumi-99digital/provider-host` from dist/ too. Build
// first (`npx tsc -p tsconfig.json`). The provider's warnings reach the user as
// `warning: [runtime] <msg>` lines on the host's stderr, as under `pulumi up`.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PartnersClient } from "../../provider/client";
import { startSimulator, type Simulator } from "../../simulator";
import {
  ProviderRpcError,
  startProviderHost,
  urnFor,
  type ProviderHost,
  type ReadResult,
} from "./provider-host";
import {
  captureRegistration,
  PROVIDER_KEY,
  secretWrapper,
  UNKNOWN_VALUE,
  type Registered,
} from "./serialized-provider";

type Props = Record<string, unknown>;
type Package = typeof import("../../provider");

const repoRoot = path.resolve(__dirname, "..", "..");
const TYPE = "pulumi-nodejs:dynamic/99digital:OnlineAccount";

// Secrets that must never show up in logs, stderr or error messages.
const CLIENT_ID = "partner-4711";
const CLIENT_SECRET = "cl1ent-S3cret-never-printed";
const ADMIN_PASSWORD = "Adm1n!Pass-never-printed";
const REJECTED_PASSWORD = "lowercaseonly-never-printed";

// DIGITAL99_* from the test's own environment must not stand in for config.
const noCredentialEnv = {
  DIGITAL99_CLIENT_ID: undefined,
  DIGITAL99_CLIENT_SECRET: undefined,
  DIGITAL99_ACCESS_TOKEN: undefined,
  DIGITAL99_API_URL: undefined,
};

function loadPackage(): Package {
  const entry = path.join(repoRoot, "dist", "provider", "host.js");
  if (!fs.existsSync(entry)) {
    throw new Error("dist/ is missing: run `npx tsc -p tsconfig.json` before this test");
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("pulumi-99digital") as Package;
}

/** Checked inputs as the engine stores them: adminPassword keeps its secret mark. */
function withSecretPassword(props: Props): Props {
  return { ...props, adminPassword: secretWrapper(props.adminPassword) };
}

describe("level 3: OnlineAccount in Pulumi's dynamic provider host", function () {
  this.timeout(20000);

  let sim: Simulator;
  let host: ProviderHost;
  let partners: PartnersClient;
  let acme: Registered & { provider: string };
  let spare: Registered & { provider: string };
  /** Every error message a user could see; checked for secrets at the end. */
  const errorMessages: string[] = [];

  const acmeUrn = urnFor(TYPE, "acme");
  const spareUrn = urnFor(TYPE, "spare");
  let checked: Props; // acme's checked inputs (plain)
  let id = "";
  let state: Props = {}; // acme's outputs as the engine keeps them (plain)

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

  before(async () => {
    const digital99 = loadPackage();
    const registered = await captureRegistration(() => {
      new digital99.OnlineAccount("acme", {
        accountName: "Acme Inc",
        agents: 10,
        inboxes: 3,
        adminEmail: "owner@acme.example",
        adminName: "Dana Levi",
        adminDisplayName: "Dana",
        // Plain text on purpose: the resource must make it secret itself.
        adminPassword: ADMIN_PASSWORD,
        reference: "acme",
      });
      new digital99.OnlineAccount("spare", {
        accountName: "Spare Ltd",
        agents: 2,
        inboxes: 1,
        adminEmail: "admin@spare.example",
        adminName: "Sam Spare",
        adminDisplayName: "Sam",
        adminPassword: ADMIN_PASSWORD,
        deletionProtection: false,
      });
    });
    const byName = (name: string) => {
      const found = registered.find((r) => r.name === name && r.provider !== undefined);
      assert.ok(found, `no dynamic resource "${name}" was registered`);
      return found as Registered & { provider: string };
    };
    acme = byName("acme");
    spare = byName("spare");

    sim = await startSimulator({ port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    partners = new PartnersClient({
      apiUrl: sim.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      retryBaseDelayMs: 1,
    });
    host = await startProviderHost({
      cwd: repoRoot,
      config: {
        "digital99:apiUrl": sim.url,
        "digital99:clientId": CLIENT_ID,
        "digital99:clientSecret": CLIENT_SECRET,
        "digital99:requestTimeoutMs": "3000",
      },
      secretConfigKeys: ["digital99:clientSecret"],
      // The redacted request log goes to stderr too: what it prints is checked for secrets.
      env: { ...noCredentialEnv, DIGITAL99_DEBUG: "1" },
    });
  });

  after(async () => {
    await host?.close();
    await partners?.close();
    await sim?.close();
  });

  it("captured the serialized stub from the compiled package, password marked secret", () => {
    assert.equal(acme.type, TYPE);
    assert.equal(acme.urn, acmeUrn);
    assert.match(acme.provider, /require\("pulumi-99digital\/provider-host"\)/);
    assert.equal(spare.provider, acme.provider, "one stub for every OnlineAccount");
    assert.deepEqual(acme.secretKeys, ["adminPassword"]);
  });

  describe("check", () => {
    it("returns one failure per bad field, naming it, never echoing the password", async () => {
      const { failures } = await host.check(
        acmeUrn,
        {},
        {
          ...acme.wireInputs,
          agents: 0,
          adminEmail: "not-an-email",
          adminPassword: secretWrapper(REJECTED_PASSWORD),
          status: "paused",
        },
      );
      assert.deepEqual(failures.map((f) => f.property).sort(), [
        "adminEmail",
        "adminPassword",
        "agents",
        "status",
      ]);
      for (const failure of failures) assert.match(failure.reason, new RegExp(failure.property));
      errorMessages.push(...failures.map((f) => f.reason));
      assert.ok(!JSON.stringify(failures).includes(REJECTED_PASSWORD));
    });

    it("skips unknown values at preview instead of rejecting them", async () => {
      const { failures } = await host.check(
        acmeUrn,
        {},
        {
          ...acme.wireInputs,
          accountName: UNKNOWN_VALUE,
          adminPassword: UNKNOWN_VALUE,
          builderUrl: UNKNOWN_VALUE,
        },
      );
      assert.deepEqual(failures, []);
    });

    it("accepts valid inputs, applies the defaults and keeps the password secret", async () => {
      const result = await host.check(acmeUrn, {}, acme.wireInputs);
      assert.deepEqual(result.failures, []);
      checked = result.inputs;
      assert.equal(checked[PROVIDER_KEY], acme.provider);
      assert.deepEqual(
        {
          server: checked.server,
          status: checked.status,
          adminTwoFactor: checked.adminTwoFactor,
          deletionProtection: checked.deletionProtection,
        },
        { server: "online", status: "active", adminTwoFactor: "none", deletionProtection: true },
      );
      assert.deepEqual(result.secretPaths, ["adminPassword"]);
    });
  });

  describe("create", () => {
    it("creates the account on the simulator and returns its id and outputs", async () => {
      const before = sim.requestCount("online/createAccount");
      const created = await host.create(acmeUrn, withSecretPassword(checked));
      id = created.id;
      state = created.outs;

      const [account] = sim.accounts();
      assert.equal(sim.accounts().length, 1);
      assert.equal(sim.requestCount("online/createAccount") - before, 1);
      assert.equal(id, `online/${account.accountId}`);
      assert.deepEqual(
        {
          accountName: account.accountName,
          agents: account.agents,
          inboxes: account.inboxes,
          reference: account.reference,
          status: account.status,
        },
        { accountName: "Acme Inc", agents: 10, inboxes: 3, reference: "acme", status: "active" },
      );
      const admin = sim.agents().find((a) => a.agentId === account.agentIds[0]);
      assert.equal(admin?.email, "owner@acme.example");
      assert.equal(admin?.password, ADMIN_PASSWORD, "the password reached the API");

      assert.equal(state.accountId, String(account.accountId));
      assert.equal(state.adminAgentId, String(admin?.agentId));
      assert.equal(state.url, "https://online.99digital.co.il");
      assert.equal(state[PROVIDER_KEY], acme.provider);
      assert.deepEqual(created.secretPaths, ["adminPassword"], "the engine re-marks it secret");
    });
  });

  describe("diff", () => {
    const diffWith = (changes: Props) =>
      host.diff(
        id,
        acmeUrn,
        withSecretPassword(state),
        withSecretPassword({ ...checked, ...changes }),
      );

    it("finds no change when nothing changed", async () => {
      const result = await diffWith({});
      assert.equal(result.changes, "none");
    });

    it("updates in place on a rename", async () => {
      const result = await diffWith({ accountName: "Acme Renamed" });
      assert.deepEqual(
        { changes: result.changes, replaces: result.replaces },
        { changes: "some", replaces: [] },
      );
    });

    it("replaces, deleting first, when agents change", async () => {
      const result = await diffWith({ agents: 20 });
      assert.deepEqual(
        {
          changes: result.changes,
          replaces: result.replaces,
          deleteBeforeReplace: result.deleteBeforeReplace,
        },
        { changes: "some", replaces: ["agents"], deleteBeforeReplace: true },
      );
    });

    it("ignores a new adminEmail, with a warning on the host's stderr", async () => {
      const result = await diffWith({ adminEmail: "new-owner@acme.example" });
      assert.deepEqual(
        { changes: result.changes, replaces: result.replaces },
        { changes: "none", replaces: [] },
      );
      await host.waitForStderr(
        /warning: \[runtime\] OnlineAccount online\/\d+ \("Acme Inc"\): adminEmail only applies when the account is created/,
      );
    });
  });

  describe("update", () => {
    it("renames and suspends the account on the simulator", async () => {
      const news = { ...checked, accountName: "Acme Renamed", status: "suspended" };
      const { outs, secretPaths } = await host.update(
        id,
        acmeUrn,
        withSecretPassword(state),
        withSecretPassword(news),
      );
      const account = sim.accounts().find((a) => `online/${a.accountId}` === id);
      assert.deepEqual(
        { name: account?.accountName, status: account?.status },
        { name: "Acme Renamed", status: "suspended" },
      );
      assert.deepEqual(
        { name: outs.accountName, status: outs.status, accountId: outs.accountId },
        { name: "Acme Renamed", status: "suspended", accountId: state.accountId },
      );
      assert.deepEqual(secretPaths, ["adminPassword"]);
      state = outs;
      checked = { ...checked, accountName: "Acme Renamed", status: "suspended" };
    });

    it("resumes it again", async () => {
      const news = { ...checked, status: "active" };
      const { outs } = await host.update(
        id,
        acmeUrn,
        withSecretPassword(state),
        withSecretPassword(news),
      );
      const account = sim.accounts().find((a) => `online/${a.accountId}` === id);
      assert.equal(account?.status, "active");
      assert.equal(outs.status, "active");
      state = outs;
      checked = news;
    });
  });

  describe("read (refresh)", () => {
    it("reports an out-of-band rename and suspension as drift in props and inputs", async () => {
      const { server, accountId } = { server: "online", accountId: String(state.accountId) };
      await partners.online.updateAccount({
        accountId,
        server,
        accountName: "Acme Changed By Hand",
        status: "suspended",
      });

      const read: ReadResult = await host.read(
        id,
        acmeUrn,
        withSecretPassword(state),
        withSecretPassword(checked),
      );
      assert.equal(read.id, id);
      assert.deepEqual(
        { name: read.props.accountName, status: read.props.status },
        { name: "Acme Changed By Hand", status: "suspended" },
      );
      assert.deepEqual(
        { name: read.inputs?.accountName, status: read.inputs?.status },
        { name: "Acme Changed By Hand", status: "suspended" },
      );
      assert.equal(read.props[PROVIDER_KEY], acme.provider, "state keeps the stub");
      assert.equal(read.props.adminPassword, ADMIN_PASSWORD);
      assert.deepEqual(read.secretPaths, ["adminPassword"]);
      assert.deepEqual(read.inputSecretPaths, ["adminPassword"]);
      await host.waitForStderr(
        /warning: \[runtime\] OnlineAccount online\/\d+ \("Acme Renamed"\) was changed outside Pulumi: accountName is "Acme Changed By Hand".*status is "suspended"/,
      );
      state = read.props;
      checked = read.inputs ?? checked;
    });

    it("returns an empty id for an account deleted out of band", async () => {
      const spareChecked = await host.check(spareUrn, {}, spare.wireInputs);
      assert.deepEqual(spareChecked.failures, []);
      const created = await host.create(spareUrn, withSecretPassword(spareChecked.inputs));
      assert.ok(sim.accounts().some((a) => `online/${a.accountId}` === created.id));

      const [server, accountId] = created.id.split("/");
      await partners.online.deleteAccount({ accountId, server });
      const read = await host.read(created.id, spareUrn, withSecretPassword(created.outs));
      assert.equal(read.id, "");
      await host.waitForStderr(
        `OnlineAccount ${created.id} ("Spare Ltd") no longer exists on 99digital`,
      );
    });
  });

  describe("delete", () => {
    it("refuses while deletionProtection is on, and the account stays", async () => {
      assert.equal(state.deletionProtection, true);
      const err = await rejectionOf(host.delete(id, acmeUrn, withSecretPassword(state)));
      assert.equal(err.method, "Delete");
      assert.match(err.message, /protected by deletionProtection.*set deletionProtection: false/s);
      assert.ok(sim.accounts().some((a) => `online/${a.accountId}` === id));
    });

    it("deletes once deletionProtection is off", async () => {
      const unprotected = { ...checked, deletionProtection: false };
      const diff = await host.diff(
        id,
        acmeUrn,
        withSecretPassword(state),
        withSecretPassword(unprotected),
      );
      assert.equal(diff.changes, "some", "turning protection off is an update");
      const { outs } = await host.update(
        id,
        acmeUrn,
        withSecretPassword(state),
        withSecretPassword(unprotected),
      );
      assert.equal(outs.deletionProtection, false);

      await host.delete(id, acmeUrn, withSecretPassword(outs));
      assert.ok(!sim.accounts().some((a) => `online/${a.accountId}` === id));
    });
  });

  describe("without credentials", () => {
    let bare: ProviderHost;
    before(async () => {
      bare = await startProviderHost({
        cwd: repoRoot,
        config: { "digital99:apiUrl": sim.url },
        env: noCredentialEnv,
      });
    });
    after(async () => {
      await bare?.close();
    });

    it("still checks inputs (check needs no credentials)", async () => {
      const { failures } = await bare.check(acmeUrn, {}, acme.wireInputs);
      assert.deepEqual(failures, []);
    });

    it("fails create with an error naming the config keys, creating nothing", async () => {
      const accounts = sim.accounts().length;
      const requests = sim.requestCount();
      const err = await rejectionOf(bare.create(acmeUrn, withSecretPassword(checked)));
      assert.equal(err.method, "Create");
      assert.match(err.message, /credentials are not configured/);
      assert.match(err.message, /digital99:clientId/);
      assert.match(err.message, /digital99:clientSecret/);
      assert.equal(err.initFailure, undefined, "no partial resource");
      assert.equal(sim.accounts().length, accounts);
      assert.equal(sim.requestCount(), requests, "no request reached the API");
    });
  });

  describe("secrets", () => {
    it("never appear in the host's stderr, stdout, engine logs or error messages", () => {
      // The debug log ran: a secret missing from it is redaction, not silence.
      assert.match(host.stderr, /online\/createAccount/);
      assert.ok(errorMessages.length >= 3, "errors were collected");
      const seen = [
        host.stderr,
        host.stdout,
        JSON.stringify(host.logs),
        errorMessages.join("\n"),
      ].join("\n");
      for (const secret of [CLIENT_SECRET, ADMIN_PASSWORD, REJECTED_PASSWORD]) {
        assert.ok(!seen.includes(secret), `a secret leaked: ${secret.slice(0, 4)}…`);
      }
    });
  });
});
