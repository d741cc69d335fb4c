// examples/customer-catalog: one OnlineAccount per customer in customers.json,
// quotas from the customer's plan.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  ONLINE_ACCOUNT,
  projectName,
  providerCheckFailures,
  runProgram,
  type ProgramRun,
} from "./mocked-program";

const dir = path.resolve(__dirname, "..", "..", "examples", "customer-catalog");
const project = projectName(path.join(dir, "Pulumi.yaml"));
const PASSWORD = "Catal0g!Initial-Passw0rd";

// The plans of the example (its README names them), restated here on purpose:
// an independent reading of the quotas each plan grants.
const plans: Record<string, { agents: number; inboxes: number }> = {
  starter: { agents: 2, inboxes: 1 },
  team: { agents: 10, inboxes: 3 },
  business: { agents: 25, inboxes: 5 },
};

interface Customer {
  key: string;
  name: string;
  plan: string;
  admin: string;
  adminName: string;
  suspended?: boolean;
}

const customers = JSON.parse(
  fs.readFileSync(path.join(dir, "customers.json"), "utf8"),
) as Customer[];

describe("level 4: examples/customer-catalog", () => {
  let run: ProgramRun;

  before(async () => {
    run = await runProgram(path.join(dir, "index.ts"), {
      project,
      config: { [`${project}:initialAdminPassword`]: PASSWORD },
      secretConfigKeys: [`${project}:initialAdminPassword`],
    });
  });

  it("declares one OnlineAccount per customer, named by its key", () => {
    assert.ok(customers.length >= 3, "the catalog has customers");
    assert.deepEqual(
      run.resources.map((r) => `${r.type}::${r.name}`),
      customers.map((c) => `${ONLINE_ACCOUNT}::${c.key}`),
    );
  });

  it("takes each account's quotas from its plan and its status from the catalog", () => {
    for (const customer of customers) {
      const r = run.resources.find((x) => x.name === customer.key)!;
      assert.deepEqual(
        {
          accountName: r.inputs.accountName,
          agents: r.inputs.agents,
          inboxes: r.inputs.inboxes,
          status: r.inputs.status,
          reference: r.inputs.reference,
          adminEmail: r.inputs.adminEmail,
          adminName: r.inputs.adminName,
          adminDisplayName: r.inputs.adminDisplayName,
        },
        {
          accountName: customer.name,
          ...plans[customer.plan],
          status: customer.suspended ? "suspended" : "active",
          reference: customer.key,
          adminEmail: customer.admin,
          adminName: customer.adminName,
          adminDisplayName: customer.adminName.split(" ")[0],
        },
        customer.key,
      );
    }
    // The shipped catalog shows every plan and a suspended customer.
    const initech = run.resources.find((r) => r.name === "initech");
    assert.deepEqual(
      { agents: initech?.inputs.agents, status: initech?.inputs.status },
      { agents: 2, status: "suspended" },
    );
  });

  it("sends the initial admin password from config as a secret", () => {
    for (const r of run.resources) {
      assert.equal(r.inputs.adminPassword, PASSWORD, r.name);
      assert.deepEqual(r.secretPaths, ["adminPassword"], r.name);
    }
    assert.ok(!JSON.stringify(run.exports).includes(PASSWORD));
    assert.deepEqual(run.secretExports, []);
  });

  it("exports every customer's account id under its key", () => {
    assert.deepEqual(run.exports, {
      accountIds: Object.fromEntries(customers.map((c) => [c.key, `${c.key}-account-id`])),
    });
  });

  it("passes the provider's input validation for every account", async () => {
    for (const r of run.resources) {
      assert.deepEqual(await providerCheckFailures(r.inputs), [], r.name);
    }
  });
});
