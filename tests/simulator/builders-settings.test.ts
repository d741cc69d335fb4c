// builder/* (partners-api.md §3) and settings/setWebhook, getWebhook, setBusiness (§4).
import assert from "node:assert/strict";
import { Api, closeAfterEach, startWithApi } from "./helpers";

describe("simulator: builders", () => {
  let api: Api;
  before(async () => {
    api = await startWithApi();
  });
  beforeEach(() => api.sim.reset());
  after(() => api.sim.close());
  const track = closeAfterEach();

  it("creates, lists, logs into and deletes a builder", async () => {
    const created = await api.call("POST", "builder/createBuilder", {
      client_name: "Acme",
      reference: "b1",
    });
    assert.equal(created.json.reason, 1, created.text);
    const builderId = created.json.builderID as number;
    assert.equal(typeof builderId, "number");
    assert.equal(created.json.client_name, "Acme");
    assert.match(String(created.json.url), /^https:\/\//);

    const listed = await api.call("GET", "builder/getBuilders");
    assert.equal(listed.json.totalBuilders, 1);
    assert.deepEqual(Object.keys(listed.json.list[0] as object).sort(), [
      "builderID",
      "client",
      "create_time",
      "url",
    ]);
    assert.equal(listed.json.list[0].builderID, String(builderId));
    assert.equal(listed.json.list[0].client, "Acme");
    assert.equal(listed.json.list[0].url, created.json.url);

    const login = await api.call("POST", "builder/loginBuilder", { builderID: String(builderId) });
    assert.equal(login.json.reason, 1);
    assert.match(String(login.json.login), /^https:\/\/\S+$/);

    const deleted = await api.call("DELETE", "builder/deleteBuilder", { builderID: builderId });
    assert.equal(deleted.json.reason, 1);
    assert.equal(api.sim.builders().length, 0);
    assert.deepEqual(
      (await api.call("POST", "builder/loginBuilder", { builderID: builderId })).json,
      {
        status: "FAIL",
        reason: 29,
      },
    );
    assert.deepEqual(
      (await api.call("DELETE", "builder/deleteBuilder", { builderID: builderId })).json,
      { status: "FAIL", reason: 29 },
    );
  });

  it("creates a second builder for the same client_name and reference: createBuilder is not idempotent", async () => {
    const body = { client_name: "Acme", reference: "b1" };
    const first = await api.call("POST", "builder/createBuilder", body);
    const second = await api.call("POST", "builder/createBuilder", body);
    assert.equal(first.json.reason, 1);
    assert.equal(second.json.reason, 1);
    assert.notEqual(second.json.builderID, first.json.builderID);
    assert.notEqual(second.json.url, first.json.url);
    const listed = await api.call("GET", "builder/getBuilders");
    assert.equal(listed.json.totalBuilders, 2);
    assert.deepEqual(
      (listed.json.list as { client: string }[]).map((b) => b.client),
      ["Acme", "Acme"],
    );
  });

  const cases: [string, Record<string, unknown>, number][] = [
    ["a missing client_name", {}, 30],
    ["a blank client_name", { client_name: " " }, 30],
    ["a client_name of 101 characters", { client_name: "c".repeat(101) }, 30],
    ["a reference with punctuation", { client_name: "Acme", reference: "b.1" }, 20],
    ["a reference of 51 characters", { client_name: "Acme", reference: "r".repeat(51) }, 20],
  ];
  for (const [what, body, reason] of cases) {
    it(`createBuilder answers ${reason} for ${what}`, async () => {
      const reply = await api.call("POST", "builder/createBuilder", body);
      assert.deepEqual(reply.json, { status: "FAIL", reason });
      assert.equal(api.sim.builders().length, 0);
    });
  }

  it("loginBuilder and deleteBuilder answer 29 for a missing or malformed builderID", async () => {
    for (const body of [{}, { builderID: "abc" }, { builderID: 0 }]) {
      assert.equal((await api.call("POST", "builder/loginBuilder", body)).json.reason, 29);
      assert.equal((await api.call("DELETE", "builder/deleteBuilder", body)).json.reason, 29);
    }
  });

  it("createBuilder answers 31 once the builder quota is used up", async () => {
    const full = await startWithApi({ maxBuilders: 1 });
    track(full.sim);
    assert.equal(
      (await full.call("POST", "builder/createBuilder", { client_name: "A" })).json.reason,
      1,
    );
    assert.deepEqual(
      (await full.call("POST", "builder/createBuilder", { client_name: "B" })).json,
      {
        status: "FAIL",
        reason: 31,
      },
    );
  });
});

describe("simulator: settings", () => {
  let api: Api;
  before(async () => {
    api = await startWithApi();
  });
  beforeEach(() => api.sim.reset());
  after(() => api.sim.close());

  it("sets and reads the webhook URL", async () => {
    assert.deepEqual((await api.call("GET", "settings/getWebhook")).json, {
      status: "OK",
      reason: 1,
      url: "",
    });
    const url = "https://hooks.example.com/99digital?k=1";
    assert.deepEqual((await api.call("POST", "settings/setWebhook", { url })).json, {
      status: "OK",
      reason: 1,
      url,
    });
    assert.equal(api.sim.webhookUrl(), url);
    assert.equal((await api.call("GET", "settings/getWebhook", {})).json.url, url);
  });

  for (const [what, url] of [
    ["missing", undefined],
    ["not a URL", "hooks.example.com"],
    ["ftp", "ftp://hooks.example.com"],
    ["513 characters", `https://hooks.example.com/${"p".repeat(487)}`],
    ["with a space", "https://hooks.example.com/a b"],
    ["with a newline a parser would drop", "https://hooks.exa\nmple.com/"],
    ["with a trailing space a parser would trim", "https://hooks.example.com/ "],
  ] as const) {
    it(`setWebhook answers 13 for a url that is ${what}`, async () => {
      const reply = await api.call("POST", "settings/setWebhook", { url });
      assert.deepEqual(reply.json, { status: "FAIL", reason: 13 });
      assert.equal(api.sim.webhookUrl(), undefined);
    });
  }

  it("setWebhook takes an internationalised URL in its ASCII form only, and no host without a dot", async () => {
    for (const url of ["https://דוגמה.ישראל/אירועים", "http://localhost:8080/hook"]) {
      assert.deepEqual(
        (await api.call("POST", "settings/setWebhook", { url })).json,
        { status: "FAIL", reason: 13 },
        url,
      );
    }
    assert.equal(api.sim.webhookUrl(), undefined);
    const ascii = "https://xn--5dbqzzl.xn--4dbrk0ce/%D7%90";
    assert.equal((await api.call("POST", "settings/setWebhook", { url: ascii })).json.reason, 1);
    assert.equal(api.sim.webhookUrl(), ascii);
  });

  it("setWebhook accepts a url of exactly 512 characters", async () => {
    const url = `https://hooks.example.com/${"p".repeat(486)}`;
    assert.equal(url.length, 512);
    assert.equal((await api.call("POST", "settings/setWebhook", { url })).json.reason, 1);
  });

  it("setBusiness updates only the fields sent and echoes them", async () => {
    const first = await api.call("PATCH", "settings/setBusiness", {
      onboarding_logo: "https://cdn.example.com/logo.png",
      onboarding_message: "Welcome",
    });
    assert.deepEqual(first.json, {
      status: "OK",
      reason: 1,
      onboarding_logo: "https://cdn.example.com/logo.png",
      onboarding_message: "Welcome",
    });
    const second = await api.call("PATCH", "settings/setBusiness", {
      onboarding_button: "Connect",
      onboarding_success: "Done",
      onboarding_failed: "Try again",
    });
    assert.equal(second.json.reason, 1);
    assert.equal(second.json.onboarding_logo, undefined);
    assert.deepEqual(api.sim.business(), {
      onboarding_logo: "https://cdn.example.com/logo.png",
      onboarding_message: "Welcome",
      onboarding_button: "Connect",
      onboarding_success: "Done",
      onboarding_failed: "Try again",
    });
  });

  it("setBusiness takes a null field as not sent, like every optional field", async () => {
    await api.call("PATCH", "settings/setBusiness", { onboarding_message: "Welcome" });
    const reply = await api.call("PATCH", "settings/setBusiness", {
      onboarding_message: null,
      onboarding_button: "Connect",
    });
    assert.deepEqual(reply.json, { status: "OK", reason: 1, onboarding_button: "Connect" });
    assert.deepEqual(api.sim.business(), {
      onboarding_message: "Welcome",
      onboarding_button: "Connect",
    });
  });

  it("setBusiness clears a field with an empty string", async () => {
    await api.call("PATCH", "settings/setBusiness", {
      onboarding_logo: "https://cdn.example.com/logo.png",
      onboarding_message: "Welcome",
    });
    const reply = await api.call("PATCH", "settings/setBusiness", {
      onboarding_logo: "",
      onboarding_message: "",
    });
    assert.equal(reply.json.reason, 1, reply.text);
    assert.deepEqual(api.sim.business(), { onboarding_logo: "", onboarding_message: "" });
  });

  const businessCases: [string, Record<string, unknown>, number][] = [
    ["a logo that is not a URL", { onboarding_logo: "logo.png" }, 28],
    [
      "a logo of 513 characters",
      { onboarding_logo: `https://x.example.com/${"l".repeat(491)}` },
      28,
    ],
    ["a message of 201 characters", { onboarding_message: "m".repeat(201) }, 29],
    ["a button of 51 characters", { onboarding_button: "b".repeat(51) }, 30],
    ["a success text of 201 characters", { onboarding_success: "s".repeat(201) }, 31],
    ["a failed text of 201 characters", { onboarding_failed: "f".repeat(201) }, 31],
    ["a message that is not a string", { onboarding_message: 5 }, 29],
  ];
  for (const [what, body, reason] of businessCases) {
    it(`setBusiness answers ${reason} for ${what}, and changes nothing`, async () => {
      const reply = await api.call("PATCH", "settings/setBusiness", {
        onboarding_button: "OK",
        ...body,
      });
      assert.deepEqual(reply.json, { status: "FAIL", reason });
      assert.deepEqual(api.sim.business(), {});
    });
  }
});
