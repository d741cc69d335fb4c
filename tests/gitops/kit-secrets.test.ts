// What the GitOps kit's workflows expose, read from the files themselves: a
// secret reaches only the steps that run pulumi, through their own `env`; a
// job a pull request starts never runs in production's environment; every
// action is pinned by commit; checkout keeps no token and installs run no
// install scripts. Each check is also run on a workflow that breaks it, so
// none of them can pass by finding nothing.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../engine/workspace";
import {
  gitopsDir,
  jobEnvironments,
  readWorkflow,
  runsPulumi,
  workflowFiles,
  type Workflow,
} from "./workflow-commands";

const PRODUCTION = "production";
const githubDir = path.join(gitopsDir, ".github");

/** Every workflow and local action file of the kit, by its path under .github. */
function kitFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) {
        files.set(path.relative(githubDir, full), fs.readFileSync(full, "utf8"));
      }
    }
  };
  walk(githubDir);
  return files;
}

/** Every string in a parsed YAML document, with where it is. */
function* strings(value: unknown, at: (string | number)[] = []): Generator<[string, string[]]> {
  if (typeof value === "string") yield [value, at.map(String)];
  else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* strings(item, [...at, i]);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) yield* strings(item, [...at, key]);
  }
}

const readsSecret = (text: string) => /\$\{\{[^}]*\bsecrets\b/.test(text);

/**
 * Where `document` reads a secret other than through the `env` of a step
 * that runs pulumi: a workflow's or job's `env` (every step sees it), an
 * action's `with`, a script's text, a local action (which has no secrets).
 */
function secretExposures(document: unknown): string[] {
  const workflow = document as Workflow;
  return [...strings(document)]
    .filter(([text]) => readsSecret(text))
    .map(([, at]) => at)
    .filter((at) => {
      const [jobs, job, steps, index, env] = at;
      if (jobs !== "jobs" || steps !== "steps" || env !== "env" || at.length !== 6) return true;
      return !runsPulumi(workflow.jobs[job].steps![Number(index)]);
    })
    .map((at) => at.join("."));
}

const triggers = (workflow: Workflow): string[] =>
  typeof workflow.on === "string"
    ? [workflow.on]
    : Array.isArray(workflow.on)
      ? (workflow.on as string[])
      : Object.keys(workflow.on);

/**
 * Jobs that could read production's secrets although a pull request starts
 * them, or that read secrets without naming an environment (so they would
 * need repository secrets, which every job, pull requests' too, can read).
 */
function pullRequestReach(workflow: Workflow): string[] {
  const fromPullRequests = triggers(workflow).some((t) => t.startsWith("pull_request"));
  const findings: string[] = [];
  if (triggers(workflow).includes("pull_request_target")) {
    findings.push("pull_request_target runs with the base repository's secrets");
  }
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const environments = jobEnvironments(workflow, job);
    if (fromPullRequests && environments.includes(PRODUCTION)) {
      findings.push(`${name}: a pull request starts it in the ${PRODUCTION} environment`);
    }
    if (environments.length === 0 && [...strings(job)].some(([text]) => readsSecret(text))) {
      findings.push(`${name}: reads a secret but names no environment`);
    }
  }
  return findings;
}

