// The PartnersClient the read functions use. They run in the program's own process (not in the
// provider host), so they read the same `digital99:*` stack config through pulumi.Config, with
// the same DIGITAL99_* environment fallbacks, and share one client per process: one token and one
// connection pool for every call of a program. The pool's idle connections do not keep the
// process alive (undici unrefs them), and the client is closed once the program is done.
import * as pulumi from "@pulumi/pulumi";
import { PartnersClient } from "../client";
import { configKeys, resolveClientOptions, type ConfigLookup } from "../config";

const NAMESPACE = "digital99";

let shared: { client: PartnersClient; fingerprint: string } | undefined;
let closeOnExit = false;

/** Looks `digital99:<key>` up in the program's stack config. */
function programConfig(): ConfigLookup {
  const config = new pulumi.Config(NAMESPACE);
  return (fullKey) => {
    const key = fullKey.startsWith(`${NAMESPACE}:`) ? fullKey.slice(NAMESPACE.length + 1) : fullKey;
    return config.get(key);
  };
}

/**
 * The process's client for the current config. A changed config (another program in the same
 * process, as with the Automation API's inline programs) gets a new client; the old one is closed.
 */
export function programClient(env: NodeJS.ProcessEnv = process.env): PartnersClient {
  const lookup = programConfig();
  const fingerprint = JSON.stringify(
    Object.entries(configKeys).map(([key, envName]) => [
      lookup(`${NAMESPACE}:${key}`) ?? null,
      envName ? (env[envName] ?? null) : null,
    ]),
  );
  if (shared && shared.fingerprint === fingerprint) return shared.client;
  const options = resolveClientOptions(lookup, env);
  const previous = shared?.client;
  shared = { client: new PartnersClient(options), fingerprint };
  void previous?.close();
  if (!closeOnExit) {
    closeOnExit = true;
    process.once("beforeExit", () => {
      closeOnExit = false;
      void closeProgramClient();
    });
  }
  return shared.client;
}

/** Closes the shared client; the next call makes a new one. */
export async function closeProgramClient(): Promise<void> {
  const client = shared?.client;
  shared = undefined;
  await client?.close();
}
