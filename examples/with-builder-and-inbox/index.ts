// A customer's estate: an account linked to its own Workflow Builder, two WhatsApp inboxes on the
// partner's numbers, and the partner-wide webhook and onboarding texts.
import * as pulumi from "@pulumi/pulumi";
import * as digital99 from "pulumi-99digital";

const config = new pulumi.Config();

const builder = new digital99.Builder("acme-builder", { clientName: "Acme Inc" });

const acme = new digital99.OnlineAccount("acme", {
  accountName: "Acme Inc",
  agents: 10,
  inboxes: 3,
  adminEmail: "owner@acme.example",
  adminName: "Dana Levi",
  adminDisplayName: "Dana",
  adminPassword: config.requireSecret("acmeAdminPassword"),
  builderUrl: builder.url,
});

// The inboxes go with the account: deleting the account releases their numbers and deletes their
// history anyway, so Pulumi does not delete them one by one first.
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

new digital99.PartnerWebhook("events", {
  url: config.get("webhookUrl") ?? "https://partner.example/99digital/events",
});

new digital99.PartnerOnboarding("texts", {
  message: "Connect your WhatsApp number to Acme support",
  button: "Connect",
  success: "You are connected",
  failed: "Something went wrong; please try again",
});

export const accountId = acme.accountId;
export const builderId = builder.builderId;
export const builderUrl = builder.url;
/** The account's agents, read back from 99digital once the account exists. */
export const agents = digital99
  .getAgentsOutput(account)
  .apply((result) => result.agents.map((agent) => `${agent.email} (${agent.role})`));
