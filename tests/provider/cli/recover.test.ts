// `pulumi-99digital recover` without the engine: what it finds broken in a file backend's stack
// files and how it repairs it, which locks it refuses to touch, its command line, and the manual
// steps for a backend it cannot reach. tests/engine/recover.test.ts runs it with the real engine.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  fileBackendOf,
  plannedRepairs,
  shownBackend,
  stackFiles,
  staleLocks,
  type StackFiles,
} from "../../../provider/cli/file-backend";
import { managedAccounts, ONLINE_ACCOUNT_TYPE } from "../../../provider/cli/stack-state";
import { orphansOf, pendingCreates } from "../../../provider/cli/orphans";
import { PartnersClient } from "../../../provider/client";
import { startSimulator, type Simulator } from "../../../simulator";
import { cli, seed, seedMore } from "./helpers";

const CHECKPOINT = JSON.stringify({ version: 3, checkpoint: { stack: "dev", latest: {} } });
const OLDER = JSON.stringify({ version: 3, checkpoint: { stack: "dev" } });
const SIDECAR = '{"user.content_type":"application/octet-stream","md5":"AAAA"}\n';

describe("recover: a file backend's stack files", () => {
  let root: string;
  let files: StackFiles;
  const stacks = () => path.join(root, ".pulumi", "stacks", "proj");
  const write = (name: string, text: string) => fs.writeFileSync(path.join(stacks(), name), text);
  const read = (name: string) => fs.readFileSync(path.join(stacks(), name), "utf8");
  const exists = (name: string) => fs.existsSync(path.join(stacks(), name));

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "recover-files-"));
    fs.mkdirSync(stacks(), { recursive: true });
    write("dev.json", CHECKPOINT);
    write("dev.json.attrs", SIDECAR);
    write("dev.json.bak", OLDER);
    write("dev.json.bak.attrs", SIDECAR);
    files = stackFiles({ root, metadataSkipped: false }, "proj", "dev");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("finds the project-scoped checkpoint and its lock folder", () => {
    assert.equal(files.checkpoint, path.join(stacks(), "dev.json"));
    assert.equal(files.lockDir, path.join(root, ".pulumi", "locks", "organization", "proj", "dev"));
  });

  it("a stack whose files are whole needs no repair", () => {
    assert.deepEqual(plannedRepairs(files), []);
  });

  for (const [what, text] of [
    ["left empty", ""],
    ["cut short", '{"user.content_type":"appl'],
  ] as const) {
    it(`a sidecar ${what} beside a whole checkpoint: the sidecar is removed, the checkpoint kept`, () => {
      write("dev.json.attrs", text);
      const repairs = plannedRepairs(files);
      assert.equal(repairs.length, 1);
      assert.match(repairs[0].found, /^\.pulumi\/stacks\/proj\/dev\.json\.attrs is/);
      assert.equal(repairs[0].losesAStep, false);
      assert.ok(exists("dev.json.attrs"), "nothing changes before apply");
      repairs[0].apply();
      assert.ok(!exists("dev.json.attrs"));
      assert.equal(read("dev.json"), CHECKPOINT);
      assert.deepEqual(plannedRepairs(files), [], "a second look finds nothing");
    });
  }

  it("a truncated checkpoint is restored from its backup, saying a step is lost", () => {
    write("dev.json", CHECKPOINT.slice(0, 20));
    const [repair, ...more] = plannedRepairs(files);
    assert.deepEqual(more, []);
    assert.match(repair.found, /^\.pulumi\/stacks\/proj\/dev\.json is cut short/);
    assert.match(repair.repair, /one step older/);
    assert.equal(repair.losesAStep, true);
    repair.apply();
    assert.equal(read("dev.json"), OLDER);
    assert.ok(!exists("dev.json.attrs"), "the sidecar of the broken file goes with it");
    assert.deepEqual(plannedRepairs(files), []);
  });

  it("a checkpoint and a backup both unreadable: an error, and nothing changed", () => {
    write("dev.json", "");
    write("dev.json.bak", "{");
    assert.throws(
      () => plannedRepairs(files),
      /no whole checkpoint to restore.*Nothing was changed/s,
    );
    assert.equal(read("dev.json"), "");
    assert.equal(read("dev.json.attrs"), SIDECAR);
  });

  it("a stack that is not there is an error naming where it looked", () => {
    assert.throws(
      () => stackFiles({ root, metadataSkipped: false }, "proj", "prod"),
      /\.pulumi\/stacks\/proj\/prod\.json.*--stack/,
    );
  });

  describe("locks", () => {
    const lock = (content: object | string) => {
      fs.mkdirSync(files.lockDir, { recursive: true });
      const file = path.join(files.lockDir, "5e1f.json");
      fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
      return file;
    };
    let sleeper: ChildProcess | undefined;
    afterEach(() => sleeper?.kill("SIGKILL"));

    it("no lock folder: nothing to remove", () => {
      assert.deepEqual(staleLocks(files), []);
    });

    it("a lock of a process that is gone, on this machine, is stale", async () => {
      const gone = spawn(process.execPath, ["-e", ""]);
      await new Promise((resolve) => gone.on("close", resolve));
      const file = lock({ pid: gone.pid, hostname: os.hostname(), timestamp: "t" });
      const [stale, ...more] = staleLocks(files);
      assert.deepEqual(more, []);
      assert.equal(stale.file, file);
      assert.match(stale.found, /a run that is gone/);
    });

    it("a lock of a pulumi process that runs: refused before anything changes", () => {
      // A live process whose command line names pulumi, as the engine's does.
      sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)", "pulumi"]);
      const file = lock({ pid: sleeper.pid, hostname: os.hostname(), timestamp: "t" });
      assert.throws(() => staleLocks(files), /still going/);
      assert.ok(fs.existsSync(file));
    });

    it("a lock of another process that reuses the pid is stale", () => {
      sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
      lock({ pid: sleeper.pid, hostname: os.hostname(), timestamp: "t" });
      assert.equal(staleLocks(files).length, 1);
    });

    it("a lock taken on another machine cannot be judged: refused, with the manual step", () => {
      lock({ pid: 1, hostname: `not-${os.hostname()}`, timestamp: "t" });
      assert.throws(() => staleLocks(files), /another machine.*pulumi cancel --yes/s);
    });

    it("an unreadable lock: refused", () => {
      lock("");
      assert.throws(() => staleLocks(files), /cannot be read/);
    });
  });
});

