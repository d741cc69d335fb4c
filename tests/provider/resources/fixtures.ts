// Shared set-up for the provider-level tests: a simulator on 127.0.0.1 and
// an OnlineAccount provider whose runtime points at it.
import { startSimulator, type Simulator, type SimulatorOptions } from "../../../simulator";
import { ProviderRuntime } from "../../../provider/runtime";
import { OnlineAccountProvider } from "../../../provider/resources/online-account/provider";
import type { OnlineAccountOutputs } from "../../../provider/resources/online-account/schema";

export interface ProviderFixture {
  sim: Simulator;
  runtime: ProviderRuntime;
  provider: OnlineAccountProvider;
  warnings: string[];
  close(): Promise<void>;
}

export async function startProviderFixture(
  options: SimulatorOptions = {},
): Promise<ProviderFixture> {
  const sim = await startSimulator({ port: 0, ...options });
  const warnings: string[] = [];
  const runtime = new ProviderRuntime({
    warn: (message) => warnings.push(message),
    env: {},
    clientOptions: { retryBaseDelayMs: 1 },
  });
  const config: Record<string, string> = {
    "digital99:apiUrl": sim.url,
    "digital99:clientId": sim.clientId,
    "digital99:clientSecret": sim.clientSecret,
    "digital99:requestTimeoutMs": "2000",
  };
  runtime.configure((key) => config[key]);
  const provider = new OnlineAccountProvider(runtime);
  return {
    sim,
    runtime,
    provider,
    warnings,
    async close() {
      await runtime.close();
      await sim.close();
    },
  };
}

let counter = 0;

/**
 * Valid inputs as `check` returns them, unique per call. Typed as outputs so that the same
 * object can stand for a state; the values in `overrides` are the test's to choose, right or wrong.
 */
export function accountInputs(overrides: Record<string, unknown> = {}): OnlineAccountOutputs {
  counter++;
  const inputs: Record<string, unknown> = {
    accountName: `Acme ${counter}`,
    agents: 10,
    inboxes: 3,
    adminEmail: `owner${counter}@acme.example`,
    adminName: "Dana Levi",
    adminDisplayName: "Dana",
    adminPassword: "Str0ng!Pass",
    adminTwoFactor: "none",
    server: "online",
    reference: `acme${counter}`,
    status: "active",
    deletionProtection: true,
    __provider: "stub",
    ...overrides,
  };
  return inputs as OnlineAccountOutputs;
}
