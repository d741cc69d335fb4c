// Level 5: `pulumi up` killed as a cancelled CI job is killed (SIGKILL to every process of the
// run), then the documented recovery (`pulumi-99digital recover`), then `pulumi up` again. The
// partner must hold exactly one account per resource (none twice, none lost) and the state no
// pending operation, under derived and partner-given references, with checkpoints and without.
// A kill can land while the file backend writes the checkpoint: recover must then name the file
// it found broken, and it must find one exactly when the stack did not load.
//
// Stress mode, not part of the default run: DIGITAL99_KILL_CYCLES=50 repeats the cycle that many
// times, rotating over both reference kinds, checkpoints on and skipped, and three moments of
// the kill (creates in flight, the next write to the state folder, just after the last create),
// printing each cycle and a summary.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../../simulator";
import { alive, CliStack, type Running } from "./cli-stack";
import { engineForSuite } from "./workspace";

const total = 40;
/** Each createAccount takes this long at the simulator, so that a kill finds several in flight. */
const createLatencyMs = 1500;
const stressCycles = Number(process.env.DIGITAL99_KILL_CYCLES ?? 0);

type References = "derived" | "partner";
/**
 * When the run is killed: with creates in flight; at the first write to the state folder once
 * `after` accounts exist (a checkpoint being written, when checkpoints are on); or `after`
 * milliseconds after the last account was made.
 */
type KillMoment = { at: "creates" | "state-write" | "after-last-create"; after: number };

interface Cycle {
  references: References;
  checkpoints: boolean;
  kill: KillMoment;
}

interface CycleFigures {
  /** Accounts at the API once the creates in flight at the kill have landed. */
  accountsAfterKill: number;
  /** Files recover found broken, relative to the backend's folder. */
  broken: string[];
  createRequests: number;
  accounts: number;
  /** Accounts beyond one per resource. */
  duplicates: number;
  /** Accounts at the API that the state does not hold after recover and up. */
  lost: number;
}

