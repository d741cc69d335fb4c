// online/createAccount, getAccounts, updateAccount, deleteAccount (partners-api.md §2.1-2.4, §5).
import assert from "node:assert/strict";
import { Api, closeAfterEach, startWithApi } from "./helpers";

const long = (n: number, c = "a") => c.repeat(n);

describe("simulator: online/createAccount", () => {
  let api: Api;
  before(async () => {
    api = await startWithApi({ servers: ["online", "eu1"], maxAccounts: 1000 });
  });
  beforeEach(() => api.sim.reset());
  after(() => api.sim.close());
  const track = closeAfterEach();

  it("answers the documented success shape with numeric ids and the default server", async () => {
    const reply = await api.call("POST", "online/createAccount", Api.account());
    assert.equal(reply.status, 200);
    assert.deepEqual(Object.keys(reply.json as object).sort(), [
      "account_id",
      "agent_id",
      "reason",
      "server",
      "status",
    ]);
    assert.equal(reply.json.status, "OK");
    assert.equal(reply.json.reason, 1);
    assert.equal(typeof reply.json.account_id, "number");
    assert.equal(typeof reply.json.agent_id, "number");
    assert.equal(reply.json.server, "online");
    const [account] = api.sim.accounts();
    assert.equal(account.accountId, reply.json.account_id);
    assert.equal(account.accountName, "Acme Ltd");
    assert.equal(account.status, "active");
    assert.equal(account.agents, 5);
    assert.equal(account.inboxes, 2);
    assert.equal(account.reference, "");
    assert.equal(account.builderUrl, "");
    assert.deepEqual(account.agentIds, [reply.json.agent_id]);
    const [agent] = api.sim.agents();
    assert.equal(agent.email, "admin@acme.example.com");
    assert.equal(agent.password, "Secret!pass");
    assert.equal(agent.twoFactor, 0);
  });

  it("hands out increasing account and agent ids", async () => {
    const a = await api.createAccount({ admin_email: "a@x.example.com" });
    const b = await api.createAccount({ admin_email: "b@x.example.com" });
    assert.ok(b.accountId > a.accountId);
    assert.ok(b.agentId > a.agentId);
  });

  it("accepts digit strings for agents and inboxes, and the optional fields", async () => {
    const reply = await api.call(
      "POST",
      "online/createAccount",
      Api.account({
        agents: "9999",
        inboxes: "999",
        admin_2fa: 2,
        admin_2fa_value: "972501234567",
        server: "eu1",
        reference: "crm42",
      }),
    );
    assert.equal(reply.json.reason, 1, reply.text);
    assert.equal(reply.json.server, "eu1");
    const [account] = api.sim.accounts();
    assert.deepEqual([account.agents, account.inboxes, account.reference], [9999, 999, "crm42"]);
    assert.deepEqual(
      [api.sim.agents()[0].twoFactor, api.sim.agents()[0].twoFactorValue],
      [2, "972501234567"],
    );
  });

  it("accepts a password without digits and 2FA by email", async () => {
    const reply = await api.call(
      "POST",
      "online/createAccount",
      Api.account({
        admin_password: "Abcde'",
        admin_2fa: "1",
        admin_2fa_value: "otp@x.example.com",
      }),
    );
    assert.equal(reply.json.reason, 1, reply.text);
  });

  it("accepts an admin email under an internationalised top-level domain in its ASCII form", async () => {
    const reply = await api.call(
      "POST",
      "online/createAccount",
      Api.account({ admin_email: "dana@shop.xn--4dbrk0ce" }),
    );
    assert.equal(reply.json.reason, 1, reply.text);
  });

  // Every field rule of §2.1, one bad value per row, each sent as a real client could.
  const cases: [string, Record<string, unknown>, number][] = [
    ["reference with a dash", { reference: "crm-42" }, 20],
    ["reference with a space", { reference: "crm 42" }, 20],
    ["reference of 51 characters", { reference: long(51) }, 20],
    ["unknown server", { server: "us9" }, 34],
    ["empty server", { server: "" }, 34],
    ["server of 31 characters", { server: long(31) }, 34],
    ["missing account_name", { account_name: undefined }, 36],
    ["blank account_name", { account_name: "   " }, 36],
    ["account_name of 101 characters", { account_name: long(101) }, 36],
    ["account_name as a number", { account_name: 7 }, 36],
    ["agents missing", { agents: undefined }, 37],
    ["agents 0", { agents: 0 }, 37],
    ["agents negative", { agents: -1 }, 37],
    ["agents with 5 digits", { agents: 10000 }, 37],
    ["agents as a fraction", { agents: 1.5 }, 37],
    ["agents as words", { agents: "five" }, 37],
    ["inboxes with 4 digits", { inboxes: 1000 }, 37],
    ["inboxes missing", { inboxes: undefined }, 37],
    ["admin_email missing", { admin_email: undefined }, 38],
    ["admin_email without @", { admin_email: "admin.example.com" }, 38],
    ["admin_email without a domain dot", { admin_email: "admin@localhost" }, 38],
    ["admin_email of 51 characters", { admin_email: `${long(39)}@example.com` }, 38],
    ["admin_email with two @", { admin_email: "admin@acme@example.com" }, 38],
    ["admin_email in Hebrew", { admin_email: "מנהל@acme.example.com" }, 38],
    ["admin_name missing", { admin_name: undefined }, 39],
    ["admin_name blank", { admin_name: "" }, 39],
    ["admin_name of 51 characters", { admin_name: long(51) }, 39],
    ["admin_displayName missing", { admin_displayName: undefined }, 39],
    [
      "admin_displayName sent snake_case only",
      { admin_displayName: undefined, admin_display_name: "D" },
      39,
    ],
    ["admin_password missing", { admin_password: undefined }, 40],
    ["admin_password of 5 characters", { admin_password: "Ab!cd" }, 40],
    ["admin_password without upper case", { admin_password: "secret!pass" }, 40],
    ["admin_password without lower case", { admin_password: "SECRET!PASS" }, 40],
    ["admin_password without a special character", { admin_password: "SecretPass1" }, 40],
    ["admin_password whose only special is unlisted (`)", { admin_password: "Secret`pass" }, 40],
    ["admin_password of 51 characters", { admin_password: `Ab!${long(48)}` }, 40],
    ["admin_2fa 3", { admin_2fa: 3 }, 41],
    ["admin_2fa as a word", { admin_2fa: "sms" }, 41],
    ["admin_2fa 1 without a value", { admin_2fa: 1 }, 42],
    ["admin_2fa 1 with a phone number", { admin_2fa: 1, admin_2fa_value: "972501234567" }, 42],
    ["admin_2fa 2 with a leading +", { admin_2fa: 2, admin_2fa_value: "+972501234567" }, 42],
    ["admin_2fa 2 with an email", { admin_2fa: 2, admin_2fa_value: "otp@x.example.com" }, 42],
    ["admin_2fa 2 with a local number", { admin_2fa: 2, admin_2fa_value: "0501234567" }, 42],
    ["admin_2fa 0 with a destination", { admin_2fa: 0, admin_2fa_value: "otp@x.example.com" }, 42],
  ];
  for (const [what, overrides, reason] of cases) {
    it(`answers ${reason} for ${what}, and creates nothing`, async () => {
      const reply = await api.call("POST", "online/createAccount", Api.account(overrides));
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.json, { status: "FAIL", reason }, reply.text);
      assert.equal(api.sim.accounts().length, 0);
      assert.equal(api.sim.agents().length, 0);
    });
  }

  it("accepts every listed special character in a password", async () => {
    for (const c of "!@#$%^&*()_+-=[]{}|\"/\\.,<>:;?~'") {
      const reply = await api.call(
        "POST",
        "online/createAccount",
        Api.account({ admin_password: `Abcde${c}` }),
      );
      assert.equal(reply.json.reason, 1, `special ${c}: ${reply.text}`);
    }
  });

  it("answers 31 when the partner's account quota is used up", async () => {
    const full = await startWithApi({ maxAccounts: 1 });
    track(full.sim);
    await full.createAccount();
    const reply = await full.call("POST", "online/createAccount", Api.account());
    assert.deepEqual(reply.json, { status: "FAIL", reason: 31 });
    assert.equal(full.sim.accounts().length, 1);
  });

  it("answers 34 for an omitted server when the default is not among the configured servers", async () => {
    const eu = await startWithApi({ servers: ["eu1"] });
    track(eu.sim);
    const reply = await eu.call("POST", "online/createAccount", Api.account());
    assert.deepEqual(reply.json, { status: "FAIL", reason: 34 });
    const ok = await eu.call("POST", "online/createAccount", Api.account({ server: "eu1" }));
    assert.equal(ok.json.server, "eu1");
  });

  describe("an admin_email that already belongs to an agent", () => {
    it("gives the existing agent access instead of creating one, ignoring name and password", async () => {
      const first = await api.createAccount({ admin_email: "Dana@Acme.example.com" });
      const reply = await api.call(
        "POST",
        "online/createAccount",
        Api.account({
          account_name: "Second",
          admin_email: "dana@acme.example.com",
          admin_name: "",
          admin_displayName: "Other",
          admin_password: "weak",
        }),
      );
      assert.equal(reply.json.reason, 1, reply.text);
      assert.equal(reply.json.agent_id, first.agentId);
      assert.notEqual(reply.json.account_id, first.accountId);
      const agents = api.sim.agents();
      assert.equal(agents.length, 1);
      assert.equal(agents[0].name, "Dana Admin");
      assert.equal(agents[0].displayName, "Dana");
      assert.equal(agents[0].password, "Secret!pass");
      assert.deepEqual(agents[0].accountIds, [first.accountId, reply.json.account_id]);
      const second = api.sim.accounts().find((a) => a.accountId === reply.json.account_id);
      assert.deepEqual(second?.agentIds, [first.agentId]);
    });

    it("finds agents under accounts on any server", async () => {
      const first = await api.createAccount({ server: "eu1" });
      const second = await api.createAccount({ server: "online" });
      assert.equal(second.agentId, first.agentId);
    });
  });
});

