// 5. Provider level: OnlineAccountProvider.create, as `pulumi up` calls it, one at a time and
// 16 at a time, next to bare createAccount calls, against a server taking 20 ms per request (as
// a remote API would; without it everything here is CPU-bound). Each create first looks for an
// existing account with its reference (exactly-once creation): two requests, not one.

import { OnlineAccountProvider } from "../../provider/resources/online-account/provider";
import type { OnlineAccountInputs } from "../../provider/resources/online-account/schema";
import { ProviderRuntime } from "../../provider/runtime";
import { accountParams, clientFor } from "../lib/clients";
import { drive, ms, num, percentile, perSecond, times, type Run } from "../lib/measure";
import { RemoteSimulator } from "../lib/remote-sim";
import type { Section } from "../lib/report";

const CREATES = 64;
const PARALLEL = 16;
const LATENCY_MS = 20;

interface Row {
  how: string;
  run: Run;
  requests: number;
  accounts: number;
  rate: number;
}

async function withSim(how: string, body: (sim: RemoteSimulator) => Promise<Run>): Promise<Row> {
  const sim = await RemoteSimulator.start();
  try {
    await sim.injectFault({
      endpoint: "*",
      fault: { type: "latency", ms: LATENCY_MS },
      times: Number.POSITIVE_INFINITY,
    });
    const before = await sim.requestCount();
    const run = await body(sim);
    return {
      how,
      run,
      requests: (await sim.requestCount()) - before,
      accounts: await sim.accountCount(),
      rate: perSecond(run.ok, run.wallMs),
    };
  } finally {
    await sim.close();
  }
}

async function viaProvider(sim: RemoteSimulator, parallel: number): Promise<Run> {
  const runtime = new ProviderRuntime({ warn: () => undefined, env: {} });
  const config: Record<string, string> = {
    "digital99:apiUrl": sim.url,
    "digital99:clientId": sim.clientId,
    "digital99:clientSecret": sim.clientSecret,
  };
  runtime.configure((key) => config[key]);
  const provider = new OnlineAccountProvider(runtime);
  try {
    // Inputs as the engine passes them: checked first (not timed).
    const inputs: OnlineAccountInputs[] = [];
    for (let i = 0; i < CREATES; i++) {
      const { inputs: checked, failures } = await provider.check({}, { ...accountParams() });
      if (!checked || (failures?.length ?? 0) > 0) {
        throw new Error(`check refused the inputs: ${JSON.stringify(failures)}`);
      }
      inputs.push(checked);
    }
    return await drive(CREATES, parallel, (i) => provider.create(inputs[i]));
  } finally {
    await runtime.close();
  }
}

export async function providerCreates(): Promise<Section> {
  const rows: Row[] = [
    await withSim(`createAccount directly, ${PARALLEL} at a time`, async (sim) => {
      const client = clientFor(sim); // default maxConcurrency (8), as the provider's
      const params = Array.from({ length: CREATES }, () => accountParams());
      try {
        return await drive(CREATES, PARALLEL, (i) => client.online.createAccount(params[i]));
      } finally {
        await client.close();
      }
    }),
    await withSim("OnlineAccountProvider.create, 1 at a time", (sim) => viaProvider(sim, 1)),
    await withSim(`OnlineAccountProvider.create, ${PARALLEL} at a time`, (sim) =>
      viaProvider(sim, PARALLEL),
    ),
  ];
  const [direct, serial, parallel] = rows;
  return {
    title: "5. Provider level: OnlineAccount creates",
    setup:
      `${CREATES} accounts created on an empty simulator taking ${LATENCY_MS} ms over every ` +
      `request, through \`OnlineAccountProvider.create\` ` +
      `as \`pulumi up\` calls it (\`--parallel 1\` and \`--parallel ${PARALLEL}\`), and through ` +
      `bare \`createAccount\` calls for comparison. The provider's client keeps its default ` +
      `maxConcurrency (8). Requests include the one token request.`,
    table: {
      columns: [
        { header: "how" },
        { header: "creates/s", align: "right" },
        { header: "p50 ms", align: "right" },
        { header: "p95 ms", align: "right" },
        { header: "requests", align: "right" },
        { header: "requests per create", align: "right" },
      ],
      rows: rows.map((r) => [
        r.how,
        num(r.rate),
        ms(percentile(r.run.latencies, 50)),
        ms(percentile(r.run.latencies, 95)),
        String(r.requests),
        ((r.requests - 1) / CREATES).toFixed(2),
      ]),
    },
    findings: [
      `Parallel creates: ${PARALLEL} at a time make ${times(parallel.rate, serial.rate)} the ` +
        `creates/s of one at a time; the client's bound (8 requests at a time) is what caps it.`,
      `Exactly-once creation (the run's shared account list, and the lookups a lost answer needs) costs ` +
        `${times(direct.rate, parallel.rate)} in throughput against bare createAccount calls: ` +
        `the price of never creating an account twice.`,
    ],
    checks: rows.map((r) => ({
      label: `${r.how}: ${CREATES} creates, ${CREATES} accounts on the server (${r.accounts})`,
      ok: r.run.ok === CREATES && r.accounts === CREATES,
    })),
  };
}
