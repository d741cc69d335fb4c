// Level 5: the GitOps kit's pipeline, replayed. The example partner
// repository (examples/gitops, with the policy pack) is copied outside this
// repository, its stacks are set up as its README says, each with its own
// passphrase, and the pulumi commands of its workflows, read from the
// workflow files, run with the real engine against two simulators (a staging
// and a production partner). Each command runs with only the variables its
// step is given, secrets taken from its job's environment, as CI runs it.
// Skipped, loudly, only when no `pulumi` binary can be found.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PartnersClient } from "../../provider/client";
import { isStrongPassword } from "../../provider/client/rules";
import { startSimulator, type Simulator } from "../../simulator";
import { typeOf } from "../../policy/rules";
import {
  gitopsDir,
  workflowStep as readWorkflowStep,
  type RunContext,
} from "../gitops/workflow-commands";
import { engineEnvironment, preparePolicyPack, linkDependencies, run, type CliResult } from "./cli";

const clientSecret = "gitops-Client-Secret-73ad";
const stacks = ["staging", "production"] as const;
type StackName = (typeof stacks)[number];
// The GitHub environments' secrets: one passphrase per stack. The token is
// what a Pulumi Cloud backend would take; the file backend ignores it.
const secrets: RunContext["secrets"] = {
  staging: { PULUMI_ACCESS_TOKEN: "unused-s", PULUMI_CONFIG_PASSPHRASE: "gitops-pass-staging-1f" },
  production: {
    PULUMI_ACCESS_TOKEN: "unused-p",
    PULUMI_CONFIG_PASSPHRASE: "gitops-pass-production-9c",
  },
};