describe("recover: backend URLs", () => {
  it("reads a file backend's folder and metadata=skip", () => {
    assert.deepEqual(fileBackendOf("file:///srv/state?metadata=skip"), {
      root: "/srv/state",
      metadataSkipped: true,
    });
    assert.deepEqual(fileBackendOf("file://~/state", "/home/ci"), {
      root: "/home/ci/state",
      metadataSkipped: false,
    });
    assert.equal(fileBackendOf("s3://bucket/state"), undefined);
    assert.equal(fileBackendOf("https://api.pulumi.com"), undefined);
  });

  it("shows another backend without what may be a credential", () => {
    assert.equal(
      shownBackend("azblob://AKIA:s3cr3t@container/x?sv=2020&sig=SAS-s3cr3t"),
      "azblob://container",
    );
  });
});

describe("recover: what the killed run left pending", () => {
  it("reads pending creates of either adapter's resources, and only creates", () => {
    const resource = (type: string, name: string) => ({
      urn: `urn:pulumi:dev::proj::${type}::${name}`,
      type,
      inputs: { accountName: name },
    });
    const creates = pendingCreates({
      pending_operations: [
        { type: "creating", resource: resource(ONLINE_ACCOUNT_TYPE, "a1") },
        { type: "creating", resource: resource("digital99:index:OnlineAccount", "a2") },
        { type: "updating", resource: resource(ONLINE_ACCOUNT_TYPE, "a3") },
        { type: "creating", resource: resource("aws:s3:Bucket", "b") },
      ],
    });
    assert.deepEqual(
      creates.map((c) => [c.name, c.kind, c.inputs.accountName]),
      [
        ["a1", "OnlineAccount", "a1"],
        ["a2", "OnlineAccount", "a2"],
      ],
    );
  });

  it("a provider plugin's accounts count as managed too", () => {
    const managed = managedAccounts(
      JSON.stringify({
        deployment: {
          resources: [
            {
              urn: "urn:pulumi:dev::proj::digital99:index:OnlineAccount::a",
              type: "digital99:index:OnlineAccount",
              id: "online/7",
            },
          ],
        },
      }),
    );
    assert.deepEqual([...managed.keys], ["online/7"]);
  });
});

