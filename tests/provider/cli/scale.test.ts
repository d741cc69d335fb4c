// Level 2 measurement: adopt against 2,000 accounts, run as the installed command (a separate
// node process, startup included), takes one getAccounts request and a few seconds. Seeded
// through the API on loopback, a bounded count.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startSimulator, type Simulator } from "../../../simulator";
import { declared, requestCount, seed, type SeedAccount } from "./helpers";

const ACCOUNTS = 2_000;
/** Generous for a shared CI machine; measured locally well under it. */
const BUDGET_MS = 5_000;
/** One getInboxes per account, a few in flight: also generous. */
const INBOX_BUDGET_MS = 30_000;
const repoRoot = path.resolve(__dirname, "..", "..", "..");
const bin = path.join(repoRoot, "dist", "provider", "cli", "index.js");

describe(`level 2: adopt against ${ACCOUNTS} accounts`, function () {
  this.timeout(120_000);
  let sim: Simulator;
  let tmp: string;

  before(async () => {
    assert.ok(fs.existsSync(bin), `${bin} is missing: run npm run build`);
    sim = await startSimulator({ port: 0, servers: ["online", "eu1"] });
    const words = ["Acme", "מכולת", "Café", "Shop 24/7", "Beta & Co."];
    const estate: SeedAccount[] = Array.from({ length: ACCOUNTS }, (_, i) => ({
      // Every fifth name recurs, so suffixing is exercised at scale too.
      accountName: i % 5 === 0 ? words[i % words.length] : `${words[i % words.length]} ${i}`,
      server: i % 4 === 0 ? "eu1" : "online",
      ...(i % 7 === 0 && { status: "suspended" as const }),
      ...(i % 3 === 0 && { reference: `crm${i}` }),
    }));
    await seed(sim, estate);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-scale-"));
  });
  after(async () => {
    await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("writes every account with exactly one getAccounts request, in seconds", async () => {
    const out = path.join(tmp, "accounts.ts");
    sim.resetRequestCounts();
    const started = performance.now();
    const { stderr } = await promisify(execFile)(process.execPath, [bin, "adopt", "--out", out], {
      env: {
        DIGITAL99_API_URL: sim.url,
        DIGITAL99_CLIENT_ID: sim.clientId,
        DIGITAL99_CLIENT_SECRET: sim.clientSecret,
      },
    });
    const elapsed = performance.now() - started;
    console.log(`    adopt, ${ACCOUNTS} accounts, whole process: ${Math.round(elapsed)} ms`);

    assert.equal(sim.requestCount("online/getAccounts"), 1);
    // The control route's count: the token exchange and the one read, nothing else.
    assert.equal(await requestCount(sim), 2);
    assert.equal(sim.requestCount("settings/accessToken"), 1);
    assert.match(stderr, new RegExp(`${ACCOUNTS} accounts reported`));
    assert.ok(elapsed < BUDGET_MS, `${Math.round(elapsed)} ms`);

    const resources = declared(fs.readFileSync(out, "utf8"));
    assert.equal(resources.length, ACCOUNTS);
    assert.equal(new Set(resources.map((r) => r.name)).size, ACCOUNTS);
    assert.equal(new Set(resources.map((r) => r.args.existingAccount)).size, ACCOUNTS);
  });

  it("reads the inboxes with one getInboxes per account, and reports progress on the way", async () => {
    const out = path.join(tmp, "estate.ts");
    const numbers = path.join(tmp, "numbers.json");
    fs.writeFileSync(numbers, "{}");
    sim.resetRequestCounts();
    const started = performance.now();
    const { stderr } = await promisify(execFile)(
      process.execPath,
      [bin, "adopt", "--include", "accounts,inboxes", "--whatsapp-numbers", numbers, "--out", out],
      {
        env: {
          DIGITAL99_API_URL: sim.url,
          DIGITAL99_CLIENT_ID: sim.clientId,
          DIGITAL99_CLIENT_SECRET: sim.clientSecret,
        },
      },
    );
    const elapsed = performance.now() - started;
    console.log(
      `    adopt --include accounts,inboxes, ${ACCOUNTS} accounts: ${Math.round(elapsed)} ms`,
    );

    assert.deepEqual(sim.requestCounts(), {
      "online/getAccounts": 1,
      "online/getInboxes": ACCOUNTS,
      "settings/accessToken": 1,
    });
    for (let done = 250; done < ACCOUNTS; done += 250) {
      assert.match(stderr, new RegExp(`inboxes of ${done}/${ACCOUNTS} accounts read`));
    }
    assert.match(stderr, /0 inboxes reported/);
    assert.ok(elapsed < INBOX_BUDGET_MS, `${Math.round(elapsed)} ms`);
    assert.equal(declared(fs.readFileSync(out, "utf8")).length, ACCOUNTS);
  });
});
