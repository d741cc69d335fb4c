// PartnersClient instances pointed at a bench simulator, and test data for them.

import { PartnersClient, type PartnersClientOptions } from "../../provider/client";
import type { RemoteSimulator } from "./remote-sim";

export function clientFor(
  sim: RemoteSimulator,
  options: Partial<PartnersClientOptions> = {},
): PartnersClient {
  return new PartnersClient({
    apiUrl: sim.url,
    clientId: sim.clientId,
    clientSecret: sim.clientSecret,
    requestTimeoutMs: 5_000,
    // Quiet whatever DIGITAL99_DEBUG says: a line per attempt would be the benchmark.
    debug: false,
    ...options,
  });
}

let serial = 0;

/** Valid createAccount parameters, unique per call. */
export function accountParams() {
  serial += 1;
  return {
    accountName: `Bench ${serial}`,
    agents: 5,
    inboxes: 2,
    adminEmail: `owner${serial}@bench.example`,
    adminName: "Dana Levi",
    adminDisplayName: "Dana",
    adminPassword: "Str0ng!Pass",
    reference: `bench${serial}`,
  };
}

/** Gives getAccounts a list to return, so that answers have a realistic size. */
export async function seedAccounts(sim: RemoteSimulator, count: number): Promise<void> {
  const client = clientFor(sim);
  try {
    for (let i = 0; i < count; i++) await client.online.createAccount(accountParams());
  } finally {
    await client.close();
  }
}
