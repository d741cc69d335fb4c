// The GitOps kit's workflows as the tests read them: the pulumi command lines
// and the environment each step sees, read from the workflow files themselves
// so the tests run exactly what CI runs, and check what CI would expose.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const gitopsDir = path.resolve(__dirname, "..", "..", "examples", "gitops");
export const workflowsDir = path.join(gitopsDir, ".github", "workflows");

export interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
export interface Job {
  environment?: string | { name: string };
  env?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  steps?: Step[];
}
export interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

/** What a run of the workflows is given: secrets per GitHub environment, and variables. */
export interface RunContext {
  secrets: Record<string, Record<string, string>>;
  vars: Record<string, string>;
}

export const workflowFiles = (): string[] =>
  fs.readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f));

export const readWorkflow = (file: string): Workflow =>
  parse(fs.readFileSync(path.join(workflowsDir, file), "utf8")) as Workflow;

/** The command lines of a step that start `pulumi` or the package's own command. */
const pulumiLines = (step: Step): string[] =>
  (step.run ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^(pulumi|npx pulumi-99digital) /.test(line));

/**
 * True for a step that runs `pulumi`, or the package's command (which runs
 * `pulumi` itself), and nothing else: the only steps the workflows may give a
 * secret. Another command beside it (an install, a script) would see the
 * secret too.
 */
export const runsPulumi = (step: Step): boolean => {
  const commands = (step.run ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  return step.uses === undefined && commands.length === 1 && pulumiLines(step).length === 1;
};

/**
 * The GitHub environments `job` may run in: its `environment`, with a
 * `${{ matrix.<key> }}` or `${{ inputs.<key> }}` expanded over the values the
 * matrix or the dispatch form allows. Empty when the job names none.
 */
export function jobEnvironments(workflow: Workflow, job: Job): string[] {
  const named = typeof job.environment === "object" ? job.environment.name : job.environment;
  if (named === undefined) return [];
  const expression = /^\$\{\{\s*(matrix|inputs)\.(\w+)\s*\}\}$/.exec(named);
  if (!expression) {
    if (named.includes("${{")) throw new Error(`cannot tell the environments of: ${named}`);
    return [named];
  }
  const [, source, key] = expression;
  const values =
    source === "matrix"
      ? job.strategy?.matrix?.[key]
      : (workflow.on.workflow_dispatch as { inputs?: Record<string, { options?: unknown }> })
          ?.inputs?.[key]?.options;
  if (!Array.isArray(values)) throw new Error(`no list of values for ${named}`);
  return values.map(String);
}

/**
 * Step `stepId` of `workflow` as CI runs it for `stack`: the words of its one
 * command line that runs pulumi (or the package's command), up to its output
 * redirection, and the variables the step sees (the workflow's, the job's,
 * then its own `env`), with `secrets.*` taken from the job's environment in
 * `context`. The job is the one whose environment is `stack`; every job's
 * step of that id must run the same command, or the workflow has drifted
 * from itself.
 */
export function workflowStep(
  workflow: string,
  stepId: string,
  stack: string,
  context: RunContext,
): { command: string[]; env: Record<string, string> } {
  const parsed = readWorkflow(workflow);
  const lines = new Set<string>();
  const found: { job: Job; step: Step }[] = [];
  for (const job of Object.values(parsed.jobs)) {
    for (const step of job.steps ?? []) {
      if (step.id !== stepId) continue;
      const commands = pulumiLines(step);
      if (commands.length !== 1) {
        throw new Error(`${workflow}: step ${stepId} must run exactly one pulumi command`);
      }
      lines.add(commands[0]);
      if (jobEnvironments(parsed, job).includes(stack)) found.push({ job, step });
    }
  }
  if (lines.size !== 1) {
    throw new Error(`${workflow}: expected one command for step ${stepId}, found ${lines.size}`);
  }
  if (found.length !== 1) {
    throw new Error(`${workflow}: ${found.length} jobs run step ${stepId} in environment ${stack}`);
  }
  const { job, step } = found[0];
  const expand = (value: string) =>
    value.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
      const [source, key] = name.split(".");
      const known =
        source === "secrets"
          ? context.secrets[stack]?.[key]
          : source === "vars"
            ? context.vars[key]
            : source === "matrix" || source === "inputs"
              ? stack
              : undefined;
      if (known === undefined) throw new Error(`${workflow}: no value for ${name} in ${stack}`);
      return known;
    });
  const env: Record<string, string> = {};
  for (const scope of [parsed.env, job.env, step.env]) {
    for (const [name, value] of Object.entries(scope ?? {})) env[name] = expand(String(value));
  }
  return { command: splitCommand([...lines][0], env), env };
}

/** Splits a shell command line of plain words and double-quoted words, expanding $NAME. */
export function splitCommand(line: string, vars: Record<string, string>): string[] {
  const command = line.split(/\s(?:2>&1|\||>)/)[0];
  const expand = (word: string) =>
    word.replace(/\$([A-Z_]+)/g, (_, name: string) => {
      if (!(name in vars)) throw new Error(`unexpected variable $${name} in: ${line}`);
      return vars[name];
    });
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => expand(m[1] ?? m[2]));
}
