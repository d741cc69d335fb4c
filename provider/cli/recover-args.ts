// The recover subcommand's command line: parsed strictly and checked before anything is read.

import { parseArgs } from "node:util";
import {
  credentialFlags,
  credentialOptions,
  CREDENTIALS_USAGE,
  refuseSecretFlags,
  type CredentialFlags,
} from "./credentials";
import { UsageError } from "./usage-error";

export interface RecoverArgs {
  /** The stack as `pulumi --stack` takes it: `<stack>` or `organization/<project>/<stack>`. */
  stack: string;
  /** The project's directory (where Pulumi.yaml is); the current directory unless --cwd. */
  cwd: string;
  credentials: CredentialFlags;
}

export const RECOVER_USAGE = `Usage: pulumi-99digital recover --stack NAME [--cwd DIR] [options]

Puts a stack back in order after a pulumi run was killed or cancelled, changing only what is
broken: a checkpoint's empty or unreadable sidecar (<stack>.json.attrs) is removed, a truncated
or unreadable checkpoint is restored from its backup (<stack>.json.bak, one step older), the
dead run's lock is removed, and the creates it left pending are cleared (pulumi refresh
--clear-pending-creates). A stack that loads, is not locked and has nothing pending is left
alone. Then it lists the accounts, builders and inboxes at 99digital that the killed run made
and the state does not hold (the next pulumi up adopts the accounts). Nothing is ever deleted
at 99digital. A lock held by a run that may still be going stops it before anything changes.

The backend is the one pulumi uses (PULUMI_BACKEND_URL, else the project's or the login's);
pulumi must be on PATH. Only a file backend's files can be repaired here; for any other backend
the manual steps are printed.

  --stack NAME                the stack to recover (required)
  --cwd DIR                   the Pulumi project's directory (default: the current directory)

${CREDENTIALS_USAGE}  Asked for only when there are pending creates to list: the stack's own digital99:* config
  comes before the environment (flags still first), as for the stack's provider.
  --help                      show this help

Exit status: 0 the stack is in order (repaired, or nothing to do); 1 could not finish or could
not decide (a live or foreign lock, a checkpoint and backup both unreadable, a backend whose
files it cannot reach: the message says what to do, and nothing was changed after the point
it names); 2 bad command line, or credentials missing where pending creates are to be listed
(the repairs before that point stand, the pending creates are kept for the next run).
`;

/** A stack name as pulumi accepts it: `<stack>`, or `<org>/<project>/<stack>`. */
const STACK = /^(?:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/)?[A-Za-z0-9_.-]+$/;

export function parseRecoverArgs(argv: readonly string[], cwd: string): RecoverArgs | "help" {
  refuseSecretFlags(argv);
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(argv));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return "help";
  if (values.stack === undefined) {
    throw new UsageError("--stack is required: the name of the stack to recover");
  }
  if (!STACK.test(values.stack)) {
    throw new UsageError(
      `--stack ${JSON.stringify(values.stack)}: a stack name is letters, digits, "-", "_" and ".", ` +
        `optionally as organization/<project>/<stack>`,
    );
  }
  if (values.cwd === "") throw new UsageError("--cwd must not be empty");
  return {
    stack: values.stack,
    cwd: values.cwd ?? cwd,
    credentials: credentialFlags(values),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      stack: { type: "string" },
      cwd: { type: "string" },
      ...credentialOptions,
      help: { type: "boolean" },
    },
  });
}
