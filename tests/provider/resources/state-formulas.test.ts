// The formulas whose results users' states hold: derived references and resource keys (inputs of
// every resource), the type tokens of both adapters (in every URN) and the `__provider` text (in
// every dynamic resource's inputs and outputs). A change to any of them shows a difference, or a
// replacement, on every existing resource, so each is pinned here by literal values written
// independently of the code: the hashes come from `printf '<project>\0<stack>\0<name>' |
// sha256sum | cut -c1-24`, not from calling derivedReference.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { tokenOf } from "../../../provider/plugin/tokens";
import { providerText, typeToken } from "../../../provider/resources/dynamic";
import { kinds } from "../../../provider/resources/kinds";
import { derivedReference } from "../../../provider/resources/reference";
import { resourceKeyFor, resourceKeyFromUrn } from "../../../provider/resources/resource-key";

const PARENT = "urn:pulumi:prod::shop::shop:index:Customer::acme-group";

/** Every kind's names in state, as released. A new kind is a new row. */
const released = {
  OnlineAccount: {
    dynamic: "pulumi-nodejs:dynamic/99digital:OnlineAccount",
    plugin: "digital99:index:OnlineAccount",
  },
  Builder: {
    dynamic: "pulumi-nodejs:dynamic/99digital:Builder",
    plugin: "digital99:index:Builder",
  },
  WhatsAppInbox: {
    dynamic: "pulumi-nodejs:dynamic/99digital:WhatsAppInbox",
    plugin: "digital99:index:WhatsAppInbox",
  },
  PartnerWebhook: {
    dynamic: "pulumi-nodejs:dynamic/99digital:PartnerWebhook",
    plugin: "digital99:index:PartnerWebhook",
  },
  PartnerOnboarding: {
    dynamic: "pulumi-nodejs:dynamic/99digital:PartnerOnboarding",
    plugin: "digital99:index:PartnerOnboarding",
  },
};

/** The `__provider` of each kind, byte for byte as released. */
const releasedProviderText = {
  OnlineAccount:
    'exports.handler=()=>{try{return require("pulumi-99digital/provider-host").providerFor("OnlineAccount")}catch(e){throw new Error("install pulumi-99digital beside the program: "+e.message)}}',
  Builder:
    'exports.handler=()=>{try{return require("pulumi-99digital/provider-host").providerFor("Builder")}catch(e){throw new Error("install pulumi-99digital beside the program: "+e.message)}}',
  WhatsAppInbox:
    'exports.handler=()=>{try{return require("pulumi-99digital/provider-host").providerFor("WhatsAppInbox")}catch(e){throw new Error("install pulumi-99digital beside the program: "+e.message)}}',
  PartnerWebhook:
    'exports.handler=()=>{try{return require("pulumi-99digital/provider-host").providerFor("PartnerWebhook")}catch(e){throw new Error("install pulumi-99digital beside the program: "+e.message)}}',
  PartnerOnboarding:
    'exports.handler=()=>{try{return require("pulumi-99digital/provider-host").providerFor("PartnerOnboarding")}catch(e){throw new Error("install pulumi-99digital beside the program: "+e.message)}}',
};

function resolved(value: pulumi.Input<string>): Promise<string> {
  return new Promise((resolve) => void pulumi.output(value).apply((v) => resolve(v)));
}

describe("the formulas users' states hold, pinned to their released values", () => {
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: {} }),
        call: () => ({}),
      },
      "shop",
      "prod",
    );
  });

  it("pins every kind: the registry has exactly the released kinds", () => {
    assert.deepEqual(Object.keys(kinds).sort(), Object.keys(released).sort());
  });

  describe("derivedReference", () => {
    for (const [project, stack, name, expected] of [
      ["proj", "dev", "acme", "pulumib1444bbbc2be90e01395563c"],
      ["shop", "prod", "crm", "pulumi0c5526e0d9579521e4f24930"],
      ["shop", "prod", "חנות-1", "pulumie60e0598a71ab2e4cecfc261"],
      ["shop", "prod", "", "pulumi03030279943e7f5c4714e920"],
    ]) {
      it(`derives ${expected} for ${JSON.stringify([project, stack, name])}`, () => {
        assert.equal(derivedReference(project, stack, name), expected);
      });
    }
  });

  describe("resource keys", () => {
    it("a top-level resource's key in the dynamic resources and in the plugin", async () => {
      assert.equal(
        await resolved(resourceKeyFor("crm", undefined)),
        "pulumi0c5526e0d9579521e4f24930",
      );
      assert.equal(
        resourceKeyFromUrn("urn:pulumi:prod::shop::digital99:index:Builder::crm"),
        "pulumi0c5526e0d9579521e4f24930",
      );
    });

    it("a child's key in the dynamic resources: its parent's URN, '::' and its name", async () => {
      const parent = { urn: pulumi.output(PARENT) } as unknown as pulumi.Resource;
      assert.equal(await resolved(resourceKeyFor("crm", parent)), "pulumi9c2a45dc56b1c0ff1281f0f8");
    });

    it("a child's key in the plugin: its own URN", () => {
      assert.equal(
        resourceKeyFromUrn(
          "urn:pulumi:prod::shop::shop:index:Customer$digital99:index:Builder::crm",
        ),
        "pulumi5ef07ddfaddd51bc6c2dc93b",
      );
    });
  });

  for (const [kind, tokens] of Object.entries(released)) {
    describe(kind, () => {
      it(`registers dynamic resources as ${tokens.dynamic}`, () => {
        assert.equal(typeToken(kind), tokens.dynamic);
      });

      it(`serves ${tokens.plugin} from the provider plugin`, () => {
        assert.equal(tokenOf(kind), tokens.plugin);
      });

      it("stores the released __provider text", () => {
        assert.equal(providerText(kind), releasedProviderText[kind as keyof typeof released]);
      });
    });
  }
});
