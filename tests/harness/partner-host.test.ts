// Level 3 for PartnerWebhook and PartnerOnboarding: the `__provider` text the SDK serializes for
// each, run by Pulumi's own dynamic provider host and driven over gRPC as the engine drives it,
// against a simulator on 127.0.0.1. Build first (`npx tsc -p tsconfig.json`): the resource
// classes come from the compiled package, as users get them.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PartnersClient } from "../../provider/client";
import { startSimulator, type Simulator } from "../../simulator";
import { startProviderHost, urnFor, type ProviderHost } from "./provider-host";
import { captureRegistration, PROVIDER_KEY, type Registered } from "./serialized-provider";

type Props = Record<string, unknown>;
type Package = typeof import("../../provider");

const repoRoot = path.resolve(__dirname, "..", "..");
const WEBHOOK = "pulumi-nodejs:dynamic/99digital:PartnerWebhook";
const ONBOARDING = "pulumi-nodejs:dynamic/99digital:PartnerOnboarding";
const CLIENT_ID = "partner-4712";
const CLIENT_SECRET = "cl1ent-S3cret-never-printed-2";
const URL_A = "https://partner.example/99digital/events";
const URL_B = "https://elsewhere.example/hook";

function loadPackage(): Package {
  if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "host.js"))) {
    throw new Error("dist/ is missing: run `npx tsc -p tsconfig.json` before this test");
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("pulumi-99digital") as Package;
}

