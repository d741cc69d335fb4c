// scripts/build.js, as a person working in a clone meets it: `npx <bin>` links the package's own
// bins into npm's exec cache the first time, and every later `npm test` rebuilds dist/ under
// those links. The bins must keep working after any rebuild.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..");
const bins = Object.keys(
  (
    JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    }
  ).bin,
);

function npxHelp(bin: string) {
  // Run from the clone with its own Node first on PATH, as `npm test` and the README's commands do.
  return spawnSync("npx", ["--no-install", bin, "--help"], {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH}`,
    },
    timeout: 60_000,
  });
}

describe("scripts/build.js: the package's bins in a clone", function () {
  this.timeout(180_000);

  it("names the two commands the README documents", function () {
    assert.deepEqual([...bins].sort(), ["pulumi-99digital", "pulumi-99digital-simulator"]);
  });

  it("every bin still runs through `npx --no-install` after dist/ is rebuilt", function () {
    for (const bin of bins) {
      const first = npxHelp(bin); // links the bin into npm's exec cache, as a user's first try does
      assert.equal(first.status, 0, `${bin} --help before the rebuild:\n${first.stderr}`);
    }
    const build = spawnSync(process.execPath, [path.join(root, "scripts", "build.js")], {
      cwd: root,
      encoding: "utf8",
    });
    assert.equal(build.status, 0, `build failed:\n${build.stderr}`);
    for (const bin of bins) {
      const again = npxHelp(bin);
      assert.equal(again.status, 0, `${bin} --help after the rebuild:\n${again.stderr}`);
      assert.match(again.stdout, new RegExp(`^Usage: ${bin} `));
    }
  });
});
