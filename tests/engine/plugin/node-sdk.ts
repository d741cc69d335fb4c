// The Node.js SDK generated from schema.json (scripts/sdkgen.sh), compiled with the repository's
// TypeScript, as a package folder a program can link into its node_modules.
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot, run } from "../cli";

/** The compiled package folder, or why it cannot be made here. */
export async function prepareNodeSdk(work: string): Promise<{ dir: string } | { skipped: string }> {
  const sdk = path.join(work, "node-sdk");
  const schema = path.join(repoRoot, "provider", "plugin", "schema.json");
  const generated = await run(
    "bash",
    [
      path.join(repoRoot, "scripts", "sdkgen.sh"),
      "--schema",
      schema,
      "--out",
      sdk,
      "--language",
      "nodejs",
    ],
    { cwd: repoRoot, env: process.env },
  );
  if (generated.code === 3) return { skipped: "no Go toolchain to build the SDK generator" };
  if (generated.code !== 0) throw new Error(`scripts/sdkgen.sh failed:\n${generated.output}`);
  const source = path.join(sdk, "nodejs");
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(source, "node_modules"));
  const tsc = await run(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(source, "tsconfig.json")],
    { cwd: source, env: process.env },
  );
  if (tsc.code !== 0) throw new Error(`the generated Node.js SDK does not compile:\n${tsc.output}`);
  // As published: the compiled folder is the package.
  const dir = path.join(source, "bin");
  fs.copyFileSync(path.join(source, "package.json"), path.join(dir, "package.json"));
  return { dir };
}
