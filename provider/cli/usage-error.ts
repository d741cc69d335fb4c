// A mistake on the command line: reported with the flag and the rule, exit status 2, and
// nothing read or written.
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The exit statuses of every subcommand (documented in each --help). */
export const exitCodes = {
  ok: 0,
  /** The command was right but could not finish: API, network, a file it had to read or write. */
  failed: 1,
  /** A flag, a value, or missing credentials: fix the command line. */
  usage: 2,
} as const;
