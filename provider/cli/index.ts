#!/usr/bin/env node
// pulumi-99digital: the package's command line. One subcommand per job; each parses its own
// flags and documents them under --help.

import { printableLines } from "../printable";
import { adopt } from "./adopt";
import { processIo, type CliIo } from "./io";
import { recover } from "./recover";
import { exitCodes, UsageError } from "./usage-error";

const subcommands: Record<string, (argv: readonly string[], io: CliIo) => Promise<void>> = {
  adopt,
  recover,
};

export const USAGE = `Usage: pulumi-99digital <command> [options]

Commands:
  adopt    write a Pulumi program module that takes over the partner's existing accounts
  recover  put a stack back in order after a killed or cancelled pulumi run

Run \`pulumi-99digital <command> --help\` for a command's options.

Exit status: 0 done; 1 the command could not finish; 2 bad command line.
`;

/** Runs the command line `argv` (without node and the script) and returns the exit status. */
export async function runCli(argv: readonly string[], given: CliIo): Promise<number> {
  // What a command prints may carry names from the API: nothing in it may act on the terminal
  // or the CI log (printable.ts). Each command quotes a value inside a line itself.
  const io: CliIo = {
    ...given,
    stdout: (text) => given.stdout(printableLines(text)),
    stderr: (text) => given.stderr(printableLines(text)),
  };
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? exitCodes.usage : exitCodes.ok;
  }
  const run = Object.hasOwn(subcommands, command) ? subcommands[command] : undefined;
  if (run === undefined) {
    io.stderr(`pulumi-99digital: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return exitCodes.usage;
  }
  try {
    await run(rest, io);
    return exitCodes.ok;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`pulumi-99digital ${command}: ${err.message}\nRun with --help for the options.\n`);
      return exitCodes.usage;
    }
    // The client builds its errors' messages from redacted text.
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`pulumi-99digital ${command}: ${message}\n`);
    return exitCodes.failed;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = exitCodes.failed;
    },
  );
}
