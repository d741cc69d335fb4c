// Faults on the endpoints behind builders, WhatsApp inboxes, the webhook and
// the onboarding texts: each kind fires there, and the ambiguous kinds (the
// request applied, the answer lost or a 5xx) really apply the request.
import assert from "node:assert/strict";
import type { Fault } from "../../simulator";
import { Api, startWithApi } from "./helpers";
import type { Reply } from "./helpers";

interface Case {
  endpoint: string;
  /** Prepares what the request needs; returns the request. */
  setup: (api: Api) => Promise<() => Promise<Reply>> | (() => Promise<Reply>);
  /** For requests that change something: whether the change is in the state. */
  applied?: (api: Api) => boolean;
}

async function builder(api: Api): Promise<number> {
  const reply = await api.call("POST", "builder/createBuilder", { client_name: "Acme" });
  assert.equal(reply.json.reason, 1, reply.text);
  return reply.json.builderID as number;
}

const createInboxBody = (accountId: number) => ({
  inbox_type: "whatsapp",
  inbox_name: "Support",
  whatsapp_number: "972501234567",
  account_id: accountId,
  server: "online",
});

const cases: Case[] = [
  {
    endpoint: "builder/createBuilder",
    setup: (api) => () => api.call("POST", "builder/createBuilder", { client_name: "Acme" }),
    applied: (api) => api.sim.builders().length === 1,
  },
  {
    endpoint: "builder/getBuilders",
    setup: async (api) => {
      await builder(api);
      return () => api.call("GET", "builder/getBuilders");
    },
  },
  {
    endpoint: "builder/loginBuilder",
    setup: async (api) => {
      const builderID = await builder(api);
      return () => api.call("POST", "builder/loginBuilder", { builderID });
    },
  },
  {
    endpoint: "builder/deleteBuilder",
    setup: async (api) => {
      const builderID = await builder(api);
      return () => api.call("DELETE", "builder/deleteBuilder", { builderID });
    },
    applied: (api) => api.sim.builders().length === 0,
  },
  {
    endpoint: "online/createInbox",
    setup: async (api) => {
      const { accountId } = await api.createAccount();
      return () => api.call("POST", "online/createInbox", createInboxBody(accountId));
    },
    applied: (api) => api.sim.inboxes().length === 1,
  },
  {
    endpoint: "online/getInboxes",
    setup: async (api) => {
      const { accountId } = await api.createAccount();
      return () => api.call("POST", "online/getInboxes", { accountID: accountId });
    },
  },
  {
    endpoint: "online/deleteInbox",
    setup: async (api) => {
      const { accountId } = await api.createAccount();
      const created = await api.call("POST", "online/createInbox", createInboxBody(accountId));
      assert.equal(created.json.reason, 1, created.text);
      const inboxID = created.json.inboxID as number;
      return () => api.call("DELETE", "online/deleteInbox", { accountID: accountId, inboxID });
    },
    applied: (api) => api.sim.inboxes().length === 0,
  },
  {
    endpoint: "settings/setWebhook",
    setup: (api) => () =>
      api.call("POST", "settings/setWebhook", { url: "https://hooks.example.com/e" }),
    applied: (api) => api.sim.webhookUrl() === "https://hooks.example.com/e",
  },
  {
    endpoint: "settings/getWebhook",
    setup: (api) => () => api.call("GET", "settings/getWebhook"),
  },
  {
    endpoint: "settings/setBusiness",
    setup: (api) => () =>
      api.call("PATCH", "settings/setBusiness", { onboarding_message: "Hello" }),
    applied: (api) => api.sim.business().onboarding_message === "Hello",
  },
];

interface Kind {
  fault: Fault;
  commits: boolean;
  /** What the caller sees. */
  check: (send: () => Promise<Reply>) => Promise<void>;
}

const kinds: Kind[] = [
  {
    fault: { type: "drop-before-commit" },
    commits: false,
    check: (send) => assert.rejects(send(), /socket hang up|ECONNRESET/).then(() => undefined),
  },
  {
    fault: { type: "drop-after-commit" },
    commits: true,
    check: (send) => assert.rejects(send(), /socket hang up|ECONNRESET/).then(() => undefined),
  },
  {
    fault: { type: "status-after-commit", status: 500 },
    commits: true,
    check: async (send) => {
      const reply = await send();
      assert.equal(reply.status, 500);
      assert.match(reply.text, /<html>/);
    },
  },
  {
    fault: { type: "malformed-body" },
    commits: true,
    check: async (send) => {
      const reply = await send();
      assert.equal(reply.status, 200);
      assert.equal(reply.json, undefined);
    },
  },
  {
    fault: { type: "truncated-body" },
    commits: true,
    check: (send) =>
      assert.rejects(send(), /aborted|ECONNRESET|socket hang up/).then(() => undefined),
  },
  {
    fault: { type: "status", status: 503, body: "json" },
    commits: false,
    check: async (send) => {
      const reply = await send();
      assert.equal(reply.status, 503);
      assert.deepEqual(reply.json, { status: "FAIL", reason: 503 });
    },
  },
];

describe("simulator: faults on builder, inbox, webhook and onboarding endpoints", () => {
  let api: Api;
  before(async () => {
    api = await startWithApi({ seed: 3 });
  });
  beforeEach(() => api.sim.reset());
  after(() => api.sim.close());

  for (const c of cases) {
    for (const kind of kinds) {
      const effect = c.applied ? (kind.commits ? ", applied" : ", not applied") : "";
      it(`${c.endpoint}: ${kind.fault.type}${effect}`, async () => {
        const send = await c.setup(api);
        api.sim.injectFault({ endpoint: c.endpoint, fault: kind.fault });
        await kind.check(send);
        if (c.applied) assert.equal(c.applied(api), kind.commits);
        assert.equal((await send()).status, 200, "the rule hit once");
      });
    }
  }
});
