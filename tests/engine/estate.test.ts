// Level 5: a customer's whole estate through the real engine (Automation API, local file backend)
// against the simulator: up, a no-op preview, refresh after changes made outside Pulumi to each
// resource, replacing the builder, destroy. The simulator counts the requests of every step, so
// each step's calls are asserted exactly: no call the step does not need. Skipped, loudly, when
// no `pulumi` binary can be found.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { PartnersClient } from "../../provider/client";
import { startSimulator, type Simulator } from "../../simulator";
import { findPulumi, installRelease, pulumiVersion, repoRoot } from "./workspace";

type Props = Record<string, unknown>;

const clientSecret = "estate-Client-Secret-7a2d";
const adminPassword = "Estate!Admin-Passw0rd";
const webhookUrl = "https://partner.example/99digital/events";
const onboarding = {
  message: "Connect your WhatsApp number to Acme support",
  button: "Connect",
  success: "You are connected",
  failed: "Something went wrong; please try again",
};

/** Every endpoint of the contract: a step's counts are compared over all of them. */
const endpoints = [
  "settings/accessToken",
  "settings/setWebhook",
  "settings/getWebhook",
  "settings/setBusiness",
  "online/createAccount",
  "online/getAccounts",
  "online/updateAccount",
  "online/deleteAccount",
  "online/getAgents",
  "online/loginAgent",
  "online/createInbox",
  "online/getInboxes",
  "online/deleteInbox",
  "builder/createBuilder",
  "builder/getBuilders",
  "builder/loginBuilder",
  "builder/deleteBuilder",
] as const;
type Counts = Partial<Record<(typeof endpoints)[number], number>>;

/** The estate program in `dir`, with the repository's dependencies and this package linked. */
function composeEstateProgram(dir: string): void {
  fs.cpSync(path.join(__dirname, "estate-program"), dir, { recursive: true });
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry === "pulumi-99digital" || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  }
  installRelease(dir, "current");
}

