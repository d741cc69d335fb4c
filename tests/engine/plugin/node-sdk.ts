// The Node.js SDK generated from schema.json (scripts/sdkgen.sh), compiled with the repository's
// TypeScript, as a package folder a program can link into its node_modules.
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot, run } from "../cli";
import { generateSdks } from "./plugin-project";

/** The compiled package folder, or why it cannot be made here. */
export async function prepareNodeSdk(work: string): Promise<{ dir: string } | { skipped: string }> {
  const sdk = await generateSdks(path.join(work, "node-sdk"), ["nodejs"]);
  if ("skipped" in sdk) return sdk;
  const source = path.join(sdk.dir, "nodejs");
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
