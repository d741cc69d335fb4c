// The quickstart: three customer accounts of a partner, declared as code.
// `npm run demo` applies it to a local Partners API simulator; point
// digital99:apiUrl and the credentials at the real API to use it for real.
import * as pulumi from "@pulumi/pulumi";
import * as digital99 from "pulumi-99digital";

const config = new pulumi.Config();
// Customers' accounts hold their conversations: keep them protected unless
// you mean to delete them (`npm run demo -- destroy` turns this off first).
const deletionProtection = config.getBoolean("deletionProtection") ?? true;
const adminPassword = config.requireSecret("adminPassword");

const acme = new digital99.OnlineAccount("acme", {
  accountName: "Acme Inc",
  agents: 10,
  inboxes: 3,
  adminEmail: "owner@acme.example",
  adminName: "Dana Levi",
  adminDisplayName: "Dana",
  adminPassword,
  reference: "acme",
  deletionProtection,
});

const globex = new digital99.OnlineAccount("globex", {
  accountName: "Globex Support",
  agents: 25,
  inboxes: 5,
  adminEmail: "it@globex.example",
  adminName: "Hank Scorpio",
  adminDisplayName: "Hank",
  adminPassword,
  builderUrl: "https://builder.example/login/globex",
  deletionProtection,
});

const initech = new digital99.OnlineAccount("initech", {
  accountName: "Initech (on hold)",
  agents: 2,
  inboxes: 1,
  adminEmail: "bill@initech.example",
  adminName: "Bill Lumbergh",
  adminDisplayName: "Bill",
  adminPassword,
  status: "suspended",
  deletionProtection,
});

export const accounts = {
  acme: { id: acme.accountId, url: acme.url, status: acme.status },
  globex: { id: globex.accountId, url: globex.url, status: globex.status },
  initech: { id: initech.accountId, url: initech.url, status: initech.status },
};
