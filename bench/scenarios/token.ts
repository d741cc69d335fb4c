// 3. Token single flight: a burst of calls on a cold client (no token yet). PartnersClient
// fetches the token once for all of them; a client without single flight (no cache, or a cache
// that every cold caller misses at once) makes one token request per call. The simulator takes
// 10 ms over every request, as a network would.

import type { Pool } from "undici";
import { fetchToken, getAccounts, keepAlivePool, target } from "../lib/baseline";
import { clientFor, seedAccounts } from "../lib/clients";
import { burst, ms, num, perSecond, times, type Run } from "../lib/measure";
import { RemoteSimulator } from "../lib/remote-sim";
import type { Section } from "../lib/report";

const BURSTS = [50, 200];
const LATENCY_MS = 10;
const CONNECTIONS = 8;

interface Row {
  how: string;
  calls: number;
  tokens: number;
  run: Run;
}

export async function tokenSingleFlight(): Promise<Section> {
  const sim = await RemoteSimulator.start();
  try {
    await seedAccounts(sim, 10);
    await sim.injectFault({
      endpoint: "*",
      fault: { type: "latency", ms: LATENCY_MS },
      times: Number.POSITIVE_INFINITY,
    });
    const t = target(sim.url);
    const tokenRequests = () => sim.requestCount("settings/accessToken");
    const measure = async (how: string, calls: number, call: () => Promise<unknown>) => {
      const before = await tokenRequests();
      const run = await burst(calls, call);
      return { how, calls, tokens: (await tokenRequests()) - before, run };
    };

    const rows: Row[] = [];
    for (const calls of BURSTS) {
      const client = clientFor(sim, { maxConcurrency: CONNECTIONS });
      try {
        rows.push(await measure("PartnersClient, cold", calls, () => client.online.getAccounts()));
      } finally {
        await client.close();
      }
      const pool: Pool = keepAlivePool(t, CONNECTIONS);
      try {
        rows.push(
          await measure("token per call (no single flight)", calls, async () =>
            getAccounts(pool, t, await fetchToken(pool, t, sim)),
          ),
        );
      } finally {
        await pool.close();
      }
    }

    const pair = (calls: number) => {
      const [sf, naive] = rows.filter((r) => r.calls === calls);
      return { sf, naive };
    };
    const big = pair(BURSTS[BURSTS.length - 1]);
    return {
      title: "3. Token single flight on a cold client",
      setup:
        `A burst of \`online/getAccounts\` calls on a client holding no token yet ` +
        `(maxConcurrency ${CONNECTIONS}); the simulator takes ${LATENCY_MS} ms over every ` +
        `request. The baseline fetches a token for each call, over a bare keep-alive pool of ` +
        `${CONNECTIONS} connections.`,
      table: {
        columns: [
          { header: "how" },
          { header: "calls", align: "right" },
          { header: "token requests", align: "right" },
          { header: "first answer ms", align: "right" },
          { header: "whole burst ms", align: "right" },
          { header: "calls/s", align: "right" },
        ],
        rows: rows.map((r) => [
          r.how,
          String(r.calls),
          String(r.tokens),
          ms(r.run.firstMs),
          ms(r.run.wallMs),
          num(perSecond(r.run.ok, r.run.wallMs)),
        ]),
      },
      findings: [
        `${big.sf.calls} cold calls: ${big.sf.tokens} token request instead of ` +
          `${big.naive.tokens}; the first answer arrives ` +
          `${times(big.naive.run.firstMs, big.sf.run.firstMs)} sooner ` +
          `(${ms(big.sf.run.firstMs)} vs ${ms(big.naive.run.firstMs)} ms) and the whole burst ` +
          `ends ${times(big.naive.run.wallMs, big.sf.run.wallMs)} sooner.`,
        "Without single flight every cold caller queues a token request ahead of its real " +
          "call, so the first answer waits behind all the token requests.",
      ],
      checks: [
        ...rows
          .filter((r) => r.how.startsWith("PartnersClient"))
          .map((r) => ({
            label: `PartnersClient, ${r.calls} concurrent cold calls: exactly 1 token request (made ${r.tokens})`,
            ok: r.tokens === 1,
          })),
        {
          label: "every call succeeded",
          ok: rows.every((r) => r.run.failed === 0),
        },
      ],
    };
  } finally {
    await sim.close();
  }
}
