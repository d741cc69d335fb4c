// Level 5: `pulumi-99digital adopt --import-file` with the real engine. `pulumi import --file`
// records the accounts from the entries' inputs and outputs, with no request to the API at
// all; the provider then works on what was imported (a refresh reads every account through it),
// and adopt run again on the stack's export finds nothing left to adopt.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startSimulator, type Simulator } from "../../simulator";
import { ONLINE_ACCOUNT_TYPE } from "../../provider/cli/stack-state";
import { cli, requestCount, seed } from "../provider/cli/helpers";
import { findPulumi, installRelease, pulumiVersion, repoRoot } from "./workspace";

const CLIENT_SECRET = "import-Cl1ent-Secret";
const execFileAsync = promisify(execFile);

describe("engine: adopt --import-file, then pulumi import --file (level 5)", function () {
  this.timeout(300_000);
  let engineDir: string | undefined;
  let sim: Simulator;
  let work: string;
  let program: string;
  let env: NodeJS.ProcessEnv;

  // Asynchronous: the simulator answers the provider from this very process.
  const pulumi = async (...args: string[]) => {
    try {
      const { stdout } = await execFileAsync(
        path.join(engineDir!, "pulumi"),
        [...args, "--non-interactive"],
        { cwd: program, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      );
      return stdout;
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      throw new Error(`pulumi ${args.join(" ")}: exit ${e.code}\n${e.stdout}${e.stderr}`, {
        cause: err,
      });
    }
  };

  before(async function () {
    engineDir = findPulumi();
    if (!engineDir) {
      console.log("\n  !!! ADOPT IMPORT-FILE ENGINE TEST SKIPPED: no `pulumi` binary found.\n");
      this.skip();
    }
    console.log(`      engine: ${pulumiVersion(engineDir)}`);
    sim = await startSimulator({
      port: 0,
      servers: ["online", "eu1"],
      clientId: "partner",
      clientSecret: CLIENT_SECRET,
    });
    await seed(sim, [
      { accountName: "Acme Inc", reference: "crm1" },
      { accountName: "Acme Inc", server: "eu1" },
      { accountName: 'שלום עולם בע"מ', status: "suspended" },
      { accountName: "O'Brien & Sons, Ltd.", server: "eu1", status: "suspended" },
      { accountName: "Beta" },
    ]);

    work = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-import-"));
    program = path.join(work, "program");
    fs.mkdirSync(path.join(program, "node_modules"), { recursive: true });
    fs.writeFileSync(
      path.join(program, "Pulumi.yaml"),
      "name: adopt-import\nruntime: nodejs\nmain: index.js\n",
    );
    fs.writeFileSync(path.join(program, "index.js"), "");
    for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
      if (entry === "pulumi-99digital" || entry.startsWith(".")) continue;
      fs.symlinkSync(
        path.join(repoRoot, "node_modules", entry),
        path.join(program, "node_modules", entry),
      );
    }
    installRelease(program, "current");
    env = {
      ...process.env,
      PATH: `${engineDir}${path.delimiter}${process.env.PATH}`,
      PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "adopt-import",
      PULUMI_SKIP_UPDATE_CHECK: "1",
      DIGITAL99_API_URL: sim.url,
      DIGITAL99_CLIENT_ID: "partner",
      DIGITAL99_CLIENT_SECRET: CLIENT_SECRET,
    };
    fs.mkdirSync(path.join(work, "state"));
    await pulumi("stack", "init", "dev");
  });
  after(async () => {
    await sim?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const exported = async () =>
    JSON.parse(await pulumi("stack", "export")) as {
      deployment: { resources: Array<Record<string, unknown>> };
    };

  it("imports every account from the file without one request to the API", async () => {
    const importFile = path.join(work, "import.json");
    const adopted = await cli(
      ["adopt", "--quiet", "--out", path.join(program, "accounts.ts"), "--import-file", importFile],
      env,
    );
    assert.equal(adopted.code, 0, adopted.stderr);
    const before = await requestCount(sim);
    await pulumi("import", "--file", importFile, "--yes", "--generate-code=false");
    assert.equal(await requestCount(sim), before, "no request during the import");

    const state = await exported();
    const accounts = state.deployment.resources.filter((r) => r.type === ONLINE_ACCOUNT_TYPE);
    assert.deepEqual(
      accounts.map((r) => r.id).sort(),
      sim
        .accounts()
        .map((a) => `${a.server}/${a.accountId}`)
        .sort(),
    );
    // As pulumi import does for everything it imports.
    assert.ok(accounts.every((r) => r.protect === true));
    const text = JSON.stringify(state);
    assert.ok(!text.includes("adminPassword") && !text.includes(CLIENT_SECRET));
  });

  it("leaves a state the provider works on: a refresh reads each account, creates and deletes none", async () => {
    sim.resetRequestCounts();
    await pulumi("refresh", "--yes");
    assert.ok(sim.requestCount("online/getAccounts") >= 1);
    assert.equal(sim.requestCount("online/createAccount"), 0);
    assert.equal(sim.requestCount("online/deleteAccount"), 0);
    assert.equal(sim.requestCount("online/updateAccount"), 0);
    assert.equal(sim.accounts().length, 5);
  });

  it("finds nothing left to adopt in the stack's export", async () => {
    const exportFile = path.join(work, "state.json");
    fs.writeFileSync(exportFile, JSON.stringify(await exported()));
    const again = await cli(["adopt", "--exclude-stack-state", exportFile, "--dry-run"], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already managed by the stack +5\n/);
    assert.match(again.stdout, /to adopt +0\n/);
  });
});
