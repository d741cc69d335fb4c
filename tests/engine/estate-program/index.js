// A customer's estate as examples/with-builder-and-inbox declares it: a builder, the account
// linked to it, two inboxes going with the account, the partner's webhook and onboarding texts,
// and the account's agents read back. Each scenario of the engine suite changes it through config.
"use strict";
const pulumi = require("@pulumi/pulumi");
const digital99 = require("pulumi-99digital");

const config = new pulumi.Config();
const protection = config.getBoolean("deletionProtection") ?? true;

const builder = new digital99.Builder("acme-builder", {
  clientName: config.get("builderClientName") ?? "Acme Inc",
  deletionProtection: config.getBoolean("builderProtection") ?? protection,
});

const acme = new digital99.OnlineAccount("acme", {
  accountName: config.get("accountName") ?? "Acme Inc",
  agents: 10,
  inboxes: 3,
  adminEmail: "owner@acme.example",
  adminName: "Dana Levi",
  adminDisplayName: "Dana",
  adminPassword: config.requireSecret("adminPassword"),
  builderUrl: builder.url,
  deletionProtection: protection,
});

const account = { accountId: acme.accountId, server: acme.server };
new digital99.WhatsAppInbox(
  "acme-support",
  { ...account, inboxName: "Support", whatsappNumber: "972501234567" },
  { deletedWith: acme },
);
new digital99.WhatsAppInbox(
  "acme-sales",
  { ...account, inboxName: "Sales", whatsappNumber: "972501234568" },
  { deletedWith: acme },
);

new digital99.PartnerWebhook("events", { url: config.require("webhookUrl") });
new digital99.PartnerOnboarding("texts", config.requireObject("onboarding"));

exports.accountId = acme.accountId;
exports.builderId = builder.builderId;
exports.builderUrl = builder.url;
exports.agents = digital99
  .getAgentsOutput(account)
  .apply((result) => result.agents.map((agent) => agent.email));