const USES = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(.*)$/;
const PINNED = /^([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@([0-9a-f]{40})$/;

/** `uses:` lines not pinned by a full commit SHA with a `# v<version>` comment. */
function unpinnedActions(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => USES.test(line))
    .filter((line) => {
      const [, ref, comment] = USES.exec(line)!;
      if (ref.startsWith("./")) return false;
      return !PINNED.test(ref) || !/^#\s*v\d+(\.\d+)*\s*$/.test(comment);
    })
    .map((line) => line.trim());
}

/** Each action with the pins it is used at, across `texts`. */
function pinsByAction(texts: string[]): Map<string, Set<string>> {
  const pins = new Map<string, Set<string>>();
  for (const line of texts.flatMap((text) => text.split("\n"))) {
    const ref = USES.exec(line)?.[1];
    const pinned = ref ? PINNED.exec(ref) : null;
    if (pinned) pins.set(pinned[1], (pins.get(pinned[1]) ?? new Set()).add(ref!));
  }
  return pins;
}

interface AnyStep {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
/** Every step of a workflow's jobs or of a composite action. */
function stepsOf(document: unknown): AnyStep[] {
  const d = document as {
    jobs?: Record<string, { steps?: AnyStep[] }>;
    runs?: { steps?: AnyStep[] };
  };
  return [
    ...Object.values(d.jobs ?? {}).flatMap((job) => job.steps ?? []),
    ...(d.runs?.steps ?? []),
  ];
}

/** Install and set-up steps that would run code nobody pinned or leave a token behind. */
function setupFindings(document: unknown): string[] {
  const findings: string[] = [];
  for (const step of stepsOf(document)) {
    const action = step.uses?.split("@")[0];
    if (action === "actions/checkout" && step.with?.["persist-credentials"] !== false) {
      findings.push("actions/checkout without persist-credentials: false");
    }
    if (
      action === "pulumi/actions" &&
      !/^\d+\.\d+\.\d+$/.test(String(step.with?.["pulumi-version"]))
    ) {
      findings.push("pulumi/actions without an exact pulumi-version");
    }
    for (const line of (step.run ?? "").split("\n").map((l) => l.trim())) {
      if (/^npm (install|i)\b/.test(line)) findings.push(`${line}: no lockfile (use npm ci)`);
      if (/^npm ci\b/.test(line) && !line.includes("--ignore-scripts")) {
        findings.push(`${line}: runs install scripts`);
      }
    }
  }
  return findings;
}

// The shape the kit had before (one job previews production on pull requests
// with repository secrets in the job's env, actions pinned by tag), a step
// that installs before it runs pulumi, and an action given a secret.
const leakyWorkflow = `
on: pull_request
jobs:
  preview:
    strategy:
      matrix:
        stack: [staging, production]
    env:
      PULUMI_CONFIG_PASSPHRASE: \${{ secrets.PULUMI_CONFIG_PASSPHRASE }}
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm install --prefix policy
      - uses: pulumi/actions@v7
      - id: preview
        run: pulumi preview --stack "$STACK"
      - env:
          PULUMI_CONFIG_PASSPHRASE: \${{ secrets.PULUMI_CONFIG_PASSPHRASE }}
        run: |
          npm ci
          pulumi up --stack "$STACK"
      - env:
          GH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
        run: bash comment.sh
  production:
    environment: \${{ matrix.stack }}
    strategy:
      matrix:
        stack: [production]
    steps:
      - uses: pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d
        with:
          command: preview
          pulumi-version: latest
        env:
          PULUMI_CONFIG_PASSPHRASE: \${{ secrets.PULUMI_CONFIG_PASSPHRASE }}
`;

describe("gitops: the kit cannot leak production", () => {
  const files = kitFiles();

  it("reads every workflow and the set-up action", () => {
    for (const file of workflowFiles()) assert.ok(files.has(path.join("workflows", file)), file);
    assert.ok(files.has(path.join("actions", "setup", "action.yml")));
  });

  it("a secret reaches only the env of a step that runs pulumi", () => {
    const exposures = [...files].flatMap(([file, text]) =>
      secretExposures(parse(text)).map((at) => `${file}: ${at}`),
    );
    assert.deepEqual(exposures, []);
  });

  it("no job a pull request starts can read production's secrets", () => {
    const findings = workflowFiles().flatMap((file) =>
      pullRequestReach(readWorkflow(file)).map((f) => `${file}: ${f}`),
    );
    assert.deepEqual(findings, []);
    // Production's secrets are read, by jobs pull requests do not start.
    const production = workflowFiles().filter((file) => {
      const workflow = readWorkflow(file);
      return Object.values(workflow.jobs).some((job) =>
        jobEnvironments(workflow, job).includes(PRODUCTION),
      );
    });
    assert.deepEqual(production.sort(), ["deploy.yml", "drift.yml", "recover.yml"]);
  });

  it("every action is pinned by a full commit SHA with its version, one pin per action", () => {
    const unpinned = [...files].flatMap(([file, text]) =>
      unpinnedActions(text).map((l) => `${file}: ${l}`),
    );
    assert.deepEqual(unpinned, []);
    const pins = pinsByAction([...files.values()]);
    assert.deepEqual([...pins.keys()].sort(), [
      "actions/checkout",
      "actions/setup-node",
      "pulumi/actions",
    ]);
    for (const [action, refs] of pins)
      assert.equal(refs.size, 1, `${action}: ${[...refs].join(", ")}`);
  });

  it("checkout keeps no token; the CLI version is pinned; installs use lockfiles without install scripts", () => {
    const findings = [...files].flatMap(([file, text]) =>
      setupFindings(parse(text)).map((f) => `${file}: ${f}`),
    );
    assert.deepEqual(findings, []);
    // `npm ci --prefix policy` needs the pack's lockfile, which the kit copies with the pack.
    assert.ok(fs.existsSync(path.join(repoRoot, "policy", "package-lock.json")));
  });

  it("each check finds what the kit used to do", () => {
    const leaky = parse(leakyWorkflow) as Workflow;
    assert.deepEqual(secretExposures(leaky), [
      "jobs.preview.env.PULUMI_CONFIG_PASSPHRASE",
      "jobs.preview.steps.5.env.PULUMI_CONFIG_PASSPHRASE",
      "jobs.preview.steps.6.env.GH_TOKEN",
      "jobs.production.steps.0.env.PULUMI_CONFIG_PASSPHRASE",
    ]);
    assert.deepEqual(pullRequestReach(leaky), [
      "preview: reads a secret but names no environment",
      "production: a pull request starts it in the production environment",
    ]);
    assert.deepEqual(unpinnedActions(leakyWorkflow), [
      "- uses: actions/checkout@v4",
      "- uses: pulumi/actions@v7",
      // Pinned, but without the version it stands for.
      "- uses: pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d",
    ]);
    assert.deepEqual(setupFindings(leaky), [
      "actions/checkout without persist-credentials: false",
      "npm ci: runs install scripts",
      "npm install --prefix policy: no lockfile (use npm ci)",
      "pulumi/actions without an exact pulumi-version",
      "npm ci: runs install scripts",
      "pulumi/actions without an exact pulumi-version",
    ]);
  });
});
