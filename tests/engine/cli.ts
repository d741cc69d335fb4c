// Running the Pulumi CLI the way a pipeline does, for the engine suite's
// GitOps, policy and install tests: the real binary, a local file backend,
// and a project folder outside the repository whose node_modules links the
// repository's dependencies.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { engineForSuite, findPulumi, repoRoot } from "./workspace";

export { repoRoot };

export interface CliResult {
  code: number;
  output: string;
}

/**
 * An engine to run, with an environment that keeps it off the machine's own
 * Pulumi home and credentials. Undefined (after a loud line) when there is
 * no `pulumi` binary, so the suite skips.
 */
export function engineEnvironment(work: string, suite: string): NodeJS.ProcessEnv | undefined {
  const engineDir = engineForSuite(suite);
  if (!engineDir) return undefined;
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The provider must take its credentials from stack config.
  for (const key of Object.keys(env)) if (key.startsWith("DIGITAL99_")) delete env[key];
  fs.mkdirSync(path.join(work, "state"), { recursive: true });
  return {
    ...env,
    PATH: `${engineDir}${path.delimiter}${env.PATH ?? ""}`,
    PULUMI_HOME: path.join(work, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "gitops-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "1",
  };
}

/**
 * Runs a command without blocking this process's event loop (the simulator
 * answers the provider from here), and collects stdout and stderr together.
 */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; input?: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
    child.stdin.end(options.input ?? "");
  });
}

/** Symlinks the repository's dependencies into `dir/node_modules`; the package itself too, unless `withPackage` is false. */
export function linkDependencies(dir: string, withPackage = true): void {
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry.startsWith(".") || entry === "pulumi-99digital") continue;
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  }
  if (withPackage) fs.symlinkSync(repoRoot, path.join(modules, "pulumi-99digital"));
}

/**
 * Copies the policy pack into `dest` with its dependencies linked, and
 * returns what to give `--policy-pack` for the engine found: the folder, as
 * the workflows do; or, for a CLI that scripts/pulumi-engine.sh built with its
 * fallback Node.js language host (which cannot run policy packs), the
 * executable scripts/policy-launcher.sh writes into the folder (that script
 * says why). The pack's code is the same either way.
 */
export async function preparePolicyPack(dest: string, env: NodeJS.ProcessEnv): Promise<string> {
  fs.cpSync(path.join(repoRoot, "policy"), dest, { recursive: true });
  linkDependencies(dest, false);
  if (!hasFallbackLanguageHost(findPulumi()!)) return dest;
  const result = await run("bash", [path.join(repoRoot, "scripts", "policy-launcher.sh"), dest], {
    cwd: repoRoot,
    env,
  });
  if (result.code !== 0) throw new Error(`scripts/policy-launcher.sh failed:\n${result.output}`);
  console.log(
    "      policy pack: started through scripts/policy-launcher.sh (this engine's language host cannot)",
  );
  return result.output.trim().split("\n").pop()!;
}

/** True for an engine whose stamp says its language host is an older build than the CLI. */
function hasFallbackLanguageHost(engineDir: string): boolean {
  const stamp = path.join(engineDir, ".pulumi-engine.stamp");
  if (!fs.existsSync(stamp)) return false;
  const text = fs.readFileSync(stamp, "utf8");
  const cli = /cli=\S+@(v[\d.]+)/.exec(text)?.[1];
  const langhost = /langhost=(v[\d.]+)/.exec(text)?.[1];
  return cli !== undefined && langhost !== undefined && cli !== langhost;
}
