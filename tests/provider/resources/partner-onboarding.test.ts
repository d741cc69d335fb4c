import assert from "node:assert/strict";
import { PartnersClient } from "../../../provider/client";
import { unknownValue } from "../../../provider/resources/fields";
import { PartnerOnboardingProvider } from "../../../provider/resources/partner-onboarding/provider";
import {
  fields,
  type PartnerOnboardingOutputs,
} from "../../../provider/resources/partner-onboarding/schema";
import { docsTable, expectedChange, ruleCellProblems } from "./partner-docs";
import { startProviderFixture, type ProviderFixture } from "./fixtures";

const TEXTS = {
  logo: "https://partner.example/logo.png",
  message: "Welcome to Acme support",
  button: "Connect WhatsApp",
  success: "You are connected",
  failed: "Something went wrong, try again",
};

function state(overrides: Partial<PartnerOnboardingOutputs> = {}): PartnerOnboardingOutputs {
  return { ...TEXTS, resourceKey: "pulumionboardingkey1", ...overrides };
}

describe("PartnerOnboarding provider against the simulator", function () {
  let f: ProviderFixture;
  let provider: PartnerOnboardingProvider;
  let outside: PartnersClient;
  beforeEach(async () => {
    f = await startProviderFixture();
    provider = new PartnerOnboardingProvider(f.runtime);
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
    it("accepts the five texts, or any one of them", async () => {
      assert.deepEqual((await provider.check({}, { ...TEXTS, resourceKey: "a" })).failures, []);
      assert.deepEqual((await provider.check({}, { button: "Go", resourceKey: "a" })).failures, []);
    });

    const bad: Array<[string, unknown, RegExp]> = [
      ["logo", "ftp://partner.example/logo.png", /^logo must be an http\(s\) URL of at most 512/],
      ["message", "m".repeat(201), /^message must be text of at most 200 characters/],
      ["message", "   ", /^message must not be blank/],
      ["button", "b".repeat(51), /^button must be text of at most 50 characters/],
      ["success", "s".repeat(201), /^success .*200/],
      ["failed", "", /^failed must not be blank/],
      ["logo", "", /^logo must not be blank/],
      ["failed", 3, /^failed/],
      ["title", "x", /title is not an input of PartnerOnboarding/],
    ];
    for (const [property, value, reason] of bad) {
      it(`rejects ${property} = ${JSON.stringify(value).slice(0, 20)} naming the field`, async () => {
        const { failures } = await provider.check({}, { ...TEXTS, [property]: value });
        assert.equal(failures?.length, 1, JSON.stringify(failures));
        assert.equal(failures[0].property, property);
        assert.match(failures[0].reason, reason);
      });
    }

    it("reports every bad field at once, one failure each", async () => {
      const { failures } = await provider.check(
        {},
        { logo: "nope", message: "", button: "b".repeat(51) },
      );
      assert.deepEqual(
        failures?.map((x) => x.property),
        ["logo", "message", "button"],
      );
    });

    it("needs at least one text", async () => {
      const { failures } = await provider.check({}, {});
      assert.equal(failures?.length, 1);
      assert.match(
        failures[0].reason,
        /PartnerOnboarding needs at least one of logo, message, button, success and failed/,
      );
    });

    it("counts an unknown text as given at preview", async () => {
      const { failures } = await provider.check({}, { message: unknownValue });
      assert.deepEqual(failures, []);
    });

    it("refuses a second PartnerOnboarding in the stack", async () => {
      assert.deepEqual(
        (await provider.check({}, { button: "A", resourceKey: "one" })).failures,
        [],
      );
      const second = await provider.check({}, { button: "B", resourceKey: "two" });
      assert.equal(second.failures?.length, 1);
      assert.match(
        second.failures[0].reason,
        /another PartnerOnboarding of this stack already declares the partner's onboarding texts/,
      );
    });
  });

  describe("diff", () => {
    it("updates a changed text in place", async () => {
      const d = await provider.diff("onboarding", state(), state({ button: "Start" }));
      assert.equal(d.changes, true);
      assert.deepEqual(d.replaces, []);
      assert.deepEqual(f.warnings, []);
    });

    it("treats a text removed from the program as no change, with a warning", async () => {
      const news = state();
      delete news.message;
      const d = await provider.diff("onboarding", state(), news);
      assert.equal(d.changes, false);
      assert.equal(f.warnings.length, 1);
      assert.match(
        f.warnings[0],
        /message was removed from the program, but the Partners API cannot clear an onboarding text: 99digital keeps message "Welcome to Acme support"/,
      );
    });

    it("sees no change when nothing changed", async () => {
      assert.equal((await provider.diff("onboarding", state(), state())).changes, false);
    });
  });

  describe("create", () => {
    it("sends every text in one setBusiness", async () => {
      const { id, outs } = await provider.create(state());
      assert.equal(id, "onboarding");
      assert.deepEqual(outs, state());
      assert.deepEqual(f.sim.business(), {
        onboarding_logo: TEXTS.logo,
        onboarding_message: TEXTS.message,
        onboarding_button: TEXTS.button,
        onboarding_success: TEXTS.success,
        onboarding_failed: TEXTS.failed,
      });
      assert.equal(f.sim.requestCount("settings/setBusiness"), 1);
      assert.equal(f.sim.requestCount("settings/getWebhook"), 0);
    });

    it("leaves the texts the program does not name as they are", async () => {
      await outside.settings.setBusiness({ onboardingFailed: "set elsewhere" });
      await provider.create({ button: "Go", resourceKey: "k" });
      assert.deepEqual(f.sim.business(), {
        onboarding_button: "Go",
        onboarding_failed: "set elsewhere",
      });
    });
  });

  describe("read", () => {
    it("returns the state as it is, asking nothing: nothing can read the texts", async () => {
      await provider.create(state());
      await outside.settings.setBusiness({ onboardingMessage: "changed elsewhere" });
      const before = f.sim.requestCount();
      const read = await provider.read("onboarding", state());
      assert.equal(f.sim.requestCount(), before);
      assert.deepEqual(read.props, state());
      assert.deepEqual(read.inputs, state());
    });
  });

  describe("update", () => {
    it("sends only the texts that changed", async () => {
      await provider.create(state());
      f.sim.resetRequestCounts();
      await outside.settings.setBusiness({ onboardingMessage: "changed elsewhere" });
      const { outs } = await provider.update("onboarding", state(), state({ button: "Start" }));
      assert.deepEqual(outs, state({ button: "Start" }));
      assert.equal(f.sim.business().onboarding_button, "Start");
      // Not re-sent: the resource cannot know it changed (see read).
      assert.equal(f.sim.business().onboarding_message, "changed elsewhere");
      assert.equal(f.sim.requestCount("settings/setBusiness"), 2);
    });

    it("keeps in state a text removed from the program, since 99digital keeps it", async () => {
      const news = state({ button: "Start" });
      delete news.success;
      const { outs } = await provider.update("onboarding", state(), news);
      assert.equal(outs?.success, TEXTS.success);
      assert.equal(outs?.button, "Start");
    });
  });

  describe("delete", () => {
    it("leaves the texts in place, sends nothing, and says so", async () => {
      await provider.create(state());
      const before = f.sim.requestCount();
      await provider.delete("onboarding", state());
      assert.equal(f.sim.requestCount(), before);
      assert.equal(f.sim.business().onboarding_message, TEXTS.message);
      assert.match(
        f.warnings[0],
        /onboarding logo, message, button, success and failed stay on 99digital as they are: the Partners API has no way to clear them/,
      );
    });
  });
});

describe("docs/partner-onboarding.md", () => {
  it("states every input's change as the field table does", () => {
    const rows = docsTable("partner-onboarding.md");
    const expected = Object.fromEntries(
      Object.entries(fields)
        .filter(([, rule]) => !rule.internal)
        .map(([key, rule]) => [key, expectedChange(rule, "texts")]),
    );
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.input, r.change])), expected);
    assert.deepEqual(
      rows.flatMap((r) => ruleCellProblems(r, fields[r.input as keyof typeof fields])),
      [],
    );
  });
});
