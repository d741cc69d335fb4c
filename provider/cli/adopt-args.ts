// The adopt subcommand's command line: parsed strictly, every value checked before anything is
// read or written, every mistake reported with its flag and the rule it breaks.

import { parseArgs } from "node:util";
import type { AccountStatus } from "../client";
import {
  credentialFlags,
  credentialOptions,
  CREDENTIALS_USAGE,
  refuseSecretFlags,
  type CredentialFlags,
} from "./credentials";
import { UsageError } from "./usage-error";

/** What adopt can take over, as --include names them. */
export const KINDS = ["accounts", "builders", "inboxes"] as const;
export type Kind = (typeof KINDS)[number];

export interface AdoptArgs {
  credentials: CredentialFlags;
  /** What the module declares; ["accounts"] unless --include says otherwise. */
  include: Set<Kind>;
  /** The --whatsapp-numbers file: inbox ids to numbers (getInboxes does not list numbers). */
  whatsappNumbers?: string;
  /** Servers to keep; empty keeps all. */
  servers: string[];
  /** Statuses to keep; empty keeps all. */
  statuses: AccountStatus[];
  /** Name patterns, as given; an account matching any is kept; empty keeps all. */
  namePatterns: string[];
  excludeStackState?: string;
  /** Where the module goes; undefined means stdout. */
  out?: string;
  importFile?: string;
  force: boolean;
  dryRun: boolean;
  quiet: boolean;
}

export const ADOPT_USAGE = `Usage: pulumi-99digital adopt [options]

Reads the partner's existing online accounts (one online/getAccounts request) and writes a
TypeScript module declaring each as an OnlineAccount that takes it over with existingAccount.
A program whose only line is \`import "./accounts";\` then manages them all. Nothing is changed
remotely; the same accounts and options always give the same file, byte for byte.

What to adopt:
  --include KINDS             commas list several of: accounts (the default), builders (one
                              builder/getBuilders request; Builder with existingBuilder),
                              inboxes (one online/getInboxes request per account the filters
                              keep; WhatsAppInbox with existingInbox)
  --whatsapp-numbers FILE     needed with inboxes: a JSON object from inbox id
                              (<server>/<accountId>/<inboxId>) to its WhatsApp number, since
                              getInboxes does not list numbers. Inboxes missing from it are left
                              out, each named on stderr

Selecting accounts (each may be repeated; an account must match one value of every flag given):
  --server NAME               only accounts on this server (e.g. online); commas list several
  --status active|suspended   only accounts with this status
  --name PATTERN              only accounts whose name matches: * any text, ? one character,
                              whole name, case-insensitive
  --exclude-stack-state FILE  skip accounts a stack already manages; FILE is the output of
                              \`pulumi stack export\`. Its resource names stay reserved.

Output:
  --out FILE                  write the module to FILE (default: stdout). An existing FILE is
                              replaced only if adopt wrote it, unless --force
  --import-file FILE          also write a \`pulumi import --file\` document for the same accounts
                              (accounts only: refused with builders or inboxes in --include)
  --force                     replace --out / --import-file even if adopt did not write them
  --dry-run                   print a summary of what would be written, and write nothing
  --quiet                     no progress lines on stderr

${CREDENTIALS_USAGE}
  --help                      show this help

Exit status: 0 done; 1 could not finish (API, network, a file to write);
2 bad command line, missing credentials, an --exclude-stack-state file that is not a stack
export, a --whatsapp-numbers file that is not such an object, or an --out/--import-file that
adopt did not write (found before any request is sent).
`;

const SERVER = /^[a-z0-9][a-z0-9-]{0,62}$/;
const STATUSES: readonly AccountStatus[] = ["active", "suspended"];

