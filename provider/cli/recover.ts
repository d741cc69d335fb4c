// `pulumi-99digital recover`: the recovery after a killed or cancelled pulumi run, as one
// command. It decides everything it will change before changing anything (a lock that may be
// live, or a checkpoint without a whole backup, stops it first), repairs only what is broken,
// in the order the engine needs (files, then lock, then pending creates), and then reads
// 99digital for what the killed run made that the state does not hold. It never deletes
// anything at 99digital, and a stack in order is left as it is.

import * as fs from "node:fs";
import * as path from "node:path";
import { PartnersClient } from "../client";
import { credentialEnv, resolveCredentials } from "./credentials";
import {
  fileBackendOf,
  plannedRepairs,
  removeLock,
  shownBackend,
  stackFiles,
  staleLocks,
} from "./file-backend";
import type { CliIo } from "./io";
import { orphansOf, pendingCreates, type Orphan } from "./orphans";
import { backendUrl, mustPulumi, runPulumi, said, type PulumiContext } from "./pulumi-command";
import { parseRecoverArgs, RECOVER_USAGE, type RecoverArgs } from "./recover-args";
import { managedAccounts } from "./stack-state";

export async function recover(argv: readonly string[], io: CliIo): Promise<void> {
  const args = parseRecoverArgs(argv, process.cwd());
  if (args === "help") {
    io.stdout(RECOVER_USAGE);
    return;
  }
  const say = (line: string) => io.stdout(`${line}\n`);
  const context: PulumiContext = { cwd: args.cwd, env: io.env };

  const url = await backendUrl(context);
  const backend = fileBackendOf(url);
  if (!backend) throw new Error(manualSteps(args.stack, url));
  const { project, stack } = stackOf(args);
  const files = stackFiles(backend, project, stack);
  say(
    `stack ${stack} of project ${project}, file backend ${backend.root}` +
      (backend.metadataSkipped ? " (metadata=skip: no sidecars)" : ""),
  );

  // Both throw, before anything is changed, when they cannot decide.
  const locks = staleLocks(files);
  const repairs = plannedRepairs(files);
  let changed = false;
  for (const repair of repairs) {
    say(`found: ${repair.found}`);
    repair.apply();
    say(`repaired: ${repair.repair}`);
    changed = true;
  }
  let state = await loadedState(args.stack, context, repairs.length > 0);
  for (const lock of locks) {
    say(`found: ${lock.found}`);
    removeLock(lock);
    say("repaired: removed that lock");
    changed = true;
  }

  const creates = pendingCreates(state.deployment);
  if (creates.length > 0) {
    // Asked for only now: a healthy stack needs none, and the stack's own config can be read
    // only once the stack loads. Still before the refresh, so that a stack whose credentials are
    // missing keeps its pending creates for the next try to list.
    const options = await resolveCredentials(
      args.credentials,
      { ...io.env, ...(await stackCredentialEnv(args.stack, context)) },
      io.readStdin,
    );
    say(
      `found: ${creates.length} create(s) the killed run left pending: ` +
        creates.map((c) => c.name).join(", "),
    );
    await mustPulumi(
      ["refresh", "--stack", args.stack, "--clear-pending-creates", "--yes", "--skip-preview"],
      context,
    );
    say(
      "repaired: cleared them with pulumi refresh --clear-pending-creates (which also read " +
        "every resource of the stack from 99digital)",
    );
    changed = true;
    state = await loadedState(args.stack, context, true);
    const left = pendingCreates(state.deployment);
    if (left.length > 0) {
      throw new Error(
        `pulumi refresh --clear-pending-creates left ${left.length} pending create(s) ` +
          `(${left.map((c) => c.name).join(", ")}): clear them by hand (docs/scale.md, after a killed run)`,
      );
    }
    const client = new PartnersClient({
      ...options,
      debug: io.env.DIGITAL99_DEBUG === "1" ? (line) => io.stderr(`${line}\n`) : false,
    });
    let orphans: Orphan[];
    try {
      orphans = await orphansOf(creates, managedAccounts(state.text), client);
    } finally {
      await client.close();
    }
    say(describeOrphans(orphans));
  } else if (changed) {
    say(
      "found: no pending creates. If the killed run skipped checkpoints (PULUMI_SKIP_CHECKPOINTS), " +
        "the state does not name what it made; the next pulumi up finds accounts by their references " +
        "and adopts them all the same",
    );
  }

  say(
    changed
      ? "done: the stack loads, is not locked and has no pending creates. Next: pulumi up"
      : "in order: the stack loads, is not locked and has no pending creates. Nothing was changed",
  );
}

