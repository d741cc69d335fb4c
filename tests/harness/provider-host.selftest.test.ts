// Proves the level-3 harness end to end with a tiny dynamic resource defined
// here: its `__provider` text is captured from a mocked program run, then driven
// through Pulumi's real dynamic provider host in a child process. The provider
// keeps no state in memory across calls (the host is another process); it
// appends every operation to a ledger file whose path the closure captures.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { version as sdkVersion } from "@pulumi/pulumi/version";
import { ProviderRpcError, startProviderHost, urnFor, type ProviderHost } from "./provider-host";
import {
  captureRegistration,
  isSecretWrapper,
  onlyDynamic,
  PROVIDER_KEY,
  type Registered,
} from "./serialized-provider";

const repoRoot = path.resolve(__dirname, "..", "..");
const TYPE = "pulumi-nodejs:dynamic/selftest:Ledger";

interface LedgerInputs {
  name: string;
  size: number;
  password?: string;
}

interface LedgerOutputs extends LedgerInputs {
  greeting: string;
  tokenSeen: boolean;
  passwordLength: number;
  version: number;
}

interface LedgerEntry {
  op: string;
  id?: string;
  pid: number;
}

// The provider runs in the host process. It must not mention the test file's
// `pulumi` import (tsx turns it into a copy the closure serializer cannot map
// back to a module; see serialized-provider.ts), so it requires what it needs
// from the host's cwd, like a real provider stub does.
function ledgerProvider(
  ledgerPath: string,
): pulumi.dynamic.ResourceProvider<LedgerInputs, LedgerOutputs> {
  const state = { greeting: "", tokenSeen: false };
  const record = (entry: Omit<LedgerEntry, "pid">) => {
    const fsInHost = process.getBuiltinModule("node:fs");
    fsInHost.appendFileSync(ledgerPath, JSON.stringify({ ...entry, pid: process.pid }) + "\n");
  };
  return {
    async configure(req) {
      state.greeting = req.config.get("greeting") ?? "(none)";
      state.tokenSeen = req.config.get("apiToken") === "t0ken";
      record({ op: "configure" });
      await Promise.resolve();
    },
    async check(_olds, news) {
      record({ op: "check" });
      const failures =
        typeof news.size === "number"
          ? []
          : [{ property: "size", reason: "size must be a number" }];
      return Promise.resolve({ inputs: { ...news, name: news.name.trim() }, failures });
    },
    async diff(_id, olds, news) {
      record({ op: "diff" });
      const replaces = olds.name === news.name ? [] : ["name"];
      return Promise.resolve({
        changes: olds.size !== news.size || replaces.length > 0,
        replaces,
        deleteBeforeReplace: replaces.length > 0,
      });
    },
    async create(inputs) {
      record({ op: "create" });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const pulumiInHost = require("@pulumi/pulumi") as typeof pulumi;
      await pulumiInHost.log.warn(`creating ${inputs.name}`);
      if (inputs.name === "explode") throw new Error("create refused: explode");
      if (inputs.name === "half") {
        const err = new Error("half created: not ready");
        throw Object.assign(err, {
          id: "ledger-half",
          properties: { name: "half" },
          reasons: ["not ready"],
        });
      }
      const outs: LedgerOutputs = {
        ...inputs,
        greeting: state.greeting,
        tokenSeen: state.tokenSeen,
        passwordLength: (inputs.password ?? "").length,
        version: 1,
      };
      return { id: `ledger-${inputs.name}`, outs };
    },
    async read(id, props) {
      record({ op: "read", id });
      if (id === "ledger-gone") return Promise.resolve({ id: "", props: undefined });
      return Promise.resolve({ id, props: props && { ...props, size: 42 } });
    },
    async update(id, olds, news) {
      record({ op: "update", id });
      return Promise.resolve({ outs: { ...olds, ...news, version: olds.version + 1 } });
    },
    async delete(id) {
      record({ op: "delete", id });
      await Promise.resolve();
    },
  };
}

class Ledger extends pulumi.dynamic.Resource {
  constructor(
    provider: pulumi.dynamic.ResourceProvider<LedgerInputs, LedgerOutputs>,
    name: string,
    props: pulumi.Inputs,
  ) {
    super(provider, name, props, undefined, "selftest", "Ledger");
  }
}

function readLedger(file: string): LedgerEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as LedgerEntry);
}

