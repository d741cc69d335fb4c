// In CI a test that did not run fails the run. Mocha runs a tiny spec with
// the repository's own settings (.mocharc.js, which scripts/test.js and so
// `npm test` and .ci/run use), once as CI does and once as a laptop does.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const mochaBin = path.join(repoRoot, "node_modules", "mocha", "bin", "mocha.js");

const specs = {
  "skipped in a hook": `describe("needs a tool", function () {
  before(function () { this.skip(); });
  it("uses it", () => {});
});`,
  "skipped in a test": `it("needs a tool", function () { this.skip(); });`,
  "it.skip": `it.skip("later", () => {});`,
  ".only": `it.only("this one", () => {});\nit("the others", () => {});`,
};

function runMocha(spec: string, ci: string | undefined): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ci-strictness-"));
  try {
    const file = path.join(dir, "fixture.test.js");
    fs.writeFileSync(file, spec);
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CI;
    if (ci !== undefined) env.CI = ci;
    const run = spawnSync(process.execPath, [mochaBin, file], {
      cwd: repoRoot, // where mocha finds .mocharc.js
      env,
      encoding: "utf8",
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the test command in CI", function () {
  this.timeout(60_000);

  for (const [what, spec] of Object.entries(specs)) {
    it(`fails the run on a test ${what} when CI=true`, () => {
      const run = runMocha(spec, "true");
      assert.notEqual(run.status, 0, run.output);
      assert.match(run.output, what === ".only" ? /`\.only` forbidden/ : /Pending test forbidden/);
    });
  }

  it("lets a test skip, loudly counted as pending, outside CI (CI unset or false)", () => {
    for (const ci of [undefined, "false"]) {
      const run = runMocha(specs["skipped in a hook"], ci);
      assert.equal(run.status, 0, run.output);
      assert.match(run.output, /1 pending/);
    }
  });
});
