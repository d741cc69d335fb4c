// 4. What retries cost and buy: 1000 getAccounts calls, 8 at a time, with 10% of the attempts
// answered 503 (seeded, so every row meets the same draws), with and without retries.

import { clientFor, seedAccounts } from "../lib/clients";
import { drive, ms, num, pct, percentile, perSecond, times } from "../lib/measure";
import { RemoteSimulator } from "../lib/remote-sim";
import type { Section } from "../lib/report";

const CALLS = 1000;
const CONCURRENCY = 8;
const FAULT_RATE = 0.1;
const SEED = 99;
const BASE_DELAY_MS = 5;
const MAX_DELAY_MS = 40;

interface Setup {
  how: string;
  faults: boolean;
  maxRetries: number;
}

const setups: Setup[] = [
  { how: "no faults", faults: false, maxRetries: 3 },
  { how: "10% 503, maxRetries 0", faults: true, maxRetries: 0 },
  { how: "10% 503, maxRetries 3 (default)", faults: true, maxRetries: 3 },
];

export async function retries(): Promise<Section> {
  const results = [];
  for (const setup of setups) {
    // A simulator per row, same seed: the same sequence of 503s for each.
    const sim = await RemoteSimulator.start({ seed: SEED });
    try {
      await seedAccounts(sim, 10);
      const client = clientFor(sim, {
        maxConcurrency: CONCURRENCY,
        maxRetries: setup.maxRetries,
        retryBaseDelayMs: BASE_DELAY_MS,
        retryMaxDelayMs: MAX_DELAY_MS,
      });
      try {
        await client.online.getAccounts(); // the token, outside the figures
        if (setup.faults) {
          await sim.injectFault({
            endpoint: "online/getAccounts",
            fault: { type: "status", status: 503 },
            times: Number.POSITIVE_INFINITY,
            probability: FAULT_RATE,
          });
        }
        const before = await sim.requestCount("online/getAccounts");
        const run = await drive(CALLS, CONCURRENCY, () => client.online.getAccounts());
        const requests = (await sim.requestCount("online/getAccounts")) - before;
        results.push({ setup, run, requests, rate: perSecond(run.calls, run.wallMs) });
      } finally {
        await client.close();
      }
    } finally {
      await sim.close();
    }
  }

  const [clean, bare, retried] = results;
  // Attempts per call when each fails independently with probability p: 1 / (1 - p).
  const expectedExtra = pct(FAULT_RATE / (1 - FAULT_RATE), 1);
  return {
    title: "4. Retries under injected 503s",
    setup:
      `${CALLS} \`online/getAccounts\` calls, ${CONCURRENCY} outstanding at a time; in the ` +
      `faulted rows ${pct(FAULT_RATE, 1, 0)} of the attempts are answered HTTP 503 (seeded ` +
      `draws, the same for both rows). Backoff with full jitter, \`retryBaseDelayMs\` ` +
      `${BASE_DELAY_MS}, \`retryMaxDelayMs\` ${MAX_DELAY_MS} (the defaults, 500 and 8000, ` +
      `would make the same point more slowly). Latency is per call, retries included.`,
    table: {
      columns: [
        { header: "setup" },
        { header: "succeeded", align: "right" },
        { header: "success rate", align: "right" },
        { header: "requests sent", align: "right" },
        { header: "extra requests", align: "right" },
        { header: "calls/s", align: "right" },
        { header: "p50 ms", align: "right" },
        { header: "p95 ms", align: "right" },
      ],
      rows: results.map(({ setup, run, requests, rate }) => [
        setup.how,
        String(run.ok),
        pct(run.ok, run.calls),
        String(requests),
        `${requests - run.calls} (${pct(requests - run.calls, run.calls)})`,
        num(rate),
        ms(percentile(run.latencies, 50)),
        ms(percentile(run.latencies, 95)),
      ]),
    },
    findings: [
      `Retries raise the success rate from ${pct(bare.run.ok, CALLS)} to ` +
        `${pct(retried.run.ok, CALLS)}, for ${pct(retried.requests - CALLS, CALLS)} more ` +
        `requests (expected about ${expectedExtra}: one attempt in ten fails, independently).`,
      `With retries the faulted run makes ${times(retried.rate, clean.rate)} the calls/s of ` +
        `the fault-free one; the cost shows in the tail, p95 ` +
        `${ms(percentile(retried.run.latencies, 95))} ms instead of ` +
        `${ms(percentile(clean.run.latencies, 95))} ms, backoff waits included.`,
    ],
    checks: [
      {
        label: `no faults: all ${CALLS} calls succeeded with one request each`,
        ok: clean.run.ok === CALLS && clean.requests === CALLS,
      },
      {
        label: `10% 503 with retries: at least 99.5% of the calls succeeded (${pct(retried.run.ok, CALLS)})`,
        ok: retried.run.ok >= CALLS * 0.995,
      },
      {
        label: "maxRetries 0 sends exactly one request per call",
        ok: bare.requests === CALLS,
      },
    ],
  };
}
