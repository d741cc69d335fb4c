// 1. Keep-alive pool vs a new connection per request: the same online/getAccounts calls, 8 at a
// time, through PartnersClient, through a bare undici keep-alive pool (the pool without the
// client's own work), and with a fresh TCP connection per request. Twice: over plain loopback,
// where opening a connection costs almost nothing, and through a relay that holds each new
// connection 5 ms, a stand-in for the TCP and TLS handshakes a real network charges.

import {
  fetchToken,
  getAccounts,
  getAccountsOnNewConnection,
  keepAlivePool,
  target,
} from "../lib/baseline";
import { clientFor, seedAccounts } from "../lib/clients";
import { drive, mergeRuns, ms, num, percentile, perSecond, times, type Run } from "../lib/measure";
import { RemoteSimulator } from "../lib/remote-sim";
import type { Section } from "../lib/report";

const REQUESTS = 2000;
const CONCURRENCY = 8;
const WARMUP = 1000;
const ROUNDS = 8;
const ACCOUNTS = 10;
const SETUP_MS = 5;

type Kind = "client" | "bare" | "fresh";

interface Opened {
  call: () => Promise<unknown>;
  close: () => Promise<void>;
}

interface Result {
  network: string;
  kind: Kind;
  run: Run;
  /** Opened during the measured calls, counted by the server. */
  connections: number;
  rate: number;
}

const names: Record<Kind, string> = {
  client: "PartnersClient (keep-alive pool of 8)",
  bare: "bare undici Pool (keep-alive, 8)",
  fresh: "new connection per request",
};

export async function keepAlive(): Promise<Section> {
  const sim = await RemoteSimulator.start({ connectionSetupMs: SETUP_MS });
  try {
    await seedAccounts(sim, ACCOUNTS);
    const tokenPool = keepAlivePool(target(sim.url), 1);
    const token = await fetchToken(tokenPool, target(sim.url), sim);
    await tokenPool.close();

    const open = (kind: Kind, apiUrl: string): Opened => {
      const t = target(apiUrl);
      switch (kind) {
        case "client": {
          const client = clientFor(sim, { apiUrl, maxConcurrency: CONCURRENCY });
          return { call: () => client.online.getAccounts(), close: () => client.close() };
        }
        case "bare": {
          const pool = keepAlivePool(t, CONCURRENCY);
          return { call: () => getAccounts(pool, t, token), close: () => pool.close() };
        }
        case "fresh":
          return { call: () => getAccountsOnNewConnection(t, token), close: async () => {} };
      }
    };
    const kinds: Kind[] = ["client", "bare", "fresh"];

    // Warm every code path first (JIT, sockets), with instances thrown away afterwards.
    for (const kind of kinds) {
      const warm = open(kind, sim.url);
      await drive(WARMUP, CONCURRENCY, warm.call);
      await warm.close();
    }

    const networks = [
      { network: "loopback", url: sim.url },
      { network: `${SETUP_MS} ms per new connection`, url: sim.slowConnectUrl! },
    ];
    const results: Result[] = [];
    for (const { network, url } of networks) {
      // Interleaved rounds, each starting with a different variant: a machine speeding up or
      // slowing down during the run (others' jobs, CPU boost) then weighs on every variant alike.
      const opened = kinds.map((kind) => ({ kind, instance: open(kind, url) }));
      const runs = new Map<Kind, Run[]>(kinds.map((k) => [k, []]));
      const connections = new Map<Kind, number>(kinds.map((k) => [k, 0]));
      for (let round = 0; round < ROUNDS; round++) {
        for (let j = 0; j < opened.length; j++) {
          const { kind, instance } = opened[(round + j) % opened.length];
          await sim.resetProbe();
          runs.get(kind)!.push(await drive(REQUESTS / ROUNDS, CONCURRENCY, instance.call));
          connections.set(kind, connections.get(kind)! + (await sim.probe()).connections);
        }
      }
      for (const { kind, instance } of opened) {
        await instance.close();
        const run = mergeRuns(runs.get(kind)!);
        const opens = connections.get(kind)!;
        results.push({
          network,
          kind,
          run,
          connections: opens,
          rate: perSecond(run.ok, run.wallMs),
        });
      }
    }

    const get = (network: string, kind: Kind) =>
      results.find((r) => r.network === network && r.kind === kind)!;
    const [loop, slow] = networks.map((n) => n.network);
    const p95 = (r: Result) => ms(percentile(r.run.latencies, 95));
    return {
      title: "1. Keep-alive connection pool vs a new connection per request",
      setup:
        `${REQUESTS} \`online/getAccounts\` calls (${ACCOUNTS} accounts in each answer), ` +
        `${CONCURRENCY} outstanding at a time, after a warm-up of ${WARMUP}, in ${ROUNDS} ` +
        `interleaved rounds per variant; latency is per call, connections are counted by the ` +
        `server. "${slow}": a relay in front of the ` +
        `simulator holds each new connection ${SETUP_MS} ms before passing bytes, a stand-in ` +
        `for the TCP and TLS handshakes that loopback does not have (the simulator speaks ` +
        `plain HTTP; the real API is HTTPS, where a new connection costs more).`,
      table: {
        columns: [
          { header: "network" },
          { header: "how" },
          { header: "calls/s", align: "right" },
          { header: "p50 ms", align: "right" },
          { header: "p95 ms", align: "right" },
          { header: "connections", align: "right" },
          { header: "calls/s vs new connection", align: "right" },
        ],
        rows: results.map((r) => [
          r.network,
          names[r.kind],
          num(r.rate),
          ms(percentile(r.run.latencies, 50)),
          ms(percentile(r.run.latencies, 95)),
          String(r.connections),
          times(r.rate, get(r.network, "fresh").rate),
        ]),
      },
      findings: [
        `With ${SETUP_MS} ms per new connection, PartnersClient makes ` +
          `${times(get(slow, "client").rate, get(slow, "fresh").rate)} the calls/s of a new ` +
          `connection per request (p95 ${p95(get(slow, "client"))} ms vs ` +
          `${p95(get(slow, "fresh"))} ms), opening ${get(slow, "client").connections} ` +
          `connections instead of ${get(slow, "fresh").connections}.`,
        `Over loopback a connection is nearly free: the bare pool makes ` +
          `${times(get(loop, "bare").rate, get(loop, "fresh").rate)} the calls/s of new ` +
          `connections, and PartnersClient ` +
          `${times(get(loop, "client").rate, get(loop, "fresh").rate)}, its own per-call work ` +
          `(validation, token, deadline, answer parsing) costing about ` +
          `${ms(1000 / get(loop, "client").rate - 1000 / get(loop, "bare").rate)} ms of CPU per ` +
          `call over the bare pool.`,
      ],
      checks: results.map((r) => ({
        label: `${r.network}, ${names[r.kind]}: all ${REQUESTS} calls succeeded (${r.run.ok})`,
        ok: r.run.failed === 0,
      })),
    };
  } finally {
    await sim.close();
  }
}
