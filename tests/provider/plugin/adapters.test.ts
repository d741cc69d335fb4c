// One table, both adapters: every check case and exactly-once creation run through the dynamic
// resources' host (providerFor, as the serialized stub calls it) and through the provider plugin
// (PluginProvider, as the engine calls it, secrets wrapped). Whatever one says, the other must.
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { providerFor } from "../../../provider/host";
import { PluginProvider } from "../../../provider/plugin/provider";
import { holdsSecret, reveal, secret } from "../../../provider/plugin/secrets";
import { tokenOf } from "../../../provider/plugin/tokens";
import { derivedReference } from "../../../provider/resources/reference";
import { ProviderRuntime } from "../../../provider/runtime";
import { startSimulator, type Simulator } from "../../../simulator";

type Props = Record<string, unknown>;

const PROJECT = "shop";
const STACK = "prod";

function urnOf(kind: string, name: string): string {
  return `urn:pulumi:${STACK}::${PROJECT}::${tokenOf(kind)}::${name}`;
}

/** The inputs the dynamic resource class sends: it sets the resource key (and a new account's reference). */
function dynamicInputs(kind: string, name: string, inputs: Props): Props {
  const resourceKey = derivedReference(PROJECT, STACK, name);
  return {
    ...inputs,
    resourceKey,
    ...(kind === "OnlineAccount" && inputs.existingAccount === undefined
      ? { reference: inputs.reference ?? resourceKey }
      : {}),
  };
}

/** What a plugin user's program sends: no resource key, secrets wrapped as the engine wraps them. */
function pluginInputs(inputs: Props, secrets: readonly string[]): Props {
  const out: Props = { ...inputs };
  for (const key of secrets) if (out[key] !== undefined) out[key] = secret(out[key]);
  return out;
}

/** What the engine would store unencrypted: everything but the wrapped values. */
function plainText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    holdsSecret(v) && !Array.isArray(v) && typeof v === "object" && v !== null && "value" in v
      ? "[secret]"
      : v,
  );
}

const account = {
  accountName: "Acme",
  agents: 5,
  inboxes: 2,
  adminEmail: "owner@acme.example",
  adminName: "Dana",
  adminDisplayName: "Dana",
  adminPassword: "Str0ng!Pass",
};

interface Case {
  kind: string;
  title: string;
  inputs: Props;
  secrets?: readonly string[];
  /** The properties check must name; none for a valid case. */
  failing: readonly string[];
}

const cases: Case[] = [
  {
    kind: "OnlineAccount",
    title: "valid",
    inputs: account,
    secrets: ["adminPassword"],
    failing: [],
  },
  {
    kind: "OnlineAccount",
    title: "quotas out of range",
    inputs: { ...account, agents: 0, inboxes: 1000 },
    secrets: ["adminPassword"],
    failing: ["agents", "inboxes"],
  },
  {
    kind: "OnlineAccount",
    title: "bad email, weak password, name too long",
    inputs: {
      ...account,
      adminEmail: "not-an-email",
      adminPassword: "weak",
      accountName: "x".repeat(101),
    },
    secrets: ["adminPassword"],
    failing: ["accountName", "adminEmail", "adminPassword"],
  },
  {
    kind: "OnlineAccount",
    title: "sms two-factor without a destination",
    inputs: { ...account, adminTwoFactor: "sms" },
    secrets: ["adminPassword"],
    failing: ["adminTwoFactorDestination"],
  },
  {
    kind: "OnlineAccount",
    title: "unknown status, wrong types",
    inputs: { ...account, status: "paused", deletionProtection: "yes", agents: "many" },
    secrets: ["adminPassword"],
    failing: ["agents", "deletionProtection", "status"],
  },
  {
    kind: "OnlineAccount",
    title: "malformed existingAccount",
    inputs: { accountName: "Acme", existingAccount: "1234" },
    failing: ["existingAccount"],
  },
  { kind: "Builder", title: "valid", inputs: { clientName: "Acme" }, failing: [] },
  { kind: "Builder", title: "no clientName", inputs: {}, failing: ["clientName"] },
  {
    kind: "WhatsAppInbox",
    title: "valid",
    inputs: { accountId: "12", inboxName: "Support", whatsappNumber: "972501234567" },
    failing: [],
  },
  {
    kind: "WhatsAppInbox",
    title: "bad number and account",
    inputs: { accountId: "twelve", inboxName: "Support", whatsappNumber: "+972-50" },
    failing: ["accountId", "whatsappNumber"],
  },
  {
    kind: "PartnerWebhook",
    title: "valid",
    inputs: { url: "https://hooks.acme.example/99" },
    failing: [],
  },
  {
    kind: "PartnerWebhook",
    title: "not http(s)",
    inputs: { url: "ftp://acme.example" },
    failing: ["url"],
  },
  { kind: "PartnerOnboarding", title: "valid", inputs: { message: "Welcome" }, failing: [] },
  {
    kind: "PartnerOnboarding",
    title: "logo not a URL",
    inputs: { message: "Welcome", logo: "logo.png" },
    failing: ["logo"],
  },
];

