// Level 5: a partner's existing estate taken under code with the real engine. 50 accounts made
// directly through the API (some suspended, some on a second server, names in Hebrew and with
// punctuation); `pulumi-99digital adopt` writes the program, `pulumi up` adopts them all with
// zero createAccount and zero deleteAccount requests (counted at the simulator), the next
// preview shows no change, a rename in the program is applied in place, and destroy is refused
// while the accounts are protected.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startSimulator, type Simulator } from "../../simulator";
import { ONLINE_ACCOUNT_TYPE } from "../../provider/cli/stack-state";
import { cli, seed, type SeedAccount } from "../provider/cli/helpers";
import { findPulumi, installRelease, pulumiVersion, repoRoot } from "./workspace";

const CLIENT_SECRET = "adopt-Cl1ent-Secret";
const SEEDED_PASSWORD = "Seed!Passw0rd";
const execFileAsync = promisify(execFile);

/** The estate: every fifth account suspended, every fourth on eu1, every third in Hebrew. */
function estate(): SeedAccount[] {
  return Array.from({ length: 50 }, (_, i) => ({
    accountName:
      i % 3 === 0 ? `מכולת השכונה ${i}` : i % 3 === 1 ? `O'Brien & Sons, Ltd. #${i}` : `Shop ${i}`,
    ...(i % 4 === 0 && { server: "eu1" }),
    ...(i % 5 === 0 && { status: "suspended" as const }),
    ...(i % 2 === 0 && { reference: `crm${i}` }),
  }));
}

describe("engine: adopting an existing estate with the real engine (level 5)", function () {
  this.timeout(600_000);
  let engineDir: string | undefined;
  let sim: Simulator;
  let work: string;
  let program: string;
  let env: NodeJS.ProcessEnv;

  const pulumi = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await execFileAsync(
        path.join(engineDir!, "pulumi"),
        [...args, "--non-interactive"],
        { cwd: program, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      );
      return `${stdout}${stderr}`;
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      throw new Error(`pulumi ${args.join(" ")}: exit ${e.code}\n${e.stdout}${e.stderr}`, {
        cause: err,
      });
    }
  };
  const counts = () => ({
    createAccount: sim.requestCount("online/createAccount"),
    deleteAccount: sim.requestCount("online/deleteAccount"),
    updateAccount: sim.requestCount("online/updateAccount"),
  });

  before(async function () {
    engineDir = findPulumi();
    if (!engineDir) {
      console.log("\n  !!! ADOPT ENGINE TEST SKIPPED: no `pulumi` binary found.\n");
      this.skip();
    }
    console.log(`      engine: ${pulumiVersion(engineDir)}`);
    sim = await startSimulator({
      port: 0,
      servers: ["online", "eu1"],
      clientId: "partner",
      clientSecret: CLIENT_SECRET,
    });
    await seed(sim, estate());

    work = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-engine-"));
    program = path.join(work, "program");
    fs.mkdirSync(path.join(program, "node_modules"), { recursive: true });
    fs.copyFileSync(
      path.join(repoRoot, "examples", "adopt-existing", "Pulumi.yaml"),
      path.join(program, "Pulumi.yaml"),
    );
    fs.writeFileSync(path.join(program, "index.ts"), 'import "./accounts";\n');
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
      PULUMI_CONFIG_PASSPHRASE: "adopt-engine",
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

  it("adopt writes the program, and pulumi up adopts all 50 without creating or deleting", async () => {
    const written = await cli(
      ["adopt", "--quiet", "--out", path.join(program, "accounts.ts")],
      env,
    );
    assert.equal(written.code, 0, written.stderr);
    sim.resetRequestCounts();
    await pulumi("up", "--yes");
    assert.deepEqual(counts(), { createAccount: 0, deleteAccount: 0, updateAccount: 0 });
    assert.equal(sim.accounts().length, 50);

    const state = JSON.parse(await pulumi("stack", "export")) as {
      deployment: {
        resources: Array<{ type: string; id?: string; outputs?: Record<string, unknown> }>;
      };
    };
    const adopted = state.deployment.resources.filter((r) => r.type === ONLINE_ACCOUNT_TYPE);
    assert.deepEqual(
      adopted.map((r) => r.id).sort(),
      sim
        .accounts()
        .map((a) => `${a.server}/${a.accountId}`)
        .sort(),
    );
    for (const r of adopted) {
      const remote = sim.accounts().find((a) => `${a.server}/${a.accountId}` === r.id)!;
      assert.equal(r.outputs?.status, remote.status, `${r.id} status`);
      assert.equal(r.outputs?.accountName, remote.accountName, `${r.id} name`);
      assert.equal(r.outputs?.adminPassword, undefined, `${r.id} has no password`);
      assert.equal(r.outputs?.deletionProtection, true, `${r.id} protected`);
    }
    const text = fs.readFileSync(
      path.join(work, "state", ".pulumi", "stacks", "digital99-adopt-existing", "dev.json"),
      "utf8",
    );
    assert.ok(!text.includes(SEEDED_PASSWORD), "no admin password in state");
    assert.ok(!text.includes(CLIENT_SECRET), "no client secret in state");
  });

  it("a preview right after expects no changes", async () => {
    sim.resetRequestCounts();
    await pulumi("preview", "--expect-no-changes");
    assert.deepEqual(counts(), { createAccount: 0, deleteAccount: 0, updateAccount: 0 });
  });

  it("a rename in the program is applied in place, to that account only", async () => {
    const file = path.join(program, "accounts.ts");
    const source = fs.readFileSync(file, "utf8");
    const renamed = source.replace('accountName: "Shop 2"', 'accountName: "Shop 2 renamed"');
    assert.notEqual(renamed, source);
    fs.writeFileSync(file, renamed);
    const before = sim.accounts().find((a) => a.accountName === "Shop 2")!;
    sim.resetRequestCounts();
    await pulumi("up", "--yes");
    assert.deepEqual(counts(), { createAccount: 0, deleteAccount: 0, updateAccount: 1 });
    const after = sim
      .accounts()
      .find((a) => a.accountId === before.accountId && a.server === before.server)!;
    assert.equal(after.accountName, "Shop 2 renamed");
    assert.equal(sim.accounts().length, 50);
  });

  it("destroy is refused while the accounts are protected, and deletes nothing", async () => {
    sim.resetRequestCounts();
    await assert.rejects(pulumi("destroy", "--yes"), /cannot be deleted\s+because it is protected/);
    assert.equal(counts().deleteAccount, 0);
    assert.equal(sim.accounts().length, 50);
  });
});
