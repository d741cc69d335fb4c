// The workflow command reader that the engine suite's pipeline replay relies on.
import assert from "node:assert/strict";
import { splitCommand, workflowCommand } from "./workflow-commands";

describe("gitops: the workflows' pulumi commands", () => {
  it("reads the preview, deploy and drift commands for a stack", () => {
    const preview = workflowCommand("preview.yml", "preview", "staging");
    assert.deepEqual(preview.slice(0, 3), ["preview", "--stack", "staging"]);
    assert.ok(preview.includes("--diff"));
    assert.deepEqual(
      preview.slice(preview.indexOf("--policy-pack-config"))[1],
      "policy-config/staging.json",
    );

    const up = workflowCommand("deploy.yml", "up", "production");
    assert.deepEqual(up.slice(0, 3), ["up", "--stack", "production"]);
    assert.ok(up.includes("--refresh") && up.includes("--yes"));

    const drift = workflowCommand("drift.yml", "drift", "production");
    assert.deepEqual(drift.slice(0, 3), ["refresh", "--stack", "production"]);
    assert.ok(drift.includes("--preview-only") && drift.includes("--expect-no-changes"));
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
    assert.throws(() => workflowCommand("deploy.yml", "nope", "staging"), /found 0/);
  });
});
