// Level 5: a state the released package wrote (tests/engine/upgrade/fixture, made by its
// regenerate.sh from the last release) goes through the current code with the real engine:
// preview and refresh see no change, an update applies in place, destroy deletes what the
// released package created. Every formula the state holds must still give what it gave then.
// Skipped, loudly, only when no `pulumi` binary can be found.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../../simulator";
import { engineEnvironment, linkDependencies, run } from "./cli";

const fixtureDir = path.join(__dirname, "upgrade", "fixture");
const programDir = path.join(__dirname, "upgrade", "program");
const STACK = "upgrade";
// What regenerate.sh made the fixture with: test-only values, never a real secret.
const PASSPHRASE = "upgrade-fixture-passphrase";
const CLIENT_ID = "upgrade-client";
const CLIENT_SECRET = "upgrade-Client-Secret-1";

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}
interface State {
  deployment: { resources?: StateResource[] };
}

const released = JSON.parse(fs.readFileSync(path.join(fixtureDir, "state.json"), "utf8")) as State;
const releasedResource = (name: string) => {
  const found = released.deployment.resources?.find((r) => r.urn.endsWith(`::${name}`));
  assert.ok(found, `the fixture has ${name}`);
  return found;
};

/** Inputs and outputs that are not secrets: those are encrypted anew at every write. */
function plain(props: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => typeof v !== "object"));
}

/**
 * Every resource the release wrote is in `now` with its id, inputs and outputs, but names, and but
 * the fields this release made secret (`nowSecret`), which an update stores encrypted.
 */
function assertAsReleased(
  now: State,
  accountNames: Record<string, string> = {},
  nowSecret: Record<string, readonly string[]> = {},
): void {
  for (const name of ["acme", "globex", "crm", "support", "events"]) {
    const before = releasedResource(name);
    const after = now.deployment.resources?.find((r) => r.urn === before.urn);
    assert.ok(after, `${name} is still in the state`);
    assert.equal(after.id, before.id, name);
    const secret = nowSecret[name] ?? [];
    const expected = (props: Record<string, unknown> = {}) => {
      const kept = Object.entries(plain(props)).filter(([key]) => !secret.includes(key));
      const renamed = name in accountNames ? { accountName: accountNames[name] } : {};
      return { ...Object.fromEntries(kept), ...renamed };
    };
    assert.deepEqual(plain(after.inputs), expected(before.inputs), `${name}'s inputs`);
    assert.deepEqual(plain(after.outputs), expected(before.outputs), `${name}'s outputs`);
    for (const key of secret) {
      for (const props of [after.inputs, after.outputs]) {
        assert.ok(
          typeof props?.[key] === "object" && JSON.stringify(props[key]).includes("ciphertext"),
          `${name}'s ${key} is stored encrypted`,
        );
      }
    }
  }
}

describe("engine: a state written by the released package, through the current code (level 5)", function () {
  this.timeout(600_000);
  let work: string;
  let program: string;
  let env: NodeJS.ProcessEnv;
  let sim: Simulator;

  const pulumi = async (...args: string[]): Promise<string> => {
    const result = await run("pulumi", [...args, "--non-interactive"], { cwd: program, env });
    assert.equal(result.code, 0, `pulumi ${args.join(" ")} failed:\n${result.output}`);
    return result.output;
  };
  const state = async () => JSON.parse(await pulumi("stack", "export")) as State;

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-upgrade-"));
    const engineEnv = engineEnvironment(work, "UPGRADE SUITE");
    if (!engineEnv) this.skip();
    env = { ...engineEnv, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE };

    // The remote side as the released package left it.
    const data = path.join(work, "simulator.json");
    fs.copyFileSync(path.join(fixtureDir, "simulator.json"), data);
    sim = await startSimulator({ port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, data });

    // The program with the current package installed, and the stack's config file as it was.
    program = path.join(work, "program");
    fs.cpSync(programDir, program, { recursive: true });
    fs.copyFileSync(
      path.join(fixtureDir, `Pulumi.${STACK}.yaml`),
      path.join(program, `Pulumi.${STACK}.yaml`),
    );
    linkDependencies(program);

    // The state names the simulator the release ran against; this run's has another port.
    const recordedUrl = releasedResource("default").inputs?.["digital99:apiUrl"];
    assert.equal(typeof recordedUrl, "string", "the provider's config holds the API URL");
    const stateFile = path.join(work, "state.json");
    fs.writeFileSync(
      stateFile,
      fs
        .readFileSync(path.join(fixtureDir, "state.json"), "utf8")
        .split(recordedUrl as string)
        .join(sim.url),
    );
    await pulumi("stack", "init", STACK);
    await pulumi("stack", "import", "--file", stateFile);
    await pulumi("config", "set", "digital99:apiUrl", sim.url);
  });

  after(async () => {
    await sim?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("previews with no change and no warning", async () => {
    // A changed derived reference or resource key is an initial-only input: a warning, no diff.
    const output = await pulumi("preview", "--expect-no-changes", "--diff");
    assert.doesNotMatch(output, /warning/i);
  });

  it("refreshes with no change, and keeps every input and output the release wrote", async () => {
    await pulumi("refresh", "--yes", "--skip-preview", "--expect-no-changes");
    assertAsReleased(await state());
  });

  it("updates the released account in place", async () => {
    const acme = releasedResource("acme");
    await pulumi("config", "set", "acmeName", "Acme Renamed");
    await pulumi("up", "--yes", "--skip-preview");
    const account = sim.accounts().find((a) => String(a.accountId) === acme.outputs?.accountId);
    assert.equal(account?.accountName, "Acme Renamed");
    assert.equal(sim.accounts().length, 2, "nothing created or replaced");
    // The program's inputs are the state's now: every one but the name is as released, and the
    // webhook's url, secret since the release (it may carry a partner's token), is encrypted.
    const now = await state();
    assertAsReleased(now, { acme: "Acme Renamed" }, { events: ["url"] });
    const webhookUrl = releasedResource("events").inputs?.url;
    assert.equal(typeof webhookUrl, "string");
    assert.ok(!JSON.stringify(now).includes(webhookUrl as string), "no plain webhook url left");
  });

  it("destroys what the released package created", async () => {
    await pulumi("config", "set", "deletionProtection", "false");
    await pulumi("up", "--yes", "--skip-preview");
    await pulumi("destroy", "--yes", "--skip-preview");
    assert.deepEqual(sim.accounts(), []);
    assert.deepEqual(sim.builders(), []);
    assert.deepEqual(sim.inboxes(), []);
    assert.deepEqual(
      ((await state()).deployment.resources ?? []).filter((r) => !r.type.startsWith("pulumi:")),
      [],
    );
  });
});