describe("engine: a killed pulumi up leaves no duplicate and loses no account (level 5)", function () {
  // A hang guard, not a bound: a cycle runs the engine five times on a machine that may be busy.
  this.timeout(300_000);
  let engineDir: string | undefined;
  let sim: Simulator;
  let work: string;

  before(async function () {
    engineDir = engineForSuite("KILLED-RUN SUITE");
    if (!engineDir) this.skip();
    sim = await startSimulator({
      port: 0,
      clientId: "killed-runs",
      clientSecret: "Kill!ed-Runs-7",
    });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-killed-"));
  });

  after(async () => {
    await sim?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  beforeEach(() => {
    sim?.reset();
    sim?.injectFault({
      endpoint: "online/createAccount",
      fault: { type: "latency", ms: createLatencyMs },
      times: Infinity,
    });
  });

  /** One kill, recover and up; asserts every invariant and returns the figures. */
  async function killAndRecover(
    cycle: Cycle,
    stackName: string,
    /** Given the figures before they are checked, so that a failing cycle still counts. */
    record: (figures: CycleFigures) => void = () => undefined,
  ): Promise<CycleFigures> {
    const { references, checkpoints, kill } = cycle;
    const stack = await CliStack.create(
      {
        engineDir: engineDir!,
        work: path.join(work, stackName),
        stackName,
        api: { url: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret },
      },
      { kind: "digital99", count: String(total), references },
    );
    const env = checkpoints ? {} : { PULUMI_SKIP_CHECKPOINTS: "true" };

    const run = stack.start(["up", "--yes", "--skip-preview"], env);
    const inFlight = () => sim.requestCount("online/createAccount") - sim.accounts().length;
    const processes = await killWhen(kill, run, stack, sim, inFlight);
    const killed = await run.done;
    if (kill.at === "creates") {
      assert.equal(killed.signal, "SIGKILL");
      assert.ok(processes.length >= 3, "the engine, the language host and the provider");
    }
    await sleep(200);
    assert.deepEqual(processes.filter(alive), [], "nothing of the run survives");
    // What was in flight still lands at the API, with nobody left to record it.
    await sleep(createLatencyMs + 500);
    const accountsAfterKill = sim.accounts().length;

    const loaded = (await stack.run(["stack", "export"])).code === 0;
    // A kill at the end of the run may come after the run removed its lock.
    const locked = stack.locked();
    const recovered = await stack.recover();
    assert.equal(recovered.code, 0, `${recovered.stdout}${recovered.stderr}`);
    const broken = brokenFiles(recovered.stdout);
    assert.equal(
      broken.length > 0,
      !loaded,
      "a file is repaired exactly when the stack did not load",
    );
    assert.equal(/^found: a lock left by a run that is gone/m.test(recovered.stdout), locked);
    assert.equal(stack.locked(), false, "the dead run's lock is gone");
    if (kill.at === "creates") assert.ok(locked, "a run killed mid-create holds its lock");
    // A restored backup is one step older: it may predate the creates in flight.
    const restored = /^repaired: restored /m.test(recovered.stdout);
    if (kill.at === "creates" && checkpoints && !restored) {
      assert.match(recovered.stdout, /^found: \d+ create\(s\) the killed run left pending/m);
    }
    assert.deepEqual((await stack.exportState()).pending_operations ?? [], []);
    const again = await stack.recover();
    assert.equal(again.code, 0, again.stderr);
    assert.match(
      again.stdout,
      /^in order: .*Nothing was changed$/m,
      "a second run changes nothing",
    );

    const up = await stack.must(["up", "--yes", "--skip-preview"], env);
    if (kill.at === "creates") {
      assert.match(up.output, /adopting it/, "an earlier run's account was adopted");
    }
    for (const id of listedAccounts(recovered.stdout)) {
      assert.match(up.output, new RegExp(`found account ${id} `), `recover listed ${id}`);
    }

    const accounts = sim.accounts();
    const state = await stack.exportState();
    const inState = new Set(
      (state.resources ?? []).filter((r) => r.type.includes("dynamic")).map((r) => r.id),
    );
    const figures: CycleFigures = {
      accountsAfterKill,
      broken,
      createRequests: sim.requestCount("online/createAccount"),
      accounts: accounts.length,
      duplicates: accounts.length - new Set(accounts.map((a) => a.accountName)).size,
      lost: accounts.filter((a) => !inState.has(`online/${a.accountId}`)).length,
    };
    record(figures);
    assert.equal(figures.duplicates, 0, "no account twice");
    assert.equal(accounts.length, total, "one account per resource");
    assert.deepEqual(state.pending_operations ?? [], [], "no stale pending operation");
    assert.equal(figures.lost, 0, "every account is in the state, none lost");
    assert.equal(inState.size, total);
    if (references === "partner") {
      const crm = new Set(accounts.map((a) => a.reference));
      assert.equal(crm.size, total, "each partner reference once");
    }
    if (stressCycles > 0 && broken.length > 0) console.log(recovered.stdout);
    return figures;
  }

  if (stressCycles > 0) {
    const moments = ["creates", "state-write", "after-last-create"] as const;
    const summary = {
      cycles: 0,
      failures: 0,
      duplicates: 0,
      lost: 0,
      broken: new Map<string, number>(),
    };
    after(() => {
      const broken = [...summary.broken].map(([file, n]) => `${file} ×${n}`).join(", ") || "none";
      console.log(
        `\n  kill-and-recover stress: ${summary.cycles} cycles, ${summary.failures} failures, ` +
          `${summary.duplicates} duplicates, ${summary.lost} lost; broken files: ${broken}\n`,
      );
    });
    for (let i = 0; i < stressCycles; i++) {
      // Every combination of reference kind, checkpoints and moment once in 12 cycles.
      const at = moments[i % 3];
      const cycle: Cycle = {
        references: Math.floor(i / 3) % 2 === 0 ? "derived" : "partner",
        checkpoints: Math.floor(i / 6) % 2 === 0,
        // Spread over the run: 2..36 accounts made, or 0..490 ms after the last one.
        kill: { at, after: at === "after-last-create" ? (i * 37) % 500 : 2 + ((i * 7) % 35) },
      };
      const title =
        `stress cycle ${i + 1}/${stressCycles}: ${cycle.references} references, ` +
        `${cycle.checkpoints ? "checkpoints on" : "checkpoints skipped"}, kill at ${cycle.kill.at} (${cycle.kill.after})`;
      it(title, async () => {
        const started = Date.now();
        summary.cycles++;
        try {
          const f = await killAndRecover(cycle, `stress${i}`, (figures) => {
            summary.duplicates += figures.duplicates;
            summary.lost += figures.lost;
            for (const file of figures.broken) {
              const kind = file.replace(/^.*\/stress\d+\./, "<stack>.");
              summary.broken.set(kind, (summary.broken.get(kind) ?? 0) + 1);
            }
          });
          console.log(
            `      ${f.accountsAfterKill} accounts after the kill; broken: ${f.broken.join(", ") || "none"}; ` +
              `createAccount ${f.createRequests}, accounts ${f.accounts}, duplicates ${f.duplicates}, ` +
              `lost ${f.lost} (${Math.round((Date.now() - started) / 1000)} s)`,
          );
        } catch (err) {
          summary.failures++;
          throw err;
        }
      });
    }
    return;
  }

  for (const references of ["derived", "partner"] as const) {
    for (const checkpoints of [true, false]) {
      const title =
        `${references} references, ${checkpoints ? "checkpoints on" : "PULUMI_SKIP_CHECKPOINTS=true"}: ` +
        `killed mid-create, recovered, up again: exactly ${total} accounts`;
      it(title, async () => {
        const figures = await killAndRecover(
          { references, checkpoints, kill: { at: "creates", after: 8 } },
          `${references}${checkpoints ? "" : "skip"}`,
        );
        assert.ok(
          figures.accountsAfterKill < total,
          `the killed run had not finished (${figures.accountsAfterKill} accounts)`,
        );
        if (figures.broken.length > 0) {
          console.log(`      the kill broke ${figures.broken.join(", ")}; recover repaired it`);
        }
      });
    }
  }
});

/**
 * Waits for the moment and kills the run's whole process tree then; returns the processes
 * killed. A run that ends before the moment comes is not killed.
 */
async function killWhen(
  kill: KillMoment,
  run: Running,
  stack: CliStack,
  sim: Simulator,
  inFlight: () => number,
): Promise<number[]> {
  let ended = false;
  void run.done.then(() => (ended = true));
  if (kill.at === "creates") {
    await until(() => sim.accounts().length >= kill.after && inFlight() >= 1, run);
    return run.killTree();
  }
  if (kill.at === "after-last-create") {
    await until(() => sim.accounts().length >= total || ended, run);
    await sleep(kill.after);
    return ended ? [] : run.killTree();
  }
  await until(() => sim.accounts().length >= kill.after || ended, run);
  if (ended) return [];
  // The processes are known beforehand, so the kill follows the write's first sign at once.
  const processes = run.processes();
  return new Promise((resolve) => {
    const watcher = fs.watch(stack.stateRoot(), { recursive: true }, () => {
      watcher.close();
      const killed = run.kill(processes);
      // Anything the run started since, too.
      resolve([...killed, ...run.killTree()]);
    });
    void run.done.then(() => {
      watcher.close();
      resolve([]);
    });
  });
}

/** The files recover found broken, relative to the backend's folder. */
function brokenFiles(output: string): string[] {
  return [...output.matchAll(/^found: (\.pulumi\/\S+)/gm)].map((m) => m[1]);
}

/** The accounts recover listed as made by the killed run and missing from the state. */
function listedAccounts(output: string): string[] {
  return [...output.matchAll(/^ {2}account (\S+) /gm)].map((m) => m[1]);
}

async function until(condition: () => boolean, run: Running): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!condition()) {
    if (Date.now() > deadline) {
      run.killTree();
      throw new Error(`the run never reached the point to kill it:\n${run.output}`);
    }
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
