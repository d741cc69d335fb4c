// What every endpoint shares: routing, the envelope, the method check (13, 27
// on setBusiness), the token check (3) and malformed JSON (2).
import assert from "node:assert/strict";
import http from "node:http";
import { Api, request, startWithApi } from "./helpers";

const ENDPOINTS: { name: string; method: string; wrongMethod: string; wrongReason: number }[] = [
  { name: "settings/accessToken", method: "POST", wrongMethod: "GET", wrongReason: 13 },
  { name: "settings/setWebhook", method: "POST", wrongMethod: "PUT", wrongReason: 13 },
  { name: "settings/getWebhook", method: "GET", wrongMethod: "POST", wrongReason: 13 },
  { name: "settings/setBusiness", method: "PATCH", wrongMethod: "POST", wrongReason: 27 },
  { name: "online/createAccount", method: "POST", wrongMethod: "GET", wrongReason: 13 },
  { name: "online/getAccounts", method: "GET", wrongMethod: "POST", wrongReason: 13 },
  { name: "online/updateAccount", method: "POST", wrongMethod: "PATCH", wrongReason: 13 },
  { name: "online/deleteAccount", method: "DELETE", wrongMethod: "POST", wrongReason: 13 },
  { name: "online/getAgents", method: "POST", wrongMethod: "GET", wrongReason: 13 },
  { name: "online/loginAgent", method: "POST", wrongMethod: "GET", wrongReason: 13 },
  { name: "online/createInbox", method: "POST", wrongMethod: "PUT", wrongReason: 13 },
  { name: "online/getInboxes", method: "POST", wrongMethod: "GET", wrongReason: 13 },
  { name: "online/deleteInbox", method: "DELETE", wrongMethod: "POST", wrongReason: 13 },
  { name: "builder/createBuilder", method: "POST", wrongMethod: "GET", wrongReason: 13 },
  { name: "builder/getBuilders", method: "GET", wrongMethod: "DELETE", wrongReason: 13 },
  { name: "builder/loginBuilder", method: "POST", wrongMethod: "GET", wrongReason: 13 },
  { name: "builder/deleteBuilder", method: "DELETE", wrongMethod: "POST", wrongReason: 13 },
];

describe("simulator: envelope, methods, token and JSON on every endpoint", () => {
  let api: Api;
  before(async () => {
    api = await startWithApi();
  });
  after(() => api.sim.close());

  for (const e of ENDPOINTS) {
    describe(e.name, () => {
      it(`answers ${e.wrongReason} to ${e.wrongMethod} with HTTP 200 and a FAIL body`, async () => {
        const reply = await api.call(e.wrongMethod, e.name, {});
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.json, { status: "FAIL", reason: e.wrongReason });
      });

      it("answers 2 to malformed JSON", async () => {
        const reply = await api.call(e.method, e.name, undefined, { raw: '{"a":1,' });
        assert.deepEqual(reply.json, { status: "FAIL", reason: 2 });
      });

      if (e.name !== "settings/accessToken") {
        it("answers 3 without a bearer token, or with an unknown one", async () => {
          const none = await request(`${api.sim.url}/${e.name}`, e.method, {});
          assert.deepEqual(none.json, { status: "FAIL", reason: 3 });
          const unknown = await api.call(
            e.method,
            e.name,
            {},
            {
              headers: { authorization: "Bearer not-a-token-we-issued" },
            },
          );
          assert.deepEqual(unknown.json, { status: "FAIL", reason: 3 });
        });
      }
    });
  }

  it("answers a JSON array or a bare value like malformed JSON (2): bodies are objects", async () => {
    for (const raw of ["[]", "42", '"x"', "null"]) {
      const reply = await api.call("POST", "builder/createBuilder", undefined, { raw });
      assert.equal(reply.json.reason, 2, raw);
    }
  });

  it("tolerates a GET without a body but not a POST without one", async () => {
    const get = await api.call("GET", "online/getAccounts", undefined);
    assert.equal(get.json.reason, 1);
    const post = await api.call("POST", "builder/createBuilder", undefined);
    assert.equal(post.json.reason, 2);
  });

  it("answers unknown paths with 404 and a FAIL body", async () => {
    for (const path of ["online/nope", "nope", "online/createAccount/extra"]) {
      const reply = await api.call("POST", path, {});
      assert.equal(reply.status, 404, path);
      assert.equal(reply.json.status, "FAIL", path);
    }
    const outside = await request(api.sim.url.replace(/\/api$/, "/elsewhere"), "GET");
    assert.equal(outside.status, 404);
    assert.equal(outside.json.status, "FAIL");
  });

  it("answers JSON with a JSON content type", async () => {
    const reply = await api.call("GET", "online/getAccounts");
    assert.match(String(reply.headers["content-type"]), /^application\/json/);
  });

  it("counts requests per endpoint and in total, and forgets them on resetRequestCounts", async () => {
    api.sim.resetRequestCounts();
    await api.call("GET", "online/getAccounts");
    await api.call("POST", "online/getAccounts", {});
    await api.call("GET", "builder/getBuilders");
    assert.equal(api.sim.requestCount("online/getAccounts"), 2);
    assert.equal(api.sim.requestCount("builder/getBuilders"), 1);
    assert.equal(api.sim.requestCount("online/createAccount"), 0);
    assert.equal(api.sim.requestCount(), 3);
    api.sim.resetRequestCounts();
    assert.equal(api.sim.requestCount(), 0);
  });

  it("keeps a keep-alive connection usable across requests", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 3; i++) {
        const reply = await new Promise<number>((resolve, reject) => {
          const req = http.request(
            `${api.sim.url}/online/getAccounts`,
            { method: "GET", agent, headers: { authorization: `Bearer ${api.token}` } },
            (res) => {
              res.resume();
              res.on("end", () => resolve(res.statusCode ?? 0));
            },
          );
          req.on("error", reject);
          req.end();
        });
        assert.equal(reply, 200);
      }
    } finally {
      agent.destroy();
    }
  });
});
