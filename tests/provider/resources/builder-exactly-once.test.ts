// Builder creation is exactly-once under faults: whatever answer is lost, each resource ends
// with one builder of its own, counted at the simulator, and none is taken by two resources.
import assert from "node:assert/strict";
import { PartnersClient } from "../../../provider/client";
import { BuilderProvider } from "../../../provider/resources/builder/provider";
import type { BuilderInputs } from "../../../provider/resources/builder/schema";
import type { Fault } from "../../../simulator/types";
import { startProviderFixture, type ProviderFixture } from "./fixtures";

/**
 * A provider whose client gives up after `timeoutMs` and may try `maxRetries` more times. A
 * builder has no key of its own: an attempt that commits late is found only if it commits
 * between the client's timeout and the lookup one settling wait (`timeoutMs` again) later. The
 * faults below commit in the middle of that window, with hundreds of milliseconds to spare on
 * either side, so that a busy machine (whose timers and sockets run late) cannot move a commit
 * out of it.
 */
async function fixture(timeoutMs: number, maxRetries = 3, seed?: number) {
  const f = await startProviderFixture(seed === undefined ? {} : { seed });
  f.runtime.configure(
    (key) =>
      ({
        "digital99:apiUrl": f.sim.url,
        "digital99:clientId": f.sim.clientId,
        "digital99:clientSecret": f.sim.clientSecret,
        "digital99:requestTimeoutMs": String(timeoutMs),
        "digital99:maxRetries": String(maxRetries),
      })[key],
  );
  return { f, provider: new BuilderProvider(f.runtime) };
}

function inputs(clientName: string, resourceKey = "keyA"): BuilderInputs {
  return { clientName, deletionProtection: true, resourceKey };
}

describe("Builder create under one lost answer", function () {
  this.timeout(20_000);
  let f: ProviderFixture;
  let provider: BuilderProvider;
  beforeEach(async () => {
    ({ f, provider } = await fixture(1000));
  });
  afterEach(async () => {
    await f.close();
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
    it(`${fault.type}: one builder, found or made, and in the result`, async () => {
      f.sim.injectFault({ endpoint: "builder/createBuilder", fault });
      const { id, outs } = await provider.create(inputs("Acme Inc"));
      assert.ok(outs);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const builders = f.sim.builders();
      assert.equal(builders.length, 1, "no duplicate, nothing lost");
      assert.equal(id, String(builders[0].builderId));
      assert.equal(outs.url, builders[0].url);
      assert.equal(f.sim.requestCount("builder/createBuilder"), attempts);
    });
  }

  it("fails, taking none, when another same-name builder appears during a lost attempt", async () => {
    const other = new PartnersClient({
      apiUrl: f.sim.url,
      clientId: f.sim.clientId,
      clientSecret: f.sim.clientSecret,
    });
    try {
      await other.builder.getBuilders(); // its token first: its builder must land in time
      // The provider's attempt is slow, then loses its answer after creating.
      f.sim.injectFault({ endpoint: "builder/createBuilder", fault: { type: "latency", ms: 400 } });
      f.sim.injectFault({
        endpoint: "builder/createBuilder",
        fault: { type: "drop-after-commit" },
      });
      const creating = provider.create(inputs("Acme Inc")).then(
        () => undefined,
        (error: Error) => error,
      );
      while (f.sim.requestCount("builder/createBuilder") === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await other.builder.createBuilder({ clientName: "Acme Inc" });
      const error = await creating;
      assert.ok(error, "the creation must not pick one of two candidates");
      assert.equal(error.name, "CreationUncertainError");
      const ids = f.sim.builders().map((b) => String(b.builderId));
      assert.equal(ids.length, 2);
      for (const id of ids) assert.ok(error.message.includes(id), `${id} is named`);
      assert.match(error.message, /existingBuilder/);
    } finally {
      await other.close();
    }
  });

  it("says the builder may exist when the lookup after a lost answer fails", async () => {
    f.sim.injectFault({ endpoint: "builder/createBuilder", fault: { type: "latency", ms: 400 } });
    f.sim.injectFault({ endpoint: "builder/createBuilder", fault: { type: "drop-after-commit" } });
    const creating = provider.create(inputs("Acme Inc")).then(
      () => undefined,
      (error: Error) => error,
    );
    // The listing before the attempt went through; every later one fails.
    while (f.sim.requestCount("builder/createBuilder") === 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    f.sim.injectFault({
      endpoint: "builder/getBuilders",
      fault: { type: "status", status: 503 },
      times: Infinity,
    });
    const error = await creating;
    assert.equal(error?.name, "CreationUncertainError");
    assert.match(error?.message ?? "", /may have been created.*lookup that would tell failed/s);
  });
});

describe("Builder create under injected faults, many resources", function () {
  this.timeout(120_000);
  const total = 200;
  // Two resources of one name are never in the same batch.
  const parallel = 20;
  let f: ProviderFixture;
  let provider: BuilderProvider;

  before(async () => {
    ({ f, provider } = await fixture(600, 10, 11));
    const rules: Fault[] = [
      { type: "drop-after-commit" },
      { type: "status-after-commit", status: 500 },
      { type: "drop-before-commit" },
      { type: "status", status: 503, body: "html" },
      { type: "truncated-body" },
      { type: "latency", ms: 900 },
    ];
    for (const fault of rules) {
      f.sim.injectFault({
        endpoint: "builder/createBuilder",
        fault,
        times: Infinity,
        probability: 0.05,
      });
    }
    f.sim.injectFault({
      endpoint: "builder/getBuilders",
      fault: { type: "status", status: 502, body: "html" },
      times: Infinity,
      probability: 0.1,
    });
  });
  after(async () => {
    await f.close();
  });

  it(`leaves exactly one builder per resource for ${total} creates, same names included`, async () => {
    // Every client name is used by two resources: they must not take each other's builder.
    const all = Array.from({ length: total }, (_, i) =>
      inputs(`Client ${i % (total / 2)}`, `key${i}`),
    );
    const results: Array<{ key: string; id?: string; error?: Error }> = [];
    for (let i = 0; i < total; i += parallel) {
      results.push(
        ...(await Promise.all(
          all.slice(i, i + parallel).map((input) =>
            provider.create(input).then(
              ({ id }) => ({ key: input.resourceKey!, id }),
              (error: Error) => ({ key: input.resourceKey!, error }),
            ),
          ),
        )),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));

    assert.deepEqual(
      results.filter((r) => r.error).map((r) => `${r.key}: ${r.error?.message}`),
      [],
      "every create succeeds",
    );
    const builders = f.sim.builders();
    const ids = results.map((r) => r.id);
    assert.equal(new Set(ids).size, total, "no builder is in two resources' results");
    assert.equal(builders.length, total, "one remote builder per resource: no duplicate");
    for (const b of builders) {
      assert.ok(ids.includes(String(b.builderId)), `builder ${b.builderId} is in the results`);
    }
    const attempts = f.sim.requestCount("builder/createBuilder");
    const lists = f.sim.requestCount("builder/getBuilders");
    assert.ok(attempts > total, `faults were really injected (${attempts} createBuilder requests)`);
    const late = f.warnings.filter((w) => w.includes("took effect late")).length;
    console.log(
      `      ${total} resources: ${attempts} createBuilder and ${lists} getBuilders requests, ` +
        `${builders.length} builders (0 duplicates, 0 lost), ${late} late duplicates reported`,
    );
  });
});