export function parseAdoptArgs(argv: readonly string[]): AdoptArgs | "help" {
  refuseSecretFlags(argv);
  let values: ReturnType<typeof parse>["values"];
  let tokens: ReturnType<typeof parse>["tokens"];
  try {
    ({ values, tokens } = parse(argv));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const positional = tokens.findIndex((token) => token.kind === "positional");
  if (positional !== -1) throw new UsageError(unexpectedArgument(tokens, positional));
  if (values.help) return "help";

  const servers = (values.server ?? []).flatMap((v) => v.split(",")).map((s) => s.trim());
  for (const server of servers) {
    if (!SERVER.test(server)) {
      throw new UsageError(
        `--server ${JSON.stringify(server)}: a server is a subdomain name (a-z, 0-9 and "-", e.g. online)`,
      );
    }
  }
  const statuses = (values.status ?? []).map((status) => {
    if (!(STATUSES as readonly string[]).includes(status)) {
      throw new UsageError(`--status ${JSON.stringify(status)}: must be "active" or "suspended"`);
    }
    return status as AccountStatus;
  });
  const namePatterns = values.name ?? [];
  for (const pattern of namePatterns) {
    if (pattern === "" || /[\r\n]/.test(pattern)) {
      throw new UsageError("--name: a pattern must be one non-empty line");
    }
  }
  const include = new Set<Kind>();
  for (const kind of (values.include ?? ["accounts"]).flatMap((v) => v.split(","))) {
    const trimmed = kind.trim();
    if (!(KINDS as readonly string[]).includes(trimmed)) {
      throw new UsageError(
        `--include ${JSON.stringify(trimmed)}: must be one or more of ${KINDS.join(", ")}, separated by commas`,
      );
    }
    include.add(trimmed as Kind);
  }
  const beyondAccounts = include.has("builders") || include.has("inboxes");
  if (values["import-file"] !== undefined && beyondAccounts) {
    throw new UsageError(
      "--import-file covers accounts only: a builder or inbox is taken over by the module's " +
        "existingBuilder / existingInbox at the first pulumi up; leave --import-file out, or " +
        "include accounts alone",
    );
  }
  if (include.has("inboxes") && values["whatsapp-numbers"] === undefined) {
    throw new UsageError(
      "--include inboxes needs --whatsapp-numbers FILE: getInboxes does not list an inbox's " +
        "number, and WhatsAppInbox needs it",
    );
  }
  if (values["whatsapp-numbers"] !== undefined && !include.has("inboxes")) {
    throw new UsageError("--whatsapp-numbers is for inboxes: add inboxes to --include");
  }
  for (const flag of ["whatsapp-numbers", "out", "import-file", "exclude-stack-state"] as const) {
    if (values[flag] === "") throw new UsageError(`--${flag} must not be empty`);
  }
  const credentials = credentialFlags(values);
  if (values.out !== undefined && values.out === values["import-file"]) {
    throw new UsageError("--out and --import-file must name different files");
  }

  return {
    credentials,
    include,
    ...(values["whatsapp-numbers"] !== undefined && {
      whatsappNumbers: values["whatsapp-numbers"],
    }),
    servers,
    statuses,
    namePatterns,
    ...(values["exclude-stack-state"] !== undefined && {
      excludeStackState: values["exclude-stack-state"],
    }),
    ...(values.out !== undefined && { out: values.out }),
    ...(values["import-file"] !== undefined && { importFile: values["import-file"] }),
    force: values.force === true,
    dryRun: values["dry-run"] === true,
    quiet: values.quiet === true,
  };
}

/**
 * Says where the stray argument stands but never what it is: a secret typed after
 * --client-secret-stdin, instead of piped in, would otherwise be printed back into the terminal
 * and the CI log.
 */
function unexpectedArgument(tokens: ReturnType<typeof parse>["tokens"], at: number): string {
  const position = tokens[at].index + 1;
  const before = tokens[at - 1];
  const flag =
    before?.kind === "option" ? before.rawName : before?.kind === "option-terminator" ? "--" : "";
  const after = flag ? ` (after ${flag})` : "";
  return (
    `argument ${position}${after} is not an option, and adopt takes no other arguments; it is ` +
    "not repeated here in case it is a secret. A secret is read from stdin (" +
    "--client-secret-stdin, --access-token-stdin) or the environment, never given on the " +
    "command line"
  );
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    // Positionals are refused after parsing, so that the message can leave them out.
    allowPositionals: true,
    tokens: true,
    options: {
      include: { type: "string", multiple: true },
      "whatsapp-numbers": { type: "string" },
      server: { type: "string", multiple: true },
      status: { type: "string", multiple: true },
      name: { type: "string", multiple: true },
      "exclude-stack-state": { type: "string" },
      out: { type: "string" },
      "import-file": { type: "string" },
      force: { type: "boolean" },
      "dry-run": { type: "boolean" },
      quiet: { type: "boolean" },
      ...credentialOptions,
      help: { type: "boolean" },
    },
  });
}

/** The flags that chose what to adopt, as the generated header repeats them. */
export function selectionFlags(args: AdoptArgs): string[] {
  const kinds = KINDS.filter((k) => args.include.has(k));
  return [
    // The default (accounts alone) is left out, so such modules read as they always have.
    ...(kinds.join(",") === "accounts" ? [] : ["--include", kinds.join(",")]),
    ...(args.whatsappNumbers !== undefined ? ["--whatsapp-numbers", "<numbers file>"] : []),
    ...args.servers.flatMap((s) => ["--server", s]),
    ...args.statuses.flatMap((s) => ["--status", s]),
    ...args.namePatterns.flatMap((p) => ["--name", p]),
    ...(args.excludeStackState !== undefined ? ["--exclude-stack-state", "<stack export>"] : []),
  ];
}

/** A --name pattern as a test on account names: whole name, case-insensitive, * and ?. */
export function namePattern(pattern: string): (accountName: string) => boolean {
  const source = [...pattern.normalize("NFC")]
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  const regex = new RegExp(`^${source}$`, "isu");
  return (accountName) => regex.test(accountName.normalize("NFC"));
}
