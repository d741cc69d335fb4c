// The module adopt writes type-checks as a program's `import "./accounts";`: strict TypeScript,
// against the package's published declarations (dist/).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startSimulator, type Simulator } from "../../../simulator";
import { cli, declared, declaredEstate, seed, seedMore } from "./helpers";

const repoRoot = path.resolve(__dirname, "..", "..", "..");
const tsc = require.resolve("typescript/bin/tsc");
/** The package's types as published: dist/ (scripts/test.js builds it first). */
const packageTypes = path.join(repoRoot, "dist", "provider", "index.d.ts");

/** A program folder whose only code is `import "./accounts";`, checked with tsc --noEmit. */
function typeCheck(dir: string, accounts: string, packageEntry: string) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "accounts.ts"), accounts);
  fs.writeFileSync(path.join(dir, "index.ts"), 'import "./accounts";\n');
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "commonjs",
        moduleResolution: "node",
        esModuleInterop: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(repoRoot, "node_modules", "@types")],
        baseUrl: ".",
        paths: { "pulumi-99digital": [packageEntry] },
      },
      files: ["index.ts"],
    }),
  );
  const run = spawnSync(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json")], {
    encoding: "utf8",
  });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("level 2: the module adopt writes type-checks", function () {
  this.timeout(180_000);
  let sim: Simulator;
  let tmp: string;
  let module: string;
  /** The module with builders and inboxes too. */
  let estateModule: string;

  before(async () => {
    sim = await startSimulator({ port: 0, servers: ["online", "eu1"] });
    await seed(sim, [
      { accountName: "Acme Inc", reference: "crm1" },
      { accountName: "Acme Inc", server: "eu1" },
      { accountName: 'שלום עולם בע"מ', status: "suspended" },
      { accountName: "class" },
      { accountName: "24/7 Shop" },
      { accountName: 'Quote " and \\ backslash' },
    ]);
    const run = await cli(["adopt", "--quiet"], {
      DIGITAL99_API_URL: sim.url,
      DIGITAL99_CLIENT_ID: sim.clientId,
      DIGITAL99_CLIENT_SECRET: sim.clientSecret,
    });
    assert.equal(run.code, 0, run.stderr);
    module = run.stdout;
    assert.equal(declared(module).length, 6);

    const acme = sim.accounts().find((a) => a.accountName === "Acme Inc" && a.server === "online")!;
    const acmeRef = { server: acme.server, accountId: String(acme.accountId) };
    const { inboxIds } = await seedMore(
      sim,
      ["Acme Inc", "class"],
      [{ ...acmeRef, inboxName: "Support", whatsappNumber: "972501234567" }],
    );
    const numbers = path.join(os.tmpdir(), `adopt-numbers-${process.pid}.json`);
    fs.writeFileSync(numbers, JSON.stringify({ [inboxIds[0]]: "972501234567" }));
    try {
      const all = await cli(
        [
          "adopt",
          "--quiet",
          "--include",
          "accounts,builders,inboxes",
          "--whatsapp-numbers",
          numbers,
        ],
        {
          DIGITAL99_API_URL: sim.url,
          DIGITAL99_CLIENT_ID: sim.clientId,
          DIGITAL99_CLIENT_SECRET: sim.clientSecret,
        },
      );
      assert.equal(all.code, 0, all.stderr);
      estateModule = all.stdout;
    } finally {
      fs.rmSync(numbers, { force: true });
    }
    assert.deepEqual(
      declaredEstate(estateModule).map((r) => r.kind),
      [...Array(6).fill("OnlineAccount"), "Builder", "Builder", "WhatsAppInbox"],
    );
    assert.ok(fs.existsSync(packageTypes), `${packageTypes} is missing: run npm run build`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-tsc-"));
    // As in a user's project: the program's dependencies resolve from its node_modules.
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(tmp, "node_modules"), "dir");
  });
  after(async () => {
    await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("compiles against the package's published OnlineAccount, and a wrong status would not", () => {
    const good = typeCheck(path.join(tmp, "good"), module, packageTypes);
    assert.equal(good.code, 0, good.output);
    const broken = module.replace('status: "suspended"', 'status: "closed"');
    assert.notEqual(broken, module);
    const bad = typeCheck(path.join(tmp, "bad"), broken, packageTypes);
    assert.notEqual(bad.code, 0);
    assert.match(bad.output, /accounts\.ts.*"closed"/);
  });

  it("with builders and inboxes, compiles against the published Builder and WhatsAppInbox, and an inbox without its number would not", () => {
    const good = typeCheck(path.join(tmp, "estate-good"), estateModule, packageTypes);
    assert.equal(good.code, 0, good.output);
    const broken = estateModule.replace(/ *whatsappNumber: .*\n/, "");
    assert.notEqual(broken, estateModule);
    const bad = typeCheck(path.join(tmp, "estate-bad"), broken, packageTypes);
    assert.notEqual(bad.code, 0);
    assert.match(bad.output, /accounts\.ts[^\n]*error[\s\S]*whatsappNumber. is missing/);
  });
});