/**
 * The stack's `digital99:*` credentials, as the environment variables they stand for: the
 * provider itself reads its config before the environment, so recover lists the objects of the
 * same partner the stack's provider works for. Values stay in this process; none is printed.
 */
async function stackCredentialEnv(
  stack: string,
  context: PulumiContext,
): Promise<NodeJS.ProcessEnv> {
  const result = await mustPulumi(
    ["config", "--stack", stack, "--show-secrets", "--json"],
    context,
  );
  const config = JSON.parse(result.stdout) as Record<string, { value?: unknown } | undefined>;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, envName] of Object.entries(credentialEnv)) {
    const value = config[`digital99:${key}`]?.value;
    if (typeof value === "string" && value !== "") env[envName] = value;
  }
  return env;
}

/** The stack, as `pulumi stack export` gives it; an error when it does not load. */
async function loadedState(
  stack: string,
  context: PulumiContext,
  afterRepair: boolean,
): Promise<{ text: string; deployment: Deployment }> {
  const result = await runPulumi(["stack", "export", "--stack", stack], context);
  if (result.code !== 0) {
    throw new Error(
      `the stack does not load${afterRepair ? " even after the repairs above" : ""}, and its ` +
        `files show nothing this command knows how to repair, so it changes nothing more. ` +
        `pulumi stack export said:\n${said(result)}`,
    );
  }
  const { deployment } = JSON.parse(result.stdout) as { deployment: Deployment };
  return { text: result.stdout, deployment };
}

interface Deployment {
  resources?: unknown[];
  pending_operations?: Array<{ type?: string; resource?: unknown }>;
}

function describeOrphans(orphans: readonly Orphan[]): string {
  if (orphans.length === 0) {
    return "missing from the state: nothing at 99digital matches the cleared creates";
  }
  return [
    `missing from the state: ${orphans.length} object(s) at 99digital made for the cleared creates`,
    ...orphans.map(
      (o) => `  ${o.kind} ${o.id} ${JSON.stringify(o.name)} for ${o.resource}: ${o.next}`,
    ),
  ].join("\n");
}

/** Project and stack: from `organization/<project>/<stack>`, else the project's Pulumi.yaml. */
function stackOf(args: RecoverArgs): { project: string; stack: string } {
  const parts = args.stack.split("/");
  if (parts.length === 3) return { project: parts[1], stack: parts[2] };
  for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(args.cwd, file), "utf8");
    } catch {
      continue;
    }
    const name = /^name:[ \t]*["']?([^"'\s#]+)/m.exec(text)?.[1];
    if (name !== undefined) return { project: name, stack: args.stack };
    throw new Error(
      `${file} in ${args.cwd} has no top-level name: it is not a Pulumi project file`,
    );
  }
  throw new Error(
    `no Pulumi.yaml in ${args.cwd}: run recover in the project's directory, give it with --cwd, ` +
      `or name the stack as organization/<project>/<stack>`,
  );
}

/** What to do by hand for a backend whose files this command cannot reach. */
function manualSteps(stack: string, url: string): string {
  return [
    `the stack's backend (${shownBackend(url)}) is not a folder on this machine, so recover ` +
      `cannot look at its files or tell whether the run holding its lock is gone. Nothing was ` +
      `changed. Recover by hand:`,
    `  1. Make sure no pulumi run of the stack is still going: its job is cancelled, no pulumi ` +
      `process of it is left.`,
    `  2. pulumi cancel --stack ${stack} --yes   (Pulumi Cloud: ends the dead update; an object ` +
      `store: removes its lock)`,
    `  3. pulumi refresh --stack ${stack} --clear-pending-creates --yes`,
    `  4. pulumi up --stack ${stack}: the accounts the killed run made are found and adopted.`,
    `  If a command says "failed to load checkpoint" (object stores only), copy ` +
      `.pulumi/stacks/<project>/${stack}.json.bak over ${stack}.json in the bucket first: it ` +
      `is one step older, and step 4 adopts what that step made.`,
  ].join("\n");
}
