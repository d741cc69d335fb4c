// Level 5: the real Pulumi engine (Automation API, local file backend) runs
// the e2e program against the simulator, one scenario after another on the
// same stack. Skipped, loudly, only when no `pulumi` binary can be found.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { PartnersClient } from "../../provider/client";
import { startSimulator, type Simulator } from "../../simulator";
import { composeProgram, findPulumi, installRelease, pulumiVersion } from "./workspace";

const clientSecret = "e2e-Client-Secret-5f1c";
const secretSignature = "4dabf18193072939515e22adb298388d";
const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const adminPassword = "E2e!Admin-Passw0rd";

const initialAccounts = {
  acme: { accountName: "Acme Inc", agents: 10, inboxes: 3 },
  globex: {
    accountName: "Globex",
    agents: 5,
    inboxes: 2,
    builderUrl: "https://builder.example/globex",
  },
  initech: { accountName: "Initech", agents: 2, inboxes: 1, status: "suspended" },
};

interface StateResource {
  urn: string;
  type: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

describe("engine: pulumi up/preview/refresh/destroy against the simulator (level 5)", function () {
  this.timeout(300_000);
  let engineDir: string | undefined;
  let sim: Simulator;
  let work: string;
  let stack: Stack;
  let accounts: Record<string, Record<string, unknown>> = structuredClone(initialAccounts);

  before(async function () {
    engineDir = findPulumi();
    if (!engineDir) {
      console.log(
        "\n  !!! ENGINE SUITE SKIPPED: no `pulumi` binary on PATH or in .tools/pulumi/bin. " +
          "Run `bash scripts/pulumi-engine.sh` to build one (CI does).\n",
      );
      this.skip();
    }
    console.log(
      `      engine: ${pulumiVersion(engineDir)} from ${path.relative(process.cwd(), engineDir) || "."}`,
    );
    // The Automation API looks for the CLI on this process's PATH; the
    // credentials must come from stack config, not from the environment.
    process.env.PATH = `${engineDir}${path.delimiter}${process.env.PATH}`;
    for (const key of Object.keys(process.env))
      if (key.startsWith("DIGITAL99_")) delete process.env[key];

    sim = await startSimulator({ port: 0, clientId: "e2e-client", clientSecret });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-e2e-"));
    const programDir = path.join(work, "program");
    fs.mkdirSync(path.join(work, "state"));
    composeProgram(programDir);
    installRelease(programDir, "earlier");

    stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "e2e", workDir: programDir },
      {
        pulumiHome: path.join(work, "home"),
        envVars: {
          PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
          PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
          PULUMI_SKIP_UPDATE_CHECK: "1",
          PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
        },
      },
    );
    await stack.setAllConfig({
      "digital99:apiUrl": { value: sim.url },
      "digital99:clientId": { value: "e2e-client" },
      "digital99:clientSecret": { value: clientSecret, secret: true },
      adminPassword: { value: adminPassword, secret: true },
      accounts: { value: JSON.stringify(accounts) },
    });
  });

  after(async () => {
    await sim?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const setAccounts = async (next: typeof accounts) => {
    accounts = next;
    await stack.setConfig("accounts", { value: JSON.stringify(accounts) });
  };
  const simAccount = (name: string) => sim.accounts().find((a) => a.accountName === name);
  /** The stack's state as the backend stores it, secrets encrypted. */
  const stateFileText = () => {
    const files = findFiles(path.join(work, "state"), (file) => file.endsWith("e2e.json"));
    assert.equal(files.length, 1, "one state file for the stack");
    return fs.readFileSync(files[0], "utf8");
  };
  const stateResources = async () =>
    (await stack.exportStack()).deployment.resources as StateResource[];
  const client = () =>
    new PartnersClient({ apiUrl: sim.url, clientId: "e2e-client", clientSecret });

  it("1. up creates three accounts with the right outputs", async () => {
    const result = await stack.up({ onOutput: () => undefined });
    assert.equal(result.summary.result, "succeeded");
    assert.equal(result.summary.resourceChanges?.create, 4, "three accounts and the stack");
    assert.equal(sim.accounts().length, 3);
    const out = result.outputs.accounts.value as Record<string, Record<string, string>>;
    assert.equal(out.acme.accountId, String(simAccount("Acme Inc")?.accountId));
    assert.equal(out.initech.status, "suspended");
    assert.equal(simAccount("Initech")?.status, "suspended");
    assert.equal(simAccount("Globex")?.builderUrl, "https://builder.example/globex");
    assert.equal(out.globex.builderUrl, "https://builder.example/globex");
    assert.equal(out.acme.url, "https://online.99digital.co.il");
  });

  it("2. preview right after shows no changes", async () => {
    const preview = await stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary).sort(), ["same"]);
  });

  it("3. a rename is an in-place update keeping the account id", async () => {
    const before = simAccount("Acme Inc")?.accountId;
    await setAccounts({ ...accounts, acme: { ...accounts.acme, accountName: "Acme Group" } });
    const result = await stack.up();
    assert.equal(result.summary.resourceChanges?.update, 1);
    assert.equal(result.summary.resourceChanges?.create, undefined);
    assert.equal(simAccount("Acme Group")?.accountId, before);
    assert.equal(sim.accounts().length, 3);
  });

  it("3b. a changed admin email is a warning in the preview, not a change", async () => {
    await setAccounts({
      ...accounts,
      acme: { ...accounts.acme, adminEmail: "new-owner@e2e.example" },
    });
    let output = "";
    const preview = await stack.preview({ onOutput: (text) => (output += text) });
    assert.deepEqual(Object.keys(preview.changeSummary).sort(), ["same"]);
    assert.match(output, /adminEmail only applies when the account is created/);
    const acme = { ...accounts.acme };
    delete acme.adminEmail;
    await setAccounts({ ...accounts, acme });
  });