describe("simulator: online/getAccounts", () => {
  let api: Api;
  before(async () => {
    api = await startWithApi({ servers: ["online", "eu1"] });
  });
  after(() => api.sim.close());

  it("lists every account with string ids, Unix create times and active/suspended", async () => {
    const empty = await api.call("GET", "online/getAccounts");
    assert.deepEqual(empty.json, { status: "OK", reason: 1, totalOnline: 0, list: [] });

    const before = Math.floor(Date.now() / 1000);
    const a = await api.createAccount({ reference: "ref1" });
    const b = await api.createAccount({ account_name: "Beta", server: "eu1" });
    await api.call("POST", "online/updateAccount", {
      account_id: b.accountId,
      server: "eu1",
      account_status: 0,
    });
    const reply = await api.call("GET", "online/getAccounts", {});
    assert.equal(reply.json.reason, 1);
    assert.equal(reply.json.totalOnline, 2);
    const [first, second] = reply.json.list;
    assert.deepEqual(Object.keys(first as object).sort(), [
      "account_id",
      "account_name",
      "account_status",
      "create_time",
      "reference",
      "server",
    ]);
    assert.equal(first.account_id, String(a.accountId));
    assert.equal(first.account_name, "Acme Ltd");
    assert.equal(first.server, "online");
    assert.equal(first.account_status, "active");
    assert.equal(first.reference, "ref1");
    assert.ok(first.create_time >= before && first.create_time <= before + 2);
    assert.equal(second.account_id, String(b.accountId));
    assert.equal(second.server, "eu1");
    assert.equal(second.account_status, "suspended");
  });
});

