// Level 5: the policy pack (policy/) under the real engine, as the GitOps
// workflows run it: `pulumi preview --policy-pack policy --policy-pack-config`.
// One program passes every rule; for each rule a program breaks it, and the
// preview fails naming that rule. Skipped, loudly, only when no `pulumi`
// binary can be found.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { engineEnvironment, preparePolicyPack, linkDependencies, repoRoot, run } from "./cli";

const adminPassword = "Policy!Admin-Pass1";

interface Scenario {
  accounts?: Record<string, Record<string, unknown>>;
  others?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Passes every rule: protected accounts on the default server, distinct claims. */
const compliant: Scenario = {
  accounts: {
    acme: { reference: "acme" },
    globex: { reference: "globex", server: "online", agents: 25, inboxes: 5 },
  },
  others: {
    Builder: { "acme-builder": { clientName: "Acme" } },
    WhatsAppInbox: {
      "acme-support": { whatsappNumber: "972501234567", server: "online" },
      "acme-sales": { whatsappNumber: "972501234568", server: "online" },
    },
    PartnerWebhook: { events: { url: "https://partner.example/events" } },
  },
};

describe("engine: the policy pack under pulumi preview (level 5)", function () {
  this.timeout(600_000);
  let work: string;
  let program: string;
  let env: NodeJS.ProcessEnv;
  let policyPack: string;

  const pulumi = (args: string[]) => run("pulumi", args, { cwd: program, env });
  const preview = async (scenario: Scenario) => {
    const set = await pulumi(["config", "set", "scenario", JSON.stringify(scenario)]);
    assert.equal(set.code, 0, set.output);
    return pulumi([
      "preview",
      "--non-interactive",
      "--policy-pack",
      policyPack,
      "--policy-pack-config",
      path.join(program, "policy-config.json"),
    ]);
  };
  const assertViolation = async (scenario: Scenario, rule: string, message: RegExp) => {
    const result = await preview(scenario);
    assert.notEqual(result.code, 0, `the preview must fail on ${rule}:\n${result.output}`);
    assert.match(result.output, new RegExp(`\\[mandatory\\]\\s+${rule}\\s`));
    assert.match(result.output, message);
    return result.output;
  };

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "digital99-policy-"));
    const engineEnv = engineEnvironment(work, "POLICY PACK SUITE");
    if (!engineEnv) this.skip();
    env = engineEnv;

    program = path.join(work, "program");
    fs.cpSync(path.join(__dirname, "policy-program"), program, { recursive: true });
    policyPack = await preparePolicyPack(path.join(program, "policy"), env);
    fs.cpSync(
      path.join(repoRoot, "examples", "gitops", "policy-config", "production.json"),
      path.join(program, "policy-config.json"),
    );
    linkDependencies(program);
    // The rules' settings as the kit's production file has them, with
    // adminPassword as the one config key passwords may come from.
    const config = JSON.parse(fs.readFileSync(path.join(program, "policy-config.json"), "utf8"));
    config["admin-password-from-secret"].configKeys = ["digital99-policy:adminPassword"];
    fs.writeFileSync(path.join(program, "policy-config.json"), JSON.stringify(config));

    for (const args of [
      ["stack", "init", "production", "--non-interactive"],
      ["config", "set", "--secret", "adminPassword", adminPassword],
    ]) {
      const result = await pulumi(args);
      assert.equal(result.code, 0, result.output);
    }
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("a compliant program passes every rule", async () => {
    const result = await preview(compliant);
    assert.equal(result.code, 0, result.output);
    assert.match(result.output, /99digital@v0\.1\.0/, "the pack ran");
    assert.doesNotMatch(result.output, /mandatory|advisory/);
  });

  it("deletion-protection-in-production: protection turned off on an account or an inbox", async () => {
    const output = await assertViolation(
      {
        ...compliant,
        accounts: { ...compliant.accounts, acme: { reference: "acme", deletionProtection: false } },
        others: {
          ...compliant.others,
          WhatsAppInbox: {
            "acme-support": { whatsappNumber: "972501234567", deletionProtection: false },
          },
        },
      },
      "deletion-protection-in-production",
      /OnlineAccount "acme" turns deletionProtection off in the production stack "production"/,
    );
    assert.match(output, /WhatsAppInbox "acme-support" turns deletionProtection off/);
  });

  it("allowed-servers: an account on another server", async () => {
    await assertViolation(
      {
        ...compliant,
        accounts: { ...compliant.accounts, acme: { reference: "acme", server: "eu1" } },
      },
      "allowed-servers",
      /OnlineAccount "acme" is on server "eu1", which is not an allowed server \(online\)/,
    );
  });

  it("quota-bounds: more agents than the bound", async () => {
    await assertViolation(
      {
        ...compliant,
        accounts: { ...compliant.accounts, acme: { reference: "acme", agents: 30 } },
      },
      "quota-bounds",
      /OnlineAccount "acme": agents is 30, outside the allowed 1-25/,
    );
  });

  it("admin-password-from-secret: a password written in the program", async () => {
    const output = await assertViolation(
      {
        ...compliant,
        accounts: { ...compliant.accounts, acme: { reference: "acme", literalPassword: true } },
      },
      "admin-password-from-secret",
      /OnlineAccount "acme": adminPassword is written in the program/,
    );
    assert.doesNotMatch(output, /OnlineAccount "globex": adminPassword/);
    assert.ok(!output.includes("Literal!Pass1") && !output.includes(adminPassword));
  });

  it("unique-claims: a shared reference, a shared WhatsApp number and two webhooks", async () => {
    const output = await assertViolation(
      {
        accounts: { acme: { reference: "acme" }, acme2: { reference: "acme" } },
        others: {
          WhatsAppInbox: {
            support: { whatsappNumber: "972501234567" },
            sales: { whatsappNumber: "972501234567" },
          },
          PartnerWebhook: {
            events: { url: "https://a.example" },
            events2: { url: "https://b.example" },
          },
        },
      },
      "unique-claims",
      /OnlineAccount "acme2?", OnlineAccount "acme2?" all claim reference "acme" on online/,
    );
    assert.match(output, /all claim WhatsApp number 972501234567/);
    assert.match(
      output,
      /PartnerWebhook "events2?", PartnerWebhook "events2?" all claim the partner's webhook/,
    );
  });
});
