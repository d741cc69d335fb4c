// One customer account, as in the package's README.
import * as pulumi from "@pulumi/pulumi";
import * as digital99 from "pulumi-99digital";

const config = new pulumi.Config();

const acme = new digital99.OnlineAccount("acme", {
  accountName: "Acme Inc",
  agents: 10,
  inboxes: 3,
  adminEmail: "owner@acme.example",
  adminName: "Dana Levi",
  adminDisplayName: "Dana",
  adminPassword: config.requireSecret("acmeAdminPassword"),
  adminTwoFactor: "email",
  adminTwoFactorDestination: "owner@acme.example",
});

export const accountId = acme.accountId;
export const adminAgentId = acme.adminAgentId;
export const url = acme.url;