describe("engine: a customer's estate, counted at the simulator (level 5)", function () {
  this.timeout(600_000);
  let sim: Simulator;
  let work: string;
  let stack: Stack;

  before(async function () {
    const engineDir = findPulumi();
    if (!engineDir) {
      console.log(
        "\n  !!! ESTATE ENGINE SUITE SKIPPED: no `pulumi` binary on PATH or in .tools/pulumi/bin. " +
          "Run `bash scripts/pulumi-engine.sh` to build one (CI does).\n",
      );
      this.skip();
    }
    console.log(`      engine: ${pulumiVersion(engineDir)}`);
    process.env.PATH = `${engineDir}${path.delimiter}${process.env.PATH}`;
    for (const key of Object.keys(process.env))
      if (key.startsWith("DIGITAL99_")) delete process.env[key];

    sim = await startSimulator({ port: 0, clientId: "estate-client", clientSecret });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-estate-"));
    const programDir = path.join(work, "program");
    fs.mkdirSync(path.join(work, "state"));
    composeEstateProgram(programDir);
    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "estate", workDir: programDir },
      {
        pulumiHome: path.join(work, "home"),
        envVars: {
          PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
          PULUMI_CONFIG_PASSPHRASE: "estate-passphrase",
          PULUMI_SKIP_UPDATE_CHECK: "1",
          PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        },
      },
    );
    await stack.setAllConfig({
      "digital99:apiUrl": { value: sim.url },
      "digital99:clientId": { value: "estate-client" },
      "digital99:clientSecret": { value: clientSecret, secret: true },
      adminPassword: { value: adminPassword, secret: true },
      webhookUrl: { value: webhookUrl },
      onboarding: { value: JSON.stringify(onboarding) },
    });
  });

  after(async () => {
    await sim?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  // One scenario in steps: after a failed step the later ones would only report its fallout.
  let failedStep: string | undefined;
  beforeEach(function () {
    if (failedStep) this.skip();
  });
  afterEach(function () {
    if (this.currentTest?.state === "failed") failedStep ??= this.currentTest.title;
  });

  const partners = () =>
    new PartnersClient({ apiUrl: sim.url, clientId: "estate-client", clientSecret });
  /** The requests since the last call, per endpoint, every other endpoint at zero. */
  const takeCounts = (): Counts => {
    const counts: Counts = {};
    for (const endpoint of endpoints) {
      const n = sim.requestCount(endpoint);
      if (n > 0) counts[endpoint] = n;
    }
    assert.equal(
      Object.values(counts).reduce((a, b) => a + b, 0),
      sim.requestCount(),
      "only the contract's endpoints were called",
    );
    sim.resetRequestCounts();
    return counts;
  };
  const builder = () => {
    assert.equal(sim.builders().length, 1, "one builder");
    return sim.builders()[0];
  };
  const account = () => {
    assert.equal(sim.accounts().length, 1, "one account");
    return sim.accounts()[0];
  };

  it("1. up creates the estate with exactly the calls it needs", async () => {
    sim.resetRequestCounts();
    const up = await stack.up({ onOutput: () => undefined });
    assert.equal(up.summary.result, "succeeded");
    // Builder, account, two inboxes, webhook, texts and the stack.
    assert.equal(up.summary.resourceChanges?.create, 7);
    assert.equal(account().builderUrl, builder().url);
    assert.deepEqual(
      sim
        .inboxes()
        .map((i) => i.whatsappNumber)
        .sort(),
      ["972501234567", "972501234568"],
    );
    assert.equal(sim.webhookUrl(), webhookUrl);
    const { resources } = (await stack.exportStack()).deployment as {
      resources: Array<{ type: string; inputs?: Props; outputs?: Props }>;
    };
    // Partners put a token in it: state holds it encrypted, as a secret.
    const webhook = resources.find((r) => r.type.endsWith(":PartnerWebhook"));
    for (const url of [webhook?.inputs?.url, webhook?.outputs?.url]) {
      const sig = (url as Props | undefined)?.[pulumi.runtime.specialSigKey];
      assert.equal(sig, pulumi.runtime.specialSecretSig, "the webhook URL is a secret in state");
    }
    assert.deepEqual(sim.business(), {
      onboarding_message: onboarding.message,
      onboarding_button: onboarding.button,
      onboarding_success: onboarding.success,
      onboarding_failed: onboarding.failed,
    });
    assert.deepEqual(up.outputs.agents.value, ["owner@acme.example"]);
    assert.deepEqual(takeCounts(), {
      // One token for the provider process (every resource kind shares its client), one for
      // the program's own getAgentsOutput.
      "settings/accessToken": 2,
      // The webhook: one read to warn about a URL it replaces, one write.
      "settings/getWebhook": 1,
      "settings/setWebhook": 1,
      "settings/setBusiness": 1,
      // Exactly-once creation lists before creating (builders, accounts, each number's inboxes).
      "builder/getBuilders": 1,
      "builder/createBuilder": 1,
      "online/getAccounts": 1,
      "online/createAccount": 1,
      // createAccount cannot set the builder link: the second step sets it.
      "online/updateAccount": 1,
      "online/getInboxes": 2,
      "online/createInbox": 2,
      "online/getAgents": 1,
    });
  });

  it("2. a preview right after changes nothing and asks only what the program reads", async () => {
    const preview = await stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary).sort(), ["same"]);
    // check and diff need no API: only the program's getAgentsOutput asks.
    assert.deepEqual(takeCounts(), { "settings/accessToken": 1, "online/getAgents": 1 });
  });

  it("3. refresh sees what changed outside Pulumi to each resource, and up puts it back", async () => {
    const client = partners();
    const acme = account();
    const [support] = sim.inboxes().filter((i) => i.whatsappNumber === "972501234567");
    await client.online.updateAccount({
      accountId: String(acme.accountId),
      server: "online",
      accountName: "Acme (renamed by hand)",
    });
    await client.online.deleteInbox({
      accountId: String(acme.accountId),
      server: "online",
      inboxId: String(support.inboxId),
    });
    await client.builder.deleteBuilder({ builderId: String(builder().builderId) });
    await client.settings.setWebhook({ url: "https://elsewhere.example/hook" });
    await client.settings.setBusiness({ onboardingButton: "Changed by hand" });
    await client.close();
    sim.resetRequestCounts();

    let output = "";
    const refresh = await stack.refresh({ onOutput: (text) => (output += text) });
    assert.equal(refresh.summary.result, "succeeded");
    assert.match(output, /changed outside Pulumi: accountName is "Acme \(renamed by hand\)"/);
    assert.match(output, /webhook was changed outside Pulumi/);
    const reads = takeCounts();
    // Refresh only reads: one list per kind, one token, and the texts cost nothing.
    assert.deepEqual(
      Object.keys(reads).filter((e) => !/\/get|accessToken/.test(e)),
      [],
      "refresh wrote nothing",
    );
    assert.equal(reads["settings/getWebhook"], 1);
    assert.equal(reads["online/getAccounts"], 1);
    assert.equal(reads["settings/accessToken"], 1);
    const state = JSON.stringify((await stack.exportStack()).deployment);
    assert.ok(!state.includes("acme-builder"), "the deleted builder left the state");
    assert.ok(!state.includes("acme-support"), "the deleted inbox left the state");
    // No read endpoint for the texts: refresh cannot see the button changed.
    assert.ok(!state.includes("Changed by hand"));

    const up = await stack.up({ onOutput: () => undefined });
    assert.equal(up.summary.result, "succeeded");
    assert.equal(up.summary.resourceChanges?.create, 2, "the builder and the inbox again");
    assert.equal(account().accountName, "Acme Inc");
    assert.equal(account().builderUrl, builder().url, "linked to the new builder");
    assert.equal(sim.inboxes().length, 2);
    assert.equal(sim.webhookUrl(), webhookUrl);
    // As documented: a text changed outside Pulumi stays until the program changes it.
    assert.equal(sim.business().onboarding_button, "Changed by hand");
  });

  it("4. replacing the builder needs its protection off first, then relinks the account", async () => {
    const before = builder();
    await stack.setConfig("builderClientName", { value: "Acme Group" });
    await assert.rejects(stack.preview(), /deletionProtection/);
    await stack.setConfig("builderProtection", { value: "false" });
    await stack.removeConfig("builderClientName");
    const off = await stack.up({ onOutput: () => undefined });
    assert.equal(off.summary.resourceChanges?.update, 1);
    assert.equal(builder().builderId, before.builderId);

    await stack.setConfig("builderClientName", { value: "Acme Group" });
    const replaced = await stack.up({ onOutput: () => undefined });
    assert.equal(replaced.summary.result, "succeeded");
    assert.equal(replaced.summary.resourceChanges?.replace, 1);
    assert.notEqual(builder().builderId, before.builderId);
    assert.equal(builder().clientName, "Acme Group");
    assert.equal(account().builderUrl, builder().url);
  });

  it("5. destroy with protection off leaves no account, builder or inbox; the settings stay", async () => {
    await stack.setConfig("deletionProtection", { value: "false" });
    await stack.up({ onOutput: () => undefined });
    sim.resetRequestCounts();
    let output = "";
    const destroyed = await stack.destroy({ onOutput: (text) => (output += text) });
    assert.equal(destroyed.summary.result, "succeeded");
    assert.deepEqual(sim.accounts(), []);
    assert.deepEqual(sim.builders(), []);
    assert.deepEqual(sim.inboxes(), []);
    assert.equal(sim.webhookUrl(), webhookUrl);
    assert.match(output, /the Partners API has no way to clear it/);
    const counts = takeCounts();
    // The inboxes go with the account (deletedWith): no deleteInbox.
    assert.equal(counts["online/deleteInbox"], undefined);
    assert.equal(counts["online/deleteAccount"], 1);
    assert.equal(counts["builder/deleteBuilder"], 1);
    assert.equal(counts["settings/setWebhook"], undefined);
    assert.equal(counts["settings/setBusiness"], undefined);
  });
});
