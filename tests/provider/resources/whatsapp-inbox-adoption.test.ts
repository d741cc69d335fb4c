// WhatsAppInbox adoption (existingInbox): an existing inbox is taken over without a create
// call; a malformed, missing or claimed id, or a name that is not the inbox's, fails at preview.
import assert from "node:assert/strict";
import { NUMBERS, startInboxFixture, type InboxFixture } from "./whatsapp-inbox-fixture";

describe("WhatsAppInbox adoption (existingInbox)", () => {
  let x: InboxFixture;
  let existing: string;
  beforeEach(async () => {
    x = await startInboxFixture();
    const made = await x.client.online.createInbox({
      accountId: x.accountId,
      server: "online",
      inboxName: "Support",
      whatsappNumber: NUMBERS[0],
    });
    existing = `online/${x.accountId}/${made.inboxId}`;
  });
  afterEach(async () => {
    await x.close();
  });

  const adopting = (id: string, extra: Record<string, unknown> = {}) => ({
    existingInbox: id,
    inboxName: "Support",
    whatsappNumber: NUMBERS[0],
    resourceKey: "keyA",
    ...extra,
  });

  it("takes the account and server from the id, and the inbox into state without creating one", async () => {
    const { inputs, failures } = await x.provider.check({}, adopting(existing));
    assert.deepEqual(failures, []);
    assert.deepEqual({ a: inputs?.accountId, s: inputs?.server }, { a: x.accountId, s: "online" });
    x.f.sim.resetRequestCounts();
    const { id, outs } = await x.provider.create(inputs!);
    assert.equal(id, existing);
    assert.equal(outs?.inboxId, existing.split("/")[2]);
    assert.equal(x.f.sim.requestCount("online/createInbox"), 0);
    assert.equal(x.f.sim.inboxes().length, 1);
  });

  it("fails at preview for an id in the wrong form, naming the form", async () => {
    const { failures } = await x.provider.check({}, adopting(`online/${x.accountId}`));
    assert.deepEqual(
      failures?.map((f) => f.property),
      ["existingInbox"],
    );
    assert.match(
      failures?.[0].reason ?? "",
      /<server>\/<accountId>\/<inboxId> such as online\/8\/1000/,
    );
  });

  it("fails at preview for an inbox that does not exist, or an account that does not", async () => {
    const missing = await x.provider.check({}, adopting(`online/${x.accountId}/999`));
    assert.match(
      missing.failures?.[0].reason ?? "",
      /no inbox online\/\d+\/999 under this partner/,
    );
    const noAccount = await x.provider.check({}, adopting("online/4242/1000"));
    assert.match(noAccount.failures?.[0].reason ?? "", /no inbox online\/4242\/1000/);
  });

  it("fails when another resource of the run already claims the inbox", async () => {
    assert.deepEqual((await x.provider.check({}, adopting(existing))).failures, []);
    const other = await x.provider.check(
      {},
      adopting(existing, { resourceKey: "keyB", whatsappNumber: NUMBERS[1] }),
    );
    assert.match(other.failures?.[0].reason ?? "", /already managed by another resource/);
  });

  it("finds an inbox made after the run's listing of its account was taken", async () => {
    // A refresh earlier in the run listed the account's inboxes; this one came after.
    const read = await x.provider.read(existing, { inboxName: "Support" } as never);
    assert.equal(read.id, existing);
    const later = await x.client.online.createInbox({
      accountId: x.accountId,
      server: "online",
      inboxName: "Sales",
      whatsappNumber: NUMBERS[1],
    });
    const { failures } = await x.provider.check(
      {},
      adopting(`online/${x.accountId}/${later.inboxId}`, {
        inboxName: "Sales",
        whatsappNumber: NUMBERS[1],
        resourceKey: "keyB",
      }),
    );
    assert.deepEqual(failures, []);
  });

  it("fails when a resource that manages the inbox was diffed earlier in the run", async () => {
    // The inbox is in state under another resource (keyM); the run diffs it first.
    const managed = {
      accountId: x.accountId,
      server: "online",
      inboxName: "Support",
      whatsappNumber: NUMBERS[0],
      importHistory: false,
      deletionProtection: true,
      resourceKey: "keyM",
      inboxId: existing.split("/")[2],
    };
    await x.provider.diff(existing, managed, managed);
    const { failures } = await x.provider.check(
      {},
      adopting(existing, { whatsappNumber: NUMBERS[1] }),
    );
    assert.match(failures?.[0].reason ?? "", /already managed by another resource/);
  });

  it("fails at preview when inboxName is not the inbox's name (it would replace it)", async () => {
    const { failures } = await x.provider.check({}, adopting(existing, { inboxName: "Sales" }));
    assert.deepEqual(
      failures?.map((f) => f.property),
      ["inboxName"],
    );
    assert.match(failures?.[0].reason ?? "", /adopted inbox's name "Support"/);
  });

  it("refuses what contradicts the id or cannot be known of an existing inbox", async () => {
    const { failures } = await x.provider.check(
      {},
      adopting(existing, {
        accountId: "77",
        server: "eu1",
        reference: "crm1",
        importHistory: true,
      }),
    );
    assert.deepEqual(failures?.map((f) => f.property).sort(), [
      "accountId",
      "importHistory",
      "reference",
      "server",
    ]);
  });
});