  it("4. changing agents under protection fails at preview, explaining, and changes nothing", async () => {
    const snapshot = JSON.stringify(sim.accounts());
    await setAccounts({ ...accounts, acme: { ...accounts.acme, agents: 20 } });
    await assert.rejects(stack.preview(), (error: Error) => {
      assert.match(error.message, /changing agents from 10 to 20 would replace the account/);
      assert.match(error.message, /deletionProtection: false/);
      return true;
    });
    assert.equal(JSON.stringify(sim.accounts()), snapshot);
    await setAccounts({ ...accounts, acme: { ...accounts.acme, agents: 10 } });
  });

  it("5. refresh shows drift made outside Pulumi and drops a deleted account; up restores", async () => {
    const partners = client();
    const globex = simAccount("Globex")!;
    const initech = simAccount("Initech")!;
    await partners.online.updateAccount({
      accountId: String(globex.accountId),
      server: "online",
      accountName: "Globex (renamed by hand)",
      status: "suspended",
    });
    await partners.online.deleteAccount({ accountId: String(initech.accountId), server: "online" });
    await partners.close();

    let output = "";
    const refresh = await stack.refresh({ onOutput: (text) => (output += text) });
    assert.equal(refresh.summary.result, "succeeded");
    assert.match(output, /changed outside Pulumi: accountName is "Globex \(renamed by hand\)"/);
    assert.match(output, /no longer exists on 99digital; it is removed from state/);
    const names = (await stateResources()).map((r) => r.urn.split("::").pop());
    assert.ok(!names.includes("initech"), "the deleted account left the state");

    const up = await stack.up();
    assert.equal(up.summary.resourceChanges?.create, 1, "initech created again");
    assert.equal(up.summary.resourceChanges?.update, 1, "globex renamed and resumed");
    assert.equal(simAccount("Globex")?.status, "active");
    assert.equal(simAccount("Initech")?.status, "suspended");
    assert.equal(sim.accounts().length, 3);
  });

  it("5b. a failed second step keeps the created account in state; the next up finishes it", async () => {
    sim.injectFault({
      endpoint: "online/updateAccount",
      fault: { type: "status", status: 500, body: "html" },
      times: Infinity,
    });
    const hooli = {
      accountName: "Hooli",
      agents: 3,
      inboxes: 1,
      status: "suspended",
    };
    await setAccounts({ ...accounts, hooli });
    await assert.rejects(stack.up(), /was created, but setting its status failed/);
    sim.clearFaults();
    const created = simAccount("Hooli");
    assert.equal(created?.status, "active");
    const inState = (await stateResources()).find((r) => r.urn.endsWith("::hooli"));
    assert.equal(inState?.outputs.accountId, String(created?.accountId));
    assert.ok(!stateFileText().includes(adminPassword), "admin password in plain text");

    const up = await stack.up();
    assert.equal(up.summary.resourceChanges?.update, 1);
    assert.equal(simAccount("Hooli")?.status, "suspended");
    assert.equal(simAccount("Hooli")?.accountId, created?.accountId);
    assert.equal(sim.accounts().length, 4);
  });

  it("6. the state file holds no secret in plain text, and every __provider is the small stub", async () => {
    const text = stateFileText();
    assert.ok(!text.includes(adminPassword), "admin password in plain text");
    assert.ok(!text.includes(clientSecret), "client secret in plain text");
    assert.ok(!/access_?token|Bearer /i.test(text), "a token in state");

    // The decrypted export shows that the passwords are secrets, not absent.
    const accountsInState = (await stateResources()).filter((r) =>
      r.type.startsWith("pulumi-nodejs:dynamic/99digital"),
    );
    assert.equal(accountsInState.length, 4);
    for (const r of accountsInState) {
      for (const part of [r.inputs, r.outputs]) {
        assert.equal(
          (part.adminPassword as Record<string, unknown>)[secretSignature],
          secretSig,
          `${r.urn}: adminPassword secret`,
        );
      }
    }
    const providers = accountsInState.map((r) => r.inputs.__provider as string);
    assert.equal(new Set(providers).size, 1, "one stub for every account");
    assert.ok(providers[0].length <= 2560, `__provider is ${providers[0].length} bytes`);
    assert.match(providers[0], /pulumi-99digital\/provider-host/);
  });

  it("7. after an upgrade of the implementation: no diff, and destroy runs the new code", async () => {
    const before = JSON.stringify(await stack.exportStack());
    installRelease(path.join(work, "program"), "current");
    const preview = await stack.preview();
    assert.deepEqual(Object.keys(preview.changeSummary).sort(), ["same"]);
    const stubsBefore = before.match(/"__provider":"[^"]*"/g);
    const stubsAfter = JSON.stringify(await stack.exportStack()).match(/"__provider":"[^"]*"/g);
    assert.deepEqual(stubsAfter, stubsBefore);
  });

  it("8. destroy is refused under protection (the engine's protect); without it the simulator is left empty", async () => {
    await assert.rejects(stack.destroy(), /cannot be deleted\s+because it is protected/);
    assert.equal(sim.accounts().length, 4);
    await stack.setConfig("deletionProtection", { value: "false" });
    await stack.up();
    // The earlier release's delete refuses to run: success proves the current code ran.
    const destroyed = await stack.destroy();
    assert.equal(destroyed.summary.result, "succeeded");
    assert.deepEqual(sim.accounts(), []);
  });
});

function findFiles(dir: string, wanted: (file: string) => boolean): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && wanted(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}
