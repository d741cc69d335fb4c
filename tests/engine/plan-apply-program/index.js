// Declares the estate in the `estate` config object, so each row of the plan/apply table is a
// change of config, as a pull request is a change of the files a program reads. Per resource:
// its inputs, plus `options` (resource options) and `protectionAsOutput` (deletionProtection
// given as an Output, as when it comes from another resource or a config secret).
"use strict";
const pulumi = require("@pulumi/pulumi");
const digital99 = require("pulumi-99digital");

const config = new pulumi.Config();
const estate = config.requireObject("estate");
const adminPassword = config.requireSecret("adminPassword");

function declare(Kind, name, { options, protectionAsOutput, ...args }) {
  if (protectionAsOutput) args.deletionProtection = pulumi.output(args.deletionProtection);
  return new Kind(name, args, options);
}

const accounts = {};
for (const [name, spec] of Object.entries(estate.accounts ?? {})) {
  const initial = spec.existingAccount
    ? {}
    : {
        adminEmail: `${name}@plan.example`,
        adminName: "Ada",
        adminDisplayName: "Ada",
        adminPassword,
      };
  accounts[name] = declare(digital99.OnlineAccount, name, { ...initial, ...spec });
}
for (const [name, spec] of Object.entries(estate.builders ?? {})) {
  declare(digital99.Builder, name, spec);
}
for (const [name, { account, ...spec }] of Object.entries(estate.inboxes ?? {})) {
  const { accountId, server } = accounts[account];
  declare(digital99.WhatsAppInbox, name, { accountId, server, ...spec });
}
