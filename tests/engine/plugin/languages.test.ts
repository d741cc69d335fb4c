// The provider plugin from the languages a dynamic resource cannot serve, through the real engine
// against the simulator: a YAML and a Python program each declare an account, a builder and an
// inbox, and go through up, preview without changes, an update in place, a refresh after a change
// made outside Pulumi, a destroy refused while protected and done after. Then `pulumi import`.
// A language whose host or toolchain is missing is skipped loudly.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PartnersClient } from "../../../provider/client";
import { startSimulator, type Simulator } from "../../../simulator";
import { hasLanguageHost, PluginProject } from "./plugin-project";
import { pythonProgram, preparePython } from "./python";

const PASSWORD = "Str0ng!Pass";

const yamlProgram = `name: estate-yaml
runtime: yaml
config:
  accountName:
    type: string
  protect:
    type: boolean
resources:
  acme:
    type: digital99:index:OnlineAccount
    properties:
      accountName: \${accountName}
      agents: 5
      inboxes: 2
      adminEmail: owner@acme.example
      adminName: Dana
      adminDisplayName: Dana
      adminPassword:
        fn::secret: ${PASSWORD}
      deletionProtection: \${protect}
  builder:
    type: digital99:index:Builder
    properties:
      clientName: Acme
      deletionProtection: \${protect}
  support:
    type: digital99:index:WhatsAppInbox
    properties:
      accountId: \${acme.accountId}
      inboxName: Support
      whatsappNumber: "972501234567"
      deletionProtection: \${protect}
outputs:
  accountId: \${acme.accountId}
  accounts:
    fn::invoke:
      function: digital99:index:getAccounts
      arguments: {}
      return: accounts
`;

function skip(ctx: Mocha.Context, why: string): never {
  console.log(`\n  !!! ${why}\n`);
  ctx.skip();
}

