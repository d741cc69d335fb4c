// The `pulumi` command line, run as a child process with the environment the subcommand was
// given: recover asks the engine itself where the state is and has it clear pending creates, so
// that it finds the backend exactly as every other pulumi command finds it.

import { spawn } from "node:child_process";

export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface PulumiContext {
  /** The project's directory. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Runs `pulumi <args> --non-interactive` to its end. A missing binary is an error that says so. */
export function runPulumi(args: readonly string[], context: PulumiContext): Promise<PulumiResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", [...args, "--non-interactive"], {
      cwd: context.cwd,
      env: context.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "ENOENT"
          ? new Error("the pulumi command was not found on PATH: install the Pulumi CLI first")
          : err,
      ),
    );
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs `pulumi <args>` and fails with the command and what pulumi said unless it succeeds. */
export async function mustPulumi(
  args: readonly string[],
  context: PulumiContext,
): Promise<PulumiResult> {
  const result = await runPulumi(args, context);
  if (result.code !== 0) {
    throw new Error(`pulumi ${args.join(" ")} failed (exit ${result.code}):\n${said(result)}`);
  }
  return result;
}

/** What pulumi printed, for a message: its error lines first. */
export function said(result: PulumiResult): string {
  return `${result.stderr}${result.stdout}`.trim();
}

/** The backend URL pulumi uses in `context`, as given (with its query, e.g. ?metadata=skip). */
export async function backendUrl(context: PulumiContext): Promise<string> {
  const result = await mustPulumi(["whoami", "--json"], context);
  let url: unknown;
  try {
    url = (JSON.parse(result.stdout) as { url?: unknown }).url;
  } catch {
    url = undefined;
  }
  if (typeof url !== "string" || url === "") {
    throw new Error(`pulumi whoami --json named no backend URL:\n${said(result)}`);
  }
  return url;
}
