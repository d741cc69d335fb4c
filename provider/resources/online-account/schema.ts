// OnlineAccount's fields: their values (types) and how a change to each applies (the field
// table). The rules `check` holds them to are in rules.ts. Nothing here may import zod: the
// package's public declarations reach this file.
import type { AccountStatus, TwoFactorMode } from "../../client/types";
import type { FieldTable } from "../fields";

/** An OnlineAccount's inputs as the program gives them (documented for the program's author). */
export interface OnlineAccountFields {
  /** Business name of the account (at most 100 characters). Updated in place. */
  accountName: string;
  /** How many agents the account may have (1-9999). Changing it replaces the account. */
  agents: number;
  /** How many inboxes the account may have (1-999). Changing it replaces the account. */
  inboxes: number;
  /** Email of the first admin agent. Initial-only. An agent that already exists under the partner keeps its name and password and simply gains access. */
  adminEmail: string;
  /** Name of the first admin agent (at most 50 characters). Initial-only. */
  adminName: string;
  /** Display name of the first admin agent (at most 50 characters). Initial-only. */
  adminDisplayName: string;
  /** Login password of the first admin agent: 6+ characters with A-Z, a-z and a special character. Always stored as a secret. Initial-only. */
  adminPassword: string;
  /** Two-factor authentication of the admin agent. Default "none". Initial-only. */
  adminTwoFactor?: TwoFactorMode;
  /** Where 2FA codes go: an email ("email") or an international number without "+" ("sms"). Initial-only. */
  adminTwoFactorDestination?: string;
  /** Server subdomain hosting the account. Default "online"; others are for selected partners. Changing it replaces the account. */
  server?: string;
  /** The partner's own tag (letters and digits, at most 50), echoed on webhooks. When omitted, one is derived from the project, stack and resource name. Initial-only. */
  reference?: string;
  /** "active" (default) or "suspended": nobody can log in to a suspended account. Updated in place. */
  status?: AccountStatus;
  /** Builder login URL shown in the account's Workflow Builder section (at most 150). Updated in place; removing it removes the link. */
  builderUrl?: string;
  /** While true (the default), the account cannot be deleted or replaced by Pulumi. */
  deletionProtection?: boolean;
}

/** What adopting needs less of: the admin exists, and quotas cannot be read from the API. */
export const notNeededWhenAdopting = [
  "agents",
  "inboxes",
  "adminEmail",
  "adminName",
  "adminDisplayName",
  "adminPassword",
] as const;

/** Taking over an account that exists: `existingAccount` is its id, `<server>/<accountId>`. */
export type AdoptedAccountFields = Omit<
  OnlineAccountFields,
  (typeof notNeededWhenAdopting)[number]
> &
  Partial<Pick<OnlineAccountFields, (typeof notNeededWhenAdopting)[number]>> & {
    /** The id of an account that exists, `<server>/<accountId>` (e.g. online/1234): it is taken into state instead of created. Initial-only. */
    existingAccount: string;
  };

/** The inputs after `check`, as state holds them. */
export type OnlineAccountInputs = Partial<
  Pick<OnlineAccountFields, (typeof notNeededWhenAdopting)[number]>
> &
  Omit<OnlineAccountFields, (typeof notNeededWhenAdopting)[number]> & {
    adminTwoFactor: TwoFactorMode;
    server: string;
    status: AccountStatus;
    deletionProtection: boolean;
    existingAccount?: string;
    /** Set by the resource class: a hash of project, stack and resource path, unique to it. */
    resourceKey?: string;
  };

export type OnlineAccountOutputs = OnlineAccountInputs & {
  /** The account's id on its server. */
  accountId: string;
  /** The id of the account's first admin agent (absent for an adopted account). */
  adminAgentId?: string;
  /** `https://<server>.99digital.co.il`. */
  url: string;
};

export const outputKeys = ["accountId", "adminAgentId", "url"] as const;

export const fields: FieldTable<OnlineAccountInputs> = {
  accountName: { change: "inPlace" },
  agents: { change: "replace" },
  inboxes: { change: "replace" },
  adminEmail: { change: "initialOnly" },
  adminName: { change: "initialOnly" },
  adminDisplayName: { change: "initialOnly" },
  adminPassword: { change: "initialOnly", secret: true },
  adminTwoFactor: { change: "initialOnly", default: "none" },
  adminTwoFactorDestination: { change: "initialOnly" },
  server: { change: "replace", default: "online" },
  reference: { change: "initialOnly" },
  status: { change: "inPlace", default: "active" },
  builderUrl: { change: "inPlace" },
  deletionProtection: { change: "stateOnly", default: true },
  existingAccount: { change: "initialOnly" },
  resourceKey: { change: "initialOnly", internal: true },
};

// ---------------------------------------------------------------------------------------------
// Ids

const ACCOUNT_ID_REF = /^([a-z0-9-]{1,50})\/([0-9]{1,7})$/;

/** `<server>/<accountId>`, or undefined when `id` is not one. */
export function parseAccountRef(id: string): { server: string; accountId: string } | undefined {
  const match = ACCOUNT_ID_REF.exec(id);
  return match ? { server: match[1], accountId: match[2] } : undefined;
}
