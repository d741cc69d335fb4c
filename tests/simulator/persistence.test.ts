// The `data` option: state survives a restart, and the file is replaced atomically.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSimulator } from "../../simulator";
import type { Simulator } from "../../simulator";
import { saveData } from "../../simulator/state";
import { Api } from "./helpers";

describe("simulator: persistence with the data option", () => {
  let dir: string;
  let file: string;
  let sim: Simulator | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sim-data-"));
    file = path.join(dir, "state.json");
  });
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<Api> {
    sim = await startSimulator({ port: 0, data: file });
    const api = new Api(sim);
    await api.login();
    return api;
  }

  it("starts empty without a file, then keeps every change across a restart", async () => {
    let api = await start();
    assert.equal(fs.existsSync(file), false, "a read-only session writes nothing");
    const { accountId, agentId } = await api.createAccount({ reference: "keep1" });
    await api.call("POST", "online/updateAccount", {
      account_id: accountId,
      server: "online",
      account_status: 0,
    });
    await api.call("POST", "builder/createBuilder", { client_name: "Acme" });
    await api.call("POST", "settings/setWebhook", { url: "https://hooks.example.com/x" });
    await api.call("PATCH", "settings/setBusiness", { onboarding_button: "Go" });
    await api.call("POST", "online/createInbox", {
      inbox_type: "whatsapp",
      inbox_name: "Support",
      whatsapp_number: "972501234567",
      account_id: accountId,
      server: "online",
    });
    const before = { accounts: sim!.accounts(), agents: sim!.agents(), inboxes: sim!.inboxes() };
    await sim!.close();

    api = await start();
    assert.deepEqual(sim!.accounts(), before.accounts);
    assert.deepEqual(sim!.agents(), before.agents);
    assert.deepEqual(sim!.inboxes(), before.inboxes);
    assert.equal(sim!.builders().length, 1);
    assert.equal(sim!.webhookUrl(), "https://hooks.example.com/x");
    assert.deepEqual(sim!.business(), { onboarding_button: "Go" });
    const listed = await api.call("GET", "online/getAccounts");
    assert.equal(listed.json.list[0].account_status, "suspended");
    // Counters persist too: ids are never handed out twice.
    const next = await api.createAccount({ admin_email: "new@x.example.com" });
    assert.ok(next.accountId > accountId);
    assert.ok(next.agentId > agentId);
  });

  it("leaves no temporary files behind and keeps the file valid JSON", async () => {
    const api = await start();
    for (let i = 0; i < 5; i++) await api.createAccount({ admin_email: `a${i}@x.example.com` });
    assert.deepEqual(fs.readdirSync(dir), ["state.json"]);
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { accounts: unknown[] };
    assert.equal(parsed.accounts.length, 5);
  });

  it("persists a drop-after-commit change and not a drop-before-commit one", async () => {
    const api = await start();
    sim!.injectFault({ endpoint: "online/createAccount", fault: { type: "drop-before-commit" } });
    // Both drop the connection without an answer.
    const dropped = { code: "ECONNRESET", message: "socket hang up" };
    await assert.rejects(api.call("POST", "online/createAccount", Api.account()), dropped);
    sim!.injectFault({ endpoint: "online/createAccount", fault: { type: "drop-after-commit" } });
    await assert.rejects(
      api.call("POST", "online/createAccount", Api.account({ account_name: "Dropped" })),
      dropped,
    );
    await sim!.close();
    await start();
    assert.deepEqual(
      sim!.accounts().map((a) => a.accountName),
      ["Dropped"],
    );
  });

  it("reset() empties the file too", async () => {
    const api = await start();
    await api.createAccount();
    sim!.reset();
    await sim!.close();
    await start();
    assert.equal(sim!.accounts().length, 0);
  });

  it("refuses to start on a file that is not simulator state", async () => {
    fs.writeFileSync(file, "{not json");
    await assert.rejects(startSimulator({ port: 0, data: file }), /not JSON/);
    fs.writeFileSync(file, JSON.stringify({ hello: "world" }));
    await assert.rejects(startSimulator({ port: 0, data: file }), /not a simulator state/);
  });

  it("saveData replaces the file by rename, so a reader never sees a partial write", () => {
    saveData(file, { version: 1, n: 1 });
    const inode = fs.statSync(file).ino;
    saveData(file, { version: 1, n: 2 });
    assert.notEqual(fs.statSync(file).ino, inode, "a new file was renamed over the old one");
    assert.deepEqual(JSON.parse(fs.readFileSync(file, "utf8")), { version: 1, n: 2 });
  });
});