describe("recover: what the killed run made that the state does not hold (level 2)", () => {
  let sim: Simulator;
  let client: PartnersClient;
  before(async () => {
    sim = await startSimulator({ port: 0 });
    client = new PartnersClient({
      apiUrl: sim.url,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
    });
  });
  after(async () => {
    await client?.close();
    await sim?.close();
  });

  it("lists, per pending create, the matching objects no resource holds, and deletes nothing", async () => {
    await seed(sim, [
      { accountName: "Acme", reference: "crm1" },
      { accountName: "Acme", reference: "crm1" },
      { accountName: "Beta", reference: "crm2" },
      { accountName: "Acme", reference: "crm9" },
    ]);
    const byName = (name: string, reference: string) =>
      sim.accounts().find((a) => a.accountName === name && a.reference === reference)!;
    const beta = { accountId: String(byName("Beta", "crm2").accountId) };
    const { builderIds, inboxIds } = await seedMore(
      sim,
      ["Acme Flows", "Acme Flows", "Other"],
      [
        {
          server: "online",
          accountId: beta.accountId,
          inboxName: "Support",
          whatsappNumber: "972501234567",
        },
      ],
    );
    const acmes = sim
      .accounts()
      .filter((a) => a.reference === "crm1")
      .map((a) => `online/${a.accountId}`);
    const managed = {
      // One of the two Acme look-alikes and one of the two builders are in the state.
      keys: new Set([acmes[0]]),
      builders: new Set([builderIds[0]]),
      inboxes: new Set<string>(),
      names: new Set<string>(),
    };
    const requestsBefore = sim.requestCount("online/deleteAccount");

    const orphans = await orphansOf(
      [
        {
          name: "acme",
          kind: "OnlineAccount",
          inputs: { accountName: "Acme ", reference: "crm1" },
        },
        {
          name: "beta",
          kind: "OnlineAccount",
          inputs: { accountName: "Beta", reference: "crm2", server: "online" },
        },
        { name: "flows", kind: "Builder", inputs: { clientName: "Acme Flows" } },
        {
          name: "support",
          kind: "WhatsAppInbox",
          inputs: { accountId: beta.accountId, server: "online", inboxName: "Support" },
        },
      ],
      managed,
      client,
    );
    assert.deepEqual(
      orphans.map((o) => [o.resource, o.kind, o.id]),
      [
        ["acme", "account", acmes[1]],
        ["beta", "account", `online/${beta.accountId}`],
        ["flows", "builder", builderIds[1]],
        ["support", "inbox", inboxIds[0]],
      ],
    );
    assert.match(orphans[0].next, /the next pulumi up adopts it/);
    assert.match(orphans[2].next, /existingBuilder: "\d+"/);
    assert.match(orphans[3].next, /existingInbox: "online\/\d+\/\d+"/);
    assert.equal(sim.requestCount("online/deleteAccount"), requestsBefore, "nothing deleted");
  });
});

