// How adopt writes its files: through a temporary file that nobody else can have prepared.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeAtomically } from "../../../provider/cli/output-file";

describe("adopt's output file", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "output-file-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is not redirected by a symlink planted under a predictable temporary name", async () => {
    const victim = path.join(dir, "victim");
    fs.writeFileSync(victim, "someone else's file\n");
    const out = path.join(dir, "accounts.ts");
    // The names a temporary file beside accounts.ts could have if it were derived from the
    // process: its id, and its id's neighbours.
    const planted = [-1, 0, 1].map((d) => path.join(dir, `.accounts.ts.${process.pid + d}.tmp`));
    for (const link of planted) fs.symlinkSync(victim, link);

    await writeAtomically(out, "// the module\n");

    assert.equal(fs.readFileSync(victim, "utf8"), "someone else's file\n");
    assert.equal(fs.readFileSync(out, "utf8"), "// the module\n");
    assert.equal(fs.lstatSync(out).isSymbolicLink(), false);
    assert.deepEqual(
      fs.readdirSync(dir).sort(),
      ["accounts.ts", "victim", ...planted.map((p) => path.basename(p))].sort(),
      "no temporary file is left behind",
    );
  });

  it("is readable by its owner only, also when it replaces a file", async () => {
    const out = path.join(dir, "accounts.ts");
    await writeAtomically(out, "first\n");
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
    fs.chmodSync(out, 0o644);
    await writeAtomically(out, "second\n");
    assert.equal(fs.readFileSync(out, "utf8"), "second\n");
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
  });

  it("leaves nothing behind and the old file whole when the write cannot finish", async () => {
    const out = path.join(dir, "accounts.ts");
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, "inside"), "kept\n");
    await assert.rejects(writeAtomically(out, "new\n"));
    assert.deepEqual(fs.readdirSync(dir), ["accounts.ts"]);
    assert.equal(fs.readFileSync(path.join(out, "inside"), "utf8"), "kept\n");
  });
});
