// Set-up for the engine suite: a program folder outside the repository whose
// node_modules holds the repository's dependencies and a chosen release of
// pulumi-99digital, as a user's project would.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const repoRoot = path.resolve(__dirname, "..", "..");

/** The directory of a `pulumi` binary: on PATH, or the one scripts/pulumi-engine.sh caches. */
export function findPulumi(): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, "pulumi"))) return dir;
  }
  const cached = path.join(repoRoot, ".tools", "pulumi", "bin");
  return isExecutable(path.join(cached, "pulumi")) ? cached : undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Copies the e2e program into `dir` and links every dependency but the package. */
export function composeProgram(dir: string): void {
  fs.cpSync(path.join(__dirname, "program"), dir, { recursive: true });
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry === "pulumi-99digital" || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  }
}

/**
 * Installs a release of the package into the program: "current" links this
 * repository; "earlier" is a copy of its build whose implementation differs
 * (its delete refuses to run), so that a step that succeeds proves the current
 * code ran. A state written by a real earlier release is upgrade.test.ts's.
 */
export function installRelease(programDir: string, release: "current" | "earlier"): void {
  const target = path.join(programDir, "node_modules", "pulumi-99digital");
  fs.rmSync(target, { recursive: true, force: true });
  if (release === "current") {
    fs.symlinkSync(repoRoot, target);
    return;
  }
  fs.mkdirSync(target);
  fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(target, "package.json"));
  fs.cpSync(path.join(repoRoot, "dist"), path.join(target, "dist"), { recursive: true });
  const host = path.join(target, "dist", "provider", "host.js");
  fs.appendFileSync(
    host,
    [
      "",
      "// The earlier release: same stub contract, different implementation.",
      "const currentProviderFor = exports.providerFor;",
      "exports.providerFor = (kind) => {",
      "  const provider = currentProviderFor(kind);",
      "  return { ...provider, configure: (r) => provider.configure(r), check: (o, n) => provider.check(o, n),",
      "    diff: (i, o, n) => provider.diff(i, o, n), create: (n) => provider.create(n), read: (i, p) => provider.read(i, p),",
      "    update: (i, o, n) => provider.update(i, o, n),",
      '    delete: () => Promise.reject(new Error("the earlier release ran delete")) };',
      "};",
      "",
    ].join("\n"),
  );
}

/**
 * The folder of the engine a suite runs, after a line naming it; undefined after a loud line
 * saying that `suite` is skipped when there is none (CI forbids the skip: .mocharc.js).
 */
export function engineForSuite(suite: string): string | undefined {
  const engineDir = findPulumi();
  if (!engineDir) {
    console.log(
      `\n  !!! ${suite} SKIPPED: no \`pulumi\` binary on PATH or in .tools/pulumi/bin. ` +
        "Run `bash scripts/pulumi-engine.sh` to build one (CI does).\n",
    );
    return undefined;
  }
  console.log(
    `      engine: ${pulumiVersion(engineDir)} from ${path.relative(process.cwd(), engineDir) || "."}`,
  );
  return engineDir;
}

export function pulumiVersion(binDir: string): string {
  return execFileSync(path.join(binDir, "pulumi"), ["version"], { encoding: "utf8" }).trim();
}
