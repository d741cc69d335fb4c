// Level 5: what the preview passes, the apply does. One stack of accounts, a builder and an inbox
// (tests/engine/plan-apply-program), driven with the real `pulumi` command line against the
// simulator through the changes a pull request can bring. For each row, `pulumi preview` and then
// `pulumi up --yes` (which previews first, as a person or a pipeline runs it) give the same
// verdict, and the simulator counts the writes the up made: none where the preview failed. A row
// that passes becomes the program the next rows start from, as a merged pull request does.
// Skipped, loudly, only when no `pulumi` binary can be found.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PartnersClient } from "../../provider/client";
import { DEFAULT_WHATSAPP_NUMBERS, startSimulator, type Simulator } from "../../simulator";
import { engineEnvironment, linkDependencies, run, type CliResult } from "./cli";

const clientId = "plan-apply-partner";
const clientSecret = "PlanApply-Client-Secret-19c4";
const adminPassword = "PlanApply!Admin-Pass";

/** The endpoints that change something at the API: a row's writes are counted over these. */
const writeEndpoints = [
  "online/createAccount",
  "online/updateAccount",
  "online/deleteAccount",
  "online/createInbox",
  "online/deleteInbox",
  "builder/createBuilder",
  "builder/deleteBuilder",
  "settings/setWebhook",
  "settings/setBusiness",
] as const;
type Writes = Partial<Record<(typeof writeEndpoints)[number], number>>;

type Spec = Record<string, unknown>;
interface Estate {
  accounts: Record<string, Spec>;
  builders: Record<string, Spec>;
  inboxes: Record<string, Spec>;
}

interface Row {
  /** What the pull request brings. */
  change: string;
  edit: (estate: Estate) => void;
  verdict: "passes" | "fails";
  /** What the failing preview says, and the up repeats. */
  says?: RegExp;
  /** The API writes of `pulumi up`. */
  writes: Writes;
}

const protectedRemoval = /cannot be deleted\s+because it is protected/;

