import assert from "node:assert/strict";
import { derivedReference } from "../../../provider/resources/create-once";
import { OnlineAccountProvider } from "../../../provider/resources/online-account/provider";
import { ProviderRuntime } from "../../../provider/runtime";
import { accountInputs, startProviderFixture, type ProviderFixture } from "./fixtures";

// The promise of exactly-once creation, measured: many creates through the
// provider while the simulator loses answers, fails with 5xx and stalls past
// the client's timeout. Every resource must end with exactly one remote
// account, and every remote account must belong to a resource.
describe("OnlineAccount create under injected faults", function () {
  this.timeout(120_000);
  const total = 200;
  const parallel = 10;
  let f: ProviderFixture;

  before(async () => {
    f = await startProviderFixture({ seed: 7 });
    f.runtime.configure(
      (key) =>
        ({
          "digital99:apiUrl": f.sim.url,
          "digital99:clientId": f.sim.clientId,
          "digital99:clientSecret": f.sim.clientSecret,
          "digital99:requestTimeoutMs": "250",
          "digital99:maxRetries": "10",
        })[key],
    );
    const rules = [
      { type: "drop-after-commit" },
      { type: "status-after-commit", status: 500 },
      { type: "drop-before-commit" },
      { type: "status", status: 503, body: "html" },
      { type: "truncated-body" },
      { type: "latency", ms: 400 },
    ] as const;
    for (const fault of rules) {
      f.sim.injectFault({
        endpoint: "online/createAccount",
        fault,
        times: Infinity,
        probability: 0.05,
      });
    }
    f.sim.injectFault({
      endpoint: "online/getAccounts",
      fault: { type: "status", status: 502, body: "html" },
      times: Infinity,
      probability: 0.1,
    });
    f.sim.injectFault({
      endpoint: "online/getAgents",
      fault: { type: "drop-before-commit" },
      times: Infinity,
      probability: 0.1,
    });
  });
  after(async () => {
    await f.close();
  });

  it(`leaves exactly one account per resource for ${total} creates`, async () => {
    // No reference given: each resource gets the one OnlineAccount derives.
    const inputs = Array.from({ length: total }, (_, i) =>
      accountInputs({ reference: derivedReference("proj", "loop", `account${i}`) }),
    );
    const results: Array<{ name: string; id?: string; error?: Error }> = [];
    for (let i = 0; i < total; i += parallel) {
      const batch = inputs.slice(i, i + parallel);
      results.push(
        ...(await Promise.all(
          batch.map((input) =>
            f.provider.create(input).then(
              ({ id }) => ({ name: input.accountName, id }),
              (error: Error) => ({ name: input.accountName, error }),
            ),
          ),
        )),
      );
    }
    // A latency fault lets the simulator finish after the client gave up.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const failed = results.filter((r) => r.error);
    assert.deepEqual(
      failed.map((r) => `${r.name}: ${r.error?.message}`),
      [],
      "every create succeeds",
    );

    const accounts = f.sim.accounts();
    const byName = new Map<string, number>();
    for (const a of accounts) byName.set(a.accountName, (byName.get(a.accountName) ?? 0) + 1);
    const duplicates = [...byName].filter(([, n]) => n > 1);
    assert.deepEqual(duplicates, [], "no duplicate account");
    assert.equal(accounts.length, total, "one remote account per resource");
    for (const r of results) {
      const account = accounts.find((a) => a.accountName === r.name);
      assert.equal(
        r.id,
        `online/${account?.accountId}`,
        `${r.name} is in the results with its account`,
      );
    }
    const attempts = f.sim.requestCount("online/createAccount");
    assert.ok(attempts > total, `faults were really injected (${attempts} createAccount requests)`);
    const removed = f.warnings.filter((w) => w.includes("took effect late")).length;
    console.log(
      `      ${total} resources: ${attempts} createAccount requests, ${removed} late duplicates removed`,
    );
  });
});

// One listing per run, not per create: getAccounts has no paging, so a
// listing per create would fetch the whole estate once for every account.
describe("OnlineAccount creates share one account list per provider process", function () {
  this.timeout(60_000);
  let f: ProviderFixture;

  before(async () => {
    f = await startProviderFixture();
  });
  after(async () => {
    await f.close();
  });

  it("creates 100 accounts beside 300 others with 1 token, 1 getAccounts and 100 createAccount", async () => {
    const others = Array.from({ length: 300 }, () => f.provider.create(accountInputs()));
    await Promise.all(others);
    // A new provider process: a new runtime, configured as the engine would.
    const runtime = new ProviderRuntime({ env: {}, warn: () => undefined });
    runtime.configure(
      (key) =>
        ({
          "digital99:apiUrl": f.sim.url,
          "digital99:clientId": f.sim.clientId,
          "digital99:clientSecret": f.sim.clientSecret,
        })[key],
    );
    const provider = new OnlineAccountProvider(runtime);
    f.sim.resetRequestCounts();
    try {
      const created = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          provider.create(
            accountInputs({ reference: derivedReference("proj", "share", `account${i}`) }),
          ),
        ),
      );
      assert.equal(new Set(created.map((c) => c.id)).size, 100);
    } finally {
      await runtime.close();
    }
    assert.equal(f.sim.accounts().length, 400);
    assert.deepEqual(
      {
        token: f.sim.requestCount("settings/accessToken"),
        getAccounts: f.sim.requestCount("online/getAccounts"),
        createAccount: f.sim.requestCount("online/createAccount"),
        all: f.sim.requestCount(),
      },
      { token: 1, getAccounts: 1, createAccount: 100, all: 102 },
    );
  });
});
