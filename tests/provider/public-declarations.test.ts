// The package's public declarations must type-check in any TypeScript project, strict and
// without esModuleInterop or skipLibCheck (as `pulumi new typescript` lays one out). zod's own
// declarations do not, so no declaration file a user's compiler reaches may import zod.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const dist = path.resolve(__dirname, "..", "..", "dist");

/** Every declaration file reachable from `entry` by relative imports, with its bare imports. */
function reachable(entry: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const visit = (file: string) => {
    if (found.has(file)) return;
    const text = fs.readFileSync(file, "utf8");
    const bare: string[] = [];
    found.set(file, bare);
    for (const [, spec] of text.matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"/g)) {
      if (!spec.startsWith(".")) {
        bare.push(spec);
        continue;
      }
      const base = path.resolve(path.dirname(file), spec);
      const next = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((f) => fs.existsSync(f));
      assert.ok(next, `${file} imports ${spec}, which has no declaration file`);
      visit(next);
    }
  };
  visit(entry);
  return found;
}

describe("public declarations", () => {
  for (const entry of ["provider/index.d.ts", "simulator/index.d.ts"]) {
    it(`dist/${entry} reaches no declaration that imports zod`, () => {
      const files = reachable(path.join(dist, entry));
      assert.ok(files.size > 3, "the walk found the package's declarations");
      const offenders = [...files]
        .filter(([, bare]) => bare.some((spec) => spec === "zod" || spec.startsWith("zod/")))
        .map(([file]) => path.relative(dist, file));
      assert.deepEqual(offenders, []);
    });
  }
});
