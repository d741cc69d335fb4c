// The workflow reader that the engine suite's pipeline replay relies on: each
// step's command, and the variables (secrets among them) it is given.
import assert from "node:assert/strict";
import { splitCommand, workflowStep, type RunContext } from "./workflow-commands";

const context: RunContext = {
  secrets: {
    staging: { PULUMI_ACCESS_TOKEN: "token-s", PULUMI_CONFIG_PASSPHRASE: "pass-s" },
    production: { PULUMI_ACCESS_TOKEN: "token-p", PULUMI_CONFIG_PASSPHRASE: "pass-p" },
  },
  vars: { PULUMI_BACKEND_URL: "file:///state" },
};

describe("gitops: the workflows' pulumi commands", () => {
  it("reads the preview, deploy, drift and recover commands for a stack", () => {
    const preview = workflowStep("preview.yml", "preview", "staging", context).command;
    assert.deepEqual(preview.slice(0, 4), ["pulumi", "preview", "--stack", "staging"]);
    assert.ok(preview.includes("--diff"));
    assert.equal(
      preview[preview.indexOf("--policy-pack-config") + 1],
      "policy-config/staging.json",
    );

    const up = workflowStep("deploy.yml", "up", "production", context).command;
    assert.deepEqual(up.slice(0, 4), ["pulumi", "up", "--stack", "production"]);
    assert.ok(up.includes("--refresh") && up.includes("--yes"));

    const drift = workflowStep("drift.yml", "drift", "production", context).command;
    assert.deepEqual(drift.slice(0, 4), ["pulumi", "refresh", "--stack", "production"]);
    assert.ok(drift.includes("--preview-only") && drift.includes("--expect-no-changes"));

    assert.deepEqual(workflowStep("recover.yml", "recover", "production", context).command, [
      "npx",
      "pulumi-99digital",
      "recover",
      "--stack",
      "production",
    ]);
  });

  it("gives each step the secrets of its own stack's environment", () => {
    for (const [workflow, stepId, stack] of [
      ["preview.yml", "preview", "staging"],
      ["deploy.yml", "up", "staging"],
      ["deploy.yml", "preview", "production"],
      ["deploy.yml", "up", "production"],
      ["drift.yml", "drift", "staging"],
      ["drift.yml", "drift", "production"],
      ["recover.yml", "recover", "staging"],
      ["recover.yml", "recover", "production"],
    ]) {
      const { env } = workflowStep(workflow, stepId, stack, context);
      assert.deepEqual(
        env,
        {
          STACK: stack,
          PULUMI_BACKEND_URL: "file:///state",
          ...context.secrets[stack],
        },
        `${workflow} ${stepId} ${stack}`,
      );
    }
  });

  it("has no pull-request step for production", () => {
    assert.throws(
      () => workflowStep("preview.yml", "preview", "production", context),
      /0 jobs run step preview in environment production/,
    );
  });

  it("stops at the output redirection and expands only known variables", () => {
    assert.deepEqual(splitCommand('pulumi up --stack "$STACK" 2>&1 | tee "$X"', { STACK: "s" }), [
      "pulumi",
      "up",
      "--stack",
      "s",
    ]);
    assert.throws(() => splitCommand("pulumi up --stack $OTHER", { STACK: "s" }), /\$OTHER/);
  });

  it("refuses a step id the workflow does not have", () => {
    assert.throws(() => workflowStep("deploy.yml", "nope", "staging", context), /found 0/);
  });
});
