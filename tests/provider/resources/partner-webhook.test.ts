import assert from "node:assert/strict";
import { PartnersClient } from "../../../provider/client";
import { unknownValue } from "../../../provider/resources/fields";
import { PartnerWebhookProvider } from "../../../provider/resources/partner-webhook/provider";
import type { PartnerWebhookOutputs } from "../../../provider/resources/partner-webhook/schema";
import { docsTable, expectedChange, ruleCellProblems } from "./partner-docs";
import { fields } from "../../../provider/resources/partner-webhook/schema";
import { startProviderFixture, type ProviderFixture } from "./fixtures";

// Tokens in the URLs, as partners put them there: the API signs no event.
const URL_A = "https://partner.example/99digital/events?token=wh-A-T0ken";
const URL_B = "https://other.example/99digital/v2/wh-B-T0ken";
const TOKENS = /wh-[AB]-T0ken|99digital\/(events|v2)/;

function state(url: string, resourceKey = "pulumiwebhookkey1"): PartnerWebhookOutputs {
  return { url, resourceKey };
}

describe("PartnerWebhook provider against the simulator", function () {
  let f: ProviderFixture;
  let provider: PartnerWebhookProvider;
  let outside: PartnersClient;
  beforeEach(async () => {
    f = await startProviderFixture();
    provider = new PartnerWebhookProvider(f.runtime);
    outside = new PartnersClient({
      apiUrl: f.sim.url,
      clientId: f.sim.clientId,
      clientSecret: f.sim.clientSecret,
    });
  });
  afterEach(async () => {
    await outside.close();
    await f.close();
  });

  describe("check", () => {
    it("accepts an http(s) URL", async () => {
      const { inputs, failures } = await provider.check({}, { url: URL_A, resourceKey: "k1" });
      assert.deepEqual(failures, []);
      assert.deepEqual(inputs, { url: URL_A, resourceKey: "k1" });
    });

    const bad: Array<[string, unknown, RegExp]> = [
      ["url", "ftp://partner.example/x", /url must be an http\(s\) URL of at most 512 characters/],
      ["url", `https://partner.example/${"x".repeat(500)}`, /url .*512/],
      ["url", 42, /url/],
      ["secret", "x", /secret is not an input of PartnerWebhook/],
    ];
    for (const [property, value, reason] of bad) {
      it(`rejects ${property} = ${JSON.stringify(value).slice(0, 24)} naming the field`, async () => {
        const { failures } = await provider.check({}, { url: URL_A, [property]: value });
        assert.equal(failures?.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, property);
        assert.match(failures[0].reason, reason);
      });
    }

    it("requires the url", async () => {
      const { failures } = await provider.check({}, {});
      assert.deepEqual(
        failures?.map((x) => x.property),
        ["url"],
      );
    });

    it("skips an unknown url at preview", async () => {
      const { failures } = await provider.check({}, { url: unknownValue });
      assert.deepEqual(failures, []);
    });

    it("refuses a second PartnerWebhook in the stack, not the same one checked again", async () => {
      const first = await provider.check({}, { url: URL_A, resourceKey: "first" });
      assert.deepEqual(first.failures, []);
      const again = await provider.check(state(URL_A, "first"), {
        url: URL_A,
        resourceKey: "first",
      });
      assert.deepEqual(again.failures, []);
      const second = await provider.check({}, { url: URL_B, resourceKey: "second" });
      assert.equal(second.failures?.length, 1);
      assert.equal(second.failures[0].property, "url");
      assert.match(
        second.failures[0].reason,
        /another PartnerWebhook of this stack already declares the partner's webhook/,
      );
    });

    it("makes no request", async () => {
      await provider.check({}, { url: URL_A, resourceKey: "k" });
      assert.equal(f.sim.requestCount(), 0);
    });
  });

  it("is secret by its field table, so state, outputs and the plugin schema hold it encrypted", () => {
    assert.equal(fields.url.secret, true);
  });

  describe("diff", () => {
    it("updates a new url in place, and sees no change otherwise", async () => {
      const changed = await provider.diff("webhook", state(URL_A), state(URL_B));
      assert.equal(changed.changes, true);
      assert.deepEqual(changed.replaces, []);
      const same = await provider.diff("webhook", state(URL_A), state(URL_A));
      assert.equal(same.changes, false);
    });
  });

  describe("create", () => {
    it("sets the webhook, id webhook", async () => {
      const { id, outs } = await provider.create(state(URL_A));
      assert.equal(id, "webhook");
      assert.deepEqual(outs, state(URL_A));
      assert.equal(f.sim.webhookUrl(), URL_A);
      assert.deepEqual(f.warnings, []);
      assert.equal(f.sim.requestCount("settings/getWebhook"), 1);
      assert.equal(f.sim.requestCount("settings/setWebhook"), 1);
    });

    it("warns when it takes over a webhook pointing elsewhere", async () => {
      await outside.settings.setWebhook({ url: URL_B });
      await provider.create(state(URL_A));
      assert.equal(f.sim.webhookUrl(), URL_A);
      assert.equal(f.warnings.length, 1);
      assert.match(
        f.warnings[0],
        /webhook was "https:\/\/other.example\/…"; it now points at "https:\/\/partner.example\/…"/,
      );
      assert.doesNotMatch(f.warnings[0], TOKENS);
    });

    it("neither warns nor sets again when the webhook already has the url", async () => {
      await outside.settings.setWebhook({ url: URL_A });
      f.sim.resetRequestCounts();
      await provider.create(state(URL_A));
      assert.deepEqual(f.warnings, []);
      assert.equal(f.sim.requestCount("settings/setWebhook"), 0);
    });
  });

  describe("read", () => {
    it("returns the state unchanged and warns of nothing when in sync", async () => {
      await provider.create(state(URL_A));
      const read = await provider.read("webhook", state(URL_A));
      assert.deepEqual(read.props, state(URL_A));
      assert.deepEqual(read.inputs, state(URL_A));
      assert.deepEqual(f.warnings, []);
    });

    it("shows a change made outside Pulumi as a warning and in the inputs", async () => {
      await provider.create(state(URL_A));
      await outside.settings.setWebhook({ url: URL_B });
      const read = await provider.read("webhook", state(URL_A));
      assert.equal(read.id, "webhook");
      assert.equal(read.props?.url, URL_B);
      assert.equal(read.inputs?.url, URL_B);
      assert.equal(f.warnings.length, 1);
      assert.match(
        f.warnings[0],
        /changed outside Pulumi: it is "https:\/\/other.example\/…" \(state had "https:\/\/partner.example\/…"\)/,
      );
      assert.doesNotMatch(f.warnings[0], TOKENS);
    });

    it("says so when no webhook is set at all", async () => {
      const read = await provider.read("webhook", state(URL_A));
      assert.equal(read.props?.url, "");
      assert.match(
        f.warnings[0],
        /has no webhook set on 99digital \(state had "https:\/\/partner.example\/…"\)/,
      );
      assert.doesNotMatch(f.warnings[0], TOKENS);
    });
  });

  describe("update", () => {
    it("sets the new url in place", async () => {
      await provider.create(state(URL_A));
      const { outs } = await provider.update("webhook", state(URL_A), state(URL_B));
      assert.deepEqual(outs, state(URL_B));
      assert.equal(f.sim.webhookUrl(), URL_B);
    });

    it("keeps the resource's key", async () => {
      const { outs } = await provider.update("webhook", state(URL_A, "kept"), state(URL_B, "new"));
      assert.equal(outs?.resourceKey, "kept");
    });
  });

  describe("delete", () => {
    it("leaves the url in place, sends nothing, and says so", async () => {
      await provider.create(state(URL_A));
      const before = f.sim.requestCount();
      await provider.delete("webhook", state(URL_A));
      assert.equal(f.sim.requestCount(), before);
      assert.equal(f.sim.webhookUrl(), URL_A);
      assert.equal(f.warnings.length, 1);
      assert.match(
        f.warnings[0],
        /webhook stays set to "https:\/\/partner.example\/…" on 99digital: the Partners API has no way to clear it/,
      );
      assert.doesNotMatch(f.warnings[0], TOKENS);
    });
  });
});

describe("docs/partner-webhook.md", () => {
  it("states every input's change as the field table does", () => {
    const rows = docsTable("partner-webhook.md");
    const expected = Object.fromEntries(
      Object.entries(fields)
        .filter(([, rule]) => !rule.internal)
        .map(([key, rule]) => [key, expectedChange(rule, "webhook")]),
    );
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.input, r.change])), expected);
    assert.deepEqual(
      rows.flatMap((r) => ruleCellProblems(r, fields[r.input as keyof typeof fields])),
      [],
    );
  });
});