describe("recover: command line", () => {
  const credentials = { DIGITAL99_CLIENT_ID: "id", DIGITAL99_CLIENT_SECRET: "Sec!ret-value" };

  it("--help: the options and exit statuses", async () => {
    const run = await cli(["recover", "--help"], {});
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--stack NAME/);
    assert.match(run.stdout, /Exit status: 0/);
  });

  for (const [argv, rule] of [
    [[], /--stack is required/],
    [["--stack", "a b"], /--stack "a b": a stack name is/],
    [["--stack", "dev", "--cwd", ""], /--cwd must not be empty/],
    [["--stack", "dev", "--client-secret=x"], /--client-secret is not accepted/],
    [["--stack", "dev", "--bogus"], /bogus/],
  ] as const) {
    it(`recover ${argv.join(" ")}: exit 2, names the flag and the rule`, async () => {
      const run = await cli(["recover", ...argv], { ...credentials, PATH: "" });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, rule);
      assert.doesNotMatch(run.stderr, /Sec!ret-value|=x/);
    });
  }

  describe("credentials: asked for only when there are pending creates to list", () => {
    let sim: Simulator;
    let root: string;
    const accountType = ONLINE_ACCOUNT_TYPE;
    // A pulumi that serves a file backend in `root`: a stack export with one pending create
    // until a refresh has run, the stack's config, and nothing else.
    const fakePulumi = (config: Record<string, { value: string; secret?: boolean }>) => {
      const bin = path.join(root, "bin");
      fs.mkdirSync(bin);
      const pending = {
        deployment: {
          resources: [],
          pending_operations: [
            {
              type: "creating",
              resource: {
                urn: `urn:pulumi:dev::proj::${accountType}::acme`,
                type: accountType,
                inputs: { accountName: "Acme", reference: "crm1" },
              },
            },
          ],
        },
      };
      fs.writeFileSync(path.join(root, "pending.json"), JSON.stringify(pending));
      fs.writeFileSync(path.join(root, "cleared.json"), JSON.stringify({ deployment: {} }));
      fs.writeFileSync(path.join(root, "config.json"), JSON.stringify(config));
      fs.writeFileSync(
        path.join(bin, "pulumi"),
        [
          "#!/bin/sh",
          `root='${root}'`,
          'case "$1" in',
          `  whoami) echo '{"url":"file://'"$root"'"}' ;;`,
          '  stack) if [ -f "$root/refreshed" ]; then cat "$root/cleared.json"; else cat "$root/pending.json"; fi ;;',
          '  config) cat "$root/config.json" ;;',
          '  refresh) touch "$root/refreshed" ;;',
          '  *) echo "unexpected: $*" >&2; exit 9 ;;',
          "esac",
          "",
        ].join("\n"),
        { mode: 0o755 },
      );
      return { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    };

    before(async () => {
      sim = await startSimulator({ port: 0, clientId: "stack-id", clientSecret: "Stack!Secret-9" });
    });
    after(() => sim?.close());
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), "recover-config-"));
      fs.mkdirSync(path.join(root, ".pulumi", "stacks", "proj"), { recursive: true });
      fs.writeFileSync(path.join(root, ".pulumi", "stacks", "proj", "dev.json"), CHECKPOINT);
      fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: proj\nruntime: nodejs\n");
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("reads them from the stack's digital99 config when the environment has none", async () => {
      await seed(sim, [{ accountName: "Acme", reference: "crm1" }]);
      const env = fakePulumi({
        "digital99:apiUrl": { value: sim.url },
        "digital99:clientId": { value: "stack-id" },
        "digital99:clientSecret": { value: "Stack!Secret-9", secret: true },
      });
      const run = await cli(["recover", "--stack", "dev", "--cwd", root], env);
      assert.equal(run.code, 0, run.stderr);
      const [account] = sim.accounts();
      assert.match(run.stdout, new RegExp(`account online/${account.accountId} "Acme" for acme`));
      assert.doesNotMatch(`${run.stdout}${run.stderr}`, /Stack!Secret-9/);
    });

    it("none anywhere: exit 2 before the refresh, so the pending create is kept", async () => {
      const env = fakePulumi({});
      const run = await cli(["recover", "--stack", "dev", "--cwd", root], env);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /credentials are missing/);
      assert.ok(!fs.existsSync(path.join(root, "refreshed")), "no refresh ran");
    });
  });

  describe("a backend whose files it cannot reach", () => {
    let bin: string;
    before(() => {
      // A pulumi that answers whoami as a logged-in object store would, and fails anything else.
      bin = fs.mkdtempSync(path.join(os.tmpdir(), "recover-bin-"));
      const whoami = JSON.stringify({
        user: "ci",
        url: "s3://AKIAEXAMPLE:s3cr3t-key@bucket/state?region=x&awssecret=s3cr3t-key",
      });
      fs.writeFileSync(
        path.join(bin, "pulumi"),
        `#!/bin/sh\nif [ "$1" = whoami ]; then echo '${whoami}'; exit 0; fi\necho "unexpected: $*" >&2; exit 9\n`,
        { mode: 0o755 },
      );
    });
    after(() => fs.rmSync(bin, { recursive: true, force: true }));

    it("prints the manual steps, exits 1, changes nothing and shows no credential", async () => {
      const run = await cli(["recover", "--stack", "prod", "--cwd", bin], {
        ...credentials,
        PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stderr, /\(s3:\/\/bucket\) is not a folder on this machine/);
      assert.match(run.stderr, /pulumi cancel --stack prod --yes/);
      assert.match(run.stderr, /pulumi refresh --stack prod --clear-pending-creates --yes/);
      assert.doesNotMatch(`${run.stdout}${run.stderr}`, /s3cr3t|AKIA|unexpected/);
    });
  });
});