const rows: Row[] = [
  {
    change: "add an account",
    edit: (e) => {
      e.accounts.initech = {
        accountName: "Initech",
        agents: 2,
        inboxes: 1,
        deletionProtection: false,
      };
    },
    verdict: "passes",
    writes: { "online/createAccount": 1 },
  },
  {
    change: "rename an account",
    edit: (e) => void (e.accounts.acme.accountName = "Acme Ltd"),
    verdict: "passes",
    writes: { "online/updateAccount": 1 },
  },
  {
    change: "suspend an account",
    edit: (e) => void (e.accounts.umbrella.status = "suspended"),
    verdict: "passes",
    writes: { "online/updateAccount": 1 },
  },
  {
    change: "a plan change of a protected account",
    edit: (e) => void (e.accounts.acme.agents = 6),
    verdict: "fails",
    says: /changing agents from 5 to 6 would replace the account/,
    writes: {},
  },
  {
    change: "removal of a protected account",
    edit: (e) => delete e.accounts.umbrella,
    verdict: "fails",
    says: protectedRemoval,
    writes: {},
  },
  {
    change: "removal of an account whose protection is an Output",
    edit: (e) => delete e.accounts.globex,
    verdict: "fails",
    says: protectedRemoval,
    writes: {},
  },
  {
    change: "removal of a protected account beside an addition",
    edit: (e) => {
      delete e.accounts.umbrella;
      e.accounts.hooli = { accountName: "Hooli", agents: 2, inboxes: 1 };
    },
    verdict: "fails",
    says: protectedRemoval,
    writes: {},
  },
  {
    change: "removal of a protected builder",
    edit: (e) => delete e.builders.studio,
    verdict: "fails",
    says: protectedRemoval,
    writes: {},
  },
  {
    change: "removal of a protected inbox",
    edit: (e) => delete e.inboxes.support,
    verdict: "fails",
    says: protectedRemoval,
    writes: {},
  },
  {
    change: "adoption of an id that does not exist",
    edit: (e) => {
      e.accounts.ghost = { existingAccount: "online/9999", accountName: "Ghost" };
    },
    verdict: "fails",
    says: /there is no account online\/9999 under this partner/,
    writes: {},
  },
  {
    change: "a WhatsApp number claimed twice",
    edit: (e) => {
      e.inboxes.sales = { ...e.inboxes.support, inboxName: "Sales" };
    },
    verdict: "fails",
    says: /is declared by another WhatsAppInbox of this stack too/,
    writes: {},
  },
  {
    change: "a bad field",
    edit: (e) => {
      e.accounts.bad = { accountName: "Bad", agents: 0, inboxes: 1 };
    },
    verdict: "fails",
    says: /agents/,
    writes: {},
  },
  {
    change: "adoption of an existing account",
    edit: (e) => {
      e.accounts.legacy = { existingAccount: "online/1", accountName: "Legacy" };
    },
    verdict: "passes",
    writes: {},
  },
  {
    change: "removal of the adopted account, protected by default",
    edit: (e) => delete e.accounts.legacy,
    verdict: "fails",
    says: protectedRemoval,
    writes: {},
  },
  {
    change: "a plan change of an unprotected account",
    edit: (e) => void (e.accounts.initech.agents = 3),
    verdict: "passes",
    writes: { "online/deleteAccount": 1, "online/createAccount": 1 },
  },
  {
    change: "removal of an unprotected account beside an addition",
    edit: (e) => {
      delete e.accounts.initech;
      e.accounts.hooli = { accountName: "Hooli", agents: 2, inboxes: 1, deletionProtection: false };
    },
    verdict: "passes",
    writes: { "online/deleteAccount": 1, "online/createAccount": 1 },
  },
  {
    change: "protection turned off, given as an Output (step 1 of 2)",
    edit: (e) => void (e.accounts.globex.deletionProtection = false),
    verdict: "passes",
    writes: {},
  },
  {
    change: "then the removal (step 2 of 2)",
    edit: (e) => delete e.accounts.globex,
    verdict: "passes",
    writes: { "online/deleteAccount": 1 },
  },
  {
    change: "retainOnDelete on a protected account (step 1 of 2)",
    edit: (e) => void (e.accounts.umbrella.options = { retainOnDelete: true }),
    verdict: "passes",
    writes: {},
  },
  {
    change: "then the removal: the stack forgets it, the account stays (step 2 of 2)",
    edit: (e) => delete e.accounts.umbrella,
    verdict: "passes",
    writes: {},
  },
  {
    change: "the program's own protect on an unprotected account",
    edit: (e) => void (e.accounts.hooli.options = { protect: true }),
    verdict: "passes",
    writes: {},
  },
  {
    change: "then its removal",
    edit: (e) => delete e.accounts.hooli,
    verdict: "fails",
    says: protectedRemoval,
    writes: {},
  },
];

