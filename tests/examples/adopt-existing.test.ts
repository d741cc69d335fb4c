// examples/adopt-existing: the program `pulumi-99digital adopt` wrote for the example's estate,
// run under the SDK's mocks, and held against what the command writes for that estate today.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { exampleEstate, seedSimulator } from "../../examples/adopt-existing/seed-simulator";
import { startSimulator } from "../../simulator";
import { cli } from "../provider/cli/helpers";
import {
  ONLINE_ACCOUNT,
  projectName,
  providerCheckFailures,
  runProgram,
  type ProgramRun,
} from "./mocked-program";

const dir = path.resolve(__dirname, "..", "..", "examples", "adopt-existing");
const project = projectName(path.join(dir, "Pulumi.yaml"));
const adminFields = ["adminEmail", "adminName", "adminDisplayName", "adminPassword"];

describe("level 4: examples/adopt-existing", () => {
  let run: ProgramRun;

  before(async () => {
    run = await runProgram(path.join(dir, "index.ts"), { project });
  });

  it("is a program whose only line imports ./accounts", () => {
    assert.equal(fs.readFileSync(path.join(dir, "index.ts"), "utf8"), 'import "./accounts";\n');
  });

  it("declares one OnlineAccount per account of the estate, named by adopt", () => {
    // Registration order is the SDK's business (it follows when inputs resolve), not adopt's.
    assert.deepEqual(run.resources.map((r) => `${r.type}::${r.name}`).sort(), [
      `${ONLINE_ACCOUNT}::acmeInc`,
      `${ONLINE_ACCOUNT}::betaCo`,
      `${ONLINE_ACCOUNT}::mkvltHshkvnh`,
    ]);
  });

  it("adopts each account by existingAccount with the values the API reported", () => {
    const byName = Object.fromEntries(run.resources.map((r) => [r.inputs.accountName, r.inputs]));
    for (const [i, account] of exampleEstate.entries()) {
      const inputs = byName[account.accountName];
      assert.ok(inputs, account.accountName);
      assert.equal(inputs.existingAccount, `${account.server}/${i + 1}`);
      assert.equal(inputs.status, account.status);
      if (account.reference !== undefined) assert.equal(inputs.reference, account.reference);
    }
  });

  it("gives no admin fields, no password and no quotas", () => {
    for (const r of run.resources) {
      for (const field of [...adminFields, "agents", "inboxes"]) {
        // Absent, or an empty value (the password input is always wrapped as a secret).
        assert.ok(r.inputs[field] === undefined || r.inputs[field] === null, `${r.name}.${field}`);
      }
    }
  });

  it("holds exactly what adopt writes for the example's estate", async function () {
    this.timeout(20_000);
    const sim = await startSimulator({ port: 0, servers: ["online", "eu1"] });
    try {
      await seedSimulator(sim.url, sim.clientId, sim.clientSecret);
      const adopted = await cli(["adopt", "--quiet"], {
        DIGITAL99_API_URL: sim.url,
        DIGITAL99_CLIENT_ID: sim.clientId,
        DIGITAL99_CLIENT_SECRET: sim.clientSecret,
      });
      assert.equal(adopted.code, 0, adopted.stderr);
      assert.equal(adopted.stdout, fs.readFileSync(path.join(dir, "accounts.ts"), "utf8"));
    } finally {
      await sim.close();
    }
  });

  it("passes the provider's input validation", async function () {
    for (const r of run.resources) {
      assert.deepEqual(await providerCheckFailures(r.inputs), [], r.name);
    }
  });
});
