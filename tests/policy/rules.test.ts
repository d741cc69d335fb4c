// The policy pack's rules as functions: each passes a compliant declaration
// and reports a violating one, with its configuration honoured. The engine
// suite (tests/engine/policy-pack.test.ts) runs the same rules through
// `pulumi preview --policy-pack`.
import assert from "node:assert/strict";
import {
  adminPasswordFromSecret,
  allowedServers,
  claimsDefaults,
  deletionProtection,
  kindOf,
  passwordDefaults,
  protectionDefaults,
  quotaDefaults,
  quotas,
  serversDefaults,
  typeOf,
  uniqueClaims,
  type DeclaredResource,
  type Kind,
} from "../../policy/rules";

let seq = 0;
const resource = (
  kind: Kind,
  props: Record<string, unknown>,
  name = `r${++seq}`,
): DeclaredResource => ({
  type: typeOf(kind),
  name,
  urn: `urn:pulumi:production::partner::${typeOf(kind)}::${name}`,
  props,
});

describe("policy rules", () => {
  it("names the types the engine records for the package's kinds", () => {
    assert.equal(typeOf("OnlineAccount"), "pulumi-nodejs:dynamic/99digital:OnlineAccount");
    assert.equal(kindOf("pulumi-nodejs:dynamic/99digital:WhatsAppInbox"), "WhatsAppInbox");
    assert.equal(kindOf("pulumi-nodejs:dynamic/other:OnlineAccount"), undefined);
    assert.equal(kindOf("pulumi-nodejs:dynamic/99digital:Unknown"), undefined);
  });

  describe("deletion-protection-in-production", () => {
    const off = { deletionProtection: false };
    it("reports protection turned off on an account, builder or inbox in production", () => {
      for (const kind of ["OnlineAccount", "Builder", "WhatsAppInbox"] as const) {
        const [v] = deletionProtection(resource(kind, off), protectionDefaults, "production");
        assert.match(v.message, new RegExp(`${kind} ".*" turns deletionProtection off`));
      }
    });
    it("passes protection on or left to its default, other stacks and other kinds", () => {
      const check = (r: DeclaredResource, stack = "production") =>
        deletionProtection(r, protectionDefaults, stack);
      assert.deepEqual(check(resource("OnlineAccount", { deletionProtection: true })), []);
      assert.deepEqual(check(resource("OnlineAccount", {})), []);
      assert.deepEqual(check(resource("OnlineAccount", off), "staging"), []);
      assert.deepEqual(check(resource("PartnerWebhook", off)), []);
    });
    it("follows the configured stacks and kinds", () => {
      const config = { productionStacks: ["live"], protectedKinds: ["Builder"] };
      assert.equal(deletionProtection(resource("Builder", off), config, "live").length, 1);
      assert.deepEqual(deletionProtection(resource("OnlineAccount", off), config, "live"), []);
      assert.deepEqual(deletionProtection(resource("Builder", off), config, "production"), []);
    });
  });

  describe("allowed-servers", () => {
    it("passes the default server and reports another", () => {
      assert.deepEqual(allowedServers(resource("OnlineAccount", {}), serversDefaults), []);
      const [v] = allowedServers(resource("OnlineAccount", { server: "eu2" }), serversDefaults);
      assert.match(v.message, /server "eu2", which is not an allowed server \(online\)/);
    });
    it("looks at inboxes and adopted accounts too, and honours the configured list", () => {
      assert.equal(
        allowedServers(resource("WhatsAppInbox", { server: "eu2" }), serversDefaults).length,
        1,
      );
      assert.equal(
        allowedServers(resource("OnlineAccount", { existingAccount: "eu2/8" }), serversDefaults)
          .length,
        1,
      );
      assert.deepEqual(
        allowedServers(resource("OnlineAccount", { server: "eu2" }), { servers: ["eu2"] }),
        [],
      );
    });
  });

  describe("quota-bounds", () => {
    it("passes quotas within bounds and reports each field outside them", () => {
      assert.deepEqual(
        quotas(resource("OnlineAccount", { agents: 10, inboxes: 3 }), quotaDefaults),
        [],
      );
      const violations = quotas(
        resource("OnlineAccount", { agents: 51, inboxes: 0 }),
        quotaDefaults,
      );
      assert.deepEqual(
        violations.map((v) => v.message.replace(/"r\d+"/, "X")),
        [
          "OnlineAccount X: agents is 51, outside the allowed 1-50",
          "OnlineAccount X: inboxes is 0, outside the allowed 1-10",
        ],
      );
    });
    it("with plans configured, reports quotas that match no plan", () => {
      const config = { ...quotaDefaults, plans: { team: { agents: 10, inboxes: 3 } } };
      assert.deepEqual(quotas(resource("OnlineAccount", { agents: 10, inboxes: 3 }), config), []);
      const [v] = quotas(resource("OnlineAccount", { agents: 10, inboxes: 4 }), config);
      assert.match(v.message, /10 agents and 4 inboxes match no plan \(team: 10\/3\)/);
    });
  });

  describe("admin-password-from-secret", () => {
    const key = "partner:initialAdminPassword";
    const stack = {
      config: { [key]: "Str0ng!Pass", "partner:plain": "Plain!Pass1" },
      secretKeys: [key],
    };
    const account = (adminPassword: string) => resource("OnlineAccount", { adminPassword });
    it("passes a password taken from a secret config key or from another resource", () => {
      assert.deepEqual(
        adminPasswordFromSecret(account("Str0ng!Pass"), passwordDefaults, stack),
        [],
      );
      const generated = {
        ...account("Gen3rated!"),
        propertyDependencies: { adminPassword: ["urn:random"] },
      };
      assert.deepEqual(adminPasswordFromSecret(generated, passwordDefaults, stack), []);
    });
    it("reports a password written in the program, without repeating it", () => {
      const [v] = adminPasswordFromSecret(account("Literal!Pass1"), passwordDefaults, stack);
      assert.match(v.message, /adminPassword is written in the program/);
      assert.ok(!v.message.includes("Literal!Pass1"));
    });
    it("reports a password kept in plain-text config", () => {
      const [v] = adminPasswordFromSecret(account("Plain!Pass1"), passwordDefaults, stack);
      assert.match(v.message, /comes from partner:plain, which the stack keeps in plain text/);
    });
    it("with configKeys, accepts only those keys", () => {
      const only = { configKeys: ["partner:other"] };
      assert.equal(adminPasswordFromSecret(account("Str0ng!Pass"), only, stack).length, 1);
    });
    it("without secret keys from the engine, accepts any config key; without config, judges nothing", () => {
      const noKeys = { config: stack.config };
      assert.deepEqual(
        adminPasswordFromSecret(account("Plain!Pass1"), passwordDefaults, noKeys),
        [],
      );
      assert.equal(
        adminPasswordFromSecret(account("Literal!Pass1"), passwordDefaults, noKeys).length,
        1,
      );
      assert.deepEqual(
        adminPasswordFromSecret(account("Literal!Pass1"), passwordDefaults, { config: {} }),
        [],
      );
    });
  });

  describe("unique-claims", () => {
    it("passes distinct claims", () => {
      const resources = [
        resource("OnlineAccount", { reference: "acme", existingAccount: "online/8" }),
        resource("OnlineAccount", { reference: "globex", existingAccount: "9" }),
        resource("WhatsAppInbox", { whatsappNumber: "972501234567" }),
        resource("WhatsAppInbox", { whatsappNumber: "972501234568" }),
        resource("PartnerWebhook", { url: "https://partner.example/a" }),
      ];
      assert.deepEqual(uniqueClaims(resources, claimsDefaults), []);
    });
    it("reports every resource of a shared account, reference, number or webhook", () => {
      const cases: [DeclaredResource[], RegExp][] = [
        [
          [
            resource("OnlineAccount", { existingAccount: "online/8" }),
            resource("OnlineAccount", { existingAccount: "8" }),
          ],
          /all claim account online\/8/,
        ],
        [
          [
            resource("OnlineAccount", { reference: "acme" }),
            resource("OnlineAccount", { reference: "acme" }),
          ],
          /all claim reference "acme" on online/,
        ],
        [
          [
            resource("WhatsAppInbox", { whatsappNumber: "972501234567" }),
            resource("WhatsAppInbox", { whatsappNumber: "+972 50 123 4567" }),
          ],
          /all claim WhatsApp number 972501234567/,
        ],
        [
          [resource("PartnerWebhook", {}), resource("PartnerWebhook", {})],
          /all claim the partner's webhook/,
        ],
      ];
      for (const [resources, message] of cases) {
        const violations = uniqueClaims(resources, claimsDefaults);
        assert.equal(violations.length, 2);
        assert.deepEqual(
          violations.map((v) => v.urn),
          resources.map((r) => r.urn),
        );
        assert.match(violations[0].message, message);
      }
    });
    it("allows shared references when configured", () => {
      const resources = [
        resource("OnlineAccount", { reference: "acme" }),
        resource("OnlineAccount", { reference: "acme" }),
      ];
      assert.deepEqual(uniqueClaims(resources, { allowSharedReferences: true }), []);
    });
  });
});