describe("engine: the GitOps kit's workflow commands against the simulator (level 5)", function () {
  this.timeout(600_000);
  let work: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;
  let context: RunContext;
  let policyPack: string;
  const sims = {} as Record<StackName, Simulator>;
  const outputs: string[] = [];
  // Every admin password the accounts were created with, to look for in the output.
  const passwords: string[] = [];

  /** Runs pulumi with `variables` (a step's, or a stack's passphrase) added to the engine's. */
  const pulumi = async (args: string[], variables: Record<string, string>): Promise<CliResult> => {
    const result = await run("pulumi", args, { cwd: repo, env: { ...env, ...variables } });
    outputs.push(result.output);
    return result;
  };
  const asOwner = (stack: StackName) => ({
    PULUMI_CONFIG_PASSPHRASE: secrets[stack].PULUMI_CONFIG_PASSPHRASE,
  });
  /**
   * Runs step `stepId` of `workflow` for `stack` as the workflow has it, with
   * the variables the step is given; only the policy pack's path may differ
   * (see preparePolicyPack).
   */
  const workflowStep = (workflow: string, stepId: string, stack: StackName) => {
    const step = readWorkflowStep(workflow, stepId, stack, context);
    assert.equal(step.command[0], "pulumi");
    const args = step.command.slice(1);
    const pack = args.indexOf("--policy-pack") + 1;
    if (pack > 0) {
      assert.equal(args[pack], "policy");
      args[pack] = policyPack;
    }
    return pulumi(args, step.env);
  };
  const succeeded = (result: CliResult, what: string) =>
    assert.equal(result.code, 0, `${what} failed:\n${result.output}`);
  /** What the workflows publish of a preview's output (the plan comment, the approver's summary). */
  const publishedPlan = async (output: string, stack: StackName, outcome: string) => {
    const file = path.join(work, "plan.txt");
    fs.writeFileSync(file, output);
    const script = 'source .github/scripts/markdown.sh && plan_markdown "$STACK" "$OUTCOME" "$1"';
    const github = {
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_REPOSITORY: "p/a",
      GITHUB_RUN_ID: "1",
    };
    const result = await run("bash", ["-c", script, "plan", file], {
      cwd: repo,
      env: { ...env, ...github, STACK: stack, OUTCOME: outcome },
    });
    succeeded(result, "plan_markdown");
    return result.output;
  };

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-gitops-"));
    const engineEnv = engineEnvironment(work, "GITOPS PIPELINE SUITE");
    if (!engineEnv) this.skip();
    // Each command gets the passphrase of the stack it works on, or none.
    env = { ...engineEnv };
    delete env.PULUMI_CONFIG_PASSPHRASE;
    context = { secrets, vars: { PULUMI_BACKEND_URL: engineEnv.PULUMI_BACKEND_URL! } };

    // The partner's repository: the kit, with the policy pack copied beside it.
    repo = path.join(work, "repo");
    fs.cpSync(gitopsDir, repo, { recursive: true });
    policyPack = await preparePolicyPack(path.join(repo, "policy"), env);
    linkDependencies(repo);

    for (const stack of stacks) {
      sims[stack] = await startSimulator({ port: 0, clientId: `partner-${stack}`, clientSecret });
      // The README's set-up: the stack with its own passphrase, then its
      // config; the secret replaces the placeholder.
      succeeded(
        await pulumi(["stack", "init", stack, "--non-interactive"], asOwner(stack)),
        "stack init",
      );
      for (const args of [
        ["digital99:apiUrl", sims[stack].url],
        ["--secret", "digital99:clientSecret", clientSecret],
      ]) {
        succeeded(
          await pulumi(["config", "set", "--stack", stack, ...args], asOwner(stack)),
          "config set",
        );
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
      assert.ok(!text.includes(clientSecret), stack);
      assert.ok(!text.includes("SET-WITH"), `${stack}: a placeholder is left`);
    }
  });

  // Pull requests preview staging; production is previewed on main, before
  // its apply is approved.
  const previews = [
    ["preview.yml", "staging"],
    ["deploy.yml", "production"],
  ] as const;

  it("pull request (staging), then main (production): the preview shows the planned accounts and passes, changing nothing", async () => {
    for (const [workflow, stack] of previews) {
      const result = await workflowStep(workflow, "preview", stack);
      succeeded(result, `preview of ${stack}`);
      assert.match(result.output, /\+ pulumi-nodejs:dynamic\/99digital:OnlineAccount: \(create\)/);
      assert.match(result.output, /accountName\s*: "Acme Inc"/);
      assert.match(result.output, /accountName\s*: "Globex Support"/);
      // The stack, and an account and its admin's password per customer.
      assert.match(result.output, /\+ 5 to create/);
      assert.equal(sims[stack].accounts().length, 0, "a preview changed nothing");
      const published = await publishedPlan(result.output, stack, "success");
      assert.match(published, /accountName\s*: "Acme Inc"/);
      assert.match(published, /\+ 5 to create/);
    }
  });

  it("pull request: its step is given staging's passphrase, which cannot open production", async () => {
    assert.throws(
      () => readWorkflowStep("preview.yml", "preview", "production", context),
      /0 jobs/,
    );
    const { env: given } = readWorkflowStep("preview.yml", "preview", "staging", context);
    const result = await pulumi(["preview", "--stack", "production", "--non-interactive"], given);
    assert.notEqual(result.code, 0, "production opened with a pull request's secrets");
    assert.match(result.output, /incorrect passphrase/);
    assert.equal(sims.production.requestCount(), 0, "production's partner was not called");
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

  it("every customer's first admin got a password of their own, readable only as a secret output", async () => {
    const admins = Object.fromEntries(
      stacks.map((stack) => {
        const byReference = sims[stack].accounts().map((account) => {
          const admin = sims[stack].agents().find((a) => a.agentId === account.agentIds[0])!;
          return [account.reference, admin.password] as const;
        });
        return [stack, Object.fromEntries(byReference)];
      }),
    ) as Record<StackName, Record<string, string>>;
    passwords.push(...stacks.flatMap((stack) => Object.values(admins[stack])));
    assert.equal(new Set(passwords).size, 4, "two customers in two stacks, four passwords");
    for (const password of passwords) assert.ok(isStrongPassword(password), "the API's rule");

    for (const stack of stacks) {
      const shown = await pulumi(["stack", "output", "--stack", stack, "--json"], asOwner(stack));
      succeeded(shown, "stack output");
      assert.equal(JSON.parse(shown.output).initialAdminPasswords, "[secret]");
      // What the partner runs to hand each customer theirs (kept out of `outputs`).
      const revealed = await run(
        "pulumi",
        ["stack", "output", "initialAdminPasswords", "--show-secrets", "--stack", stack],
        { cwd: repo, env: { ...env, ...asOwner(stack) } },
      );
      succeeded(revealed, "stack output --show-secrets");
      assert.deepEqual(JSON.parse(revealed.output), admins[stack]);
    }
  });

  it("the state records the type the policy pack matches accounts by", async () => {
    const exported = await pulumi(
      ["stack", "export", "--stack", "production"],
      asOwner("production"),
    );
    succeeded(exported, "stack export");
    const { deployment } = JSON.parse(exported.output) as {
      deployment: { resources: { type: string; urn: string }[] };
    };
    const accounts = deployment.resources.filter((r) => r.type === typeOf("OnlineAccount"));
    assert.deepEqual(accounts.map((r) => r.urn.split("::").pop()).sort(), ["acme", "globex"]);
  });

  it("pull request, then main: a plan change that would replace a protected account fails the preview", async () => {
    const plansFile = path.join(repo, "plans.json");
    const original = fs.readFileSync(plansFile, "utf8");
    const plans = JSON.parse(original) as Record<string, { agents: number }>;
    plans.team.agents = 12;
    fs.writeFileSync(plansFile, JSON.stringify(plans));
    try {
      for (const [workflow, stack] of previews) {
        const result = await workflowStep(workflow, "preview", stack);
        assert.notEqual(result.code, 0, `the preview of ${stack} must fail`);
        assert.match(result.output, /changing agents from 10 to 12 would replace the account/);
        // The plan and the refusal are published, the rest of the output is not.
        const published = await publishedPlan(result.output, stack, "failure");
        assert.match(published, /preview FAILED/);
        assert.match(published, /resource 'acme': .*would replace the account/);
        assert.match(result.output, /^Policy Packs run:$/m);
        assert.doesNotMatch(published, /Policy Packs run:/);
        assert.equal(sims[stack].accounts().find((a) => a.accountName === "Acme Inc")?.agents, 10);
      }
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

  it("pull request, then main: removing a protected customer fails the preview; nothing is applied", async () => {
    const customersFile = path.join(repo, "customers.json");
    const original = fs.readFileSync(customersFile, "utf8");
    const customers = JSON.parse(original) as { key: string }[];
    fs.writeFileSync(customersFile, JSON.stringify(customers.filter((c) => c.key !== "globex")));
    const accountsBefore = Object.fromEntries(
      stacks.map((stack) => [stack, JSON.stringify(sims[stack].accounts())]),
    );
    for (const stack of stacks) sims[stack].resetRequestCounts();
    try {
      for (const [workflow, stack] of previews) {
        const check = await workflowStep(workflow, "preview", stack);
        assert.notEqual(check.code, 0, `the preview of ${stack} must fail`);
        assert.match(check.output, /globex[\s\S]*cannot be deleted\s+because it is protected/);
      }
      for (const stack of stacks) {
        // Were it merged anyway, the deploy would stop at the same refusal.
        const deploy = await workflowStep("deploy.yml", "up", stack);
        assert.notEqual(deploy.code, 0, `the deploy of ${stack} must fail too`);
        assert.match(deploy.output, /cannot be deleted\s+because it is protected/);
        const writes = Object.entries(sims[stack].requestCounts()).filter(
          ([endpoint]) => !/\/(get|access)/.test(endpoint),
        );
        assert.deepEqual(writes, [], `no API write to ${stack}`);
        assert.equal(JSON.stringify(sims[stack].accounts()), accountsBefore[stack]);
      }
    } finally {
      fs.writeFileSync(customersFile, original);
    }
  });

  it("no command printed a secret", () => {
    const all = outputs.join("\n");
    assert.ok(outputs.length > 10);
    assert.ok(!all.includes(clientSecret), "client secret in the output");
    assert.ok(passwords.length > 0);
    for (const password of passwords)
      assert.ok(!all.includes(password), "admin password in the output");
  });
});
