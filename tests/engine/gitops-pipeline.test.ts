// Level 5: the GitOps kit's pipeline, replayed. The example partner
// repository (examples/gitops, with the policy pack) is copied outside this
// repository, its stacks are set up as its README says, and the pulumi
// commands of its workflows, read from the workflow files, run with the real
// engine against two simulators (a staging and a production partner).
// Skipped, loudly, only when no `pulumi` binary can be found.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PartnersClient } from "../../provider/client";
import { startSimulator, type Simulator } from "../../simulator";
import { typeOf } from "../../policy/rules";
import { gitopsDir, workflowCommand } from "../gitops/workflow-commands";
import { engineEnvironment, preparePolicyPack, linkDependencies, run, type CliResult } from "./cli";

const clientSecret = "gitops-Client-Secret-73ad";
const adminPassword = "Gitops!Admin-Pass1";
const stacks = ["staging", "production"] as const;
type StackName = (typeof stacks)[number];

describe("engine: the GitOps kit's workflow commands against the simulator (level 5)", function () {
  this.timeout(600_000);
  let work: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let policyPack: string;
  const sims = {} as Record<StackName, Simulator>;
  const outputs: string[] = [];

  const pulumi = async (args: string[]): Promise<CliResult> => {
    const result = await run("pulumi", args, { cwd: repo, env });
    outputs.push(result.output);
    return result;
  };
  /**
   * Runs step `stepId` of `workflow` for `stack` as the workflow has it; only
   * the policy pack's path may differ (see preparePolicyPack).
   */
  const workflowStep = (workflow: string, stepId: string, stack: StackName) => {
    const args = workflowCommand(workflow, stepId, stack);
    const pack = args.indexOf("--policy-pack") + 1;
    if (pack > 0) {
      assert.equal(args[pack], "policy");
      args[pack] = policyPack;
    }
    return pulumi(args);
  };
  const succeeded = (result: CliResult, what: string) =>
    assert.equal(result.code, 0, `${what} failed:\n${result.output}`);

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-gitops-"));
    const engineEnv = engineEnvironment(work, "GITOPS PIPELINE SUITE");
    if (!engineEnv) this.skip();
    env = engineEnv;

    // The partner's repository: the kit, with the policy pack copied beside it.
    repo = path.join(work, "repo");
    fs.cpSync(gitopsDir, repo, { recursive: true });
    policyPack = await preparePolicyPack(path.join(repo, "policy"), env);
    linkDependencies(repo);

    for (const stack of stacks) {
      sims[stack] = await startSimulator({ port: 0, clientId: `partner-${stack}`, clientSecret });
      // The README's set-up: the stack, then its config; secrets replace the placeholders.
      succeeded(await pulumi(["stack", "init", stack, "--non-interactive"]), "stack init");
      for (const args of [
        ["digital99:apiUrl", sims[stack].url],
        ["--secret", "digital99:clientSecret", clientSecret],
        ["--secret", "initialAdminPassword", adminPassword],
      ]) {
        succeeded(await pulumi(["config", "set", "--stack", stack, ...args]), "config set");
      }
    }
  });

  after(async () => {
    for (const sim of Object.values(sims)) await sim.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("the stack files keep only ciphertext for the secrets", () => {
    for (const stack of stacks) {
      const text = fs.readFileSync(path.join(repo, `Pulumi.${stack}.yaml`), "utf8");
      assert.ok(!text.includes(clientSecret) && !text.includes(adminPassword), stack);
      assert.ok(!text.includes("SET-WITH"), `${stack}: a placeholder is left`);
    }
  });

  it("pull request: the preview shows the planned accounts and passes, changing nothing", async () => {
    for (const stack of stacks) {
      const result = await workflowStep("preview.yml", "preview", stack);
      succeeded(result, `preview of ${stack}`);
      assert.match(result.output, /\+ pulumi-nodejs:dynamic\/99digital:OnlineAccount: \(create\)/);
      assert.match(result.output, /accountName\s*: "Acme Inc"/);
      assert.match(result.output, /accountName\s*: "Globex Support"/);
      assert.match(result.output, /\+ 3 to create/);
      assert.equal(sims[stack].accounts().length, 0, "a preview changed nothing");
    }
  });

  it("merge to main: up applies staging, then production", async () => {
    for (const stack of stacks) {
      const result = await workflowStep("deploy.yml", "up", stack);
      succeeded(result, `up of ${stack}`);
      const names = sims[stack].accounts().map((a) => a.accountName);
      assert.deepEqual(names.sort(), ["Acme Inc", "Globex Support"]);
      const acme = sims[stack].accounts().find((a) => a.accountName === "Acme Inc");
      assert.equal(acme?.agents, 10, "the team plan's quota");
    }
  });

  it("the state records the type the policy pack matches accounts by", async () => {
    const exported = await pulumi(["stack", "export", "--stack", "production"]);
    succeeded(exported, "stack export");
    const { deployment } = JSON.parse(exported.output) as {
      deployment: { resources: { type: string; urn: string }[] };
    };
    const accounts = deployment.resources.filter((r) => r.type === typeOf("OnlineAccount"));
    assert.deepEqual(accounts.map((r) => r.urn.split("::").pop()).sort(), ["acme", "globex"]);
  });

  it("pull request: a plan change that would replace a protected account fails the preview", async () => {
    const plansFile = path.join(repo, "plans.json");
    const original = fs.readFileSync(plansFile, "utf8");
    const plans = JSON.parse(original) as Record<string, { agents: number }>;
    plans.team.agents = 12;
    fs.writeFileSync(plansFile, JSON.stringify(plans));
    try {
      const result = await workflowStep("preview.yml", "preview", "production");
      assert.notEqual(result.code, 0, "the preview must fail");
      assert.match(result.output, /changing agents from 10 to 12 would replace the account/);
      assert.equal(
        sims.production.accounts().find((a) => a.accountName === "Acme Inc")?.agents,
        10,
      );
    } finally {
      fs.writeFileSync(plansFile, original);
    }
  });

  it("nightly drift: passes when nothing changed", async () => {
    succeeded(await workflowStep("drift.yml", "drift", "production"), "drift check");
  });

  it("nightly drift: fails after an out-of-band rename and says what drifted", async () => {
    const acme = sims.production.accounts().find((a) => a.accountName === "Acme Inc")!;
    const client = new PartnersClient({
      apiUrl: sims.production.url,
      clientId: "partner-production",
      clientSecret,
    });
    await client.online.updateAccount({
      accountId: String(acme.accountId),
      server: "online",
      accountName: "Acme (renamed by hand)",
    });
    await client.close();

    const result = await workflowStep("drift.yml", "drift", "production");
    assert.notEqual(result.code, 0, "the drift check must fail");
    assert.match(
      result.output,
      /changed outside Pulumi: accountName is "Acme \(renamed by hand\)"/,
    );
    assert.match(result.output, /no changes were expected/i);
    // A refresh preview writes nothing: the next check still sees the drift.
    assert.notEqual((await workflowStep("drift.yml", "drift", "production")).code, 0);
    // Staging was not touched.
    succeeded(await workflowStep("drift.yml", "drift", "staging"), "drift check of staging");
  });

  it("after up, the drift check passes again and the name is restored", async () => {
    succeeded(await workflowStep("deploy.yml", "up", "production"), "up");
    succeeded(await workflowStep("drift.yml", "drift", "production"), "drift check");
    const names = sims.production.accounts().map((a) => a.accountName);
    assert.deepEqual(names.sort(), ["Acme Inc", "Globex Support"]);
  });

  it("pull request: removing a protected customer fails the preview; nothing is applied", async () => {
    const customersFile = path.join(repo, "customers.json");
    const original = fs.readFileSync(customersFile, "utf8");
    const customers = JSON.parse(original) as { key: string }[];
    fs.writeFileSync(customersFile, JSON.stringify(customers.filter((c) => c.key !== "globex")));
    const accountsBefore = JSON.stringify(sims.production.accounts());
    sims.production.resetRequestCounts();
    try {
      const check = await workflowStep("preview.yml", "preview", "production");
      assert.notEqual(check.code, 0, "the pull request's check must fail");
      assert.match(check.output, /globex[\s\S]*cannot be deleted\s+because it is protected/);
      // Were it merged anyway, the deploy would stop at the same refusal.
      const deploy = await workflowStep("deploy.yml", "up", "production");
      assert.notEqual(deploy.code, 0, "the deploy must fail too");
      assert.match(deploy.output, /cannot be deleted\s+because it is protected/);
      const writes = Object.entries(sims.production.requestCounts()).filter(
        ([endpoint]) => !/\/(get|access)/.test(endpoint),
      );
      assert.deepEqual(writes, [], "no API write");
      assert.equal(JSON.stringify(sims.production.accounts()), accountsBefore);
    } finally {
      fs.writeFileSync(customersFile, original);
    }
  });

  it("no command printed a secret", () => {
    const all = outputs.join("\n");
    assert.ok(outputs.length > 10);
    assert.ok(!all.includes(clientSecret), "client secret in the output");
    assert.ok(!all.includes(adminPassword), "admin password in the output");
  });
});
