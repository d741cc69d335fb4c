// The SDKs generated from schema.json compile: scripts/sdkgen.sh writes them, and
// scripts/sdk-check.sh builds each one whose toolchain is here (Python, Node.js, Go), saying
// "SKIPPED <language>" for the others. Python and Node.js also run through the engine in
// languages.test.ts and migration.test.ts.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot, run } from "../cli";
import { generateSdks } from "./plugin-project";

describe("engine: the SDKs generated from the package schema (level 5)", function () {
  this.timeout(600_000);
  let work: string;

  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-sdks-"));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("are written for Python, Node.js and Go, and compile", async function () {
    const generated = await generateSdks(path.join(work, "sdk"), ["python", "nodejs", "go"]);
    if ("skipped" in generated) {
      console.log(`\n  !!! SDK TEST SKIPPED: ${generated.skipped}\n`);
      return this.skip();
    }
    const sdk = generated.dir;
    const env = { ...process.env };
    for (const language of ["python", "nodejs", "go"]) {
      assert.ok(fs.existsSync(path.join(sdk, language)), `an SDK for ${language}`);
    }

    const checked = await run("bash", [path.join(repoRoot, "scripts", "sdk-check.sh"), sdk], {
      cwd: repoRoot,
      env,
    });
    const lines = checked.output.split("\n");
    for (const line of lines.filter((l) => l.startsWith("SKIPPED")))
      console.log(`\n  !!! ${line}\n`);
    assert.equal(checked.code, 0, checked.output);
    // Compiled, not skipped, where the toolchain is certainly here: Node.js runs this test, Go
    // built the generator, and Python 3 made the virtualenv of the plugin tests (.ci/run too).
    for (const language of ["nodejs", "go", "python"]) {
      assert.ok(
        lines.some((l) => l.startsWith(`OK ${language}`)),
        checked.output,
      );
    }
  });
});
