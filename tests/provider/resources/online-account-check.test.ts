// OnlineAccount's check against hostile input: whatever JSON a program sends, check answers
// (never throws): it refuses each value the API would refuse, with one failure naming the field
// and its rule, takes null as absent, and keeps its messages short.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { unknownValue } from "../../../provider/resources/fields";
import { fields } from "../../../provider/resources/online-account/schema";
import { accountInputs, startProviderFixture, type ProviderFixture } from "./fixtures";

const nested = (depth: number): unknown => {
  let v: unknown = "x";
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

const hostile: Record<string, unknown> = {
  null: null,
  zero: 0,
  minusOne: -1,
  huge: 1e308,
  empty: "",
  blank: " ",
  megabyte: "x".repeat(1_000_000),
  nul: "\u0000",
  emoji: "😀".repeat(200),
  emptyArray: [],
  array: [1, 2],
  emptyObject: {},
  prototypeTrick: { toString: "x", __proto__: { polluted: true } },
  true: true,
  false: false,
  deep: nested(100_000),
  // Holds a value not known yet (preview).
  unknownInside: [unknownValue, "x"],
};

/** What an input takes: these, and a value not known yet, which is checked when it is. */
const input = (...names: string[]) => [...names, "unknownInside"];

/**
 * Which hostile values each input takes (every other one is refused), and words of its rule the
 * refusal must give. Read from partners-api.md and docs/online-account.md, not from the schemas
 * under test: null is an absent value, so optional inputs take it; a NUL character is non-blank
 * text as far as the contract says.
 */
const expected: Record<string, { takes: string[]; rule: RegExp }> = {
  accountName: { takes: input("nul"), rule: /^accountName .*at most 100 characters/ },
  agents: { takes: input(), rule: /^agents .*whole number from 1 to 9999/ },
  inboxes: { takes: input(), rule: /^inboxes .*whole number from 1 to 999\b/ },
  adminEmail: { takes: input(), rule: /^adminEmail .*email address of at most 50 characters/ },
  adminName: { takes: input("nul"), rule: /^adminName .*at most 50 characters/ },
  adminDisplayName: { takes: input("nul"), rule: /^adminDisplayName .*at most 50 characters/ },
  adminPassword: { takes: input(), rule: /^adminPassword .*at least 6 characters/ },
  adminTwoFactor: { takes: input("null"), rule: /^adminTwoFactor .*"none", "email", "sms"/ },
  adminTwoFactorDestination: {
    takes: input("null", "empty"),
    rule: /^adminTwoFactorDestination must be (a string|left out when adminTwoFactor is "none")/,
  },
  server: { takes: input("null"), rule: /^server .*lower-case letters, digits and hyphens/ },
  reference: { takes: input(), rule: /^reference .*letters and digits/ },
  status: { takes: input("null"), rule: /^status .*"active", "suspended"/ },
  builderUrl: { takes: input("null", "empty"), rule: /^builderUrl .*http\(s\) URL of at most 150/ },
  deletionProtection: {
    takes: input("null", "true", "false"),
    rule: /^deletionProtection .*true or false/,
  },
  existingAccount: { takes: input("null"), rule: /^existingAccount .*<server>\/<accountId>/ },
  resourceKey: { takes: input("null"), rule: /^resourceKey .*letters and digits/ },
  notAField: { takes: ["null"], rule: /^notAField is not an input of OnlineAccount$/ },
};

describe("OnlineAccount check against any JSON", function () {
  let f: ProviderFixture;
  before(async () => {
    f = await startProviderFixture();
  });
  after(async () => {
    await f.close();
  });

  it("has an expectation for every input of the field table", () => {
    assert.deepEqual(Object.keys(expected).sort(), [...Object.keys(fields), "notAField"].sort());
  });

  for (const [field, { takes, rule }] of Object.entries(expected)) {
    it(`${field}: refuses every hostile value it does not take, naming ${field} and its rule, once`, async () => {
      for (const [name, value] of Object.entries(hostile)) {
        const result = await f.provider.check({}, accountInputs({ [field]: value }));
        const failures = result.failures ?? [];
        // The other inputs are valid: a failure may only be about this one.
        assert.deepEqual(
          failures.map((x) => x.property),
          takes.includes(name) ? [] : [field],
          `${field} = ${name}`,
        );
        for (const failure of failures) {
          assert.match(failure.reason, rule, `${field} = ${name}`);
          assert.ok(failure.reason.length < 2_000, `${field}: reason of ${failure.reason.length}`);
          assert.ok(!failure.reason.includes("x".repeat(100)), `${field} = ${name} is repeated`);
        }
      }
    });
  }

  it("takes null as absent for every optional input, defaults included", async () => {
    const optional = [
      "adminTwoFactor",
      "adminTwoFactorDestination",
      "server",
      "status",
      "builderUrl",
      "deletionProtection",
      "existingAccount",
    ];
    for (const field of optional) {
      const { inputs, failures } = await f.provider.check({}, accountInputs({ [field]: null }));
      assert.deepEqual(failures, [], field);
      assert.notEqual(inputs?.[field as keyof typeof inputs], null, field);
    }
    const { inputs } = await f.provider.check({}, accountInputs({ status: null, server: null }));
    assert.equal(inputs?.status, "active");
    assert.equal(inputs?.server, "online");
  });

  it("fills a reference that resolved to nothing from the resource's key, or refuses", async () => {
    const filled = await f.provider.check(
      {},
      accountInputs({ reference: undefined, resourceKey: "pulumi0123456789abcdef01234567" }),
    );
    assert.deepEqual(filled.failures, []);
    assert.equal(filled.inputs?.reference, "pulumi0123456789abcdef01234567");

    const refused = await f.provider.check({}, accountInputs({ reference: null }));
    assert.deepEqual(
      refused.failures?.map((x) => x.property),
      ["reference"],
    );
    assert.match(refused.failures?.[0].reason ?? "", /reference is required/);
  });

  it("gives one failure per field when protection has something to say about it too", async () => {
    const olds = accountInputs();
    const { failures } = await f.provider.check(olds, { ...olds, agents: 0, inboxes: 9 });
    assert.deepEqual(failures?.map((x) => x.property).sort(), ["agents", "inboxes"]);
    const agents = failures?.find((x) => x.property === "agents")?.reason ?? "";
    assert.match(agents, /agents must be a whole number/);
    assert.match(agents, /would replace the account/);
  });

  it("never repeats a huge value in a protection message", async () => {
    const olds = accountInputs({ accountName: "n".repeat(100), server: "s".repeat(30) });
    const { failures } = await f.provider.check(olds, { ...olds, server: "t".repeat(5_000) });
    const reason = failures?.find((x) => x.property === "server")?.reason ?? "";
    assert.ok(reason.length < 1_200, `reason of ${reason.length} characters`);
    assert.match(reason, /… \(\d+ characters\)/);
  });

  it("accepts the resource's own key and rejects inputs it does not know", async () => {
    const ok = await f.provider.check({}, accountInputs({ resourceKey: "pulumiabc" }));
    assert.deepEqual(ok.failures, []);
    const bad = await f.provider.check({}, accountInputs({ adminPasword: "x" }));
    assert.deepEqual(bad.failures, [
      { property: "adminPasword", reason: "adminPasword is not an input of OnlineAccount" },
    ]);
    assert.ok(!inspect(bad.failures).includes("Str0ng!Pass"));
  });
});
