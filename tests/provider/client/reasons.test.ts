// Every reason code of every endpoint, answered by a server: the right error class, the code,
// the field it names, and a message a person can act on. The codes and the fields they name are
// listed here from partners-api.md, independently of the table in reasons.ts under test, so that
// a code missing from the table, or one naming the wrong field, fails a test.

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

/** A code that names no single parameter (several, or none). */
const none = null;
type Expected = Record<number, string | null>;

/**
 * The codes partners-api.md documents (sections 1-5) for each endpoint and the parameter each
 * names, read from the contract, not from the table under test. 2 and 3 are credentials and token
 * failures everywhere (section 1).
 */
const documented: Record<EndpointName, Expected> = {
  "settings/accessToken": { 2: none, 3: none, 13: none },
  "online/createAccount": {
    ...{ 2: none, 3: none, 13: none, 20: "reference", 31: none, 34: "server" },
    ...{ 36: "accountName", 37: none, 38: "adminEmail", 39: none, 40: "adminPassword" },
    ...{ 41: "adminTwoFactor", 42: "adminTwoFactorDestination" },
  },
  "online/getAccounts": { 2: none, 3: none, 13: none },
  "online/updateAccount": {
    ...{ 2: none, 3: none, 13: none, 33: "accountId", 34: "server", 36: "accountName" },
    ...{ 43: "status", 44: "builderUrl" },
  },
  "online/deleteAccount": { 2: none, 3: none, 13: none, 33: "accountId", 34: "server" },
  "online/getAgents": { 2: none, 3: none, 13: none },
  "online/loginAgent": {
    ...{ 2: none, 3: none, 13: none, 29: "accountId", 32: none, 34: "server", 35: "agentId" },
  },
  "online/createInbox": {
    ...{ 2: none, 3: none, 13: none, 33: "accountId", 34: "server" },
    ...{ 46: "whatsappNumber", 47: "inboxName" },
  },
  "online/getInboxes": { 2: none, 3: none, 13: none, 33: "accountId", 34: "server" },
  "online/deleteInbox": { 2: none, 3: none, 13: none },
  "builder/createBuilder": {
    2: none,
    3: none,
    13: none,
    20: "reference",
    30: "clientName",
    31: none,
  },
  "builder/getBuilders": { 2: none, 3: none, 13: none },
  "builder/loginBuilder": { 2: none, 3: none, 13: none, 29: "builderId" },
  "builder/deleteBuilder": { 2: none, 3: none, 13: none, 29: "builderId" },
  "settings/setWebhook": { 2: none, 3: none, 13: "url" },
  "settings/getWebhook": { 2: none, 3: none, 13: none },
  // 28-31: "a field invalid", without saying which.
  "settings/setBusiness": { 2: none, 3: none, 27: none, 28: none, 29: none, 30: none, 31: none },
};

/**
 * Codes the client knows beyond those lists: the simulator's own (partners-api.md section 5 lets
 * it choose them), and the account and server codes of the sibling endpoints.
 */
const beyondTheContract: Partial<Record<EndpointName, Expected>> = {
  "online/getAgents": { 33: "accountId", 34: "server" },
  "online/createInbox": { 20: "reference", 45: "importHistory", 49: none },
  "online/deleteInbox": { 33: "accountId", 34: "server", 48: "inboxId" },
};

const expected = (name: EndpointName): Expected => ({
  ...documented[name],
  ...beyondTheContract[name],
});

/** Credentials and token failures: retrying the same request cannot help. */
const AUTH_CODES = [2, 3];

describe("reason codes", () => {
  it("the table covers every documented code of every endpoint", () => {
    for (const name of endpointNames) {
      for (const code of Object.keys(documented[name])) {
        assert.ok(reasons[name][Number(code)], `${name} reason ${code} is missing from reasons.ts`);
      }
    }
  });

  it("the table has no code this test does not expect", () => {
    for (const name of endpointNames) {
      assert.deepEqual(Object.keys(reasons[name]).sort(), Object.keys(expected(name)).sort(), name);
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
  });

  for (const name of endpointNames) {
    it(`${name}: each code becomes the right typed error, naming the field the contract gives it`, async () => {
      const codes: Array<[number, string | null]> = [
        ...Object.entries(expected(name)).map(([code, field]): [number, string | null] => [
          Number(code),
          field,
        ]),
        [77, none],
      ];
      for (const [code, field] of codes) {
        const server = await startServer(
          routes({ [name]: (_req, res) => sendJson(res, 200, { status: "FAIL", reason: code }) }),
        );
        const client = testClient(server.url);
        try {
          const error = await rejection(() => calls[name](client));
          assert.ok(error instanceof PartnersApiError, `${name} ${code}: ${String(error)}`);
          assert.equal(
            error instanceof PartnersAuthError,
            AUTH_CODES.includes(code),
            `${name} ${code}`,
          );
          assert.equal(error.endpoint, name);
          assert.equal(error.reason, code);
          assert.equal(error.field, field ?? undefined, `${name} ${code} field`);
          assert.equal(error.ambiguous, false);
          if (code === 77) {
            assert.match(
              error.message,
              new RegExp(`^${name} failed with reason 77, which this client does not know`),
            );
          } else {
            assert.ok(error.message.startsWith(`${name} failed (reason ${code}): `), error.message);
            if (field !== null) assert.match(error.message, new RegExp(`\\b${field}\\b`));
          }
          // Only reason 3 (token expired) is re-sent, once, after a renewal.
          const sent = code === 3 && name !== "settings/accessToken" ? 2 : 1;
          assert.equal(server.count(name), sent, `${name} ${code} requests`);
        } finally {
          await client.close();
          await server.close();
        }
      }
    });
  }
});
