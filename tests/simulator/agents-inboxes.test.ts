// online/getAgents, loginAgent, createInbox, getInboxes, deleteInbox (partners-api.md §2.5-2.7, §5).
import assert from "node:assert/strict";
import { DEFAULT_WHATSAPP_NUMBERS } from "../../simulator";
import { Api, closeAfterEach, startWithApi } from "./helpers";

describe("simulator: online/getAgents and online/loginAgent", () => {
  let api: Api;
  let accountId: number;
  let agentId: number;
  before(async () => {
    api = await startWithApi({ servers: ["online", "eu1"] });
  });
  beforeEach(async () => {
    api.sim.reset();
    ({ accountId, agentId } = await api.createAccount({
      admin_2fa: 2,
      admin_2fa_value: "972501234567",
    }));
  });
  after(() => api.sim.close());

  it("lists the account's agents with both spellings of the count", async () => {
    const reply = await api.call("POST", "online/getAgents", { accountID: accountId });
    assert.equal(reply.json.reason, 1);
    assert.equal(reply.json.totalagents, 1);
    assert.equal(reply.json.totalAgents, 1);
    const [agent] = reply.json.list;
    assert.equal(agent.id, agentId);
    assert.equal(agent.email, "admin@acme.example.com");
    assert.equal(agent.agent_name, "Dana Admin");
    assert.equal(agent.role, "Admin");
    assert.equal(agent.two_factor_type, "sms");
    assert.equal(agent.two_factor_phone, "972501234567");
    assert.equal(agent.two_factor_email, null);
    assert.equal(typeof agent.create_time, "number");
  });

  it("answers 33 for an unknown account and 34 for a bad server", async () => {
    assert.deepEqual((await api.call("POST", "online/getAgents", { accountID: 999 })).json, {
      status: "FAIL",
      reason: 33,
    });
    assert.equal((await api.call("POST", "online/getAgents", {})).json.reason, 33);
    assert.deepEqual(
      (await api.call("POST", "online/getAgents", { accountID: accountId, server: 5 })).json,
      { status: "FAIL", reason: 34 },
    );
  });

  it("returns a one-time login URL on the account's server", async () => {
    const reply = await api.call("POST", "online/loginAgent", {
      accountID: accountId,
      agentID: agentId,
      server: "online",
    });
    assert.equal(reply.json.reason, 1, reply.text);
    assert.match(String(reply.json.login), /^https:\/\/online\.99digital\.co\.il\/\S+$/);
    const again = await api.call("POST", "online/loginAgent", {
      accountID: accountId,
      agentID: String(agentId),
    });
    assert.notEqual(again.json.login, reply.json.login);
  });

  const cases: [string, () => Record<string, unknown>, number][] = [
    ["an unknown account (29 here, not 33)", () => ({ accountID: 999, agentID: agentId }), 29],
    ["a missing accountID", () => ({ agentID: agentId }), 29],
    ["a bad server", () => ({ accountID: accountId, agentID: agentId, server: "mars" }), 34],
    ["an unknown agent", () => ({ accountID: accountId, agentID: 99999 }), 35],
    ["a missing agentID", () => ({ accountID: accountId }), 35],
  ];
  for (const [what, body, reason] of cases) {
    it(`answers ${reason} for ${what}`, async () => {
      const reply = await api.call("POST", "online/loginAgent", body());
      assert.deepEqual(reply.json, { status: "FAIL", reason }, reply.text);
    });
  }

  it("answers 35 for an agent of another account", async () => {
    const other = await api.createAccount({ admin_email: "other@x.example.com" });
    const reply = await api.call("POST", "online/loginAgent", {
      accountID: accountId,
      agentID: other.agentId,
    });
    assert.equal(reply.json.reason, 35);
  });

  it("answers 32 while the account is suspended, and logs in again once active", async () => {
    const set = (account_status: number) =>
      api.call("POST", "online/updateAccount", {
        account_id: accountId,
        server: "online",
        account_status,
      });
    await set(0);
    const body = { accountID: accountId, agentID: agentId, server: "online" };
    assert.deepEqual((await api.call("POST", "online/loginAgent", body)).json, {
      status: "FAIL",
      reason: 32,
    });
    await set(1);
    assert.equal((await api.call("POST", "online/loginAgent", body)).json.reason, 1);
  });
});

