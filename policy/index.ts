// The 99digital policy pack: guardrails for stacks of pulumi-99digital
// resources. Run it with `pulumi preview --policy-pack <this folder>`, and
// configure each rule per stack with `--policy-pack-config <file>.json`
// (README.md lists the rules and their settings).
// First: it must see the policy runtime's gRPC server being set up.
import { stackContext } from "./stack-context";
import { PolicyPack, type ReportViolation } from "@pulumi/policy";
import {
  adminPasswordFromSecret,
  allowedServers,
  claimsDefaults,
  deletionProtection,
  passwordDefaults,
  protectionDefaults,
  quotaDefaults,
  quotas,
  serversDefaults,
  uniqueClaims,
  type DeclaredResource,
  type Violation,
} from "./rules";

const report = (reportViolation: ReportViolation, violations: Violation[]) => {
  for (const v of violations) reportViolation(v.message, v.urn);
};

const stringList = { type: "array", items: { type: "string" } } as const;
const count = { type: "integer", minimum: 0 } as const;

new PolicyPack("99digital", {
  enforcementLevel: "mandatory",
  policies: [
    {
      name: "deletion-protection-in-production",
      description:
        "In production stacks, accounts, builders and inboxes keep deletionProtection on.",
      configSchema: {
        properties: {
          productionStacks: { ...stringList, default: protectionDefaults.productionStacks },
          protectedKinds: { ...stringList, default: protectionDefaults.protectedKinds },
        },
      },
      validateResource: (args, reportViolation) =>
        report(
          reportViolation,
          deletionProtection(
            args,
            { ...protectionDefaults, ...args.getConfig() },
            stackContext().stack,
          ),
        ),
    },
    {
      name: "allowed-servers",
      description: "Accounts and inboxes live on an allowed 99digital server.",
      configSchema: {
        properties: { servers: { ...stringList, default: serversDefaults.servers } },
      },
      validateResource: (args, reportViolation) =>
        report(reportViolation, allowedServers(args, { ...serversDefaults, ...args.getConfig() })),
    },
    {
      name: "quota-bounds",
      description: "Accounts' agents and inboxes stay within the configured bounds or plans.",
      configSchema: {
        properties: {
          minAgents: { ...count, default: quotaDefaults.minAgents },
          maxAgents: { ...count, default: quotaDefaults.maxAgents },
          minInboxes: { ...count, default: quotaDefaults.minInboxes },
          maxInboxes: { ...count, default: quotaDefaults.maxInboxes },
          plans: {
            type: "object",
            additionalProperties: {
              type: "object",
              properties: { agents: count, inboxes: count },
              required: ["agents", "inboxes"],
            },
          },
        },
      },
      validateResource: (args, reportViolation) =>
        report(reportViolation, quotas(args, { ...quotaDefaults, ...args.getConfig() })),
    },
    {
      name: "admin-password-from-secret",
      description:
        "An account's adminPassword comes from the stack's (secret) config or another " +
        "resource's output, never from a literal in the program.",
      configSchema: {
        properties: { configKeys: { ...stringList, default: passwordDefaults.configKeys } },
      },
      validateStack: (args, reportViolation) => {
        const config = { ...passwordDefaults, ...args.getConfig() };
        const stack = stackContext();
        for (const resource of args.resources) {
          report(reportViolation, adminPasswordFromSecret(declared(resource), config, stack));
        }
      },
    },
    {
      name: "unique-claims",
      description:
        "No two resources claim the same account (existingAccount, reference), WhatsApp " +
        "number or the partner's webhook.",
      configSchema: {
        properties: {
          allowSharedReferences: {
            type: "boolean",
            default: claimsDefaults.allowSharedReferences,
          },
        },
      },
      validateStack: (args, reportViolation) =>
        report(
          reportViolation,
          uniqueClaims(args.resources.map(declared), { ...claimsDefaults, ...args.getConfig() }),
        ),
    },
  ],
});

function declared(resource: {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  propertyDependencies: Record<string, readonly unknown[]>;
}): DeclaredResource {
  return resource;
}
