// A file backend's stack, as files: what a killed run can leave broken there, and the least
// repair for each. Pulumi's file ("diy") backend stores every object through gocloud's fileblob
// driver, which writes the object to a temporary file and renames it into place (so a
// checkpoint is replaced whole), but first rewrites its sidecar `<file>.attrs` (content type,
// md5) in place. A kill in between leaves `<stack>.json.attrs` empty beside a whole
// `<stack>.json`, and every command then fails with `failed to load checkpoint: EOF`. fileblob
// reads an object without a sidecar as it reads one with, and the next write makes a new one, so
// removing a broken sidecar is the whole repair. `?metadata=skip` in the backend URL writes no
// sidecars at all.
//
// Every decision here is made before anything changes, and anything this module cannot decide
// (a lock another run may hold, a checkpoint whose backup is unreadable too) is an error that
// says what to do by hand.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";

const SIDECAR = ".attrs";

export interface FileBackend {
  /** The folder the backend URL names. */
  root: string;
  /** `?metadata=skip`: no sidecars are written. */
  metadataSkipped: boolean;
}

/** The folder of a `file://` backend URL, or undefined for any other backend. */
export function fileBackendOf(url: string, home = os.homedir()): FileBackend | undefined {
  if (!url.startsWith("file://")) return undefined;
  const [location, query = ""] = url.slice("file://".length).split("?", 2);
  // Pulumi reads file://~ as the home directory.
  const root =
    location === "~" || location.startsWith("~/")
      ? path.join(home, location.slice(1))
      : decodeURIComponent(location);
  return {
    root: path.resolve(root),
    metadataSkipped: new URLSearchParams(query).get("metadata") === "skip",
  };
}

/**
 * A backend URL as it may be shown: scheme and host only, since an object store's URL may carry
 * credentials (a SAS token, an access key) in its query or user part.
 */
export function shownBackend(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/([^/?#@]*@)?([^/?#]*)/i.exec(url);
  return scheme ? `${scheme[1]}://${scheme[3]}` : "(an unrecognised backend URL)";
}

export interface StackFiles {
  backend: FileBackend;
  /** `<root>/.pulumi/stacks/[<project>/]<stack>.json` (or `.json.gz`). */
  checkpoint: string;
  /** Where the stack's lock files are. */
  lockDir: string;
}

/**
 * The files of `stack` of `project`: project-scoped (`stacks/<project>/<stack>.json`, what
 * current engines write) or, for a backend from before projects, `stacks/<stack>.json`.
 */
export function stackFiles(backend: FileBackend, project: string, stack: string): StackFiles {
  const dir = path.join(backend.root, ".pulumi");
  const layouts = [
    {
      stacks: path.join(dir, "stacks", project),
      lockDir: path.join(dir, "locks", "organization", project, stack),
    },
    { stacks: path.join(dir, "stacks"), lockDir: path.join(dir, "locks", stack) },
  ];
  for (const layout of layouts) {
    for (const name of [`${stack}.json`, `${stack}.json.gz`]) {
      const checkpoint = path.join(layout.stacks, name);
      if (fs.existsSync(checkpoint) || fs.existsSync(`${checkpoint}.bak`)) {
        return { backend, checkpoint, lockDir: layout.lockDir };
      }
    }
  }
  throw new Error(
    `stack ${JSON.stringify(stack)} of project ${JSON.stringify(project)} has no checkpoint in ` +
      `the backend's folder (looked for .pulumi/stacks/${project}/${stack}.json): check --stack, ` +
      `--cwd and the backend (PULUMI_BACKEND_URL)`,
  );
}

/** A problem found in the stack's files and the repair decided for it. */
export interface FileRepair {
  /** What is broken, naming the file (relative to the backend's folder). */
  found: string;
  /** What the repair does. */
  repair: string;
  /** True when the repair puts back an older checkpoint: one step is lost. */
  losesAStep: boolean;
  apply(): void;
}

/**
 * The repairs the stack's files need, least first: a broken sidecar is removed; a checkpoint
 * that is not whole is restored from its backup, when the backup is whole. Empty for a stack
 * whose files are in order. Throws when a checkpoint and its backup are both unreadable.
 */
export function plannedRepairs(files: StackFiles): FileRepair[] {
  const shown = (file: string) => path.relative(files.backend.root, file);
  const repairs: FileRepair[] = [];
  const removeSidecar = (file: string, problem: string): FileRepair => ({
    found: `${shown(file)}${SIDECAR} ${problem}: the fileblob sidecar of ${shown(file)}, which is whole`,
    repair: `removed ${shown(file)}${SIDECAR} (the backend reads ${shown(file)} without it and writes a new one at the next update)`,
    losesAStep: false,
    apply: () => fs.rmSync(`${file}${SIDECAR}`, { force: true }),
  });

  const meta = path.join(files.backend.root, ".pulumi", "meta.yaml");
  const metaSidecar = sidecarProblem(meta);
  if (metaSidecar) repairs.push(removeSidecar(meta, metaSidecar));

  const { checkpoint } = files;
  const problem = checkpointProblem(checkpoint);
  if (problem === undefined) {
    const sidecar = sidecarProblem(checkpoint);
    if (sidecar) repairs.push(removeSidecar(checkpoint, sidecar));
    return repairs;
  }
  const backup = `${checkpoint}.bak`;
  const backupProblem = checkpointProblem(backup);
  if (backupProblem !== undefined) {
    throw new Error(
      `${shown(checkpoint)} ${problem}, and its backup ${shown(backup)} ${backupProblem}: there is ` +
        `no whole checkpoint to restore, and this command does not guess one. Nothing was changed. ` +
        `Look for an older copy under .pulumi/backups/ or .pulumi/history/ of the backend's folder, ` +
        `or import one with pulumi stack import`,
    );
  }
  repairs.push({
    found: `${shown(checkpoint)} ${problem}`,
    repair:
      `restored ${shown(checkpoint)} from ${shown(backup)}, which is one step older: what the ` +
      `killed run did in its last step is no longer in the state (accounts it made are adopted ` +
      `by the next pulumi up)`,
    losesAStep: true,
    apply: () => {
      fs.copyFileSync(backup, checkpoint);
      // The sidecar described the broken file; the backup's own may be broken too.
      fs.rmSync(`${checkpoint}${SIDECAR}`, { force: true });
    },
  });
  return repairs;
}

/** Why a checkpoint file is not whole, or undefined when it is. */
function checkpointProblem(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ENOENT"
      ? "is missing"
      : `cannot be read (${(err as Error).message})`;
  }
  if (bytes.length === 0) return "is empty (0 bytes)";
  try {
    const text = file.includes(".json.gz") ? gunzipSync(bytes).toString("utf8") : bytes.toString();
    const document = JSON.parse(text) as { version?: unknown; checkpoint?: unknown };
    if (typeof document.version !== "number" || typeof document.checkpoint !== "object") {
      return `is not a checkpoint (${bytes.length} bytes of JSON without "version" and "checkpoint")`;
    }
    return undefined;
  } catch (err) {
    return `is cut short or garbled (${bytes.length} bytes: ${(err as Error).message})`;
  }
}

/** Why a file's sidecar cannot be read as fileblob reads it, or undefined (absent or fine). */
function sidecarProblem(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`${file}${SIDECAR}`, "utf8");
  } catch {
    return undefined;
  }
  if (text.trim() === "") return "is empty";
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return undefined;
    return "is not a JSON object";
  } catch (err) {
    return `is cut short or garbled (${(err as Error).message})`;
  }
}

