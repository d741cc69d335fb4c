// The GitOps kit's workflows pass actionlint (syntax, expressions, job and
// step references, shell scripts when shellcheck is installed). actionlint is
// installed once per machine by scripts/actionlint.sh; without a Go toolchain
// the suite says so loudly and skips (which fails the run in CI, where
// .ci/run installs it first).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

const repoRoot = path.resolve(__dirname, "..", "..");
const workflowsDir = path.join(repoRoot, "examples", "gitops", ".github", "workflows");
const NO_GO = 3; // scripts/actionlint.sh's exit code when it cannot install

describe("gitops: the example workflows pass actionlint", function () {
  this.timeout(300_000);
  let actionlint: string;

  before(function () {
    const install = spawnSync("bash", [path.join(repoRoot, "scripts", "actionlint.sh")], {
      encoding: "utf8",
    });
    if (install.status === NO_GO) {
      console.log(
        "\n  !!! ACTIONLINT SKIPPED: no Go toolchain to install it with " +
          "(install Go, then run bash scripts/actionlint.sh).\n",
      );
      this.skip();
    }
    assert.equal(install.status, 0, `scripts/actionlint.sh failed:\n${install.stderr}`);
    actionlint = install.stdout.trim().split("\n").pop()!;
  });

  it("finds the four workflows", () => {
    const files = fs.readdirSync(workflowsDir).sort();
    assert.deepEqual(files, ["deploy.yml", "drift.yml", "preview.yml", "recover.yml"]);
  });

  it("reports no finding", () => {
    const files = fs.readdirSync(workflowsDir).map((f) => path.join(workflowsDir, f));
    const run = spawnSync(actionlint, ["-no-color", ...files], {
      cwd: path.join(repoRoot, "examples", "gitops"),
      encoding: "utf8",
    });
    assert.equal(run.status, 0, `actionlint findings:\n${run.stdout}${run.stderr}`);
  });

  it("would report a broken workflow (the check can fail)", () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-")), "x.yml");
    fs.writeFileSync(
      broken,
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n",
    );
    const run = spawnSync(actionlint, ["-no-color", broken], { encoding: "utf8" });
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /matrix/);
  });
});

// actionlint checks `run:` scripts only through shellcheck, which a machine
// may not have; bash itself can always say whether each one parses.
describe("gitops: every run script of the workflows and the set-up action parses", () => {
  const documents = [
    ...fs.readdirSync(workflowsDir).map((f) => path.join(workflowsDir, f)),
    path.join(workflowsDir, "..", "actions", "setup", "action.yml"),
  ];
  const scripts = documents.flatMap((file) => {
    const document = parse(fs.readFileSync(file, "utf8")) as {
      jobs?: Record<string, { steps?: { run?: string }[] }>;
      runs?: { steps?: { run?: string }[] };
    };
    const steps = [
      ...Object.values(document.jobs ?? {}).flatMap((job) => job.steps ?? []),
      ...(document.runs?.steps ?? []),
    ];
    return steps.flatMap((step, i) =>
      step.run === undefined
        ? []
        : [{ where: `${path.basename(file)} step ${i}`, script: step.run }],
    );
  });

  it("finds the scripts", () => assert.ok(scripts.length >= 10, `${scripts.length}`));

  it("bash -n accepts each (and refuses a broken one)", () => {
    const refused = (script: string) =>
      spawnSync("bash", ["-n"], { input: script, encoding: "utf8" }).status !== 0;
    assert.deepEqual(
      scripts.filter(({ script }) => refused(script)).map(({ where }) => where),
      [],
    );
    assert.ok(refused(`echo "\${x:-it's}"`), "an apostrophe inside ${x:-...} opens a quote");
  });
});
