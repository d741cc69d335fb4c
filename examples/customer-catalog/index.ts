// A partner's customer catalog as code: one OnlineAccount per customer, its
// quotas taken from the customer's plan. Adding a customer to customers.json
// creates an account and marking one suspended suspends it. Accounts keep
// deletionProtection on, so removing a customer fails at `pulumi up` instead
// of deleting its data: to delete one on purpose, pass deletionProtection:
// false for it, apply, then remove it.
import * as pulumi from "@pulumi/pulumi";
import * as digital99 from "pulumi-99digital";
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Customer {
  key: string;
  name: string;
  plan: keyof typeof plans;
  admin: string;
  adminName: string;
  suspended?: boolean;
}

const plans = {
  starter: { agents: 2, inboxes: 1 },
  team: { agents: 10, inboxes: 3 },
  business: { agents: 25, inboxes: 5 },
} as const;

const customers = JSON.parse(readFileSync(join(__dirname, "customers.json"), "utf8")) as Customer[];
const config = new pulumi.Config();
const initialPassword = config.requireSecret("initialAdminPassword");

const accounts = customers.map(
  (customer) =>
    new digital99.OnlineAccount(customer.key, {
      accountName: customer.name,
      ...plans[customer.plan],
      adminEmail: customer.admin,
      adminName: customer.adminName,
      adminDisplayName: customer.adminName.split(" ")[0],
      adminPassword: initialPassword,
      // The customer key doubles as the partner's reference on webhooks.
      reference: customer.key,
      status: customer.suspended ? "suspended" : "active",
    }),
);

export const accountIds = Object.fromEntries(
  accounts.map((account, i) => [customers[i].key, account.accountId]),
);
