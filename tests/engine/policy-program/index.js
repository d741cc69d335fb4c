// Declares what the `scenario` config object lists, so each policy scenario
// is a config change: real OnlineAccounts, and stand-ins with the type
// tokens of the package's other kinds (only ever previewed).
"use strict";
const pulumi = require("@pulumi/pulumi");
const digital99 = require("pulumi-99digital");

const config = new pulumi.Config();
const scenario = config.requireObject("scenario");
const adminPassword = config.requireSecret("adminPassword");

for (const [name, { literalPassword, ...spec }] of Object.entries(scenario.accounts ?? {})) {
  new digital99.OnlineAccount(name, {
    accountName: name,
    agents: 5,
    inboxes: 2,
    adminEmail: `${name}@policy.example`,
    adminName: "Ada Admin",
    adminDisplayName: "Ada",
    // The violation the password rule exists for: a password in the code.
    adminPassword: literalPassword ? "Literal!Pass1" : adminPassword,
    ...spec,
  });
}

// A provider that accepts anything: previews call only check and diff.
const standIn = {
  async create(inputs) {
    return { id: "stand-in", outs: inputs };
  },
};
for (const [kind, resources] of Object.entries(scenario.others ?? {})) {
  for (const [name, props] of Object.entries(resources)) {
    new pulumi.dynamic.Resource(standIn, name, props, {}, "99digital", kind);
  }
}