describe("engine: the provider plugin from YAML and Python (level 5)", function () {
  this.timeout(600_000);
  let work: string;
  let sim: Simulator;
  let client: PartnersClient;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-plugin-"));
    // Credentials no other value of the state could contain by chance.
    sim = await startSimulator({
      port: 0,
      clientId: "plugin-partner",
      clientSecret: "Pl0gin-S3cret-77",
    });
    client = new PartnersClient({
      apiUrl: sim.url,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
    });
  });
  after(async () => {
    await client.close();
    await sim.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function stackFor(project: PluginProject, stack: string): Promise<void> {
    await project.initStack(
      stack,
      {
        "digital99:apiUrl": sim.url,
        "digital99:clientId": sim.clientId,
        accountName: `Acme ${stack}`,
        protect: "true",
      },
      { "digital99:clientSecret": sim.clientSecret },
    );
  }

  /** The lifecycle every language goes through, on the stack `stackFor` made. */
  async function lifecycle(
    project: PluginProject,
    stack: string,
    whileUp: (accountId: string) => Promise<void> = async () => {},
  ): Promise<void> {
    const accountsBefore = sim.accounts().length;
    const inboxesBefore = sim.inboxes().length;
    const buildersBefore = sim.builders().length;

    await project.must("up", "--yes");
    const mine = sim.accounts().filter((a) => a.accountName === `Acme ${stack}`);
    assert.equal(mine.length, 1, "one account");
    const accountId = String(mine[0].accountId);
    assert.equal(sim.builders().length, buildersBefore + 1, "one builder");
    assert.equal(sim.inboxes().length, inboxesBefore + 1, "one inbox");
    assert.ok(
      sim.inboxes().some((i) => String(i.accountId) === accountId),
      "the inbox is in the account",
    );
    const state = await project.state();
    assert.ok(!state.includes(PASSWORD), "the admin password is not in the state in plain text");
    assert.ok(!state.includes(sim.clientSecret), "nor the client secret");

    await project.must("preview", "--expect-no-changes");

    await project.must("config", "set", "accountName", `Acme ${stack} Ltd`);
    const updated = await project.must("up", "--yes");
    assert.match(updated, /updated/);
    assert.equal(
      sim.accounts().find((a) => String(a.accountId) === accountId)?.accountName,
      `Acme ${stack} Ltd`,
    );
    assert.equal(sim.accounts().length, accountsBefore + 1, "updated in place, not replaced");

    await client.online.updateAccount({
      accountId,
      server: "online",
      accountName: "Renamed elsewhere",
    });
    await project.must("refresh", "--yes");
    assert.match(
      await project.state(),
      /"accountName": "Renamed elsewhere"/,
      "refresh reads the change",
    );
    await project.must("up", "--yes");
    assert.equal(
      sim.accounts().find((a) => String(a.accountId) === accountId)?.accountName,
      `Acme ${stack} Ltd`,
    );

    await whileUp(accountId);

    const refused = await project.pulumi("destroy", "--yes");
    assert.notEqual(refused.code, 0, "destroy is refused while protected");
    assert.match(refused.output, /protected by deletionProtection/);
    assert.ok(
      sim.accounts().some((a) => String(a.accountId) === accountId),
      "the account is still there",
    );

    await project.must("config", "set", "protect", "false");
    await project.must("up", "--yes");
    await project.must("destroy", "--yes");
    assert.ok(
      !sim.accounts().some((a) => String(a.accountId) === accountId),
      "the account is gone",
    );
    assert.equal(sim.builders().length, buildersBefore, "the builder is gone");
    assert.equal(sim.inboxes().length, inboxesBefore, "the inbox is gone");
  }

  it("YAML: up, no-change preview, update, refresh, protected destroy, destroy", async function () {
    if (!hasLanguageHost("yaml"))
      skip(
        this,
        "YAML PLUGIN TEST SKIPPED: no pulumi-language-yaml (scripts/pulumi-engine.sh builds it)",
      );
    const project = await PluginProject.create(work, "yaml", "PLUGIN YAML SUITE");
    if (!project) return this.skip();
    project.write("Pulumi.yaml", yamlProgram);
    await stackFor(project, "yaml");
    await lifecycle(project, "yaml", async (accountId) => {
      // The read functions, as invokes.
      const listed = JSON.parse(
        await project.must("stack", "output", "accounts", "--json"),
      ) as Array<{
        accountId: string;
      }>;
      assert.ok(
        listed.some((a) => a.accountId === accountId),
        "getAccounts lists the account",
      );
      // Warnings reach the output as the dynamic resources' do.
      project.write("Pulumi.yaml", yamlProgram.replace("adminName: Dana", "adminName: Dina"));
      const warned = await project.must("up", "--yes");
      assert.match(warned, /adminName only applies when the account is created/);
      project.write("Pulumi.yaml", yamlProgram);
    });
  });

  it("Python: up, no-change preview, update, refresh, protected destroy, destroy", async function () {
    if (!hasLanguageHost("python"))
      skip(
        this,
        "PYTHON PLUGIN TEST SKIPPED: no pulumi-language-python (scripts/pulumi-engine.sh builds it)",
      );
    const python = await preparePython(work);
    if ("skipped" in python) skip(this, `PYTHON PLUGIN TEST SKIPPED: ${python.skipped}`);
    const project = await PluginProject.create(work, "python", "PLUGIN PYTHON SUITE", [python.bin]);
    if (!project) return this.skip();
    for (const [file, text] of Object.entries(pythonProgram(PASSWORD))) project.write(file, text);
    await stackFor(project, "python");
    await lifecycle(project, "python");
  });

  it("pulumi import takes an account made outside Pulumi; the code it writes previews with no change", async function () {
    if (!hasLanguageHost("yaml"))
      skip(
        this,
        "IMPORT TEST SKIPPED: no pulumi-language-yaml (scripts/pulumi-engine.sh builds it)",
      );
    const made = await client.online.createAccount({
      accountName: "Made by hand",
      agents: 3,
      inboxes: 1,
      adminEmail: "hand@acme.example",
      adminName: "Hand",
      adminDisplayName: "Hand",
      adminPassword: PASSWORD,
      reference: "crm77",
    });
    const project = await PluginProject.create(work, "import", "PLUGIN IMPORT SUITE");
    if (!project) return this.skip();
    const header = "name: imported\nruntime: yaml\n";
    project.write("Pulumi.yaml", header);
    await project.initStack(
      "import",
      { "digital99:apiUrl": sim.url, "digital99:clientId": sim.clientId },
      { "digital99:clientSecret": sim.clientSecret },
    );
    const requestsBefore = sim.requestCount("online/createAccount");
    const output = await project.must(
      "import",
      "digital99:index:OnlineAccount",
      "acme",
      `online/${made.accountId}`,
      "--yes",
    );
    assert.equal(
      sim.requestCount("online/createAccount"),
      requestsBefore,
      "import creates nothing",
    );
    const code = output.slice(output.indexOf("resources:"));
    assert.match(code, new RegExp(`existingAccount: online/${made.accountId}`));
    assert.match(code, /reference: crm77/);
    assert.ok(!code.includes(PASSWORD), "the generated code holds no secret");
    project.write("Pulumi.yaml", header + code);
    await project.must("preview", "--expect-no-changes");
    assert.ok(
      sim.accounts().some((a) => a.accountId === Number(made.accountId)),
      "still there",
    );
  });
});
