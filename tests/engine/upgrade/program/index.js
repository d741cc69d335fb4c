// The estate whose state the released package wrote (see ../README.md): one resource of each
// kind, an account with a derived reference and one with the partner's own, an inbox going with
// its account. Only what the upgrade test changes comes from stack config.
"use strict";
const pulumi = require("@pulumi/pulumi");
const digital99 = require("pulumi-99digital");

const config = new pulumi.Config();
const deletionProtection = config.getBoolean("deletionProtection") ?? true;
const adminPassword = config.requireSecret("adminPassword");

const builder = new digital99.Builder("crm", { clientName: "Acme Inc", deletionProtection });

const acme = new digital99.OnlineAccount("acme", {
  accountName: config.get("acmeName") ?? "Acme Inc",
  agents: 10,
  inboxes: 3,
  adminEmail: "owner@acme.example",
  adminName: "Dana Levi",
  adminDisplayName: "Dana",
  adminPassword,
  builderUrl: builder.url,
  deletionProtection,
});

const globex = new digital99.OnlineAccount("globex", {
  accountName: "Globex",
  agents: 5,
  inboxes: 1,
  adminEmail: "it@globex.example",
  adminName: "Hank Scorpio",
  adminDisplayName: "Hank",
  adminPassword,
  reference: "globex7",
  status: "suspended",
  deletionProtection,
});

new digital99.WhatsAppInbox(
  "support",
  {
    accountId: acme.accountId,
    server: acme.server,
    inboxName: "Support",
    whatsappNumber: "972501234567",
  },
  { deletedWith: acme },
);

new digital99.PartnerWebhook("events", { url: "https://hooks.acme.example/99digital" });

exports.acmeId = acme.accountId;
exports.globexId = globex.accountId;
exports.builderId = builder.builderId;
