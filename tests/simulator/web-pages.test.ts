// The simulator's API routes, like its control route, refuse what only a web page sends: a page
// posting wrong credentials would get 127.0.0.1 blocked for every script on the machine, and a
// page that rebinds its own domain name to 127.0.0.1 could read the accounts.
import assert from "node:assert/strict";
import { Api, closeAfterEach, request, startWithApi, type Reply } from "./helpers";

const WRONG_LOGIN = { client_id: "demo", client_secret: "wrong" };

describe("simulator: the API refuses web pages", () => {
  const track = closeAfterEach();
  let api: Api;
  beforeEach(async () => {
    // One wrong login blocks the caller: any that got through would show.
    api = await startWithApi({ blockAfterFailures: 1 });
    track(api.sim);
  });

  /** Refused with 403 and why, nothing counted, applied or held against 127.0.0.1. */
  async function assertRefused(send: () => Promise<Reply>, why: RegExp): Promise<void> {
    const counted = api.sim.requestCount();
    api.sim.injectFault({ endpoint: "online/getAccounts", fault: { type: "html-error" } });
    const reply = await send();
    assert.equal(reply.status, 403, reply.text);
    assert.equal(reply.json?.status, "FAIL");
    assert.match(String(reply.json?.error), why);
    assert.equal(api.sim.requestCount(), counted, "not counted");
    assert.equal(api.sim.accounts().length, 0, "nothing applied");
    assert.equal((await api.call("GET", "online/getAccounts")).status, 502, "fault kept");
    assert.equal((await api.login()) !== "", true, "127.0.0.1 is not blocked");
  }

  it("a form posting wrong credentials from another site", async () => {
    for (const [contentType, raw] of [
      ["application/x-www-form-urlencoded", "client_id=demo&client_secret=wrong"],
      ["text/plain", JSON.stringify(WRONG_LOGIN)],
      ["multipart/form-data; boundary=x", "--x--"],
    ]) {
      await assertRefused(
        () =>
          request(`${api.sim.url}/settings/accessToken`, "POST", undefined, {
            raw,
            headers: { "content-type": contentType, origin: "https://evil.example" },
          }),
        /Origin/,
      );
      await assertRefused(
        () =>
          request(`${api.sim.url}/settings/accessToken`, "POST", undefined, {
            raw,
            headers: { "content-type": contentType },
          }),
        /Content-Type: application\/json/,
      );
    }
  });

  it("a JSON request with an Origin, which only a page's script sends", async () => {
    await assertRefused(
      () =>
        request(`${api.sim.url}/online/createAccount`, "POST", Api.account(), {
          headers: { authorization: `Bearer ${api.token}`, origin: "http://127.0.0.1:3000" },
        }),
      /Origin/,
    );
  });

  it("a request addressed to another domain, as a DNS-rebound page sends it", async () => {
    const host = `evil.example:${api.sim.port}`;
    await assertRefused(
      () => api.call("GET", "online/getAccounts", undefined, { headers: { host } }),
      /addressed to 127\.0\.0\.1/,
    );
    await assertRefused(
      () =>
        request(`${api.sim.url}/settings/accessToken`, "POST", WRONG_LOGIN, { headers: { host } }),
      /addressed to/,
    );
  });

  it("while scripts are served: JSON without an Origin, GET without a type, Host localhost", async () => {
    const port = api.sim.port;
    for (const host of [`localhost:${port}`, `[::1]:${port}`, `127.0.0.1:${port}`]) {
      const read = await api.call("GET", "online/getAccounts", undefined, {
        headers: { host, "content-type": undefined },
      });
      assert.equal(read.json?.reason, 1, `${host}: ${read.text}`);
    }
    const created = await api.call("POST", "online/createAccount", Api.account(), {
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    assert.equal(created.json?.reason, 1, created.text);
  });
});
