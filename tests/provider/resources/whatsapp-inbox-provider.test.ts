// Level 2 for WhatsAppInbox: the provider's methods against a simulator on 127.0.0.1.
import assert from "node:assert/strict";
import { PartnersApiError } from "../../../provider/client";
import { unknownValue } from "../../../provider/resources/fields";
import {
  createAccount,
  inboxInputs,
  NUMBERS,
  startInboxFixture,
  type InboxFixture,
} from "./whatsapp-inbox-fixture";

describe("WhatsAppInbox provider against the simulator", () => {
  let x: InboxFixture;
  beforeEach(async () => {
    x = await startInboxFixture();
  });
  afterEach(async () => {
    await x.close();
  });

  async function created(overrides: Parameters<typeof inboxInputs>[1] = {}) {
    const inputs = inboxInputs(x.accountId, overrides);
    const { id, outs } = await x.provider.create(inputs);
    assert.ok(outs);
    return { id, outs, inputs };
  }

  describe("check", () => {
    const program = () => ({
      accountId: x.accountId,
      inboxName: "Support",
      whatsappNumber: NUMBERS[0],
      resourceKey: "keyA",
    });

    it("applies the defaults: server online, no history import, protection on", async () => {
      const { inputs, failures } = await x.provider.check({}, program());
      assert.deepEqual(failures, []);
      assert.deepEqual(
        {
          server: inputs?.server,
          importHistory: inputs?.importHistory,
          deletionProtection: inputs?.deletionProtection,
        },
        { server: "online", importHistory: false, deletionProtection: true },
      );
    });

    it("returns one failure per bad field, each naming its field and rule", async () => {
      const { failures } = await x.provider.check(
        {},
        {
          accountId: "acme",
          server: "Online!",
          inboxName: " ",
          whatsappNumber: "+972501234567",
          reference: "no spaces allowed",
          importHistory: "yes",
          deletionProtection: 1,
          channel: "sms",
        },
      );
      assert.deepEqual(failures?.map((f) => f.property).sort(), [
        "accountId",
        "channel",
        "deletionProtection",
        "importHistory",
        "inboxName",
        "reference",
        "server",
        "whatsappNumber",
      ]);
      for (const failure of failures ?? []) {
        assert.match(failure.reason, new RegExp(failure.property));
      }
      assert.match(
        failures?.find((f) => f.property === "whatsappNumber")?.reason ?? "",
        /international phone number in digits without "\+"/,
      );
    });

    it("requires the account, the name and the number; skips values not known yet", async () => {
      const missing = await x.provider.check({}, {});
      assert.deepEqual(missing.failures?.map((f) => f.property).sort(), [
        "accountId",
        "inboxName",
        "whatsappNumber",
      ]);
      const unknown = await x.provider.check(
        {},
        { ...program(), accountId: unknownValue, whatsappNumber: unknownValue },
      );
      assert.deepEqual(unknown.failures, []);
    });

    it("fails when two resources of the stack declare one number", async () => {
      assert.deepEqual((await x.provider.check({}, program())).failures, []);
      assert.deepEqual(
        (await x.provider.check({}, program())).failures,
        [],
        "the same resource checked again (preview, then up) is no conflict",
      );
      const other = await x.provider.check({}, { ...program(), resourceKey: "keyB" });
      assert.deepEqual(
        other.failures?.map((f) => f.property),
        ["whatsappNumber"],
      );
      assert.match(
        other.failures?.[0].reason ?? "",
        /972501234567 is declared by another WhatsAppInbox of this stack too/,
      );
      const third = await x.provider.check(
        {},
        { ...program(), resourceKey: "keyC", whatsappNumber: NUMBERS[1] },
      );
      assert.deepEqual(third.failures, [], "another number is no conflict");
    });

    it("stops any replacement at preview while the state says the inbox is protected", async () => {
      const olds = (await x.provider.check({}, program())).inputs!;
      const { failures } = await x.provider.check(olds, {
        ...olds,
        inboxName: "Sales",
        whatsappNumber: NUMBERS[1],
      });
      assert.deepEqual(failures?.map((f) => f.property).sort(), ["inboxName", "whatsappNumber"]);
      assert.match(
        failures?.[0].reason ?? "",
        /would replace the inbox.*conversation history.*first apply deletionProtection: false on its own/s,
      );
      const unprotected = await x.provider.check(
        { ...olds, deletionProtection: false },
        { ...olds, inboxName: "Sales", deletionProtection: false },
      );
      assert.deepEqual(unprotected.failures, []);
    });
  });

  describe("diff", () => {
    it("finds no change; any change of the inbox replaces it, deleting first", async () => {
      const { id, outs, inputs } = await created();
      assert.equal((await x.provider.diff(id, outs, inputs)).changes, false);
      for (const change of [
        { inboxName: "Sales" },
        { whatsappNumber: NUMBERS[1] },
        { reference: "crm2" },
        { importHistory: true },
        { accountId: "99" },
      ]) {
        const d = await x.provider.diff(id, outs, { ...inputs, ...change });
        assert.deepEqual(
          { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace },
          { changes: true, replaces: Object.keys(change), deleteBeforeReplace: true },
        );
      }
      const unprotect = await x.provider.diff(id, outs, { ...inputs, deletionProtection: false });
      assert.deepEqual(
        { changes: unprotect.changes, replaces: unprotect.replaces },
        { changes: true, replaces: [] },
      );
    });
  });

  describe("create", () => {
    it("lists the account's inboxes once, creates one and returns its id", async () => {
      x.f.sim.resetRequestCounts();
      const { id, outs } = await created({ reference: "crm7" });
      const [inbox] = x.f.sim.inboxes();
      assert.equal(x.f.sim.inboxes().length, 1);
      assert.equal(id, `online/${x.accountId}/${inbox.inboxId}`);
      assert.equal(outs.inboxId, String(inbox.inboxId));
      assert.deepEqual(
        {
          name: inbox.name,
          number: inbox.whatsappNumber,
          reference: inbox.reference,
          importHistory: inbox.importHistory,
        },
        { name: "Support", number: NUMBERS[0], reference: "crm7", importHistory: false },
      );
      assert.equal(x.f.sim.requestCount("online/getInboxes"), 1);
      assert.equal(x.f.sim.requestCount("online/createInbox"), 1);
    });

    it("a number already in an inbox is refused: nothing is created, and the message says how to adopt", async () => {
      const other = await x.client.online.createInbox({
        accountId: x.accountId,
        server: "online",
        inboxName: "Support",
        whatsappNumber: NUMBERS[0],
      });
      await assert.rejects(
        x.provider.create(inboxInputs(x.accountId)),
        new RegExp(
          `refused whatsappNumber ${NUMBERS[0]} \\(reason 46\\).*existingInbox.*online/${x.accountId}/${other.inboxId}`,
          "s",
        ),
      );
      assert.equal(x.f.sim.inboxes().length, 1);
      assert.equal(x.f.sim.requestCount("online/createInbox"), 2, "one attempt, no retry");
    });
  });

  describe("read", () => {
    it("asks getInboxes once per account for the reads of a run", async () => {
      const a = await created();
      const b = await created({ inboxName: "Sales", whatsappNumber: NUMBERS[1] });
      x.f.sim.resetRequestCounts();
      const reads = await Promise.all([
        x.provider.read(a.id, a.outs),
        x.provider.read(b.id, b.outs),
      ]);
      assert.deepEqual(
        reads.map((r) => r.id),
        [a.id, b.id],
      );
      assert.equal(x.f.sim.requestCount("online/getInboxes"), 1);
      assert.deepEqual(x.f.warnings, []);
    });

    it("reports a name that differs from state and returns it as the input", async () => {
      const { id, outs } = await created();
      // No API renames an inbox; a state that says otherwise stands for a change made in
      // 99digital's own UI.
      const read = await x.provider.read(id, { ...outs, inboxName: "Old" });
      assert.equal(read.props?.inboxName, "Support");
      assert.equal(read.inputs?.inboxName, "Support");
      assert.equal(read.inputs?.whatsappNumber, NUMBERS[0], "the number stays as state has it");
      assert.match(
        x.f.warnings.join("\n"),
        /changed outside Pulumi: inboxName is "Support" \(state had "Old"\)/,
      );
    });

    it("drops an inbox deleted out of band from state, with a warning", async () => {
      const { id, outs } = await created();
      await x.client.online.deleteInbox({
        accountId: x.accountId,
        server: "online",
        inboxId: outs.inboxId,
      });
      assert.equal((await x.provider.read(id, outs)).id, "");
      assert.match(x.f.warnings.join("\n"), /\("Support"\) no longer exists on 99digital/);
    });

    it("drops an inbox whose account was deleted, saying so", async () => {
      const { id, outs } = await created();
      await x.client.online.deleteAccount({ accountId: x.accountId, server: "online" });
      assert.equal((await x.provider.read(id, outs)).id, "");
      assert.match(x.f.warnings.join("\n"), /nor does its account online\/\d+/);
    });

    it("an inbox is not dropped from state when its account cannot be listed", async () => {
      const { id, outs } = await created();
      x.f.sim.injectFault({
        endpoint: "online/getInboxes",
        fault: { type: "status", status: 500, body: "json" },
        times: Infinity,
      });
      await assert.rejects(
        x.provider.read(id, outs),
        (error: unknown) =>
          error instanceof PartnersApiError &&
          error.endpoint === "online/getInboxes" &&
          error.reason === 500,
      );
      assert.equal(x.f.sim.inboxes().length, 1, "the inbox is still there");
    });
  });

  describe("update", () => {
    it("turns protection off in state only", async () => {
      const { id, outs, inputs } = await created();
      x.f.sim.resetRequestCounts();
      const { outs: updated } = await x.provider.update(id, outs, {
        ...inputs,
        deletionProtection: false,
      });
      assert.equal(x.f.sim.requestCount(), 0);
      assert.equal(updated?.deletionProtection, false);
      assert.equal(updated?.inboxId, outs.inboxId);
    });
  });

  describe("delete", () => {
    it("refuses while deletionProtection is on, pointing at deletedWith", async () => {
      const { id, outs } = await created();
      await assert.rejects(
        x.provider.delete(id, outs),
        /protected by deletionProtection.*conversation history.*deletedWith/s,
      );
      assert.equal(x.f.sim.inboxes().length, 1);
      assert.equal(x.f.sim.requestCount("online/deleteInbox"), 0);
    });

    it("deletes once protection is off, releasing the number", async () => {
      const { id, outs } = await created();
      await x.provider.delete(id, { ...outs, deletionProtection: false });
      assert.equal(x.f.sim.inboxes().length, 0);
      await created();
      assert.equal(x.f.sim.inboxes().length, 1, "the number could be used again");
    });

    it("counts an inbox already gone as deleted, after getInboxes confirms it", async () => {
      const { id, outs } = await created();
      await x.client.online.deleteInbox({
        accountId: x.accountId,
        server: "online",
        inboxId: outs.inboxId,
      });
      x.f.sim.resetRequestCounts();
      await x.provider.delete(id, { ...outs, deletionProtection: false });
      assert.equal(x.f.sim.requestCount("online/deleteInbox"), 1, "the delete was refused");
      assert.equal(x.f.sim.requestCount("online/getInboxes"), 1, "the list confirmed it");
    });

    it("counts an inbox whose account is gone as deleted, after getInboxes confirms it", async () => {
      const other = await createAccount(x.client, "Beta Ltd");
      const { id, outs } = await x.provider.create(
        inboxInputs(other.accountId, { whatsappNumber: NUMBERS[1], resourceKey: "keyB" }),
      );
      await x.client.online.deleteAccount({ accountId: other.accountId, server: "online" });
      x.f.sim.resetRequestCounts();
      await x.provider.delete(id, { ...outs!, deletionProtection: false });
      assert.equal(x.f.sim.requestCount("online/deleteInbox"), 1, "the delete was refused");
      assert.equal(x.f.sim.requestCount("online/getInboxes"), 1, "the list confirmed it");
    });
  });
});
