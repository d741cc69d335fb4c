#!/usr/bin/env node
// pulumi-99digital-simulator: runs the Partners API simulator in the foreground.
import { parseArgs } from "node:util";
import { INTERNATIONAL_PHONE_RULE, isInternationalPhone } from "./rules";
import { DEFAULT_WHATSAPP_NUMBERS, startSimulator } from "./server";
import type { SimulatorOptions } from "./types";

const USAGE = `Usage: pulumi-99digital-simulator [options]

Runs a local simulator of the 99digital Partners API until SIGINT/SIGTERM.

Options:
  --port N                  port to listen on; 0 picks a free one (default 4010)
  --host HOST               address to bind (default 127.0.0.1)
  --client-id ID            client_id the token endpoint accepts (default demo)
  --client-secret SECRET    client_secret the token endpoint accepts (default demo)
  --token-ttl SECONDS       access token lifetime (default 3600)
  --servers LIST            comma-separated servers accounts may use (default online)
  --whatsapp-numbers LIST   comma-separated working WhatsApp numbers of the partner, the only
                            ones createInbox accepts; "" for none (default
                            ${DEFAULT_WHATSAPP_NUMBERS.join(",")})
  --data FILE               load state from FILE and save it there after every change
  --block-after-failures N  wrong credentials from one IP before it is blocked (default 5)
  --block-seconds SECONDS   how long such an IP stays blocked (default 600)
  --max-accounts N          account quota; createAccount answers 31 beyond it
  --max-builders N          builder quota; createBuilder answers 31 beyond it
  --seed N                  seed for probability faults
  --verbose                 one line per request (method, endpoint, reason; never secrets)
  --help                    show this help
`;

class UsageError extends Error {}

function number(
  values: Record<string, string | boolean | undefined>,
  flag: string,
  check: (n: number) => boolean,
  what: string,
): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== "string" || raw.trim() === "" || !check(n)) {
    throw new UsageError(`--${flag} must be ${what}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** A comma-separated flag as its non-empty items; undefined when the flag is absent. */
function list(raw: string | boolean | undefined): string[] | undefined {
  if (typeof raw !== "string") return undefined;
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function parseCli(argv: string[]): SimulatorOptions | "help" {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "client-id": { type: "string" },
        "client-secret": { type: "string" },
        "token-ttl": { type: "string" },
        servers: { type: "string" },
        "whatsapp-numbers": { type: "string" },
        data: { type: "string" },
        "block-after-failures": { type: "string" },
        "block-seconds": { type: "string" },
        "max-accounts": { type: "string" },
        "max-builders": { type: "string" },
        seed: { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return "help";
  const servers = list(values.servers);
  if (servers && servers.length === 0) throw new UsageError("--servers needs at least one name");
  const whatsappNumbers = list(values["whatsapp-numbers"]);
  const badNumber = whatsappNumbers?.find((n) => !isInternationalPhone(n));
  if (badNumber !== undefined) {
    throw new UsageError(
      `--whatsapp-numbers must list numbers of ${INTERNATIONAL_PHONE_RULE}, ` +
        `got ${JSON.stringify(badNumber)}`,
    );
  }
  for (const flag of ["host", "client-id", "client-secret", "data"]) {
    if (values[flag] === "") throw new UsageError(`--${flag} must not be empty`);
  }
  const verbose = values.verbose === true;
  return {
    port: number(values, "port", (n) => isCount(n) && n <= 65535, "a port number 0..65535") ?? 4010,
    host: values.host as string | undefined,
    clientId: values["client-id"] as string | undefined,
    clientSecret: values["client-secret"] as string | undefined,
    tokenTtl: number(values, "token-ttl", (n) => n > 0, "a number of seconds > 0"),
    servers,
    whatsappNumbers,
    data: values.data as string | undefined,
    blockAfterFailures: number(
      values,
      "block-after-failures",
      (n) => isCount(n) && n >= 1,
      "an integer >= 1",
    ),
    blockSeconds: number(values, "block-seconds", (n) => n >= 0, "a number of seconds >= 0"),
    maxAccounts: number(values, "max-accounts", isCount, "an integer >= 0"),
    maxBuilders: number(values, "max-builders", isCount, "an integer >= 0"),
    seed: number(values, "seed", Number.isInteger, "an integer"),
    log: verbose ? (line) => console.log(line) : undefined,
  };
}

async function main(): Promise<void> {
  let options: SimulatorOptions | "help";
  try {
    options = parseCli(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`pulumi-99digital-simulator: ${err.message}\nRun with --help for the options.`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return;
  }
  let simulator;
  try {
    simulator = await startSimulator(options);
  } catch (err) {
    console.error(`pulumi-99digital-simulator: cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  // The credentials are the simulator's own test values, printed so they can be pasted.
  console.log(`99digital Partners API simulator listening
  API URL:       ${simulator.url}
  client_id:     ${simulator.clientId}
  client_secret: ${simulator.clientSecret}
  WhatsApp:      ${simulator.whatsappNumbers().join(", ") || "(no numbers)"}
  control:       ${simulator.url.replace(/\/api$/, "/__simulator/state")}
Stop with Ctrl-C.`);

  const running = simulator;
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => {
        console.log(`simulator stopped (${signal})`);
        process.exit(0);
      },
      (err: unknown) => {
        console.error("simulator: error while stopping:", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
