// The quickstart at the repository root (index.ts, Pulumi.yaml): three
// customers' accounts, wired and kept secret as the README promises.
import assert from "node:assert/strict";
import * as path from "node:path";
import {
  ONLINE_ACCOUNT,
  projectName,
  providerCheckFailures,
  runProgram,
  type ProgramRun,
  without,
} from "./mocked-program";
import { derivedReference } from "../../provider/resources/create-once";

const root = path.resolve(__dirname, "..", "..");
const program = path.join(root, "index.ts");
const project = projectName(path.join(root, "Pulumi.yaml"));
const PASSWORD = "Quick!Start-Passw0rd";

describe("level 4: the quickstart program", () => {
  let run: ProgramRun;

  before(async () => {
    run = await runProgram(program, {
      project,
      config: { [`${project}:adminPassword`]: PASSWORD },
      secretConfigKeys: [`${project}:adminPassword`],
    });
  });

  const account = (name: string) => {
    const found = run.resources.find((r) => r.name === name);
    assert.ok(found, `no resource ${name}`);
    return found;
  };

  it("declares three OnlineAccounts and nothing else", () => {
    assert.deepEqual(
      run.resources.map((r) => `${r.type}::${r.name}`),
      ["acme", "globex", "initech"].map((name) => `${ONLINE_ACCOUNT}::${name}`),
    );
  });

  it("gives each account its quotas, status, builder URL and reference", () => {
    const pick = (name: string) => {
      const { agents, inboxes, status, builderUrl, reference } = account(name).inputs;
      return { agents, inboxes, status, builderUrl, reference };
    };
    assert.deepEqual(pick("acme"), {
      agents: 10,
      inboxes: 3,
      status: undefined,
      builderUrl: undefined,
      reference: "acme",
    });
    assert.deepEqual(pick("globex"), {
      agents: 25,
      inboxes: 5,
      status: undefined,
      builderUrl: "https://builder.example/login/globex",
      // No reference given: one is derived, stable for the resource.
      reference: derivedReference(project, "dev", "globex"),
    });
    assert.deepEqual(pick("initech"), {
      agents: 2,
      inboxes: 1,
      status: "suspended",
      builderUrl: undefined,
      reference: derivedReference(project, "dev", "initech"),
    });
  });

  it("keeps every account protected by default", () => {
    for (const r of run.resources) assert.equal(r.inputs.deletionProtection, true, r.name);
  });

  it("turns protection off for all accounts when deletionProtection is false", async () => {
    const unprotected = await runProgram(program, {
      project,
      config: {
        [`${project}:adminPassword`]: PASSWORD,
        [`${project}:deletionProtection`]: "false",
      },
      secretConfigKeys: [`${project}:adminPassword`],
    });
    assert.equal(unprotected.resources.length, 3);
    for (const r of unprotected.resources) assert.equal(r.inputs.deletionProtection, false, r.name);
  });

  it("sends the admin password from config as a secret, and nowhere else", () => {
    for (const r of run.resources) {
      assert.equal(r.inputs.adminPassword, PASSWORD, r.name);
      assert.deepEqual(r.secretPaths, ["adminPassword"], r.name);
      const rest = without(r.inputs, "adminPassword");
      assert.ok(!JSON.stringify(rest).includes(PASSWORD), `${r.name} leaks the password`);
    }
    assert.ok(!JSON.stringify(run.exports).includes(PASSWORD));
    assert.deepEqual(run.secretExports, []);
  });

  it("fails clearly without the admin password in config", async () => {
    await assert.rejects(
      runProgram(program, { project }),
      new RegExp(`Missing required configuration variable '${project}:adminPassword'`),
    );
  });

  it("exports each account's id and url from that account, and initech's status", () => {
    const exported = run.exports.accounts as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(exported), ["acme", "globex", "initech"]);
    for (const name of ["acme", "globex", "initech"]) {
      assert.deepEqual(
        { id: exported[name].id, url: exported[name].url },
        { id: `${name}-account-id`, url: account(name).outputs.url },
        name,
      );
    }
    assert.equal(exported.acme.url, "https://online.99digital.co.il");
    assert.equal(exported.initech.status, "suspended");
  });

  // An output exists on a resource object only for keys the constructor passed
  // to the SDK; the provider's outputs for other keys are dropped by the SDK.
  // "active" is the provider's default, filled in by its check (mocked-program.ts).
  it('exports status "active" for accounts whose program sets no status', () => {
    const exported = run.exports.accounts as Record<string, Record<string, unknown>>;
    assert.equal(account("acme").inputs.status, undefined, "the program set no status");
    assert.deepEqual(
      { acme: exported.acme.status, globex: exported.globex.status },
      { acme: "active", globex: "active" },
    );
  });

  it("passes the provider's input validation for every account", async () => {
    for (const r of run.resources) {
      assert.deepEqual(await providerCheckFailures(r.inputs), [], r.name);
    }
  });
});
