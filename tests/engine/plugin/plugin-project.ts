// A project that uses the provider plugin (not the dynamic resources): the plugin tarball that
// `npm run plugin` writes, installed into the test's own Pulumi home with `pulumi plugin
// install`, and a program folder in the language under test, driven by the real CLI.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { engineEnvironment, repoRoot, run, type CliResult } from "../cli";
import { findPulumi } from "../workspace";

export const PLUGIN_VERSION = (
  JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }
).version;

/** The plugin tarball, packed once per test process from the dist/ the test command built. */
let tarball: string | undefined;
export function pluginTarball(): string {
  if (!tarball) {
    const out = execFileSync(
      process.execPath,
      [path.join(repoRoot, "scripts", "plugin", "pack.js"), "--no-build"],
      { cwd: repoRoot, encoding: "utf8" },
    );
    tarball = path.join(repoRoot, out.trim().split("\n").pop()!);
  }
  return tarball;
}

/** Whether the engine's bin folder has a language host for `runtime` (yaml, python). */
export function hasLanguageHost(runtime: string): boolean {
  const dir = findPulumi();
  return dir !== undefined && fs.existsSync(path.join(dir, `pulumi-language-${runtime}`));
}

export class PluginProject {
  private constructor(
    readonly dir: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * A project in `work/<name>` with the plugin installed; undefined (after a loud line) when
   * there is no engine. `extraPath` goes first on PATH (a Python program's virtualenv).
   */
  static async create(
    work: string,
    name: string,
    suite: string,
    extraPath: string[] = [],
  ): Promise<PluginProject | undefined> {
    const base = engineEnvironment(work, suite);
    if (!base) return undefined;
    const env: NodeJS.ProcessEnv = {
      ...base,
      // The plugin's launcher runs on the node on PATH: the one running these tests (22+).
      PATH: [...extraPath, path.dirname(process.execPath), base.PATH].join(path.delimiter),
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    const project = new PluginProject(dir, env);
    await project.must(
      "plugin",
      "install",
      "resource",
      "digital99",
      PLUGIN_VERSION,
      "-f",
      pluginTarball(),
    );
    return project;
  }

  write(file: string, text: string): void {
    fs.writeFileSync(path.join(this.dir, file), text);
  }

  pulumi(...args: string[]): Promise<CliResult> {
    return run("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: this.env });
  }

  /** Runs pulumi and fails with its whole output when it fails. */
  async must(...args: string[]): Promise<string> {
    const result = await this.pulumi(...args);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} failed (${result.code}):\n${result.output}`);
    }
    return result.output;
  }

  async initStack(stack: string, config: Record<string, string>, secrets: Record<string, string>) {
    await this.must("stack", "init", stack);
    for (const [key, value] of Object.entries(config)) await this.must("config", "set", key, value);
    for (const [key, value] of Object.entries(secrets)) {
      await this.must("config", "set", "--secret", key, value);
    }
  }

  /** The stack's state as the engine stores it (secrets encrypted). */
  async state(): Promise<string> {
    return this.must("stack", "export");
  }
}

/**
 * Writes the SDKs for `languages` from the committed schema into `out` (scripts/sdkgen.sh), or
 * says why it cannot here.
 */
export async function generateSdks(
  out: string,
  languages: readonly string[],
): Promise<{ dir: string } | { skipped: string }> {
  const generated = await run(
    "bash",
    [
      path.join(repoRoot, "scripts", "sdkgen.sh"),
      "--schema",
      path.join(repoRoot, "provider", "plugin", "schema.json"),
      "--out",
      out,
      "--language",
      languages.join(","),
    ],
    { cwd: repoRoot, env: process.env },
  );
  if (generated.code === 3) return { skipped: "no Go toolchain to build the SDK generator" };
  if (generated.code !== 0) throw new Error(`scripts/sdkgen.sh failed:\n${generated.output}`);
  return { dir: out };
}