/** A lock file of the stack, as the file backend writes it. */
export interface StaleLock {
  file: string;
  found: string;
}

/**
 * The stack's locks, all left by runs that are gone; throws, before anything changes, when a
 * lock may belong to a run that is still going: one whose process runs on this machine, one
 * taken on another machine (which this command cannot look at), or one it cannot read.
 */
export function staleLocks(files: StackFiles, hostname = os.hostname()): StaleLock[] {
  let names: string[];
  try {
    names = fs.readdirSync(files.lockDir).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  const shown = (file: string) => path.relative(files.backend.root, file);
  const byHand =
    "If that run is really gone (its job cancelled, no pulumi process left), remove the lock " +
    "with `pulumi cancel --yes` and run recover again. Nothing was changed";
  return names.map((name) => {
    const file = path.join(files.lockDir, name);
    let lock: { pid?: unknown; hostname?: unknown; timestamp?: unknown };
    try {
      lock = JSON.parse(fs.readFileSync(file, "utf8")) as typeof lock;
    } catch (err) {
      throw new Error(
        `the stack is locked by ${shown(file)}, which cannot be read (${(err as Error).message}), ` +
          `so whether its run is still going cannot be told. ${byHand}`,
        { cause: err },
      );
    }
    const taken = `pulumi process ${String(lock.pid)} on ${String(lock.hostname)}, taken ${String(lock.timestamp)}`;
    if (lock.hostname !== hostname) {
      throw new Error(
        `the stack is locked by a run on another machine (${taken}); this command cannot see ` +
          `whether it is still going. ${byHand}`,
      );
    }
    if (typeof lock.pid !== "number" || isPulumiRunning(lock.pid)) {
      throw new Error(
        `the stack is locked by a run that is still going (${taken}): wait for it to end, or ` +
          `stop it first. Nothing was changed`,
      );
    }
    return { file, found: `a lock left by a run that is gone (${taken}): ${shown(file)}` };
  });
}

/** Removes a stale lock and its sidecar. */
export function removeLock(lock: StaleLock): void {
  fs.rmSync(lock.file, { force: true });
  fs.rmSync(`${lock.file}${SIDECAR}`, { force: true });
}

/**
 * Whether `pid` is a live process that may be pulumi. Where /proc cannot tell what a live
 * process is, it counts as pulumi: a lock is never taken from a run that may be going.
 */
function isPulumiRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists, under another user.
    if ((err as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // A zombie has exited and only waits to be reaped.
    if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") return false;
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return /pulumi/.test(commandLine);
  } catch {
    return true;
  }
}
