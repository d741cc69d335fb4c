// 2. Bounded concurrency: a burst of calls against a server that takes 20 ms per getAccounts,
// with maxConcurrency 1, 8 and 32. Throughput should follow the bound, and the server (counted
// on its side) should never see more requests at once than the bound allows.

import { clientFor, seedAccounts } from "../lib/clients";
import { burst, ms, num, percentile, perSecond, times, type Run } from "../lib/measure";
import type { ProbeStats } from "../lib/probe";
import { RemoteSimulator } from "../lib/remote-sim";
import type { Section } from "../lib/report";

const CALLS = 192; // a whole number of waves for each bound
const LATENCY_MS = 20;
const BOUNDS = [1, 8, 32];

export async function concurrency(): Promise<Section> {
  const sim = await RemoteSimulator.start();
  try {
    await seedAccounts(sim, 10);
    await sim.injectFault({
      endpoint: "online/getAccounts",
      fault: { type: "latency", ms: LATENCY_MS },
      times: Number.POSITIVE_INFINITY,
    });

    const results: { bound: number; run: Run; server: ProbeStats; rate: number }[] = [];
    for (const bound of BOUNDS) {
      await sim.resetProbe(); // connections: over the client's whole life
      const client = clientFor(sim, { maxConcurrency: bound });
      try {
        await client.online.getAccounts(); // the token, outside the timings
        const run = await burst(CALLS, () => client.online.getAccounts());
        const server = await sim.probe();
        results.push({ bound, run, server, rate: perSecond(run.ok, run.wallMs) });
      } finally {
        await client.close();
      }
    }

    const rate = (bound: number) => results.find((r) => r.bound === bound)!.rate;
    return {
      title: "2. Bounded concurrency (maxConcurrency 1 vs 8 vs 32)",
      setup:
        `${CALLS} \`online/getAccounts\` calls started at once; the simulator takes ` +
        `${LATENCY_MS} ms over each. Latency is as the caller sees it, waiting for a slot ` +
        `included. Requests in flight and connections are counted by the server, connections over ` +
        `the client's whole life.`,
      table: {
        columns: [
          { header: "maxConcurrency", align: "right" },
          { header: "calls/s", align: "right" },
          { header: "ideal calls/s", align: "right" },
          { header: "p50 ms", align: "right" },
          { header: "p95 ms", align: "right" },
          { header: "max in flight at server", align: "right" },
          { header: "TCP connections", align: "right" },
          { header: "calls/s vs 1", align: "right" },
        ],
        rows: results.map(({ bound, run, server, rate: r }) => [
          String(bound),
          num(r),
          num((bound * 1000) / LATENCY_MS),
          ms(percentile(run.latencies, 50)),
          ms(percentile(run.latencies, 95)),
          String(server.maxInFlight),
          String(server.connections),
          times(r, rate(1)),
        ]),
      },
      findings: [
        `Throughput follows the bound: 8 makes ${times(rate(8), rate(1))} the calls/s of 1, ` +
          `and 32 makes ${times(rate(32), rate(8))} those of 8 (ideal: 8× and 4×), while the ` +
          `server never holds more requests than the bound.`,
        `The bound is also what the partner's API sees: a \`pulumi up\` over hundreds of ` +
          `accounts stays at maxConcurrency requests and connections at a time.`,
      ],
      checks: results.flatMap(({ bound, run, server }) => [
        {
          label:
            `maxConcurrency ${bound}: requests in flight at the server ≤ ${bound} ` +
            `(saw ${server.maxInFlight}), connections ≤ ${bound} (saw ${server.connections})`,
          ok: server.maxInFlight <= bound && server.connections <= bound,
        },
        { label: `maxConcurrency ${bound}: all ${CALLS} calls succeeded`, ok: run.failed === 0 },
      ]),
    };
  } finally {
    await sim.close();
  }
}
