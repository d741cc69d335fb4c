// A partner's customers as code: one OnlineAccount per entry of
// customers.json, its quotas taken from the customer's plan in plans.json.
// Both files are reviewed in pull requests; the pipeline applies them to the
// staging stack, then to production. Accounts keep deletionProtection on, so a
// customer removed from the catalog or moved to another plan stops the
// pipeline at preview instead of deleting the account's data.
import * as pulumi from "@pulumi/pulumi";
import * as digital99 from "pulumi-99digital";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InitialPassword } from "./initial-password";

interface Quota {
  agents: number;
  inboxes: number;
}

interface Customer {
  key: string;
  name: string;
  plan: string;
  admin: string;
  adminName: string;
  suspended?: boolean;
  server?: string;
}

const readJson = <T>(file: string): T =>
  JSON.parse(readFileSync(join(__dirname, file), "utf8")) as T;

const plans = readJson<Record<string, Quota>>("plans.json");
const customers = readJson<Customer[]>("customers.json");

const declared = customers.map((customer) => {
  const quota = plans[customer.plan];
  if (!quota) {
    throw new Error(
      `customers.json: ${customer.key} has plan "${customer.plan}", which plans.json does not ` +
        `define (one of: ${Object.keys(plans).join(", ")})`,
    );
  }
  // Used once, when the account is created; the customer changes it afterwards.
  const initialPassword = new InitialPassword(`${customer.key}-initial-password`);
  const account = new digital99.OnlineAccount(customer.key, {
    accountName: customer.name,
    agents: quota.agents,
    inboxes: quota.inboxes,
    adminEmail: customer.admin,
    adminName: customer.adminName,
    adminDisplayName: customer.adminName.split(" ")[0],
    adminPassword: initialPassword.value,
    reference: customer.key,
    status: customer.suspended ? "suspended" : "active",
    ...(customer.server !== undefined && { server: customer.server }),
  });
  return { key: customer.key, account, initialPassword };
});

export const accountIds = Object.fromEntries(
  declared.map(({ key, account }) => [key, account.accountId]),
);

// For the customers, by hand: pulumi stack output initialAdminPasswords --show-secrets
export const initialAdminPasswords = pulumi.secret(
  Object.fromEntries(declared.map(({ key, initialPassword }) => [key, initialPassword.value])),
);
