// `pulumi-99digital adopt`: one getAccounts request, then everything else happens locally, so
// an estate of thousands of accounts takes about as long as that one request.

import { promises as fs } from "node:fs";
import { DEFAULT_API_URL, PartnersClient, type AccountSummary } from "../client";
import {
  ADOPT_USAGE,
  namePattern,
  parseAdoptArgs,
  selectionFlags,
  type AdoptArgs,
} from "./adopt-args";
import { resolveCredentials } from "./credentials";
import type { CliIo } from "./io";
import { IMPORT_FILE_HEADER, renderImportFile } from "./import-file";
import { assertReplaceable, writeAtomically } from "./output-file";
import { GENERATED_HEADER, renderProgram, type NamedAccount } from "./render-program";
import { accountKey, assignNames, compareAccounts } from "./resource-names";
import { managedAccounts, StackStateError, type ManagedAccounts } from "./stack-state";
import { summarize } from "./summary";
import { UsageError } from "./usage-error";

export async function adopt(argv: readonly string[], io: CliIo): Promise<void> {
  const args = parseAdoptArgs(argv);
  if (args === "help") {
    io.stdout(ADOPT_USAGE);
    return;
  }
  const progress = args.quiet ? () => undefined : (line: string) => io.stderr(`${line}\n`);
  const options = await resolveCredentials(args.credentials, io.env, io.readStdin);
  const managed = await readManaged(args);
  if (!args.dryRun) {
    if (args.out !== undefined) {
      await assertReplaceable(args.out, GENERATED_HEADER, "--out", args.force);
    }
    if (args.importFile !== undefined) {
      await assertReplaceable(args.importFile, IMPORT_FILE_HEADER, "--import-file", args.force);
    }
  }

  const client = new PartnersClient({
    ...options,
    // The redacted request log, on the environment the command was given, to its stderr.
    debug: io.env.DIGITAL99_DEBUG === "1" ? (line) => io.stderr(`${line}\n`) : false,
  });
  let reported: AccountSummary[];
  try {
    progress(`reading the accounts from ${displayUrl(options.apiUrl ?? DEFAULT_API_URL)}...`);
    const started = Date.now();
    reported = await client.online.getAccounts();
    progress(`${reported.length} accounts reported (${Date.now() - started} ms)`);
  } finally {
    await client.close();
  }

  const selection = select(reported, args, managed);
  const names = assignNames(selection.chosen, managed?.names);
  const named: NamedAccount[] = selection.chosen
    .map((account) => ({ account, name: names.get(accountKey(account))! }))
    .sort((a, b) => compareAccounts(a.account, b.account));
  const text = renderProgram(named, selectionFlags(args));

  if (args.dryRun) {
    io.stdout(summarize({ reported: reported.length, ...selection, named, out: args.out }));
    return;
  }
  if (args.out === undefined) io.stdout(text);
  else {
    await writeAtomically(args.out, text);
    progress(`wrote ${args.out}: ${named.length} OnlineAccount resources`);
  }
  if (args.importFile !== undefined) {
    await writeAtomically(args.importFile, renderImportFile(named));
    progress(`wrote ${args.importFile}: ${named.length} entries for pulumi import --file`);
  }
}

export interface Selection {
  chosen: AccountSummary[];
  /** Left out because the stack already manages them. */
  managed: number;
  /** Left out by --server, --status or --name. */
  filtered: number;
}

/** The accounts to adopt: not managed yet, and matching every filter given. */
export function select(
  accounts: readonly AccountSummary[],
  args: Pick<AdoptArgs, "servers" | "statuses" | "namePatterns">,
  managed?: ManagedAccounts,
): Selection {
  const names = args.namePatterns.map(namePattern);
  const wanted = (a: AccountSummary) =>
    (args.servers.length === 0 || args.servers.includes(a.server)) &&
    (args.statuses.length === 0 || args.statuses.includes(a.status)) &&
    (names.length === 0 || names.some((matches) => matches(a.accountName)));
  const unmanaged = accounts.filter((a) => !managed?.keys.has(accountKey(a)));
  const chosen = unmanaged.filter(wanted);
  return {
    chosen,
    managed: accounts.length - unmanaged.length,
    filtered: unmanaged.length - chosen.length,
  };
}

async function readManaged(args: AdoptArgs): Promise<ManagedAccounts | undefined> {
  const file = args.excludeStackState;
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`--exclude-stack-state ${file}: ${(err as Error).message}`);
  }
  try {
    return managedAccounts(text);
  } catch (err) {
    if (!(err instanceof StackStateError)) throw err;
    throw new UsageError(`--exclude-stack-state ${file}: ${err.message}`);
  }
}

/** The API URL without any user:password part, for the progress line. */
function displayUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  url.username = "";
  url.password = "";
  return url.toString().replace(/\/$/, "");
}
