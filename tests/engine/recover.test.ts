// Level 5: `pulumi-99digital recover` with the real engine and a file backend, on the damage a
// killed run leaves: a checkpoint sidecar (<stack>.json.attrs) emptied, which is what a kill
// during a checkpoint write does and what makes every command fail with "failed to load
// checkpoint: EOF"; a checkpoint cut short, with and without ?metadata=skip; a healthy stack,
// which it leaves exactly as it is; and a stack a live run holds, which it does not touch.
// Each time, a second recover changes nothing.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../../simulator";
import { CliStack } from "./cli-stack";
import { engineForSuite } from "./workspace";

const PROJECT = "digital99-accounts";
const total = 4;

describe("engine: pulumi-99digital recover (level 5)", function () {
  this.timeout(240_000);
  let engineDir: string | undefined;
  let sim: Simulator;
  let work: string;

  before(async function () {
    engineDir = engineForSuite("RECOVER ENGINE SUITE");
    if (!engineDir) this.skip();
    sim = await startSimulator({ port: 0, clientId: "recover", clientSecret: "Rec0ver!Secret" });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-recover-"));
  });

  after(async () => {
    await sim?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  beforeEach(() => sim?.reset());

  /** A stack whose `count` accounts are up. */
  async function upStack(stackName: string, backendQuery = "", count = total): Promise<CliStack> {
    const stack = await CliStack.create(
      {
        engineDir: engineDir!,
        work: path.join(work, stackName),
        stackName,
        api: { url: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret },
        backendQuery,
      },
      { kind: "digital99", count: String(count), references: "derived" },
    );
    await stack.must(["up", "--yes", "--skip-preview"]);
    assert.equal(sim.accounts().length, count);
    return stack;
  }

  /** Recovers, then recovers again and checks the second run changes nothing. */
  async function recoverTwice(stack: CliStack): Promise<string> {
    const first = await stack.recover();
    assert.equal(first.code, 0, `${first.stdout}${first.stderr}`);
    const files = snapshot(stack);
    const second = await stack.recover();
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stdout, /^in order: .*Nothing was changed$/m);
    assert.deepEqual(snapshot(stack), files, "the second run touched no file");
    return first.stdout;
  }

  it("a healthy stack: in order, nothing changed, twice", async () => {
    const stack = await upStack("healthy");
    const before = snapshot(stack);
    const listings = sim.requestCount("online/getAccounts");
    const output = await recoverTwice(stack);
    assert.doesNotMatch(output, /^(found|repaired):/m);
    assert.match(output, /^in order: .*Nothing was changed$/m);
    assert.deepEqual(snapshot(stack), before);
    assert.equal(sim.requestCount("online/getAccounts"), listings, "nothing listed at 99digital");
  });

  it("an emptied checkpoint sidecar: found, removed, the checkpoint kept whole", async () => {
    const stack = await upStack("sidecar");
    const checkpoint = stack.stateFile();
    const whole = fs.readFileSync(checkpoint, "utf8");
    fs.writeFileSync(`${checkpoint}.attrs`, "");
    const broken = await stack.run(["stack", "export"]);
    assert.notEqual(broken.code, 0);
    assert.match(broken.output, /failed to load checkpoint: EOF/, "the damage a kill leaves");

    const output = await recoverTwice(stack);
    assert.match(
      output,
      new RegExp(`^found: \\.pulumi/stacks/${PROJECT}/sidecar\\.json\\.attrs is empty: `, "m"),
    );
    assert.doesNotMatch(output, /restored/, "the checkpoint itself was whole");
    assert.equal(fs.readFileSync(checkpoint, "utf8"), whole, "no step lost");
    assert.equal((await stack.exportState()).resources?.length, total + 2);
    await stack.must(["up", "--yes", "--skip-preview"]);
    assert.equal(sim.requestCount("online/createAccount"), total, "nothing created again");
  });

  for (const backendQuery of ["", "?metadata=skip"]) {
    it(`a checkpoint cut short${backendQuery && ` (${backendQuery})`}: restored from its backup, the lost step adopted`, async () => {
      const name = backendQuery ? "truncatedskip" : "truncated";
      const stack = await upStack(name, backendQuery, total - 1);
      const checkpoint = stack.stateFile();
      if (backendQuery) assert.ok(!fs.existsSync(`${checkpoint}.attrs`), "no sidecars written");
      const older = fs.readFileSync(checkpoint);
      await stack.setConfig({ count: String(total) });
      await stack.must(["up", "--yes", "--skip-preview"]);
      // The backup is the checkpoint one write older. Make it the state from before the last
      // create, as it is when the kill lands in the write that records that create, so that the
      // lost step made an account.
      fs.writeFileSync(`${checkpoint}.bak`, older);
      const text = fs.readFileSync(checkpoint, "utf8");
      fs.writeFileSync(checkpoint, text.slice(0, text.length / 2));
      assert.notEqual((await stack.run(["stack", "export"])).code, 0);

      const output = await recoverTwice(stack);
      assert.match(
        output,
        new RegExp(`^found: \\.pulumi/stacks/${PROJECT}/${stack.name}\\.json is cut short`, "m"),
      );
      assert.match(output, /^repaired: restored .* one step older/m);
      const up = await stack.must(["up", "--yes", "--skip-preview"]);
      assert.match(up.output, /found account online\/\d+ .*adopting it/, "the lost step's account");
      assert.equal(sim.accounts().length, total, "the lost step's account adopted, not made twice");
      assert.equal(sim.requestCount("online/createAccount"), total);
      const ids = (await stack.exportState()).resources?.filter((r) => r.id?.startsWith("online/"));
      assert.equal(ids?.length, total, "every account in the state");
    });
  }

  it("a stack a live run holds: refused, nothing changed", async () => {
    const stack = await upStack("live");
    sim.injectFault({
      endpoint: "online/getAccounts",
      fault: { type: "latency", ms: 20_000 },
      times: Infinity,
    });
    const run = stack.start(["refresh", "--yes", "--skip-preview"]);
    try {
      await until(() => stack.locked());
      fs.writeFileSync(`${stack.stateFile()}.attrs`, "");
      const before = snapshot(stack);
      const refused = await stack.recover();
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /locked by a run that is still going/);
      assert.deepEqual(snapshot(stack), before, "not even the broken sidecar was touched");
    } finally {
      run.killTree();
      await run.done;
    }
  });
});

/** Every file of the stack's backend folder with its content. */
function snapshot(stack: CliStack): Record<string, string> {
  const root = stack.stateRoot();
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(root, file)] = fs.readFileSync(file, "utf8");
  }
  return files;
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the run never took its lock");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