describe("the dynamic host and the provider plugin run one lifecycle", function () {
  this.timeout(60_000);
  let sim: Simulator;
  let plugin: PluginProvider;
  let runtime: ProviderRuntime;
  let config: Record<string, string>;

  before(async () => {
    sim = await startSimulator({ port: 0 });
    config = {
      "digital99:apiUrl": sim.url,
      "digital99:clientId": sim.clientId,
      "digital99:clientSecret": sim.clientSecret,
      "digital99:requestTimeoutMs": "2000",
      "digital99:maxRetries": "6",
    };
    runtime = new ProviderRuntime({
      warn: () => {},
      env: {},
      clientOptions: { retryBaseDelayMs: 1 },
    });
    plugin = new PluginProvider(runtime, "0.0.0-test", "{}");
    plugin.configure((key) => config[key]);
    for (const kind of [
      "OnlineAccount",
      "Builder",
      "WhatsAppInbox",
      "PartnerWebhook",
      "PartnerOnboarding",
    ]) {
      await providerFor(kind).configure({
        config: { get: (key: string) => config[key] },
      } as unknown as pulumi.dynamic.ConfigureRequest);
    }
  });
  after(async () => {
    await runtime.close();
    await sim.close();
  });

  for (const c of cases) {
    it(`check, ${c.kind} ${c.title}: the same answer from both`, async () => {
      // A partner has one webhook and one onboarding: their cases are all the same resource.
      const onePerPartner = c.kind.startsWith("Partner");
      const name = onePerPartner ? c.kind : `${c.kind}-${c.title.replace(/\W+/g, "-")}`;
      const viaHost = await providerFor(c.kind).check({}, dynamicInputs(c.kind, name, c.inputs));
      const viaPlugin = await plugin.check(
        urnOf(c.kind, name),
        {},
        pluginInputs(c.inputs, c.secrets ?? []),
      );

      const named = (failures: readonly { property: string }[] | undefined) =>
        [...new Set((failures ?? []).map((f) => f.property))].sort();
      assert.deepEqual(
        named(viaHost.failures),
        [...c.failing].sort(),
        "the host names the bad fields",
      );
      assert.deepEqual(
        viaPlugin.failures,
        viaHost.failures,
        "the plugin gives the very same failures",
      );
      // The same inputs, the plugin's with every secret field wrapped and nothing else.
      assert.deepEqual(reveal(viaPlugin.inputs), viaHost.inputs);
      for (const key of c.secrets ?? []) {
        if (viaHost.inputs?.[key] !== undefined) {
          assert.ok(
            holdsSecret((viaPlugin.inputs as Props)[key]),
            `${key} leaves the plugin wrapped`,
          );
        }
      }
      assert.ok(!plainText(viaPlugin.inputs).includes("Str0ng!Pass"), "no secret left unwrapped");
    });
  }

  for (const adapter of ["host", "plugin"] as const) {
    it(`creates exactly one account through the ${adapter} while answers are lost`, async () => {
      const name = `lost-answer-${adapter}`;
      sim.injectFault({
        endpoint: "online/createAccount",
        fault: { type: "drop-after-commit" },
        times: 1,
      });
      const before = sim.accounts().length;
      let id: string;
      if (adapter === "host") {
        const checked = await providerFor("OnlineAccount").check(
          {},
          dynamicInputs("OnlineAccount", name, account),
        );
        assert.deepEqual(checked.failures, []);
        ({ id } = await providerFor("OnlineAccount").create(checked.inputs));
      } else {
        const urn = urnOf("OnlineAccount", name);
        const checked = await plugin.check(urn, {}, pluginInputs(account, ["adminPassword"]));
        assert.deepEqual(checked.failures, []);
        // What reaches the API is the password, not its wrapper: the simulator checks its rules.
        const created = await plugin.create(urn, checked.inputs as Props);
        id = created.id;
        const outs = created.outs as Props;
        assert.ok(holdsSecret(outs.adminPassword), "the password leaves create wrapped");
        assert.ok(!plainText(outs).includes("Str0ng!Pass"), "no secret left unwrapped");
      }
      const created = sim
        .accounts()
        .filter((a) => a.reference === derivedReference(PROJECT, STACK, name));
      assert.equal(sim.accounts().length, before + 1, "one account, not one per attempt");
      assert.equal(created.length, 1);
      assert.equal(id, `online/${created[0].accountId}`);
    });
  }

  it("imports: read without state describes the account as adopted, and check takes it", async () => {
    const urn = urnOf("OnlineAccount", "imported");
    const made = await runtime.partners().online.createAccount({
      ...account,
      adminEmail: "import@acme.example",
      reference: "crm42",
    });
    const id = `online/${made.accountId}`;
    const read = await plugin.read(id, urn, {});
    assert.equal(read.id, id);
    assert.equal((read.inputs as Props).existingAccount, id);
    assert.equal((read.inputs as Props).reference, "crm42");
    const checked = await plugin.check(urn, read.inputs as Props, read.inputs as Props);
    assert.deepEqual(checked.failures, []);
    const diff = await plugin.diff(
      id,
      urn,
      // As the engine diffs an imported object: its state, against what check made of its inputs.
      read.props as Props,
      checked.inputs as Props,
    );
    assert.equal(diff.changes, false, "an imported account shows no change against its own inputs");
  });

  it("serves the read functions as invokes, and names a bad argument", async () => {
    const made = await runtime.partners().online.createAccount({
      ...account,
      adminEmail: "invoke@acme.example",
      reference: "invoke1",
    });
    const accounts = await plugin.invoke(tokenOf("getAccounts"), {});
    const listed = (accounts.outputs as { accounts: Array<{ accountId: string }> }).accounts;
    assert.ok(
      listed.some((a) => a.accountId === made.accountId),
      "getAccounts lists it",
    );
    const agents = await plugin.invoke(tokenOf("getAgents"), { accountId: made.accountId });
    assert.deepEqual(
      (agents.outputs as { agents: Array<{ email: string }> }).agents.map((a) => a.email),
      ["invoke@acme.example"],
    );
    const bad = await plugin.invoke(tokenOf("getAgents"), { accountId: "not digits" });
    assert.deepEqual(
      bad.failures?.map((f) => f.property),
      ["accountId"],
    );
    await assert.rejects(
      plugin.invoke(tokenOf("getEverything"), {}),
      /no function digital99:index:getEverything/,
    );
  });

  it("keeps secret what the program made secret in the state a half-failed create leaves", async () => {
    const urn = urnOf("OnlineAccount", "half-made");
    const news = {
      ...pluginInputs(account, ["adminPassword"]),
      accountName: secret("Hush Half Ltd"),
      adminEmail: "half@acme.example",
      // Not settable by createAccount: the updateAccount after it is what fails.
      status: "suspended",
    };
    const checked = await plugin.check(urn, {}, news);
    assert.deepEqual(checked.failures, []);
    sim.injectFault({
      endpoint: "online/updateAccount",
      fault: { type: "status", status: 400, body: "json" },
      times: 10,
    });
    let failure: unknown;
    try {
      await plugin.create(urn, checked.inputs as Props);
    } catch (error) {
      failure = error;
    } finally {
      sim.clearFaults();
    }
    const made = failure as { id?: string; properties?: Props };
    assert.ok(made?.id, `the account was made and the error says so: ${String(failure)}`);
    const properties = made.properties!;
    assert.equal(reveal(properties.accountName), "Hush Half Ltd", "the state keeps the name");
    assert.ok(holdsSecret(properties.accountName), "wrapped, as create's outputs would be");
    assert.ok(!plainText(properties).includes("Hush Half Ltd"), "nothing of it in plain text");
  });

  it("keeps the webhook URL secret in inputs and outputs, also given in plain text", async () => {
    const urn = urnOf("PartnerWebhook", "PartnerWebhook");
    const url = "https://hooks.acme.example/events?token=wh-T0ken-plain";
    const checked = await plugin.check(urn, {}, { url });
    assert.deepEqual(checked.failures, []);
    const inputs = checked.inputs as Props;
    assert.ok(holdsSecret(inputs.url), "check wraps it");
    const created = await plugin.create(urn, inputs);
    assert.ok(holdsSecret((created.outs as Props).url), "create wraps it");
    const read = await plugin.read(created.id, urn, created.outs as Props);
    assert.ok(holdsSecret((read.props as Props).url) && holdsSecret((read.inputs as Props).url));
    for (const value of [inputs, created.outs, read.props, read.inputs]) {
      assert.ok(!plainText(value).includes("wh-T0ken-plain"));
    }
    assert.equal(sim.webhookUrl(), url, "the API got the URL, not its wrapper");
  });

  it("marks an invoke's result secret when an argument is", async () => {
    const made = await runtime.partners().online.createAccount({
      ...account,
      adminEmail: "secret-invoke@acme.example",
      reference: "invoke2",
    });
    const plain = await plugin.invoke(tokenOf("getAgents"), { accountId: made.accountId });
    assert.equal(holdsSecret(plain.outputs), false, "plain arguments, plain result");
    const hidden = await plugin.invoke(tokenOf("getAgents"), { accountId: secret(made.accountId) });
    const outputs = hidden.outputs as Props;
    assert.ok(holdsSecret(outputs.agents), "the agents of a secret account are secret");
    assert.ok(!plainText(outputs).includes("secret-invoke@acme.example"));
    assert.deepEqual(
      (reveal(outputs.agents) as Array<{ email: string }>).map((a) => a.email),
      ["secret-invoke@acme.example"],
    );
  });

  it("keeps secret what the program made secret, on any field, through check, create and update", async () => {
    const urn = urnOf("Builder", "secret-name");
    const news = { clientName: secret("Hush Ltd"), reference: secret("hush1") };
    const checked = await plugin.check(urn, {}, news);
    assert.deepEqual(checked.failures, []);
    const inputs = checked.inputs as Props;
    assert.ok(
      holdsSecret(inputs.clientName) && holdsSecret(inputs.reference),
      "check keeps them secret",
    );
    const created = await plugin.create(urn, inputs);
    const outs = created.outs as Props;
    assert.ok(
      holdsSecret(outs.clientName) && holdsSecret(outs.reference),
      "create keeps them secret",
    );
    assert.ok(!plainText(outs).includes("Hush Ltd"), "nothing of them is left in plain text");
    assert.ok(
      sim.builders().some((b) => b.clientName === "Hush Ltd"),
      "the API got the value, not its wrapper",
    );
    const updated = await plugin.update(created.id, urn, outs, inputs);
    assert.ok(holdsSecret((updated.outs as Props).clientName), "update keeps it secret");
    const read = await plugin.read(created.id, urn, outs);
    assert.ok(holdsSecret((read.props as Props).clientName), "a refresh keeps it secret");
    assert.ok(holdsSecret((read.inputs as Props).clientName));
  });

  it("reads a child resource's kind from its URN, and keys it by the whole URN", async () => {
    const child = `urn:pulumi:${STACK}::${PROJECT}::shop:index:Customer$${tokenOf("Builder")}::crm`;
    const checked = await plugin.check(child, {}, { clientName: "Child Ltd" });
    assert.deepEqual(checked.failures, []);
    const key = (checked.inputs as Props).resourceKey;
    assert.equal(key, derivedReference(PROJECT, STACK, child));
    assert.notEqual(key, derivedReference(PROJECT, STACK, "crm"), "not a top-level crm's key");
  });

  it("refuses a type it does not have, naming it", async () => {
    await assert.rejects(
      plugin.check(urnOf("Teleporter", "t"), {}, {}),
      /has no resource type digital99:index:Teleporter/,
    );
  });
});
