// The pulumi command lines of the GitOps kit's workflows, read from the
// workflow files themselves so the tests run exactly what CI runs.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const gitopsDir = path.resolve(__dirname, "..", "..", "examples", "gitops");

interface Step {
  id?: string;
  run?: string;
}
interface Workflow {
  jobs: Record<string, { steps?: Step[] }>;
}

/**
 * The arguments (after `pulumi`) of the command run by step `stepId` of
 * `workflow`, for `stack`: the step's one line starting with `pulumi `, up to
 * its output redirection, with `$STACK` expanded. Every job's step of that id
 * must run the same command, or the workflow has drifted from itself.
 */
export function workflowCommand(workflow: string, stepId: string, stack: string): string[] {
  const text = fs.readFileSync(path.join(gitopsDir, ".github", "workflows", workflow), "utf8");
  const parsed = parse(text) as Workflow;
  const lines = new Set<string>();
  for (const job of Object.values(parsed.jobs)) {
    for (const step of job.steps ?? []) {
      if (step.id !== stepId) continue;
      const commands = (step.run ?? "").split("\n").filter((l) => l.trim().startsWith("pulumi "));
      if (commands.length !== 1) {
        throw new Error(`${workflow}: step ${stepId} must run exactly one pulumi command`);
      }
      lines.add(commands[0].trim());
    }
  }
  if (lines.size !== 1) {
    throw new Error(`${workflow}: expected one command for step ${stepId}, found ${lines.size}`);
  }
  return splitCommand([...lines][0], { STACK: stack }).slice(1);
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
