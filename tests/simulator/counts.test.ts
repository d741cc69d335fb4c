// Request counts: exact per served endpoint, one shared count for every other
// path, so a flood of distinct paths cannot grow the simulator's memory.
import assert from "node:assert/strict";
import http from "node:http";
import { UNKNOWN_PATHS } from "../../simulator";
import { Api, request, startWithApi } from "./helpers";

const DISTINCT_PATHS = 10_000;

/** GETs each path over a few keep-alive connections; resolves to the statuses seen. */
async function getAll(base: string, paths: string[]): Promise<Set<number>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const statuses = new Set<number>();
  const one = (p: string) =>
    new Promise<void>((resolve, reject) => {
      const req = http.get(`${base}${p}`, { agent }, (res) => {
        statuses.add(res.statusCode ?? 0);
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
    });
  try {
    let next = 0;
    const worker = async () => {
      while (next < paths.length) await one(paths[next++]);
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    agent.destroy();
  }
  return statuses;
}

describe("simulator: request counts", () => {
  let api: Api;
  before(async () => {
    api = await startWithApi();
  });
  beforeEach(() => api.sim.reset());
  after(() => api.sim.close());

  it(`keeps one count for ${DISTINCT_PATHS} distinct unknown paths, and exact ones per endpoint`, async function () {
    this.timeout(60_000);
    const origin = api.sim.url.replace(/\/api$/, "");
    const paths = Array.from({ length: DISTINCT_PATHS }, (_, i) =>
      i % 3 === 0
        ? `/api/online/createAccount${i}`
        : i % 3 === 1
          ? `/api/nope/${i}`
          : `/elsewhere-${i}`,
    );
    const started = Date.now();
    assert.deepEqual(await getAll(origin, paths), new Set([404]));
    const elapsed = Date.now() - started;
    await api.call("POST", "online/createAccount", Api.account());
    await api.call("GET", "online/getAccounts");
    await api.call("GET", "online/getAccounts");
    await api.call("GET", "builder/getBuilders");

    assert.deepEqual(api.sim.requestCounts(), {
      "builder/getBuilders": 1,
      "online/createAccount": 1,
      "online/getAccounts": 2,
      [UNKNOWN_PATHS]: DISTINCT_PATHS,
    });
    assert.equal(api.sim.requestCount(UNKNOWN_PATHS), DISTINCT_PATHS);
    assert.equal(api.sim.requestCount("online/getAccounts"), 2);
    assert.equal(api.sim.requestCount(), DISTINCT_PATHS + 4);

    const state = await request(`${origin}/__simulator/state`, "GET");
    assert.deepEqual(state.json.requestCounts, api.sim.requestCounts());
    assert.equal(state.json.requests, DISTINCT_PATHS + 4);
    console.log(`      (${DISTINCT_PATHS} requests to unknown paths took ${elapsed} ms)`);
  });

  it("refuses to count a name it does not serve, which would always be 0", () => {
    for (const name of ["online/createAcount", "/api/online/getAccounts", "nope/1", ""]) {
      assert.throws(() => api.sim.requestCount(name), /not an endpoint the simulator serves/, name);
    }
    assert.equal(api.sim.requestCount("builder/deleteBuilder"), 0);
  });

  it("counts a served endpoint's trailing-slash spelling as that endpoint", async () => {
    await request(`${api.sim.url}/online/getAccounts/`, "GET");
    assert.deepEqual(api.sim.requestCounts(), { "online/getAccounts": 1 });
  });
});