describe("level 3 harness: dynamic provider host self-test", function () {
  this.timeout(60000);

  let tmp: string;
  let ledgerPath: string;
  let alpha: Registered & { provider: string };

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "harness-selftest-"));
    ledgerPath = path.join(tmp, "ledger.jsonl");
    const provider = ledgerProvider(ledgerPath);
    const registered = await captureRegistration(() => {
      new Ledger(provider, "alpha", { name: "alpha", size: 1, password: pulumi.secret("hunter2") });
    });
    alpha = onlyDynamic(registered);
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe("captureRegistration", () => {
    it("returns type, name, URN and the serialized __provider", () => {
      assert.equal(alpha.type, TYPE);
      assert.equal(alpha.name, "alpha");
      assert.equal(alpha.urn, urnFor(TYPE, "alpha"));
      assert.equal(alpha.inputs[PROVIDER_KEY], alpha.provider);
      assert.match(alpha.provider, /^exports\.handler = /);
      assert.ok(
        alpha.provider.includes(JSON.stringify(ledgerPath)),
        "closure captured the ledger path",
      );
    });

    it("shows secret inputs both plain and as the wire wrapper", () => {
      assert.equal(alpha.inputs.password, "hunter2");
      assert.deepEqual(alpha.secretKeys, ["password"]);
      assert.deepEqual(alpha.secretPaths, ["password"]);
      assert.ok(isSecretWrapper(alpha.wireInputs.password));
      assert.deepEqual(
        { name: alpha.inputs.name, size: alpha.inputs.size },
        { name: "alpha", size: 1 },
      );
    });

    it("can run again in the same process and sees the closure as it is now", async () => {
      let label = "first";
      const provider: pulumi.dynamic.ResourceProvider<LedgerInputs, LedgerOutputs> = {
        create: async () => Promise.resolve({ id: label }),
      };
      const first = onlyDynamic(
        await captureRegistration(() => void new Ledger(provider, "again", { name: "a", size: 1 })),
      );
      label = "second";
      const second = onlyDynamic(
        await captureRegistration(() => void new Ledger(provider, "again", { name: "a", size: 1 })),
      );
      assert.ok(first.provider.includes('"first"'));
      assert.ok(second.provider.includes('"second"'), "the SDK's per-object cache was bypassed");
    });

    it("rejects when a registration fails", async () => {
      const provider = ledgerProvider(ledgerPath);
      await assert.rejects(
        captureRegistration(() => {
          new Ledger(provider, "broken", {
            name: pulumi.output(Promise.reject(new Error("no name"))),
          });
        }),
        /no name/,
      );
    });
  });

  describe("startProviderHost (faithful: launched as the engine launches it)", () => {
    let host: ProviderHost;
    const urn = urnFor(TYPE, "alpha");

    before(async () => {
      host = await startProviderHost({
        cwd: repoRoot,
        config: { "proj:greeting": "hello", "proj:apiToken": "t0ken" },
        secretConfigKeys: ["proj:apiToken"],
      });
    });

    after(async () => {
      await host.close();
    });

    it("answers GetPluginInfo and Configure like the SDK's host", async () => {
      const info = await host.getPluginInfo();
      assert.equal(info.version, sdkVersion);
      assert.equal(host.acceptSecrets, false);
    });

    it("check: returns the provider's inputs (with __provider) and failures", async () => {
      const ok = await host.check(urn, {}, { ...alpha.wireInputs, name: "  alpha  " });
      assert.equal(ok.inputs.name, "alpha");
      assert.equal(ok.inputs[PROVIDER_KEY], alpha.provider);
      assert.deepEqual(ok.failures, []);
      assert.deepEqual(ok.secretPaths, ["password"]);

      const bad = await host.check(urn, {}, { ...alpha.inputs, size: "big" });
      assert.deepEqual(bad.failures, [{ property: "size", reason: "size must be a number" }]);
    });

    it("create: returns id and outs; the engine would re-mark the secret by name", async () => {
      const created = await host.create(urn, alpha.wireInputs);
      assert.equal(created.id, "ledger-alpha");
      assert.equal(created.outs.password, "hunter2", "the provider got the plain value");
      assert.equal(created.outs.passwordLength, 7);
      assert.equal(created.outs[PROVIDER_KEY], alpha.provider);
      assert.deepEqual(created.secretPaths, ["password"]);
      assert.equal(created.outs.greeting, "hello", "configure saw proj:greeting via Config.get");
      assert.equal(created.outs.tokenSeen, true, "secret config arrives unwrapped");
    });

    it("create: pulumi.log.warn in the provider reaches the user via stderr, not Log RPCs", async () => {
      await host.create(urnFor(TYPE, "loud"), { ...alpha.inputs, name: "loud" });
      await host.waitForStderr("warning: [runtime] creating loud");
      assert.equal(
        host.logs.find((l) => l.message.includes("creating loud")),
        undefined,
        "the engine never gives the host its address",
      );
    });

    it("create: an error thrown by the provider surfaces with its message", async () => {
      await assert.rejects(
        host.create(urnFor(TYPE, "explode"), { ...alpha.inputs, name: "explode" }),
        (err: unknown) => {
          assert.ok(err instanceof ProviderRpcError);
          assert.equal(err.method, "Create");
          assert.equal(err.message, "create refused: explode");
          assert.equal(err.initFailure, undefined);
          return true;
        },
      );
    });

    it("create: an error carrying an id surfaces as a partial failure", async () => {
      await assert.rejects(
        host.create(urnFor(TYPE, "half"), { ...alpha.inputs, name: "half" }),
        (err: unknown) => {
          assert.ok(err instanceof ProviderRpcError);
          assert.equal(err.message, "half created: not ready");
          assert.deepEqual(err.initFailure, {
            id: "ledger-half",
            properties: { name: "half" },
            reasons: ["not ready"],
          });
          return true;
        },
      );
    });

    it("diff: none, some, and replace", async () => {
      const olds = { ...alpha.inputs, version: 1 };
      const none = await host.diff("ledger-alpha", urn, olds, alpha.inputs);
      assert.deepEqual(
        { changes: none.changes, replaces: none.replaces, dbr: none.deleteBeforeReplace },
        { changes: "none", replaces: [], dbr: false },
      );
      const some = await host.diff("ledger-alpha", urn, olds, { ...alpha.inputs, size: 2 });
      assert.equal(some.changes, "some");
      const replace = await host.diff("ledger-alpha", urn, olds, { ...alpha.inputs, name: "beta" });
      assert.deepEqual(
        { changes: replace.changes, replaces: replace.replaces, dbr: replace.deleteBeforeReplace },
        { changes: "some", replaces: ["name"], dbr: true },
      );
    });

    it("read: returns refreshed props; an empty id means gone", async () => {
      const props = { ...alpha.wireInputs, version: 1 };
      const found = await host.read("ledger-alpha", urn, props, alpha.wireInputs);
      assert.equal(found.id, "ledger-alpha");
      assert.equal(found.props.size, 42);
      assert.equal(found.props[PROVIDER_KEY], alpha.provider);
      assert.equal(found.inputs, undefined);
      assert.deepEqual(found.secretPaths, ["password"]);

      const gone = await host.read("ledger-gone", urn, props);
      assert.equal(gone.id, "");
    });

    it("update: returns the new outs", async () => {
      const olds = { ...alpha.inputs, version: 1 };
      const updated = await host.update("ledger-alpha", urn, olds, {
        ...alpha.wireInputs,
        size: 5,
      });
      assert.equal(updated.outs.size, 5);
      assert.equal(updated.outs.version, 2);
      assert.equal(updated.outs[PROVIDER_KEY], alpha.provider);
      assert.deepEqual(updated.secretPaths, ["password"]);
    });

    it("delete: reaches the provider", async () => {
      await host.delete("ledger-alpha", urn, { ...alpha.inputs, version: 2 });
      const last = readLedger(ledgerPath).at(-1);
      assert.deepEqual({ op: last?.op, id: last?.id }, { op: "delete", id: "ledger-alpha" });
    });

    it("ran every call in the host process, configuring the provider once", () => {
      const entries = readLedger(ledgerPath);
      assert.ok(entries.length > 0);
      assert.ok(entries.every((e) => e.pid === host.pid && e.pid !== process.pid));
      assert.equal(entries.filter((e) => e.op === "configure").length, 1);
    });
  });

  describe("startProviderHost with routeLogsToEngine", () => {
    it("delivers pulumi.log.warn from the provider to the fake engine as a warning", async () => {
      const host = await startProviderHost({ cwd: repoRoot, routeLogsToEngine: true });
      try {
        await host.create(urnFor(TYPE, "beta"), { ...alpha.inputs, name: "beta" });
        const log = await host.waitForLog((l) => l.message === "creating beta");
        assert.deepEqual(log, {
          severity: "warning",
          message: "creating beta",
          urn: "",
          streamId: 0,
          ephemeral: false,
        });
        assert.ok(!host.stderr.includes("creating beta"));
      } finally {
        await host.close();
      }
    });
  });

  describe("close", () => {
    it("stops the host process", async () => {
      const host = await startProviderHost({ cwd: repoRoot });
      await host.close();
      assert.ok(host.exit, "exit recorded");
      assert.throws(() => process.kill(host.pid, 0), /ESRCH/);
      await host.close();
    });

    it("fails clearly when cwd has no @pulumi/pulumi", async () => {
      await assert.rejects(startProviderHost({ cwd: os.tmpdir() }), /no dynamic provider host/);
    });
  });
});
