// The resource options a protected kind registers with: Pulumi's `protect` follows
// deletionProtection, so the engine refuses a removal at preview. The engine suite
// (tests/engine/plan-apply.test.ts) shows the engine honouring what these options say.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { kinds } from "../../../provider/resources/kinds";
import { withDeletionProtection } from "../../../provider/resources/protection";

const account = kinds.OnlineAccount.fields;

/** What the transform a resource got tells the engine, for `value` as the engine resolved it. */
async function protectAfterTransform(
  opts: pulumi.CustomResourceOptions,
  value: unknown,
  programProtect = false,
): Promise<boolean | undefined> {
  assert.equal(opts.transforms?.length, 1, "one transform reads the resolved value");
  const result = await opts.transforms[0]({
    custom: true,
    type: "pulumi-nodejs:dynamic/99digital:OnlineAccount",
    name: "acme",
    props: { accountName: "Acme", deletionProtection: value },
    opts: { protect: programProtect },
  });
  assert.deepEqual(result?.props, { accountName: "Acme", deletionProtection: value });
  return (result?.opts as pulumi.CustomResourceOptions | undefined)?.protect;
}

describe("deletion protection as Pulumi's protect option", () => {
  it("every kind with deletionProtection is protected by default; the others are left alone", () => {
    const protectedKinds = Object.entries(kinds)
      .filter(([, spec]) => withDeletionProtection(spec.fields, {}).protect === true)
      .map(([kind]) => kind);
    assert.deepEqual(protectedKinds, ["OnlineAccount", "Builder", "WhatsAppInbox"]);
    assert.deepEqual(withDeletionProtection(kinds.PartnerWebhook.fields, {}, {}), {});
  });

  it("follows a plain deletionProtection; null is the default, on", () => {
    assert.equal(withDeletionProtection(account, { deletionProtection: true }).protect, true);
    assert.equal(withDeletionProtection(account, { deletionProtection: null }).protect, true);
    assert.equal(withDeletionProtection(account, { deletionProtection: false }).protect, undefined);
  });

  it("keeps the program's own protect, and the other options it was given", () => {
    const dependsOn: pulumi.Resource[] = [];
    assert.deepEqual(
      withDeletionProtection(account, { deletionProtection: false }, { protect: true, dependsOn }),
      { protect: true, dependsOn },
    );
    assert.deepEqual(
      withDeletionProtection(account, { deletionProtection: true }, { protect: false, dependsOn }),
      { protect: true, dependsOn },
    );
  });

  it("sets nothing when removing deletes nothing remotely: retainOnDelete, deletedWith", () => {
    const retained = { retainOnDelete: true };
    assert.deepEqual(withDeletionProtection(account, {}, retained), retained);
    const withAccount = { deletedWith: {} as pulumi.Resource };
    assert.deepEqual(withDeletionProtection(account, {}, withAccount), withAccount);
  });

  it("an Output is read when the engine has resolved it: false turns protect off", async () => {
    const opts = withDeletionProtection(account, { deletionProtection: pulumi.output(false) });
    assert.equal(opts.protect, undefined, "not decided before the value is known");
    assert.equal(await protectAfterTransform(opts, false), false);
    assert.equal(await protectAfterTransform(opts, true), true);
    assert.equal(await protectAfterTransform(opts, false, true), true, "the program's protect");
  });

  it("an Output still unknown (a preview) counts as on, and a secret false as false", async () => {
    const opts = withDeletionProtection(account, {
      deletionProtection: pulumi.secret(pulumi.output(false)),
    });
    assert.equal(await protectAfterTransform(opts, pulumi.runtime.unknownValue), true);
    const secretFalse = {
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      value: false,
    };
    assert.equal(await protectAfterTransform(opts, secretFalse), false);
  });

  it("adds its transform after the program's own", () => {
    const own: pulumi.ResourceTransform = () => undefined;
    const opts = withDeletionProtection(
      account,
      { deletionProtection: Promise.resolve(true) },
      { transforms: [own] },
    );
    assert.equal(opts.transforms?.length, 2);
    assert.equal(opts.transforms?.[0], own);
  });
});