describe("simulator: WhatsApp inboxes", () => {
  let api: Api;
  let accountId: number;
  const inbox = (overrides: Record<string, unknown> = {}) => ({
    inbox_type: "whatsapp",
    inbox_name: "Support",
    whatsapp_number: "972501234567",
    account_id: accountId,
    server: "online",
    ...overrides,
  });

  before(async () => {
    api = await startWithApi({ servers: ["online", "eu1"] });
  });
  beforeEach(async () => {
    api.sim.reset();
    ({ accountId } = await api.createAccount({ inboxes: 2 }));
  });
  after(() => api.sim.close());
  const closeLater = closeAfterEach();
  const track = (client: Api): Api => {
    closeLater(client.sim);
    return client;
  };

  it("creates, lists and deletes an inbox, releasing its number", async () => {
    const created = await api.call(
      "POST",
      "online/createInbox",
      inbox({ reference: "wa1", import_history: 1 }),
    );
    assert.equal(created.json.reason, 1, created.text);
    assert.deepEqual(Object.keys(created.json as object).sort(), [
      "account_id",
      "inboxID",
      "reason",
      "server",
      "status",
      "whatsapp_number",
    ]);
    assert.equal(created.json.account_id, accountId);
    assert.equal(created.json.whatsapp_number, "972501234567");
    const inboxId = created.json.inboxID as number;
    assert.equal(typeof inboxId, "number");

    const listed = await api.call("POST", "online/getInboxes", {
      accountID: accountId,
      server: "online",
    });
    assert.deepEqual(listed.json, {
      status: "OK",
      reason: 1,
      totalInboxes: 1,
      list: [{ id: inboxId, name: "Support", channel_type: "Channel::Api", api_type: "wa_v2" }],
    });

    const deleted = await api.call("DELETE", "online/deleteInbox", {
      accountID: accountId,
      server: "online",
      inboxID: inboxId,
    });
    assert.deepEqual(deleted.json, {
      status: "OK",
      reason: 1,
      accountID: accountId,
      server: "online",
      inboxID: inboxId,
      whatsapp_number: "972501234567",
    });
    assert.equal(api.sim.inboxes().length, 0);
    const reused = await api.call("POST", "online/createInbox", inbox());
    assert.equal(reused.json.reason, 1, "the released number is free again");
  });

  it("accepts the number as a JSON number", async () => {
    const reply = await api.call(
      "POST",
      "online/createInbox",
      inbox({ whatsapp_number: 972501234567 }),
    );
    assert.equal(reply.json.reason, 1, reply.text);
    assert.equal(reply.json.whatsapp_number, "972501234567");
  });

  const cases: [string, Record<string, unknown>, number][] = [
    ["account_id missing", { account_id: undefined }, 33],
    ["account_id unknown", { account_id: 4242 }, 33],
    ["server missing (required here)", { server: undefined }, 34],
    ["server unknown", { server: "mars" }, 34],
    ["account on another server", { server: "eu1" }, 33],
    ["inbox_type not whatsapp", { inbox_type: "telegram" }, 45],
    ["whatsapp_number with +", { whatsapp_number: "+972501234567" }, 46],
    ["whatsapp_number too short", { whatsapp_number: "123456" }, 46],
    ["whatsapp_number too long", { whatsapp_number: "1234567890123456" }, 46],
    ["whatsapp_number missing", { whatsapp_number: undefined }, 46],
    ["inbox_name missing", { inbox_name: undefined }, 47],
    ["inbox_name of 51 characters", { inbox_name: "n".repeat(51) }, 47],
    ["reference with punctuation", { reference: "wa-1" }, 20],
    ["import_history 2", { import_history: 2 }, 45],
  ];
  for (const [what, overrides, reason] of cases) {
    it(`createInbox answers ${reason} for ${what}`, async () => {
      const reply = await api.call("POST", "online/createInbox", inbox(overrides));
      assert.deepEqual(reply.json, { status: "FAIL", reason }, reply.text);
      assert.equal(api.sim.inboxes().length, 0);
    });
  }

  it("createInbox answers 46 for a number already in an inbox of any account", async () => {
    assert.equal((await api.call("POST", "online/createInbox", inbox())).json.reason, 1);
    const other = await api.createAccount({ admin_email: "o@x.example.com" });
    const reply = await api.call(
      "POST",
      "online/createInbox",
      inbox({ account_id: other.accountId }),
    );
    assert.deepEqual(reply.json, { status: "FAIL", reason: 46 });
  });

  it("createInbox answers 49 once the account's inbox quota is used", async () => {
    await api.call("POST", "online/createInbox", inbox({ whatsapp_number: "972501234567" }));
    await api.call("POST", "online/createInbox", inbox({ whatsapp_number: "972501234568" }));
    const reply = await api.call(
      "POST",
      "online/createInbox",
      inbox({ whatsapp_number: "972501234569" }),
    );
    assert.deepEqual(reply.json, { status: "FAIL", reason: 49 });
  });

  it("createInbox answers 46 for a well-formed number that is not one of the partner's", async () => {
    assert.deepEqual(api.sim.whatsappNumbers(), DEFAULT_WHATSAPP_NUMBERS);
    for (const number of ["972501234570", "972500000001", "14155550124"]) {
      const reply = await api.call(
        "POST",
        "online/createInbox",
        inbox({ whatsapp_number: number }),
      );
      assert.deepEqual(reply.json, { status: "FAIL", reason: 46 }, number);
    }
    assert.equal(api.sim.inboxes().length, 0);
    for (const number of ["972501234569", "447700900123"]) {
      const reply = await api.call(
        "POST",
        "online/createInbox",
        inbox({ whatsapp_number: number }),
      );
      assert.equal(reply.json.reason, 1, `${number}: ${reply.text}`);
    }
  });

  it("deleting an account releases its inboxes' numbers for any account", async () => {
    const other = await api.createAccount({ admin_email: "o@x.example.com" });
    const numbers = ["972501234567", "972501234568"];
    for (const number of numbers) {
      const reply = await api.call(
        "POST",
        "online/createInbox",
        inbox({ whatsapp_number: number }),
      );
      assert.equal(reply.json.reason, 1, reply.text);
    }
    const taken = await api.call(
      "POST",
      "online/createInbox",
      inbox({ account_id: other.accountId, whatsapp_number: numbers[0] }),
    );
    assert.equal(taken.json.reason, 46);
    const deleted = await api.call("DELETE", "online/deleteAccount", { accountID: accountId });
    assert.equal(deleted.json.reason, 1, deleted.text);
    for (const number of numbers) {
      const reply = await api.call(
        "POST",
        "online/createInbox",
        inbox({ account_id: other.accountId, whatsapp_number: number }),
      );
      assert.equal(reply.json.reason, 1, `${number}: ${reply.text}`);
    }
  });

  it("takes the partner's numbers from the whatsappNumbers option", async () => {
    const own = track(await startWithApi({ whatsappNumbers: ["14155550100", "14155550100"] }));
    assert.deepEqual(own.sim.whatsappNumbers(), ["14155550100"]);
    const { accountId: id } = await own.createAccount();
    const body = { ...inbox(), account_id: id };
    const refused = await own.call("POST", "online/createInbox", body);
    assert.deepEqual(
      refused.json,
      { status: "FAIL", reason: 46 },
      "the default number is not theirs",
    );
    const accepted = await own.call("POST", "online/createInbox", {
      ...body,
      whatsapp_number: "14155550100",
    });
    assert.equal(accepted.json.reason, 1, accepted.text);

    const none = track(await startWithApi({ whatsappNumbers: [] }));
    const { accountId: noneId } = await none.createAccount();
    const nothing = await none.call("POST", "online/createInbox", { ...body, account_id: noneId });
    assert.deepEqual(nothing.json, { status: "FAIL", reason: 46 });
  });

  it("refuses a malformed whatsappNumbers option, naming it", async () => {
    for (const bad of [["+972501234567"], ["0501234567"], ["972501234567", "abc"]]) {
      await assert.rejects(
        startWithApi({ whatsappNumbers: bad }),
        /whatsappNumbers must be international numbers of 7 to 15 digits/,
      );
    }
  });

  it("getInboxes answers 33 for an unknown account and 34 for a bad server", async () => {
    assert.equal((await api.call("POST", "online/getInboxes", { accountID: 777 })).json.reason, 33);
    assert.equal(
      (await api.call("POST", "online/getInboxes", { accountID: accountId, server: "mars" })).json
        .reason,
      34,
    );
    const empty = await api.call("POST", "online/getInboxes", { accountID: String(accountId) });
    assert.deepEqual(empty.json, { status: "OK", reason: 1, totalInboxes: 0, list: [] });
  });

  it("deleteInbox answers 33, 34, and 48 for an inbox not in the account", async () => {
    const created = await api.call("POST", "online/createInbox", inbox());
    const inboxId = created.json.inboxID as number;
    const other = await api.createAccount({ admin_email: "o@x.example.com" });
    const del = (body: Record<string, unknown>) => api.call("DELETE", "online/deleteInbox", body);
    assert.equal(
      (await del({ accountID: 777, server: "online", inboxID: inboxId })).json.reason,
      33,
    );
    assert.equal(
      (await del({ accountID: accountId, server: "mars", inboxID: inboxId })).json.reason,
      34,
    );
    assert.equal(
      (await del({ accountID: accountId, server: "online", inboxID: 1 })).json.reason,
      48,
    );
    assert.equal((await del({ accountID: accountId, server: "online" })).json.reason, 48);
    assert.equal(
      (await del({ accountID: other.accountId, server: "online", inboxID: inboxId })).json.reason,
      48,
    );
    assert.equal(api.sim.inboxes().length, 1);
  });
});
