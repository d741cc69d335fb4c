// `pulumi-99digital adopt`: one getAccounts request (plus one getBuilders, and one getInboxes
// per account, when --include asks for them), then everything else happens locally, so an
// estate of thousands of accounts takes about as long as those requests.

import { promises as fs } from "node:fs";
import {
  DEFAULT_API_URL,
  PartnersClient,
  type AccountSummary,
  type BuilderSummary,
} from "../client";
import { displayUrl } from "../client/options";
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
import {
  GENERATED_HEADER,
  renderProgram,
  type AdoptableInbox,
  type MoreKinds,
  type NamedAccount,
} from "./render-program";
import {
  accountKey,
  assignNames,
  builderNameable,
  compareAccounts,
  inboxNameable,
} from "./resource-names";
import { managedAccounts, StackStateError, type ManagedAccounts } from "./stack-state";
import { summarize, type KindCounts } from "./summary";
import { UsageError } from "./usage-error";
import { readWhatsAppNumbers, type WhatsAppNumbers } from "./whatsapp-numbers";

/** getInboxes requests in flight at once; the client bounds them too, this bounds the queue. */
const INBOX_READERS = 8;
/** A progress line for every this many accounts whose inboxes were read. */
const INBOX_PROGRESS_EVERY = 250;

export async function adopt(argv: readonly string[], io: CliIo): Promise<void> {
  const args = parseAdoptArgs(argv);
  if (args === "help") {
    io.stdout(ADOPT_USAGE);
    return;
  }
  const progress = args.quiet ? () => undefined : (line: string) => io.stderr(`${line}\n`);
  const options = await resolveCredentials(args.credentials, io.env, io.readStdin);
  const managed = await readManaged(args);
  const numbers =
    args.whatsappNumbers !== undefined
      ? await readWhatsAppNumbers(args.whatsappNumbers)
      : undefined;
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
  let reported: AccountSummary[] = [];
  let builders: BuilderSummary[] = [];
  let listedInboxes: AdoptableInbox[] = [];
  let selection: Selection;
  try {
    // Builders alone need no account list.
    if (args.include.has("accounts") || args.include.has("inboxes")) {
      progress(`reading the accounts from ${displayUrl(options.apiUrl ?? DEFAULT_API_URL)}...`);
      const started = Date.now();
      reported = await client.online.getAccounts();
      progress(`${reported.length} accounts reported (${Date.now() - started} ms)`);
    }
    selection = select(reported, args, managed);
    if (args.include.has("builders")) {
      const started = Date.now();
      builders = await client.builder.getBuilders();
      progress(`${builders.length} builders reported (${Date.now() - started} ms)`);
    }
    if (args.include.has("inboxes")) {
      listedInboxes = await readInboxes(client, selection.kept, progress);
    }
  } finally {
    await client.close();
  }

  const chosenAccounts = args.include.has("accounts") ? selection.chosen : [];
  const names = assignNames(chosenAccounts, managed?.names);
  const named: NamedAccount[] = chosenAccounts
    .map((account) => ({ account, name: names.get(accountKey(account))! }))
    .sort((a, b) => compareAccounts(a.account, b.account));
  const taken = new Set([...(managed?.names ?? []), ...names.values()]);
  const adoption = adoptMore(
    args,
    builders,
    listedInboxes,
    selection.kept,
    managed,
    numbers,
    taken,
  );
  for (const inbox of adoption?.inboxesWithoutNumber ?? []) {
    io.stderr(
      `inbox ${accountKey(inbox)}/${inbox.inboxId} (${JSON.stringify(inbox.inboxName)}) left out: ` +
        `${args.whatsappNumbers} gives no WhatsApp number for it\n`,
    );
  }
  const text = renderProgram(named, selectionFlags(args), adoption?.more);

  if (args.dryRun) {
    io.stdout(
      summarize({
        reported: reported.length,
        ...selection,
        named,
        out: args.out,
        ...(adoption && { builders: adoption.builderCounts, inboxes: adoption.inboxCounts }),
      }),
    );
    return;
  }
  if (args.out === undefined) io.stdout(text);
  else {
    await writeAtomically(args.out, text);
    const more = adoption?.more;
    progress(
      `wrote ${args.out}: ${named.length} OnlineAccount resources` +
        (more
          ? `, ${more.builders.length} Builder, ${more.inboxes.length} WhatsAppInbox resources`
          : ""),
    );
  }
  if (args.importFile !== undefined) {
    await writeAtomically(args.importFile, renderImportFile(named));
    progress(`wrote ${args.importFile}: ${named.length} entries for pulumi import --file`);
  }
}

