// OnlineAccount: one customer's omnichannel account on 99digital, created
// with its first admin agent through online/createAccount.
import * as pulumi from "@pulumi/pulumi";
import { derivedReference } from "./create-once";
import type { AccountStatus, TwoFactorMode } from "./online-account-provider";
import { providerStub } from "./stub";

export interface OnlineAccountArgs {
  /** Business name of the account (at most 100 characters). Updated in place. */
  accountName: pulumi.Input<string>;
  /** How many agents the account may have (1-9999). Changing it replaces the account. */
  agents: pulumi.Input<number>;
  /** How many inboxes the account may have (1-999). Changing it replaces the account. */
  inboxes: pulumi.Input<number>;
  /** Email of the first admin agent. Initial-only. An agent that already exists under the partner keeps its name and password and simply gains access. */
  adminEmail: pulumi.Input<string>;
  /** Name of the first admin agent (at most 50 characters). Initial-only. */
  adminName: pulumi.Input<string>;
  /** Display name of the first admin agent (at most 50 characters). Initial-only. */
  adminDisplayName: pulumi.Input<string>;
  /** Login password of the first admin agent: 6+ characters with A-Z, a-z and a special character. Always stored as a secret. Initial-only. */
  adminPassword: pulumi.Input<string>;
  /** Two-factor authentication of the admin agent. Default "none". Initial-only. */
  adminTwoFactor?: pulumi.Input<TwoFactorMode>;
  /** Where 2FA codes go: an email ("email") or an international number without "+" ("sms"). Initial-only. */
  adminTwoFactorDestination?: pulumi.Input<string>;
  /** Server subdomain hosting the account. Default "online"; others are for selected partners. Changing it replaces the account. */
  server?: pulumi.Input<string>;
  /** The partner's own tag (letters and digits, at most 50), echoed on webhooks. When omitted, one is derived from the project, stack and resource name. Initial-only. */
  reference?: pulumi.Input<string>;
  /** "active" (default) or "suspended": nobody can log in to a suspended account. Updated in place. */
  status?: pulumi.Input<AccountStatus>;
  /** Builder login URL shown in the account's Workflow Builder section (at most 150). Updated in place. */
  builderUrl?: pulumi.Input<string>;
  /** While true (the default), the account cannot be deleted or replaced by Pulumi. */
  deletionProtection?: pulumi.Input<boolean>;
}

/** The reference derived for a resource the program gave none (see create-once.ts). */
function referenceFor(name: string, parent: pulumi.Resource | undefined): pulumi.Input<string> {
  const derive = (path: string) => derivedReference(pulumi.getProject(), pulumi.getStack(), path);
  return parent ? parent.urn.apply((urn) => derive(`${urn}::${name}`)) : derive(name);
}

/** The serialized provider: one stub, the same for every OnlineAccount. */
const provider = providerStub("OnlineAccount");

export class OnlineAccount extends pulumi.dynamic.Resource {
  /** The account's id on its server. */
  declare readonly accountId: pulumi.Output<string>;
  /** The id of the account's first admin agent. */
  declare readonly adminAgentId: pulumi.Output<string>;
  /** `https://<server>.99digital.co.il`. */
  declare readonly url: pulumi.Output<string>;
  declare readonly accountName: pulumi.Output<string>;
  declare readonly agents: pulumi.Output<number>;
  declare readonly inboxes: pulumi.Output<number>;
  declare readonly adminEmail: pulumi.Output<string>;
  declare readonly adminName: pulumi.Output<string>;
  declare readonly adminDisplayName: pulumi.Output<string>;
  /** Secret. */
  declare readonly adminPassword: pulumi.Output<string>;
  declare readonly adminTwoFactor: pulumi.Output<TwoFactorMode>;
  declare readonly adminTwoFactorDestination: pulumi.Output<string | undefined>;
  declare readonly server: pulumi.Output<string>;
  declare readonly reference: pulumi.Output<string>;
  declare readonly status: pulumi.Output<AccountStatus>;
  declare readonly builderUrl: pulumi.Output<string | undefined>;
  declare readonly deletionProtection: pulumi.Output<boolean>;

  constructor(name: string, args: OnlineAccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        // Every output needs a key here, or the SDK drops what the provider
        // returns for it (defaults such as status "active").
        adminTwoFactor: undefined,
        adminTwoFactorDestination: undefined,
        server: undefined,
        status: undefined,
        builderUrl: undefined,
        deletionProtection: undefined,
        ...args,
        // Secret in inputs, outputs and state, even when given as plain text.
        adminPassword: pulumi.secret(args.adminPassword),
        reference: args.reference ?? referenceFor(name, opts?.parent),
        accountId: undefined,
        adminAgentId: undefined,
        url: undefined,
      },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "adminPassword"],
      },
      "99digital",
      "OnlineAccount",
    );
  }
}