describe("simulator: online/updateAccount", () => {
  let api: Api;
  let accountId: number;
  before(async () => {
    api = await startWithApi({ servers: ["online", "eu1"] });
  });
  beforeEach(async () => {
    api.sim.reset();
    accountId = (await api.createAccount()).accountId;
  });
  after(() => api.sim.close());

  it("changes only the fields sent and echoes the account", async () => {
    const reply = await api.call("POST", "online/updateAccount", {
      account_id: accountId,
      server: "online",
      account_status: 0,
    });
    assert.deepEqual(reply.json, {
      status: "OK",
      reason: 1,
      account_id: accountId,
      server: "online",
      account_name: "Acme Ltd",
      account_status: 0,
      builder_url: "",
    });
    const renamed = await api.call("POST", "online/updateAccount", {
      account_id: String(accountId),
      server: "online",
      account_name: "Acme Two",
      builder_url: "https://builder.example.com/login/7",
    });
    assert.equal(renamed.json.reason, 1);
    assert.equal(renamed.json.account_status, 0);
    const [account] = api.sim.accounts();
    assert.equal(account.accountName, "Acme Two");
    assert.equal(account.status, "suspended");
    assert.equal(account.builderUrl, "https://builder.example.com/login/7");
    await api.call("POST", "online/updateAccount", {
      account_id: accountId,
      server: "online",
      account_status: "1",
      builder_url: "",
    });
    assert.equal(api.sim.accounts()[0].status, "active");
    assert.equal(api.sim.accounts()[0].builderUrl, "");
  });

  const cases: [string, Record<string, unknown>, number][] = [
    ["account_id missing", { account_id: undefined }, 33],
    ["account_id of 8 digits", { account_id: 12345678 }, 33],
    ["account_id unknown", { account_id: 999 }, 33],
    ["account on another server", { server: "eu1" }, 33],
    ["server missing", { server: undefined }, 34],
    ["server unknown", { server: "mars" }, 34],
    ["account_name blank", { account_name: "" }, 36],
    ["account_name of 101 characters", { account_name: long(101) }, 36],
    ["account_status 2", { account_status: 2 }, 43],
    ["account_status as a word", { account_status: "suspended" }, 43],
    ["builder_url not a URL", { builder_url: "builder" }, 44],
    ["builder_url ftp", { builder_url: "ftp://builder.example.com" }, 44],
    ["builder_url of 151 characters", { builder_url: `https://x.example.com/${long(129)}` }, 44],
    ["builder_url with a space", { builder_url: "https://builder.example.com/a b" }, 44],
    [
      "builder_url with a tab a parser would drop",
      { builder_url: "https://buil\tder.example.com/" },
      44,
    ],
  ];
  for (const [what, overrides, reason] of cases) {
    it(`answers ${reason} for ${what}, and changes nothing`, async () => {
      const reply = await api.call("POST", "online/updateAccount", {
        account_id: accountId,
        server: "online",
        account_name: "Changed",
        ...overrides,
      });
      assert.deepEqual(reply.json, { status: "FAIL", reason }, reply.text);
      assert.equal(api.sim.accounts()[0].accountName, "Acme Ltd");
    });
  }
});