describe("level 3: PartnerWebhook and PartnerOnboarding in Pulumi's dynamic provider host", function () {
  this.timeout(20000);

  let sim: Simulator;
  let host: ProviderHost;
  let outside: PartnersClient;
  let registered: Registered[];
  const byName = (name: string) => {
    const found = registered.find((r) => r.name === name);
    assert.ok(found, `no resource "${name}" was registered`);
    return found;
  };

  before(async () => {
    const digital99 = loadPackage();
    registered = await captureRegistration(() => {
      new digital99.PartnerWebhook("events", { url: URL_A });
      new digital99.PartnerWebhook("events-again", { url: URL_B });
      new digital99.PartnerOnboarding("texts", { message: "Welcome", button: "Connect" });
      new digital99.PartnerOnboarding("texts-again", { button: "Go" });
    });
    sim = await startSimulator({ port: 0, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    outside = new PartnersClient({
      apiUrl: sim.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
    });
    host = await startProviderHost({
      cwd: repoRoot,
      config: {
        "digital99:apiUrl": sim.url,
        "digital99:clientId": CLIENT_ID,
        "digital99:clientSecret": CLIENT_SECRET,
      },
      secretConfigKeys: ["digital99:clientSecret"],
      env: {
        DIGITAL99_CLIENT_ID: undefined,
        DIGITAL99_CLIENT_SECRET: undefined,
        DIGITAL99_ACCESS_TOKEN: undefined,
        DIGITAL99_API_URL: undefined,
      },
    });
  });

  after(async () => {
    await host?.close();
    await outside?.close();
    await sim?.close();
  });

  it("registers both kinds with the same small stub and a resource key", () => {
    const events = byName("events");
    const texts = byName("texts");
    assert.equal(events.type, WEBHOOK);
    assert.equal(texts.type, ONBOARDING);
    assert.match(String(events.inputs[PROVIDER_KEY]), /providerFor\("PartnerWebhook"\)/);
    assert.match(String(texts.inputs[PROVIDER_KEY]), /providerFor\("PartnerOnboarding"\)/);
    assert.match(String(events.inputs.resourceKey), /^pulumi[0-9a-f]{24}$/);
    assert.notEqual(events.inputs.resourceKey, byName("events-again").inputs.resourceKey);
  });

  describe("PartnerWebhook", () => {
    const urn = urnFor(WEBHOOK, "events");
    let checked: Props;
    let outs: Props;

    it("checks, creates (taking over the webhook with a warning) and reads back", async () => {
      await outside.settings.setWebhook({ url: URL_B });
      const bad = await host.check(urn, {}, { ...byName("events").wireInputs, url: "ftp://x" });
      assert.deepEqual(
        bad.failures.map((f) => f.property),
        ["url"],
      );
      const result = await host.check(urn, {}, byName("events").wireInputs);
      assert.deepEqual(result.failures, []);
      checked = result.inputs;
      const created = await host.create(urn, checked);
      assert.equal(created.id, "webhook");
      outs = created.outs;
      assert.equal(sim.webhookUrl(), URL_A);
      await host.waitForStderr(/the partner's webhook was "https:\/\/elsewhere.example\/…"/);
    });

    it("refuses a second PartnerWebhook of the stack at check", async () => {
      const second = await host.check(
        urnFor(WEBHOOK, "events-again"),
        {},
        byName("events-again").wireInputs,
      );
      assert.equal(second.failures.length, 1);
      assert.match(second.failures[0].reason, /another PartnerWebhook of this stack/);
    });

    it("shows a change made outside Pulumi at refresh", async () => {
      await outside.settings.setWebhook({ url: URL_B });
      const read = await host.read("webhook", urn, outs, checked);
      assert.equal(read.props.url, URL_B);
      assert.equal(read.inputs?.url, URL_B);
      await host.waitForStderr(/webhook was changed outside Pulumi/);
    });

    it("puts it back in place on update", async () => {
      const diff = await host.diff("webhook", urn, { ...outs, url: URL_B }, checked);
      assert.equal(diff.changes, "some");
      assert.deepEqual(diff.replaces, []);
      await host.update("webhook", urn, { ...outs, url: URL_B }, checked);
      assert.equal(sim.webhookUrl(), URL_A);
    });

    it("deletes by leaving the URL in place, with a warning", async () => {
      await host.delete("webhook", urn, outs);
      assert.equal(sim.webhookUrl(), URL_A);
      await host.waitForStderr(/the Partners API has no way to clear it/);
    });
  });

  describe("PartnerOnboarding", () => {
    const urn = urnFor(ONBOARDING, "texts");

    it("checks, creates with one setBusiness, and reads without asking", async () => {
      const result = await host.check(urn, {}, byName("texts").wireInputs);
      assert.deepEqual(result.failures, []);
      const before = sim.requestCount("settings/setBusiness");
      const created = await host.create(urn, result.inputs);
      assert.equal(created.id, "onboarding");
      assert.equal(sim.requestCount("settings/setBusiness") - before, 1);
      assert.deepEqual(sim.business(), {
        onboarding_message: "Welcome",
        onboarding_button: "Connect",
      });
      const requests = sim.requestCount();
      const read = await host.read("onboarding", urn, created.outs, result.inputs);
      assert.equal(sim.requestCount(), requests);
      assert.equal(read.props.message, "Welcome");
    });

    it("names every bad text at check", async () => {
      const bad = await host.check(
        urn,
        {},
        { ...byName("texts").wireInputs, message: "", button: "b".repeat(51) },
      );
      assert.deepEqual(bad.failures.map((f) => f.property).sort(), ["button", "message"]);
    });

    it("refuses a second PartnerOnboarding of the stack at check (checked last: both then conflict)", async () => {
      const second = await host.check(
        urnFor(ONBOARDING, "texts-again"),
        {},
        byName("texts-again").wireInputs,
      );
      assert.equal(second.failures.length, 1);
      assert.match(second.failures[0].reason, /another PartnerOnboarding of this stack/);
    });
  });

  // A suite of its own: mocha runs a suite's own tests before its nested suites.
  describe("afterwards", () => {
    it("never printed the client secret", () => {
      assert.ok(host.stderr.length > 0);
      assert.ok(!host.stderr.includes(CLIENT_SECRET));
    });
  });
});
