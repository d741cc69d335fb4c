// A stack of the accounts program (tests/engine/accounts) driven through the
// `pulumi` command line, as a CI job drives it: each command a child process
// in its own process group, so that a test can kill the whole run as a
// cancelled job is killed, and a benchmark can time each command.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runCli } from "../../provider/cli";
import { repoRoot } from "./workspace";

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  ms: number;
}

export interface StackOptions {
  /** Directory of the `pulumi` binary. */
  engineDir: string;
  /** A fresh directory for the program, the state and the engine's home. */
  work: string;
  stackName: string;
  /** The Partners API the accounts go to. */
  api: { url: string; clientId: string; clientSecret: string };
  /** Appended to the file backend's URL, e.g. `?metadata=skip`. */
  backendQuery?: string;
}

/** Copies the accounts program into `dir`, with the repository's dependencies and this package. */
export function composeAccountsProgram(dir: string): void {
  fs.cpSync(path.join(__dirname, "accounts"), dir, { recursive: true });
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry === "pulumi-99digital" || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  }
  fs.symlinkSync(repoRoot, path.join(modules, "pulumi-99digital"));
}

export class CliStack {
  readonly programDir: string;
  private readonly stateDir: string;
  private readonly env: NodeJS.ProcessEnv;

  private constructor(private readonly options: StackOptions) {
    this.programDir = path.join(options.work, "program");
    this.stateDir = path.join(options.work, "state");
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !/^(DIGITAL99_|PULUMI_)/.test(key)),
    );
    this.env = {
      ...inherited,
      // The engine, and the Node.js this process runs on for the program and the provider.
      PATH: [options.engineDir, path.dirname(process.execPath), process.env.PATH].join(
        path.delimiter,
      ),
      PULUMI_HOME: path.join(options.work, "home"),
      PULUMI_BACKEND_URL: `file://${this.stateDir}${options.backendQuery ?? ""}`,
      PULUMI_CONFIG_PASSPHRASE: "scale-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      DIGITAL99_API_URL: options.api.url,
      DIGITAL99_CLIENT_ID: options.api.clientId,
      DIGITAL99_CLIENT_SECRET: options.api.clientSecret,
    };
  }

  /** A new stack in a new program directory under `options.work`. */
  static async create(options: StackOptions, config: Record<string, string>): Promise<CliStack> {
    const stack = new CliStack(options);
    fs.mkdirSync(options.work, { recursive: true });
    fs.mkdirSync(stack.stateDir, { recursive: true });
    composeAccountsProgram(stack.programDir);
    await stack.must(["stack", "init", options.stackName]);
    await stack.setConfig(config);
    return stack;
  }

  async setConfig(config: Record<string, string>): Promise<void> {
    const pairs = Object.entries(config).flatMap(([key, value]) => [`${key}=${value}`]);
    await this.must(["config", "set-all", ...pairs.flatMap((p) => ["--plaintext", p])]);
  }

  /** Runs `pulumi <args>` to its end. */
  run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    return finished(this.start(args, env));
  }

  /** Runs `pulumi <args>` and fails with its output unless it succeeds. */
  async must(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
    const result = await this.run(args, env);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} failed (${result.code}):\n${result.output}`);
    }
    return result;
  }

  /** Starts `pulumi <args>` as the leader of a new process group, for `killTree`. */
  start(args: string[], env: NodeJS.ProcessEnv = {}): Running {
    const child = spawn(
      path.join(this.options.engineDir, "pulumi"),
      [...args, "--non-interactive"],
      {
        cwd: this.programDir,
        env: { ...this.env, ...env },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    return new Running(child);
  }

  get name(): string {
    return this.options.stackName;
  }

  /** The file backend's folder. */
  stateRoot(): string {
    return this.stateDir;
  }

  /** Whether a run holds a lock on a stack of the backend. */
  locked(): boolean {
    const locks = path.join(this.stateDir, ".pulumi", "locks");
    if (!fs.existsSync(locks)) return false;
    return fs
      .readdirSync(locks, { withFileTypes: true, recursive: true })
      .some((e) => e.isFile() && e.name.endsWith(".json"));
  }

  /** The stack's state file as the backend stores it. */
  stateFile(): string {
    const found = fs
      .readdirSync(this.stateDir, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && e.name === `${this.options.stackName}.json`)
      .map((e) => path.join(e.parentPath, e.name));
    if (found.length !== 1) throw new Error(`expected one state file, found ${found.length}`);
    return found[0];
  }

  /**
   * `pulumi-99digital recover` for this stack, run in this process as a partner runs it in the
   * program's directory, with the stack's backend, engine and credentials.
   */
  async recover(): Promise<RecoverResult> {
    let stdout = "";
    let stderr = "";
    const code = await runCli(
      ["recover", "--stack", this.options.stackName, "--cwd", this.programDir],
      {
        env: this.env,
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        readStdin: () => Promise.resolve(""),
      },
    );
    return { code, stdout, stderr };
  }

  /** The deployment as `pulumi stack export` gives it. */
  async exportState(): Promise<Deployment> {
    const file = path.join(this.options.work, "export.json");
    await this.must(["stack", "export", "--file", file]);
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { deployment: Deployment }).deployment;
  }
}

export interface RecoverResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface Deployment {
  resources?: StateResource[];
  pending_operations?: Array<{ type: string; resource: StateResource }>;
}

export class Running {
  private text = "";
  readonly done: Promise<CommandResult>;
  private readonly started = performance.now();

  constructor(readonly child: ChildProcess) {
    child.stdout?.on("data", (chunk: Buffer) => (this.text += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (this.text += chunk.toString()));
    this.done = new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) =>
        resolve({ code, signal, output: this.text, ms: performance.now() - this.started }),
      );
    });
  }

  get output(): string {
    return this.text;
  }

  /**
   * SIGKILL to every process of the run at once, as a cancelled CI job is
   * killed: the engine starts its plugins (the program's language host, the
   * provider) in process groups of their own, so each group of the tree goes.
   * Returns the processes it killed.
   */
  killTree(): number[] {
    return this.kill(this.processes());
  }

  /** The run's processes now: its root and everything below it. */
  processes(): ProcessEntry[] {
    const root = this.child.pid;
    return root === undefined ? [] : descendants(root);
  }

  /**
   * SIGKILL to the process groups of `processes`, found beforehand, so that a test can kill
   * the run the moment something happens; returns their pids.
   */
  kill(processes: readonly ProcessEntry[]): number[] {
    for (const group of new Set(processes.map((p) => p.pgid))) {
      try {
        process.kill(-group, "SIGKILL");
      } catch {
        // already gone
      }
    }
    return processes.map((p) => p.pid);
  }
}

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
}

/** `root` and every process below it, from `ps`. */
function descendants(root: number): ProcessEntry[] {
  const table = execFileSync("ps", ["-eo", "pid=,ppid=,pgid="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number))
    .map(([pid, ppid, pgid]) => ({ pid, ppid, pgid }));
  const found = table.filter((p) => p.pid === root);
  for (let i = 0; i < found.length; i++) {
    found.push(...table.filter((p) => p.ppid === found[i].pid));
  }
  return found;
}

/** Whether a process still runs: a zombie (dead, not yet reaped by its new parent) does not. */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

function finished(running: Running): Promise<CommandResult> {
  return running.done;
}