/** Every inbox of the accounts, one getInboxes request per account, a few at a time. */
async function readInboxes(
  client: PartnersClient,
  accounts: readonly AccountSummary[],
  progress: (line: string) => void,
): Promise<AdoptableInbox[]> {
  progress(`reading the inboxes of ${accounts.length} accounts...`);
  const started = Date.now();
  const perAccount: AdoptableInbox[][] = accounts.map(() => []);
  let next = 0;
  let done = 0;
  const reader = async () => {
    while (next < accounts.length) {
      const i = next++;
      const { server, accountId } = accounts[i];
      const inboxes = await client.online.getInboxes({ accountId, server });
      perAccount[i] = inboxes.map((inbox) => ({
        server,
        accountId,
        inboxId: inbox.id,
        inboxName: inbox.name,
        whatsappNumber: "",
      }));
      done++;
      if (done % INBOX_PROGRESS_EVERY === 0 && done < accounts.length) {
        progress(`  inboxes of ${done}/${accounts.length} accounts read`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(INBOX_READERS, accounts.length) }, reader));
  const inboxes = perAccount.flat();
  progress(`${inboxes.length} inboxes reported (${Date.now() - started} ms)`);
  return inboxes;
}

interface MoreAdoption {
  more: MoreKinds;
  builderCounts?: KindCounts;
  inboxCounts?: KindCounts;
  inboxesWithoutNumber: AdoptableInbox[];
}

/**
 * The builders and inboxes to declare, named after the accounts have taken theirs (so the
 * accounts' names never depend on them), or undefined for the accounts-only module.
 */
function adoptMore(
  args: AdoptArgs,
  builders: readonly BuilderSummary[],
  inboxes: readonly AdoptableInbox[],
  accounts: readonly AccountSummary[],
  managed: ManagedAccounts | undefined,
  numbers: WhatsAppNumbers | undefined,
  taken: Set<string>,
): MoreAdoption | undefined {
  if (!args.include.has("builders") && !args.include.has("inboxes")) return undefined;

  const newBuilders = builders.filter((b) => !managed?.builders.has(b.builderId));
  const builderNames = assignNames(newBuilders.map(builderNameable), taken);
  const namedBuilders = newBuilders.map((builder) => ({
    builder,
    name: builderNames.get(accountKey(builderNameable(builder)))!,
  }));
  for (const name of builderNames.values()) taken.add(name);

  const idOf = (i: AdoptableInbox) => `${accountKey(i)}/${i.inboxId}`;
  const newInboxes = inboxes.filter((i) => !managed?.inboxes.has(idOf(i)));
  const numbered = newInboxes
    .filter((i) => numbers?.has(idOf(i)))
    .map((i) => ({ ...i, whatsappNumber: numbers!.get(idOf(i))! }));
  const accountNames = new Map(accounts.map((a) => [accountKey(a), a.accountName]));
  const nameable = (i: AdoptableInbox) =>
    inboxNameable({ ...i, accountName: accountNames.get(accountKey(i)) });
  const inboxNames = assignNames(numbered.map(nameable), taken);

  return {
    more: {
      builders: namedBuilders,
      inboxes: numbered.map((inbox) => ({
        inbox,
        name: inboxNames.get(accountKey(nameable(inbox)))!,
      })),
    },
    ...(args.include.has("builders") && {
      builderCounts: {
        reported: builders.length,
        managed: builders.length - newBuilders.length,
        leftOut: 0,
        adopted: namedBuilders.length,
      },
    }),
    ...(args.include.has("inboxes") && {
      inboxCounts: {
        reported: inboxes.length,
        managed: inboxes.length - newInboxes.length,
        leftOut: newInboxes.length - numbered.length,
        adopted: numbered.length,
      },
    }),
    inboxesWithoutNumber: newInboxes.filter((i) => !numbers?.has(idOf(i))),
  };
}

export interface Selection {
  chosen: AccountSummary[];
  /** Every account the filters keep, managed by the stack or not: whose inboxes are read. */
  kept: AccountSummary[];
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
    kept: accounts.filter(wanted),
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
