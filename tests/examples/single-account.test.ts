// examples/single-account: the README's one account, with email 2FA.
import assert from "node:assert/strict";
import * as path from "node:path";
import { derivedReference } from "../../provider/resources/create-once";
import {
  ONLINE_ACCOUNT,
  projectName,
  providerCheckFailures,
  runProgram,
  type ProgramRun,
  without,
} from "./mocked-program";

const dir = path.resolve(__dirname, "..", "..", "examples", "single-account");
const project = projectName(path.join(dir, "Pulumi.yaml"));
const PASSWORD = "Single!Acc0unt-Passw0rd";

describe("level 4: examples/single-account", () => {
  let run: ProgramRun;

  before(async () => {
    run = await runProgram(path.join(dir, "index.ts"), {
      project,
      config: { [`${project}:acmeAdminPassword`]: PASSWORD },
      secretConfigKeys: [`${project}:acmeAdminPassword`],
    });
  });

  it("declares one OnlineAccount with the README's inputs", () => {
    assert.deepEqual(
      run.resources.map((r) => `${r.type}::${r.name}`),
      [`${ONLINE_ACCOUNT}::acme`],
    );
    const inputs = without(run.resources[0].inputs, "adminPassword");
    assert.deepEqual(inputs, {
      accountName: "Acme Inc",
      agents: 10,
      inboxes: 3,
      adminEmail: "owner@acme.example",
      adminName: "Dana Levi",
      adminDisplayName: "Dana",
      adminTwoFactor: "email",
      adminTwoFactorDestination: "owner@acme.example",
      reference: derivedReference(project, "dev", "acme"),
      // The resource's own key, which also named the derived reference.
      resourceKey: derivedReference(project, "dev", "acme"),
    });
  });

  it("sends the admin password from config as a secret", () => {
    const [acme] = run.resources;
    assert.equal(acme.inputs.adminPassword, PASSWORD);
    assert.deepEqual(acme.secretPaths, ["adminPassword"]);
    assert.ok(!JSON.stringify(run.exports).includes(PASSWORD));
    assert.deepEqual(run.secretExports, []);
  });

  it("fails clearly without the password in config", async () => {
    await assert.rejects(
      runProgram(path.join(dir, "index.ts"), { project }),
      new RegExp(`Missing required configuration variable '${project}:acmeAdminPassword'`),
    );
  });

  it("exports the account's id, admin agent id and url", () => {
    assert.deepEqual(run.exports, {
      accountId: "acme-account-id",
      adminAgentId: "acme-admin-id",
      url: "https://online.99digital.co.il",
    });
  });

  it("passes the provider's input validation", async () => {
    assert.deepEqual(await providerCheckFailures(run.resources[0].inputs), []);
  });
});