describe("simulator: online/deleteAccount", () => {
  let api: Api;
  before(async () => {
    api = await startWithApi({ servers: ["online", "eu1"] });
  });
  beforeEach(() => api.sim.reset());
  after(() => api.sim.close());

  it("deletes the account with its inboxes and its now account-less agents", async () => {
    const shared = await api.createAccount({ admin_email: "shared@x.example.com" });
    const other = await api.createAccount({ admin_email: "shared@x.example.com" });
    await api.call("POST", "online/createInbox", {
      inbox_type: "whatsapp",
      inbox_name: "Support",
      whatsapp_number: "972501234567",
      account_id: shared.accountId,
      server: "online",
    });
    const reply = await api.call("DELETE", "online/deleteAccount", { accountID: shared.accountId });
    assert.deepEqual(reply.json, {
      status: "OK",
      reason: 1,
      accountID: shared.accountId,
      server: "online",
    });
    assert.deepEqual(
      api.sim.accounts().map((a) => a.accountId),
      [other.accountId],
    );
    assert.equal(api.sim.inboxes().length, 0);
    assert.deepEqual(api.sim.agents()[0].accountIds, [other.accountId]);

    await api.call("DELETE", "online/deleteAccount", {
      accountID: other.accountId,
      server: "online",
    });
    assert.equal(api.sim.agents().length, 0);
  });

  it("answers 33 for an account that does not exist (any more) and 34 for a bad server", async () => {
    const { accountId } = await api.createAccount();
    const gone = { accountID: accountId, server: "online" };
    assert.equal((await api.call("DELETE", "online/deleteAccount", gone)).json.reason, 1);
    assert.deepEqual((await api.call("DELETE", "online/deleteAccount", gone)).json, {
      status: "FAIL",
      reason: 33,
    });
    assert.equal((await api.call("DELETE", "online/deleteAccount", {})).json.reason, 33);
    assert.equal(
      (await api.call("DELETE", "online/deleteAccount", { accountID: "x1" })).json.reason,
      33,
    );
    const { accountId: live } = await api.createAccount();
    assert.deepEqual(
      (await api.call("DELETE", "online/deleteAccount", { accountID: live, server: "mars" })).json,
      { status: "FAIL", reason: 34 },
    );
    assert.equal(
      (await api.call("DELETE", "online/deleteAccount", { accountID: live, server: "eu1" })).json
        .reason,
      33,
    );
    assert.equal(api.sim.accounts().length, 1);
  });

  it("never reuses a deleted account's id", async () => {
    const { accountId } = await api.createAccount();
    await api.call("DELETE", "online/deleteAccount", { accountID: accountId });
    const next = await api.createAccount();
    assert.ok(next.accountId > accountId);
  });
});
