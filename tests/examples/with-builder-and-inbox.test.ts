// examples/with-builder-and-inbox under the SDK's mocks. The mocks answer for every resource kind
// in its provider's shape; the account's id is that of a real account on a simulator on
// 127.0.0.1, since the program reads its agents back with getAgentsOutput (which runs in the
// program's process, not through the mocks).
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { PartnersClient } from "../../provider/client";
import { closeProgramClient } from "../../provider/functions/program-client";
import { startSimulator, type Simulator } from "../../simulator";
import { findSecretPaths, unwrapSecrets } from "../harness/serialized-provider";
import { mockAccountOutputs, projectName, without } from "./mocked-program";

const dir = path.resolve(__dirname, "..", "..", "examples", "with-builder-and-inbox");
const project = projectName(path.join(dir, "Pulumi.yaml"));
const PASSWORD = "Estate!Passw0rd-not-exported";
const type = (kind: string) => `pulumi-nodejs:dynamic/99digital:${kind}`;

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  secretPaths: string[];
}

describe("level 4: examples/with-builder-and-inbox", function () {
  let sim: Simulator;
  let accountId: string;
  const registered: Registration[] = [];
  const exported: Record<string, unknown> = {};

  before(async () => {
    sim = await startSimulator({ port: 0 });
    const setup = new PartnersClient({
      apiUrl: sim.url,
      clientId: sim.clientId,
      clientSecret: sim.clientSecret,
    });
    accountId = (
      await setup.online.createAccount({
        accountName: "Acme Inc",
        agents: 10,
        inboxes: 3,
        adminEmail: "owner@acme.example",
        adminName: "Dana Levi",
        adminDisplayName: "Dana",
        adminPassword: PASSWORD,
      })
    ).accountId;
    await setup.close();

    await pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          const wire = without(args.inputs as Record<string, unknown>, "__provider");
          registered.push({
            type: args.type,
            name: args.name,
            inputs: unwrapSecrets(wire) as Record<string, unknown>,
            secretPaths: findSecretPaths(wire),
          });
          const outputs: Record<string, unknown> =
            args.type === type("OnlineAccount")
              ? { ...(await mockAccountOutputs(args.name, wire)), accountId }
              : args.type === type("Builder")
                ? { ...wire, builderId: "17", url: "https://builder.example/acme" }
                : args.type === type("WhatsAppInbox")
                  ? { ...wire, inboxId: `${args.name}-inbox` }
                  : { ...wire };
          return { id: `${args.name}-id`, state: outputs };
        },
        call: (args) => args.inputs as Record<string, unknown>,
      },
      project,
      "dev",
      false,
    );
    pulumi.runtime.setAllConfig(
      {
        [`${project}:acmeAdminPassword`]: PASSWORD,
        "digital99:apiUrl": sim.url,
        "digital99:clientId": sim.clientId,
        "digital99:clientSecret": sim.clientSecret,
      },
      [`${project}:acmeAdminPassword`, "digital99:clientSecret"],
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(path.join(dir, "index.ts")) as Record<string, unknown>;
    for (const [key, value] of Object.entries(program)) {
      exported[key] = await (
        pulumi.output(value) as unknown as { promise(): Promise<unknown> }
      ).promise();
    }
  });

  after(async () => {
    pulumi.runtime.setAllConfig({});
    await closeProgramClient();
    await sim?.close();
  });

  it("declares a builder, the account, two inboxes, the webhook and the texts", () => {
    assert.deepEqual(
      // Sorted: registrations that wait for other resources' outputs come later.
      registered.map((r) => `${r.type.split(":").pop()}::${r.name}`).sort(),
      [
        "Builder::acme-builder",
        "OnlineAccount::acme",
        "WhatsAppInbox::acme-support",
        "WhatsAppInbox::acme-sales",
        "PartnerWebhook::events",
        "PartnerOnboarding::texts",
      ].sort(),
    );
  });

  const inputsOf = (name: string) => registered.find((r) => r.name === name)!.inputs;

  it("links the account to the builder's url", () => {
    assert.equal(inputsOf("acme-builder").clientName, "Acme Inc");
    assert.equal(inputsOf("acme").builderUrl, "https://builder.example/acme");
  });

  it("puts both inboxes on the account, each on its own number", () => {
    for (const [name, inboxName, number] of [
      ["acme-support", "Support", "972501234567"],
      ["acme-sales", "Sales", "972501234568"],
    ]) {
      const inputs = inputsOf(name);
      assert.equal(inputs.accountId, accountId);
      assert.equal(inputs.server, "online");
      assert.equal(inputs.inboxName, inboxName);
      assert.equal(inputs.whatsappNumber, number);
    }
  });

  it("sets the webhook, its URL secret, and the four onboarding texts", () => {
    assert.equal(inputsOf("events").url, "https://partner.example/99digital/events");
    assert.deepEqual(registered.find((r) => r.name === "events")!.secretPaths, ["url"]);
    assert.deepEqual(
      Object.keys(inputsOf("texts"))
        .filter((k) => k !== "resourceKey")
        .sort(),
      ["button", "failed", "message", "success"],
    );
  });

  it("keeps the admin password secret and out of the exports", () => {
    assert.deepEqual(registered.find((r) => r.name === "acme")!.secretPaths, ["adminPassword"]);
    assert.ok(!JSON.stringify(exported).includes(PASSWORD));
  });

  it("exports the ids, the builder's url and the agents read from 99digital", () => {
    assert.deepEqual(exported, {
      accountId,
      builderId: "17",
      builderUrl: "https://builder.example/acme",
      agents: ["owner@acme.example (Admin)"],
    });
    assert.equal(sim.requestCount("online/getAgents"), 1);
  });
});
