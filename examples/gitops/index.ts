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

const config = new pulumi.Config();
// Used once, when an account is created; the customer changes it afterwards.
const initialAdminPassword = config.requireSecret("initialAdminPassword");

const accounts = customers.map((customer) => {
  const quota = plans[customer.plan];
  if (!quota) {
    throw new Error(
      `customers.json: ${customer.key} has plan "${customer.plan}", which plans.json does not ` +
        `define (one of: ${Object.keys(plans).join(", ")})`,
    );
  }
  return new digital99.OnlineAccount(customer.key, {
    accountName: customer.name,
    agents: quota.agents,
    inboxes: quota.inboxes,
    adminEmail: customer.admin,
    adminName: customer.adminName,
    adminDisplayName: customer.adminName.split(" ")[0],
    adminPassword: initialAdminPassword,
    reference: customer.key,
    status: customer.suspended ? "suspended" : "active",
    ...(customer.server !== undefined && { server: customer.server }),
  });
});

export const accountIds = Object.fromEntries(
  accounts.map((account, i) => [customers[i].key, account.accountId]),
);