describe("engine: what the preview passes, the apply does (level 5)", function () {
  this.timeout(900_000);
  let sim: Simulator;
  let work: string;
  let program: string;
  let env: NodeJS.ProcessEnv;
  let merged: Estate;

  const pulumi = (...args: string[]): Promise<CliResult> =>
    run("pulumi", [...args, "--non-interactive", "--color", "never"], { cwd: program, env });
  const must = async (...args: string[]) => {
    const result = await pulumi(...args);
    assert.equal(result.code, 0, `pulumi ${args.join(" ")} failed:\n${result.output}`);
    return result;
  };
  const declare = (estate: Estate) => must("config", "set", "estate", JSON.stringify(estate));
  const writes = (): Writes => {
    const counts: Writes = {};
    for (const endpoint of writeEndpoints) {
      const n = sim.requestCount(endpoint);
      if (n > 0) counts[endpoint] = n;
    }
    return counts;
  };
  /** The URNs the state marks protected, by resource name. */
  const protectedInState = async (): Promise<string[]> => {
    const exported = await must("stack", "export");
    const { deployment } = JSON.parse(exported.output) as {
      deployment: { resources: { urn: string; protect?: boolean }[] };
    };
    return deployment.resources
      .filter((r) => r.protect === true)
      .map((r) => r.urn.split("::").pop()!)
      .sort();
  };

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-plan-apply-"));
    const engineEnv = engineEnvironment(work, "PLAN/APPLY TABLE");
    if (!engineEnv) this.skip();
    env = engineEnv;
    sim = await startSimulator({ port: 0, clientId, clientSecret });
    // An account made outside Pulumi, for the adoption rows: the first, so online/1.
    const client = new PartnersClient({ apiUrl: sim.url, clientId, clientSecret });
    const legacy = await client.online.createAccount({
      accountName: "Legacy",
      agents: 2,
      inboxes: 1,
      adminEmail: "owner@legacy.example",
      adminName: "Owner",
      adminDisplayName: "Owner",
      adminPassword: "Legacy!Passw0rd",
    });
    await client.close();
    assert.equal(legacy.accountId, "1");

    program = path.join(work, "program");
    fs.cpSync(path.join(__dirname, "plan-apply-program"), program, { recursive: true });
    linkDependencies(program);
    await must("stack", "init", "table");
    await must("config", "set", "digital99:apiUrl", sim.url);
    await must("config", "set", "digital99:clientId", clientId);
    await must("config", "set", "--secret", "digital99:clientSecret", clientSecret);
    await must("config", "set", "--secret", "adminPassword", adminPassword);

    merged = {
      accounts: {
        acme: { accountName: "Acme", agents: 5, inboxes: 2 },
        globex: {
          accountName: "Globex",
          agents: 3,
          inboxes: 1,
          deletionProtection: true,
          protectionAsOutput: true,
        },
        umbrella: { accountName: "Umbrella", agents: 2, inboxes: 1 },
      },
      builders: { studio: { clientName: "Acme Studio" } },
      inboxes: {
        support: {
          account: "acme",
          inboxName: "Support",
          whatsappNumber: DEFAULT_WHATSAPP_NUMBERS[0],
        },
      },
    };
    await declare(merged);
    await must("up", "--yes");
  });

  after(async () => {
    await sim?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("the state marks every object protected whose deletionProtection is on", async () => {
    assert.deepEqual(await protectedInState(), ["acme", "globex", "studio", "support", "umbrella"]);
  });

  for (const row of rows) {
    it(`${row.change}: the preview ${row.verdict}, and so does the up`, async () => {
      const proposed = structuredClone(merged);
      row.edit(proposed);
      await declare(proposed);
      const accountsBefore = sim.accounts().length;

      const preview = await pulumi("preview");
      sim.resetRequestCounts();
      const up = await pulumi("up", "--yes");
      const upWrites = writes();

      const verdict = (result: CliResult) => (result.code === 0 ? "passes" : "fails");
      assert.equal(verdict(preview), row.verdict, `the preview:\n${preview.output}`);
      assert.equal(verdict(up), row.verdict, `the up:\n${up.output}`);
      if (row.says) {
        assert.match(preview.output, row.says);
        assert.match(up.output, row.says);
      }
      assert.deepEqual(upWrites, row.writes);
      if (row.verdict === "passes") merged = proposed;
      else assert.equal(sim.accounts().length, accountsBefore);
    });
  }

  it("--replace of a protected account: the preview fails, and so does the up", async () => {
    await declare(merged);
    const urn =
      "urn:pulumi:table::digital99-e2e-plan-apply::pulumi-nodejs:dynamic/99digital:OnlineAccount::acme";
    const preview = await pulumi("preview", "--replace", urn);
    sim.resetRequestCounts();
    const up = await pulumi("up", "--yes", "--replace", urn);
    for (const result of [preview, up]) {
      assert.notEqual(result.code, 0, result.output);
      assert.match(result.output, /unable to replace resource[\s\S]*marked for protection/);
    }
    assert.deepEqual(writes(), {});
  });

  it("a retained account stays at the API after its removal", () => {
    assert.ok(sim.accounts().some((a) => a.accountName === "Umbrella"));
  });

  it("a stack written before protect followed deletionProtection: its next up records it", async () => {
    await declare(merged);
    await must("state", "unprotect", "--all", "--yes");
    assert.deepEqual(await protectedInState(), []);
    sim.resetRequestCounts();
    await must("up", "--yes");
    assert.deepEqual(writes(), {});
    assert.deepEqual(await protectedInState(), ["acme", "hooli", "legacy", "studio", "support"]);
  });

  it("destroy under protection fails at its preview and writes nothing", async () => {
    sim.resetRequestCounts();
    const destroyed = await pulumi("destroy", "--yes");
    assert.notEqual(destroyed.code, 0, destroyed.output);
    assert.match(destroyed.output, protectedRemoval);
    assert.deepEqual(writes(), {});
  });
});
