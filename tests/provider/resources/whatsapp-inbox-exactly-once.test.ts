// WhatsAppInbox creation is exactly-once by number under faults: whatever answer is lost, the
// number ends in one inbox, this resource's, counted at the simulator.
import assert from "node:assert/strict";
import type { Fault } from "../../../simulator/types";
import {
  inboxInputs,
  NUMBERS,
  startInboxFixture,
  type InboxFixture,
} from "./whatsapp-inbox-fixture";

describe("WhatsAppInbox create under lost answers", function () {
  this.timeout(20_000);
  let x: InboxFixture;
  // A late commit is found only between the client's timeout and the lookup one settling wait
  // (the timeout again) later; each fault below lands hundreds of milliseconds inside its window,
  // so that a busy machine, whose timers and sockets run late, cannot move it out.
  beforeEach(async () => {
    x = await startInboxFixture({ "digital99:requestTimeoutMs": "1000" });
  });
  afterEach(async () => {
    await x.close();
  });

  const cases: Array<{ fault: Fault; attempts: number }> = [
    { fault: { type: "drop-after-commit" }, attempts: 1 },
    { fault: { type: "status-after-commit", status: 500 }, attempts: 1 },
    { fault: { type: "truncated-body" }, attempts: 1 },
    // Past the client's timeout: the simulator creates it after the client gave up.
    { fault: { type: "latency", ms: 1500 }, attempts: 1 },
    { fault: { type: "drop-before-commit" }, attempts: 2 },
  ];
  for (const { fault, attempts } of cases) {
    it(`${fault.type}: one inbox on the number, found or made, and in the result`, async () => {
      x.f.sim.injectFault({ endpoint: "online/createInbox", fault });
      const { id, outs } = await x.provider.create(inboxInputs(x.accountId));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const inboxes = x.f.sim.inboxes();
      assert.equal(inboxes.length, 1, "no duplicate, nothing lost");
      assert.equal(id, `online/${x.accountId}/${inboxes[0].inboxId}`);
      assert.equal(outs?.inboxId, String(inboxes[0].inboxId));
      assert.equal(x.f.sim.requestCount("online/createInbox"), attempts);
    });
  }

  it("a lost attempt that commits late makes the retry's 'number already used' lead to the inbox", async () => {
    // Latency rules add up: the first attempt waits 2.5 s, past the timeout (1 s) and the
    // settling wait after it (1 s), so the lookup misses it; the retry, sent at about 2 s, waits
    // 1 s, arrives after the first attempt took the number, and is refused with 46; the final
    // look finds it.
    x.f.sim.injectFault({
      endpoint: "online/createInbox",
      fault: { type: "latency", ms: 1000 },
      times: 2,
    });
    x.f.sim.injectFault({ endpoint: "online/createInbox", fault: { type: "latency", ms: 1500 } });
    const { id } = await x.provider.create(inboxInputs(x.accountId));
    const inboxes = x.f.sim.inboxes();
    assert.equal(inboxes.length, 1);
    assert.equal(id, `online/${x.accountId}/${inboxes[0].inboxId}`);
    assert.equal(x.f.sim.requestCount("online/createInbox"), 2);
  });

  it("fails, taking none, when another same-name inbox appears during a lost attempt", async () => {
    // Slow enough for the other inbox to land before the lookup after the lost answer.
    x.f.sim.injectFault({ endpoint: "online/createInbox", fault: { type: "latency", ms: 400 } });
    x.f.sim.injectFault({ endpoint: "online/createInbox", fault: { type: "drop-after-commit" } });
    const creating = x.provider.create(inboxInputs(x.accountId)).then(
      () => undefined,
      (error: Error) => error,
    );
    while (x.f.sim.requestCount("online/createInbox") === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await x.client.online.createInbox({
      accountId: x.accountId,
      server: "online",
      inboxName: "Support",
      whatsappNumber: NUMBERS[2],
    });
    const error = await creating;
    assert.equal(error?.name, "CreationUncertainError");
    for (const inbox of x.f.sim.inboxes()) {
      assert.ok(error?.message.includes(String(inbox.inboxId)), `${inbox.inboxId} is named`);
    }
    assert.match(error?.message ?? "", /existingInbox/);
  });

  it("same-named inboxes of one account, created at once under faults, each get their own", async () => {
    for (let i = 0; i < 3; i++) {
      x.f.sim.injectFault({ endpoint: "online/createInbox", fault: { type: "drop-after-commit" } });
    }
    const results = await Promise.all(
      NUMBERS.map((whatsappNumber, i) =>
        x.provider.create(inboxInputs(x.accountId, { whatsappNumber, resourceKey: `key${i}` })),
      ),
    );
    const byId = new Map(x.f.sim.inboxes().map((i) => [i.inboxId, i.whatsappNumber]));
    assert.equal(byId.size, 3);
    results.forEach((r, i) => {
      assert.equal(byId.get(Number(r.outs?.inboxId)), NUMBERS[i], `resource ${i} has its number`);
    });
    assert.equal(x.f.sim.requestCount("online/createInbox"), 3);
  });
});
