// Declares the accounts listed in the `accounts` config object, so each
// scenario of the engine suite changes the program through config alone.
"use strict";
const pulumi = require("@pulumi/pulumi");
const digital99 = require("pulumi-99digital");

const config = new pulumi.Config();
const accounts = config.requireObject("accounts");
const deletionProtection = config.getBoolean("deletionProtection") ?? true;
const adminPassword = config.requireSecret("adminPassword");

const outputs = {};
for (const [key, spec] of Object.entries(accounts)) {
  const account = new digital99.OnlineAccount(key, {
    adminEmail: `${key}@e2e.example`,
    adminName: "Ada Admin",
    adminDisplayName: "Ada",
    adminPassword,
    deletionProtection,
    ...spec,
  });
  outputs[key] = {
    accountId: account.accountId,
    accountName: account.accountName,
    status: account.status,
    url: account.url,
    builderUrl: account.builderUrl,
  };
}
exports.accounts = outputs;
