// Level 5: the package as people get it. `npm pack`, install the tarball
// into a fresh TypeScript Pulumi project outside the repository (laid out as
// `pulumi new typescript` lays one out: strict, no skipLibCheck, no
// esModuleInterop), type-check it with the project's own tsc, then
// `pulumi up` against the simulator with credentials from config keys.
// Skipped, loudly, only when no `pulumi` binary can be found.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../../simulator";
import { engineEnvironment, repoRoot, run } from "./cli";

const clientSecret = "install-Client-Secret-2b9e";
const adminPassword = "Install!Admin-Pass1";

/** The project files `pulumi new typescript` writes, with a program using the package. */
function writeProject(dir: string, versions: Record<string, string>): void {
  fs.mkdirSync(dir, { recursive: true });
  const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
  write(
    "Pulumi.yaml",
    "name: fresh-project\ndescription: A fresh TypeScript project\nruntime:\n  name: nodejs\n",
  );
  write(
    "package.json",
    JSON.stringify(
      {
        name: "fresh-project",
        main: "index.ts",
        devDependencies: {
          "@types/node": versions["@types/node"],
          typescript: versions.typescript,
        },
        dependencies: { "@pulumi/pulumi": versions["@pulumi/pulumi"] },
      },
      null,
      4,
    ),
  );
  write(
    "tsconfig.json",
    JSON.stringify(
      {
        compilerOptions: {
          strict: true,
          outDir: "bin",
          target: "es2020",
          module: "commonjs",
          moduleResolution: "node",
          sourceMap: true,
          experimentalDecorators: true,
          pretty: true,
          noFallthroughCasesInSwitch: true,
          noImplicitReturns: true,
          forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts", "sim.ts"],
      },
      null,
      4,
    ),
  );
  write(
    "index.ts",
    [
      'import * as pulumi from "@pulumi/pulumi";',
      'import * as digital99 from "pulumi-99digital";',
      "",
      "const config = new pulumi.Config();",
      "const args: digital99.OnlineAccountArgs = {",
      '    accountName: "First Customer",',
      "    agents: 3,",
      "    inboxes: 1,",
      '    adminEmail: "owner@first.example",',
      '    adminName: "Fay First",',
      '    adminDisplayName: "Fay",',
      '    adminPassword: config.requireSecret("adminPassword"),',
      "};",
      'const account = new digital99.OnlineAccount("first", args);',
      "export const accountId = account.accountId;",
      "export const url = account.url;",
      "",
    ].join("\n"),
  );
  // A user's own test against the simulator, as docs/simulator.md shows it.
  write(
    "sim.ts",
    'import { startSimulator } from "pulumi-99digital/simulator";\nexport const start = startSimulator;\n',
  );
}

const installedVersion = (name: string): string =>
  (
    JSON.parse(
      fs.readFileSync(path.join(repoRoot, "node_modules", name, "package.json"), "utf8"),
    ) as {
      version: string;
    }
  ).version;

describe("engine: the packed package in a fresh TypeScript project (level 5)", function () {
  this.timeout(600_000);
  let work: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let sim: Simulator;
  let tarball: string;

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-install-"));
    const engineEnv = engineEnvironment(work, "PACKAGE INSTALL SUITE");
    if (!engineEnv) this.skip();
    env = engineEnv;
    assert.ok(fs.existsSync(path.join(repoRoot, "dist", "provider", "index.js")), "build first");

    const pack = await run(
      "npm",
      ["pack", "--ignore-scripts", "--json", "--pack-destination", work],
      { cwd: repoRoot, env },
    );
    assert.equal(pack.code, 0, pack.output);
    const [{ filename }] = JSON.parse(pack.output.slice(pack.output.indexOf("["))) as [
      { filename: string },
    ];
    tarball = path.join(work, filename);

    project = path.join(work, "project");
    writeProject(project, {
      "@pulumi/pulumi": installedVersion("@pulumi/pulumi"),
      typescript: installedVersion("typescript"),
      "@types/node": installedVersion("@types/node"),
    });
    // The registry's packages, from the npm cache when they are there.
    const install = await run(
      "npm",
      ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball],
      { cwd: project, env },
    );
    assert.equal(install.code, 0, install.output);

    sim = await startSimulator({ port: 0, clientId: "install-client", clientSecret });
  });

  after(async () => {
    await sim?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("the tarball holds the build, docs and license, and no sources or tests", async () => {
    const list = await run("tar", ["-tzf", tarball], { cwd: work, env });
    const files = list.output.split("\n").filter(Boolean);
    for (const wanted of [
      "package/LICENSE",
      "package/README.md",
      "package/dist/provider/index.js",
      "package/dist/provider/index.d.ts",
      "package/dist/provider/host.js",
      "package/dist/simulator/cli.js",
    ]) {
      assert.ok(files.includes(wanted), `${wanted} missing from the tarball`);
    }
    assert.deepEqual(
      files.filter((f) => /^package\/(tests|provider|simulator|policy|examples)\//.test(f)),
      [],
    );
    assert.ok(
      !fs.existsSync(path.join(project, "node_modules", "@pulumi", "policy")),
      "@pulumi/policy installed for users",
    );
  });

  it("tsc --noEmit passes with the project's strict tsconfig", async () => {
    const tsc = await run(
      process.execPath,
      [
        path.join(project, "node_modules", "typescript", "bin", "tsc"),
        "--noEmit",
        "--pretty",
        "false",
      ],
      { cwd: project, env },
    );
    assert.equal(tsc.code, 0, `tsc failed:\n${tsc.output}`);
  });

  it("pulumi up creates the account with credentials from config keys", async () => {
    const pulumi = (args: string[]) => run("pulumi", args, { cwd: project, env });
    for (const args of [
      ["stack", "init", "dev", "--non-interactive"],
      ["config", "set", "digital99:apiUrl", sim.url],
      ["config", "set", "digital99:clientId", "install-client"],
      ["config", "set", "--secret", "digital99:clientSecret", clientSecret],
      ["config", "set", "--secret", "adminPassword", adminPassword],
    ]) {
      const result = await pulumi(args);
      assert.equal(result.code, 0, result.output);
    }
    const up = await pulumi(["up", "--yes", "--non-interactive"]);
    assert.equal(up.code, 0, up.output);
    assert.ok(!up.output.includes(clientSecret) && !up.output.includes(adminPassword));
    const [account] = sim.accounts();
    assert.equal(account?.accountName, "First Customer");
    const outputs = await pulumi(["stack", "output", "accountId"]);
    assert.equal(outputs.output.trim(), String(account.accountId));
  });
});
