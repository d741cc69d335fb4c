// Every reason code of every endpoint, answered by a server: the right error class, the code,
// the field it names, and a message a person can act on. Driven by the table in reasons.ts,
// plus the contract's codes listed here independently so that a code missing from the table
// fails a test.

import assert from "node:assert/strict";
import {
  PartnersApiError,
  PartnersAuthError,
  type EndpointName,
  type PartnersClient,
} from "../../../provider/client";
import { endpointNames } from "../../../provider/client/api";
import { describeReason, reasons } from "../../../provider/client/reasons";
import { rejection, routes, sendJson, startServer, testClient, validAccount } from "./helpers";

const calls: Record<EndpointName, (c: PartnersClient) => Promise<unknown>> = {
  "settings/accessToken": (c) => c.online.getAccounts(),
  "online/createAccount": (c) => c.online.createAccount(validAccount),
  "online/getAccounts": (c) => c.online.getAccounts(),
  "online/updateAccount": (c) =>
    c.online.updateAccount({ accountId: "8", server: "online", accountName: "New" }),
  "online/deleteAccount": (c) => c.online.deleteAccount({ accountId: "8" }),
  "online/getAgents": (c) => c.online.getAgents({ accountId: "8" }),
  "online/loginAgent": (c) => c.online.loginAgent({ accountId: "8", agentId: "100" }),
  "online/createInbox": (c) =>
    c.online.createInbox({
      accountId: "8",
      server: "online",
      inboxName: "Support",
      whatsappNumber: "972501234567",
    }),
  "online/getInboxes": (c) => c.online.getInboxes({ accountId: "8" }),
  "online/deleteInbox": (c) => c.online.deleteInbox({ accountId: "8", inboxId: "5" }),
  "builder/createBuilder": (c) => c.builder.createBuilder({ clientName: "Acme" }),
  "builder/getBuilders": (c) => c.builder.getBuilders(),
  "builder/loginBuilder": (c) => c.builder.loginBuilder({ builderId: "3" }),
  "builder/deleteBuilder": (c) => c.builder.deleteBuilder({ builderId: "3" }),
  "settings/setWebhook": (c) => c.settings.setWebhook({ url: "https://hooks.example/x" }),
  "settings/getWebhook": (c) => c.settings.getWebhook(),
  "settings/setBusiness": (c) => c.settings.setBusiness({ onboardingMessage: "Hi" }),
};

/** The codes partners-api.md documents (sections 2-5), per endpoint, read independently. */
const documented: Record<EndpointName, number[]> = {
  "settings/accessToken": [2, 3, 13],
  "online/createAccount": [2, 3, 13, 20, 31, 34, 36, 37, 38, 39, 40, 41, 42],
  "online/getAccounts": [2, 3, 13],
  "online/updateAccount": [2, 3, 13, 33, 34, 36, 43, 44],
  "online/deleteAccount": [2, 3, 13, 33, 34],
  "online/getAgents": [2, 3, 13],
  "online/loginAgent": [2, 3, 13, 29, 32, 34, 35],
  "online/createInbox": [2, 3, 13, 33, 34, 46, 47],
  "online/getInboxes": [2, 3, 13, 33, 34],
  "online/deleteInbox": [2, 3, 13],
  "builder/createBuilder": [2, 3, 13, 20, 30, 31],
  "builder/getBuilders": [2, 3, 13],
  "builder/loginBuilder": [2, 3, 13, 29],
  "builder/deleteBuilder": [2, 3, 13, 29],
  "settings/setWebhook": [2, 3, 13],
  "settings/getWebhook": [2, 3, 13],
  "settings/setBusiness": [2, 3, 27, 28, 29, 30, 31],
};

describe("reason codes", () => {
  it("the table covers every documented code of every endpoint", () => {
    for (const name of endpointNames) {
      for (const code of documented[name]) {
        assert.ok(reasons[name][code], `${name} reason ${code} is missing from reasons.ts`);
      }
    }
  });

  it("messages name the endpoint and the code; unknown codes say so", () => {
    assert.match(
      describeReason("online/createAccount", 40).message,
      /^online\/createAccount failed \(reason 40\): adminPassword is invalid or too weak/,
    );
    assert.equal(
      describeReason("online/updateAccount", 77).message,
      "online/updateAccount failed with reason 77, which this client does not know; see the 99digital partner documentation for that endpoint",
    );
    assert.equal(describeReason("online/loginAgent", 29).field, "accountId");
    assert.equal(describeReason("online/deleteAccount", 33).field, "accountId");
    assert.equal(describeReason("settings/setWebhook", 13).field, "url");
  });

  for (const name of endpointNames) {
    it(`${name}: each code becomes the right typed error`, async () => {
      const codes = [...Object.keys(reasons[name]).map(Number), 77];
      for (const code of codes) {
        const server = await startServer(
          routes({ [name]: (_req, res) => sendJson(res, 200, { status: "FAIL", reason: code }) }),
        );
        const client = testClient(server.url);
        try {
          const error = await rejection(() => calls[name](client));
          const info = describeReason(name, code);
          assert.ok(error instanceof PartnersApiError, `${name} ${code}: ${String(error)}`);
          assert.equal(error instanceof PartnersAuthError, info.auth === true, `${name} ${code}`);
          assert.equal(error.endpoint, name);
          assert.equal(error.reason, code);
          assert.equal(error.field, info.field);
          assert.equal(error.ambiguous, false);
          assert.ok(error.message.startsWith(info.message), error.message);
          // Only reason 3 (token expired) is re-sent, once, after a renewal.
          const expected = code === 3 && name !== "settings/accessToken" ? 2 : 1;
          assert.equal(server.count(name), expected, `${name} ${code} requests`);
        } finally {
          await client.close();
          await server.close();
        }
      }
    });
  }
});
