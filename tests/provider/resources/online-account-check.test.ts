// OnlineAccount's check against hostile input: whatever JSON a program sends, check answers
// (never throws), with one failure per bad field, null as absent, and messages of bounded size.
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

const hostileValues: unknown[] = [
  null,
  0,
  -1,
  1e308,
  "",
  " ",
  "x".repeat(1_000_000),
  "\u0000",
  "😀".repeat(200),
  [],
  [1, 2],
  {},
  { toString: "x", __proto__: { polluted: true } },
  true,
  false,
  nested(100_000),
  [unknownValue, "x"],
];

describe("OnlineAccount check against any JSON", function () {
  let f: ProviderFixture;
  before(async () => {
    f = await startProviderFixture();
  });
  after(async () => {
    await f.close();
  });

  for (const field of [...Object.keys(fields), "notAField"]) {
    it(`never throws and reports at most one failure for ${field}`, async () => {
      for (const value of hostileValues) {
        const result = await f.provider.check({}, accountInputs({ [field]: value }));
        const properties = (result.failures ?? []).map((x) => x.property);
        assert.equal(new Set(properties).size, properties.length, `${field}: ${properties.join()}`);
        for (const failure of result.failures ?? []) {
          assert.ok(failure.reason.length < 2_000, `${field}: reason of ${failure.reason.length}`);
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
