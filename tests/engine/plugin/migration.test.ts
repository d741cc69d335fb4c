// The documented way from the dynamic OnlineAccount to the plugin's, on one stack, through the
// engine: retainOnDelete, remove the resource (the account stays), pulumi import it with the
// plugin, declare it with the plugin's Node.js SDK; the preview shows no change, and at no point
// is an account created or deleted (docs/languages.md, "Moving a stack to the plugin").
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../../../simulator";
import { linkDependencies } from "../cli";
import { prepareNodeSdk } from "./node-sdk";
import { PluginProject } from "./plugin-project";

const dynamicProgram = (retain: boolean) => `const { OnlineAccount } = require("pulumi-99digital");
const acme = new OnlineAccount("acme", {
  accountName: "Acme",
  agents: 5,
  inboxes: 2,
  adminEmail: "owner@acme.example",
  adminName: "Dana",
  adminDisplayName: "Dana",
  adminPassword: "Str0ng!Pass",
}, { retainOnDelete: ${retain} });
exports.id = acme.id;
`;

const pluginProgram = (id: string) => `const digital99 = require("@pulumi-99digital/digital99");
const acme = new digital99.OnlineAccount("acme", {
  existingAccount: ${JSON.stringify(id)},
  accountName: "Acme",
}, { protect: true });
exports.id = acme.id;
`;

describe("engine: moving a stack from the dynamic OnlineAccount to the plugin (level 5)", function () {
  this.timeout(600_000);
  let work: string;
  let sim: Simulator;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-migrate-"));
    sim = await startSimulator({ port: 0 });
  });
  after(async () => {
    await sim.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("keeps the account and its reference, creates and deletes nothing, and previews with no change", async function () {
    const sdk = await prepareNodeSdk(work);
    if ("skipped" in sdk) {
      console.log(`\n  !!! MIGRATION TEST SKIPPED: ${sdk.skipped}\n`);
      return this.skip();
    }
    const project = await PluginProject.create(work, "shop", "MIGRATION SUITE");
    if (!project) return this.skip();
    linkDependencies(project.dir);
    fs.mkdirSync(path.join(project.dir, "node_modules", "@pulumi-99digital"));
    fs.symlinkSync(
      sdk.dir,
      path.join(project.dir, "node_modules", "@pulumi-99digital", "digital99"),
    );
    project.write("Pulumi.yaml", "name: shop\nruntime: nodejs\n");
    project.write("package.json", '{ "name": "shop", "private": true }\n');
    await project.initStack(
      "prod",
      { "digital99:apiUrl": sim.url, "digital99:clientId": sim.clientId },
      { "digital99:clientSecret": sim.clientSecret },
    );

    project.write("index.js", dynamicProgram(false));
    await project.must("up", "--yes");
    assert.equal(sim.accounts().length, 1);
    const account = sim.accounts()[0];
    const id = `online/${account.accountId}`;

    project.write("index.js", dynamicProgram(true));
    await project.must("up", "--yes");
    project.write("index.js", "");
    await project.must("up", "--yes");
    assert.equal(sim.accounts().length, 1, "retainOnDelete kept the account");

    await project.must(
      "import",
      "digital99:index:OnlineAccount",
      "acme",
      id,
      "--yes",
      "--generate-code=false",
    );
    project.write("index.js", pluginProgram(id));
    await project.must("preview", "--expect-no-changes");
    await project.must("up", "--yes");
    const state = await project.state();
    assert.match(state, /"type": "digital99:index:OnlineAccount"/);
    assert.doesNotMatch(state, /pulumi-nodejs:dynamic/, "no dynamic resource is left in the stack");
    // The plugin keys the resource as the dynamic class did: its derived reference is still its
    // own, so a lost creation or a late duplicate is recognised as before.
    assert.match(state, new RegExp(`"resourceKey": "${account.reference}"`));

    assert.equal(sim.requestCount("online/createAccount"), 1, "one account was ever created");
    assert.equal(sim.requestCount("online/deleteAccount"), 0, "none was deleted");
    assert.deepEqual(
      sim.accounts().map((a) => [a.accountId, a.reference]),
      [[account.accountId, account.reference]],
      "the same account, with the reference it was created with",
    );
  });
});
