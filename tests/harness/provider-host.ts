// Level 3 of the testing plan: Pulumi's own dynamic provider host
// (`@pulumi/pulumi/cmd/dynamic-provider`), started the way the engine starts the
// `pulumi-resource-pulumi-nodejs` plugin and driven over gRPC with the
// `__provider` text the SDK serialized (see serialized-provider.ts).
//
// How the engine starts the plugin (pulumi/pulumi sdk/go/common/resource/plugin/
// provider_plugin.go, NewProvider), and what this harness does the same way:
// - argv: the engine's gRPC address only -> `node <cwd>/node_modules/@pulumi/
//   pulumi/cmd/dynamic-provider/index.js <engineAddress>`. The host prints its
//   port on the first stdout line. It only checks that the address is present;
//   it never connects to it.
// - cwd: the project directory. `__provider` is loaded with require-from-string
//   and an empty filename, so `require(...)` inside it resolves from the cwd.
// - env: the engine's own environment plus PULUMI_NODEJS_PROJECT/PULUMI_PROJECT
//   and PULUMI_CONFIG (the whole stack config, namespaced keys). No
//   PULUMI_NODEJS_ENGINE: so `pulumi.log.*` inside a provider has no engine and
//   falls back to console (`warning: [runtime] <msg>` on stderr), which the
//   engine passes through to the user as unstructured output (pulumi/pulumi#18253).
//   That is the default here: assert provider warnings with `waitForStderr`. With
//   `routeLogsToEngine: true` the harness also sets PULUMI_NODEJS_ENGINE, and the
//   same calls arrive as structured `Log` RPCs in `logs` (no URN, stream 0): a
//   deliberate deviation from `pulumi up`, for tests that want severities.
// - Configure: args = stack config with namespaced keys (`proj:key`), secret
//   values as secret wrappers; variables = `pulumi-nodejs:config:<key>` (ignored
//   by the host). The host unwraps the args, keeps them for each provider's
//   `configure` (called once per distinct `__provider` text, on first use) and
//   answers acceptSecrets=false.
// - Secrets: because of acceptSecrets=false the engine strips every secret
//   wrapper before Check/Diff/Create/Read/Update/Delete (MarshalProperties with
//   KeepSecrets=false); the provider sees plain values and returns plain outputs.
//   The engine then re-marks outputs by name (annotateSecrets): an output whose
//   same-named input was/contained a secret becomes secret (recursing when both
//   are objects). The harness does the same: pass props with wrappers (e.g.
//   `Registered.wireInputs`), they are stripped on the wire while
//   `acceptSecrets` is false, and results carry `secretPaths` = what the engine
//   would mark secret.
import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import {
  DEFAULT_PROJECT,
  DEFAULT_STACK,
  findSecretPaths,
  isSecretWrapper,
  secretWrapper,
  unwrapSecrets,
} from "./serialized-provider";

// The generated stubs load grpc-js and google-protobuf from the SDK's own
// location; use the very same copies.
const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = sdkRequire("@grpc/grpc-js") as typeof grpcTypes;
const structproto = sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof structTypes;
const emptyproto = sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyTypes;

type Props = Record<string, unknown>;

/** `urn:pulumi:test::proj::<type>::<name>` (the stack/project `captureRegistration` uses). */
export function urnFor(
  type: string,
  name: string,
  stack = DEFAULT_STACK,
  project = DEFAULT_PROJECT,
): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** Splits a URN into the `type` and `name` fields the engine also sends. */
export function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
    throw new Error(`not a Pulumi URN: ${urn}`);
  }
  const qualifiedType = parts[2];
  return { type: qualifiedType.split("$").pop()!, name: parts.slice(3).join("::") };
}

export type LogSeverity = "debug" | "info" | "warning" | "error";

export interface LogEntry {
  severity: LogSeverity;
  message: string;
  /** Empty when the log names no resource (always, from inside a dynamic provider). */
  urn: string;
  streamId: number;
  ephemeral: boolean;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface CheckResult {
  inputs: Props;
  failures: CheckFailure[];
  /** Input paths the engine would keep secret (same-named news were secret). */
  secretPaths: string[];
}

export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  stables: string[];
  diffs: string[];
  deleteBeforeReplace: boolean;
  hasDetailedDiff: boolean;
}

export interface CreateResult {
  id: string;
  outs: Props;
  /** Output paths the engine would mark secret (annotateSecrets against props). */
  secretPaths: string[];
}

export interface ReadResult {
  /** Empty string: the resource is gone. */
  id: string;
  props: Props;
  /** Only when the provider's `read` returned `inputs`. */
  inputs: Props | undefined;
  secretPaths: string[];
  inputSecretPaths: string[];
}

export interface UpdateResult {
  outs: Props;
  secretPaths: string[];
}

export interface ConfigureResult {
  acceptSecrets: boolean;
  acceptResources: boolean;
  acceptOutputs: boolean;
  supportsPreview: boolean;
}

/** What a dynamic provider packs into a failed Create/Update when the error has `id`. */
export interface InitFailure {
  id: string;
  properties: Props;
  reasons: string[];
}

/** A failed RPC: `message` is the provider's own message (gRPC `details`). */
export class ProviderRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly initFailure: InitFailure | undefined,
  ) {
    super(message);
    this.name = "ProviderRpcError";
  }
}

export interface ProviderHostOptions {
  /** Project directory: cwd of the host; must contain node_modules/@pulumi/pulumi. */
  cwd: string;
  /** PULUMI_NODEJS_PROJECT / PULUMI_PROJECT. Defaults to "proj". */
  project?: string;
  /** Whole stack config, namespaced keys (`proj:apiUrl`): PULUMI_CONFIG and Configure. */
  config?: Record<string, string>;
  /** Which `config` keys are secret (sent as secret wrappers in Configure). */
  secretConfigKeys?: string[];
  /** Call Configure before returning, as the engine does before any CRUD. Default true. */
  configure?: boolean;
  /** Also set PULUMI_NODEJS_ENGINE so `pulumi.log.*` becomes `Log` RPCs (see top). */
  routeLogsToEngine?: boolean;
  /** Extra environment for the host (undefined deletes a variable). */
  env?: Record<string, string | undefined>;
  /** How long to wait for the port line. Default 20 s. */
  startTimeoutMs?: number;
}

export interface ProviderHost {
  readonly engineAddress: string;
  readonly providerAddress: string;
  readonly pid: number;
  /** Every `Log` RPC the fake engine received, in order. */
  readonly logs: LogEntry[];
  /** The host's stderr so far. */
  readonly stderr: string;
  /** The host's stdout after the port line. */
  readonly stdout: string;
  /** Set once the host exited. */
  readonly exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** From the last Configure; false until then (the engine strips secrets then too). */
  readonly acceptSecrets: boolean;

  getPluginInfo(): Promise<{ version: string }>;
  configure(
    config?: Record<string, string>,
    options?: { secretKeys?: string[] },
  ): Promise<ConfigureResult>;
  check(
    urn: string,
    olds: Props,
    news: Props,
    options?: { randomSeed?: Uint8Array },
  ): Promise<CheckResult>;
  diff(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
    options?: { oldInputs?: Props; ignoreChanges?: string[] },
  ): Promise<DiffResult>;
  create(
    urn: string,
    props: Props,
    options?: { preview?: boolean; timeout?: number },
  ): Promise<CreateResult>;
  read(id: string, urn: string, props: Props, inputs?: Props): Promise<ReadResult>;
  update(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
    options?: { oldInputs?: Props; preview?: boolean; ignoreChanges?: string[]; timeout?: number },
  ): Promise<UpdateResult>;
  delete(id: string, urn: string, props: Props, options?: { oldInputs?: Props }): Promise<void>;

  /** Resolves with the first log (already received or future) matching `match`. */
  waitForLog(match: (log: LogEntry) => boolean, timeoutMs?: number): Promise<LogEntry>;
  /** Resolves once stderr contains `text` (or matches the RegExp). */
  waitForStderr(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Kills the host, closes the client and the fake engine. Idempotent. */
  close(): Promise<void>;
}

const severityNames: Record<number, LogSeverity> = {
  [engproto.LogSeverity.DEBUG]: "debug",
  [engproto.LogSeverity.INFO]: "info",
  [engproto.LogSeverity.WARNING]: "warning",
  [engproto.LogSeverity.ERROR]: "error",
};

/** A minimal Engine service: records logs, remembers the root resource. */
class FakeEngine {
  readonly logs: LogEntry[] = [];
  readonly events = new EventEmitter();
  private rootUrn = "";
  private readonly server = new grpc.Server();
  address = "";

  async start(): Promise<void> {
    this.server.addService(engrpc.EngineService, {
      log: (
        call: grpcTypes.ServerUnaryCall<engproto.LogRequest, unknown>,
        cb: grpcTypes.sendUnaryData<unknown>,
      ) => {
        const req = call.request;
        this.logs.push({
          severity: severityNames[req.getSeverity()] ?? "info",
          message: req.getMessage(),
          urn: req.getUrn(),
          streamId: req.getStreamid(),
          ephemeral: req.getEphemeral(),
        });
        this.events.emit("change");
        cb(null, new emptyproto.Empty());
      },
      getRootResource: (
        _call: unknown,
        cb: grpcTypes.sendUnaryData<engproto.GetRootResourceResponse>,
      ) => {
        cb(null, new engproto.GetRootResourceResponse().setUrn(this.rootUrn));
      },
      setRootResource: (
        call: grpcTypes.ServerUnaryCall<engproto.SetRootResourceRequest, unknown>,
        cb: grpcTypes.sendUnaryData<engproto.SetRootResourceResponse>,
      ) => {
        this.rootUrn = call.request.getUrn();
        cb(null, new engproto.SetRootResourceResponse());
      },
      startDebugging: (_call: unknown, cb: grpcTypes.sendUnaryData<unknown>) => {
        cb({ code: grpc.status.UNIMPLEMENTED, details: "fake engine: no debugging" }, null);
      },
      requirePulumiVersion: (_call: unknown, cb: grpcTypes.sendUnaryData<unknown>) => {
        cb(null, new engproto.RequirePulumiVersionResponse());
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    this.address = `127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 2000);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function toStruct(props: Props): structTypes.Struct {
  // JSON round trip: drops `undefined` (the engine never sends it) and rejects
  // what the wire cannot carry instead of failing deep inside protobuf.
  const plain: Parameters<typeof structproto.Struct.fromJavaScript>[0] = JSON.parse(
    JSON.stringify(props),
  );
  return structproto.Struct.fromJavaScript(plain);
}

function fromStruct(struct: structTypes.Struct | undefined): Props {
  return struct?.toJavaScript() ?? {};
}

function isPlainObject(value: unknown): value is Props {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && !isSecretWrapper(value)
  );
}

/**
 * The engine's `annotateSecrets(outs, ins)` as paths: an output is secret when
 * the same-named input is or contains a secret; when both are objects it
 * recurses instead. Also lists wrappers already present in `outs`.
 */
export function engineSecretPaths(outs: Props, ins: Props | undefined): string[] {
  const paths = new Set(findSecretPaths(outs));
  const walk = (out: Props, inp: Props, prefix: string) => {
    for (const [key, inValue] of Object.entries(inp)) {
      if (!(key in out)) continue;
      const outValue = out[key];
      const at = prefix === "" ? key : `${prefix}.${key}`;
      if (isPlainObject(outValue) && isPlainObject(inValue)) walk(outValue, inValue, at);
      else if (!isSecretWrapper(outValue) && findSecretPaths(inValue).length > 0) paths.add(at);
    }
  };
  if (ins) walk(outs, ins, "");
  return [...paths].sort();
}

function decodeInitFailure(err: grpcTypes.ServiceError): InitFailure | undefined {
  const raw = err.metadata?.get("grpc-status-details-bin")[0];
  if (!raw || typeof raw === "string") return undefined;
  const status = statusproto.Status.deserializeBinary(new Uint8Array(raw));
  for (const detail of status.getDetailsList()) {
    if (detail.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const failed = provproto.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return {
      id: failed.getId(),
      properties: fromStruct(failed.getProperties()),
      reasons: failed.getReasonsList(),
    };
  }
  return undefined;
}

function dynamicProviderEntry(cwd: string): string {
  const entry = path.join(
    cwd,
    "node_modules",
    "@pulumi",
    "pulumi",
    "cmd",
    "dynamic-provider",
    "index.js",
  );
  if (!fs.existsSync(entry)) {
    throw new Error(
      `no dynamic provider host at ${entry}: is cwd a project with @pulumi/pulumi installed?`,
    );
  }
  return entry;
}

/** Starts the fake engine and the dynamic provider host; see the top of this file. */
export async function startProviderHost(options: ProviderHostOptions): Promise<ProviderHost> {
  const cwd = path.resolve(options.cwd);
  const entry = dynamicProviderEntry(cwd);
  const project = options.project ?? DEFAULT_PROJECT;
  const startConfig = options.config ?? {};
  const startSecretKeys = options.secretConfigKeys ?? [];

  const engine = new FakeEngine();
  await engine.start();

  const env: Record<string, string | undefined> = { ...process.env };
  // Whatever the test process inherited from a surrounding `pulumi` run must not leak in.
  for (const key of Object.keys(env)) {
    if (
      key.startsWith("PULUMI_NODEJS_") ||
      key === "PULUMI_CONFIG" ||
      key === "PULUMI_CONFIG_SECRET_KEYS"
    ) {
      delete env[key];
    }
  }
  env.PULUMI_NODEJS_PROJECT = project;
  env.PULUMI_PROJECT = project;
  env.PULUMI_CONFIG = JSON.stringify(startConfig);
  if (options.routeLogsToEngine) env.PULUMI_NODEJS_ENGINE = engine.address;
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  const child: ChildProcess = spawn(process.execPath, [entry, engine.address], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });

  let stderr = "";
  let stdout = "";
  let portLine: string | undefined;
  let exit: ProviderHost["exit"];
  const events = engine.events;
  child.stderr!.setEncoding("utf8");
  child.stdout!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr += chunk;
    events.emit("change");
  });
  child.stdout!.on("data", (chunk: string) => {
    stdout += chunk;
    if (portLine === undefined) {
      const nl = stdout.indexOf("\n");
      if (nl >= 0) {
        portLine = stdout.slice(0, nl).trim();
        stdout = stdout.slice(nl + 1);
      }
    }
    events.emit("change");
  });
  const exited = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      exit = { code, signal };
      events.emit("change");
      resolve();
    });
  });
  child.on("error", (err) => {
    stderr += `\n[harness] spawn error: ${err.message}\n`;
    events.emit("change");
  });

  const waitFor = <T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        let found: T | undefined;
        try {
          found = probe();
        } catch (err) {
          finish();
          reject(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (found !== undefined) {
          finish();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}\n--- host stderr ---\n${stderr}`,
          ),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        events.off("change", check);
      };
      events.on("change", check);
      check();
    });

  let client: provrpc.ResourceProviderClient | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    client?.close();
    if (exit === undefined) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    child.stdout!.destroy();
    child.stderr!.destroy();
    await engine.stop();
  };

  let providerAddress: string;
  try {
    const port = await waitFor(
      () => {
        if (portLine !== undefined) return portLine;
        if (exit !== undefined) {
          throw new Error(
            `dynamic provider host exited (${exit.code ?? exit.signal}) before printing its port:\n${stderr}`,
          );
        }
        return undefined;
      },
      options.startTimeoutMs ?? 20000,
      "the host's port line",
    );
    if (!/^\d+$/.test(port)) throw new Error(`unexpected first stdout line from the host: ${port}`);
    providerAddress = `127.0.0.1:${port}`;
    client = new provrpc.ResourceProviderClient(providerAddress, grpc.credentials.createInsecure());
    await new Promise<void>((resolve, reject) =>
      client!.waitForReady(Date.now() + 10000, (err) => (err ? reject(err) : resolve())),
    );
  } catch (err) {
    await close();
    throw err;
  }
  const rpcClient = client;

  let acceptSecrets = false;

  type Callback<Res> = (err: grpcTypes.ServiceError | null, res: Res) => void;
  const call = <Res>(method: string, invoke: (cb: Callback<Res>) => unknown): Promise<Res> =>
    new Promise<Res>((resolve, reject) => {
      invoke((err, res) => {
        if (err) {
          const exitNote = exit ? ` [host exited: ${exit.code ?? exit.signal}]` : "";
          reject(
            new ProviderRpcError(
              method,
              err.code,
              (err.details || err.message) + exitNote,
              decodeInitFailure(err),
            ),
          );
        } else {
          resolve(res);
        }
      });
    });

  // What the engine puts on the wire for a provider with `acceptSecrets`.
  const wire = (props: Props): structTypes.Struct =>
    toStruct(acceptSecrets ? props : (unwrapSecrets(props) as Props));

  const host: ProviderHost = {
    engineAddress: engine.address,
    providerAddress,
    pid: child.pid!,
    logs: engine.logs,
    get stderr() {
      return stderr;
    },
    get stdout() {
      return stdout;
    },
    get exit() {
      return exit;
    },
    get acceptSecrets() {
      return acceptSecrets;
    },

    async getPluginInfo() {
      const info = await call<plugproto.PluginInfo>("GetPluginInfo", (cb) =>
        rpcClient.getPluginInfo(new emptyproto.Empty(), cb),
      );
      return { version: info.getVersion() };
    },

    async configure(config = startConfig, configureOptions = {}) {
      const secretKeys = new Set(
        configureOptions.secretKeys ?? (config === startConfig ? startSecretKeys : []),
      );
      const args: Props = {};
      const req = new provproto.ConfigureRequest();
      for (const [key, value] of Object.entries(config)) {
        args[key] = secretKeys.has(key) ? secretWrapper(value) : value;
        req.getVariablesMap().set(`pulumi-nodejs:config:${key}`, value);
      }
      req.setArgs(toStruct(args));
      req.setAcceptsecrets(true);
      req.setAcceptresources(true);
      req.setSendsOldInputs(true);
      req.setSendsOldInputsToDelete(true);
      const res = await call<provproto.ConfigureResponse>("Configure", (cb) =>
        rpcClient.configure(req, cb),
      );
      acceptSecrets = res.getAcceptsecrets();
      return {
        acceptSecrets,
        acceptResources: res.getAcceptresources(),
        acceptOutputs: res.getAcceptoutputs(),
        supportsPreview: res.getSupportspreview(),
      };
    },

    async check(urn, olds, news, checkOptions = {}) {
      const { type, name } = parseUrn(urn);
      const req = new provproto.CheckRequest().setUrn(urn).setType(type).setName(name);
      req.setOlds(wire(olds)).setNews(wire(news));
      if (checkOptions.randomSeed) req.setRandomseed(checkOptions.randomSeed);
      const res = await call<provproto.CheckResponse>("Check", (cb) => rpcClient.check(req, cb));
      const inputs = fromStruct(res.getInputs());
      return {
        inputs,
        failures: res
          .getFailuresList()
          .map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
        secretPaths: engineSecretPaths(inputs, news),
      };
    },

    async diff(id, urn, olds, news, diffOptions = {}) {
      const { type, name } = parseUrn(urn);
      const req = new provproto.DiffRequest().setId(id).setUrn(urn).setType(type).setName(name);
      req
        .setOlds(wire(olds))
        .setNews(wire(news))
        .setOldInputs(wire(diffOptions.oldInputs ?? olds));
      req.setIgnorechangesList(diffOptions.ignoreChanges ?? []);
      const res = await call<provproto.DiffResponse>("Diff", (cb) => rpcClient.diff(req, cb));
      const changes = res.getChanges();
      const C = provproto.DiffResponse.DiffChanges;
      return {
        changes: changes === C.DIFF_SOME ? "some" : changes === C.DIFF_NONE ? "none" : "unknown",
        replaces: res.getReplacesList(),
        stables: res.getStablesList(),
        diffs: res.getDiffsList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
        hasDetailedDiff: res.getHasdetaileddiff(),
      };
    },

    async create(urn, props, createOptions = {}) {
      const { type, name } = parseUrn(urn);
      const req = new provproto.CreateRequest().setUrn(urn).setType(type).setName(name);
      req.setProperties(wire(props)).setPreview(createOptions.preview ?? false);
      if (createOptions.timeout !== undefined) req.setTimeout(createOptions.timeout);
      const res = await call<provproto.CreateResponse>("Create", (cb) => rpcClient.create(req, cb));
      const outs = fromStruct(res.getProperties());
      return { id: res.getId(), outs, secretPaths: engineSecretPaths(outs, props) };
    },

    async read(id, urn, props, inputs) {
      const { type, name } = parseUrn(urn);
      const req = new provproto.ReadRequest().setId(id).setUrn(urn).setType(type).setName(name);
      req.setProperties(wire(props));
      if (inputs) req.setInputs(wire(inputs));
      const res = await call<provproto.ReadResponse>("Read", (cb) => rpcClient.read(req, cb));
      const outProps = fromStruct(res.getProperties());
      const outInputs = res.hasInputs() ? fromStruct(res.getInputs()) : undefined;
      return {
        id: res.getId(),
        props: outProps,
        inputs: outInputs,
        secretPaths: engineSecretPaths(outProps, props),
        inputSecretPaths: outInputs ? engineSecretPaths(outInputs, inputs) : [],
      };
    },

    async update(id, urn, olds, news, updateOptions = {}) {
      const { type, name } = parseUrn(urn);
      const req = new provproto.UpdateRequest().setId(id).setUrn(urn).setType(type).setName(name);
      req
        .setOlds(wire(olds))
        .setNews(wire(news))
        .setOldInputs(wire(updateOptions.oldInputs ?? olds));
      req.setPreview(updateOptions.preview ?? false);
      req.setIgnorechangesList(updateOptions.ignoreChanges ?? []);
      if (updateOptions.timeout !== undefined) req.setTimeout(updateOptions.timeout);
      const res = await call<provproto.UpdateResponse>("Update", (cb) => rpcClient.update(req, cb));
      const outs = fromStruct(res.getProperties());
      return { outs, secretPaths: engineSecretPaths(outs, news) };
    },

    async delete(id, urn, props, deleteOptions = {}) {
      const { type, name } = parseUrn(urn);
      const req = new provproto.DeleteRequest().setId(id).setUrn(urn).setType(type).setName(name);
      req.setProperties(wire(props)).setOldInputs(wire(deleteOptions.oldInputs ?? props));
      await call<emptyTypes.Empty>("Delete", (cb) => rpcClient.delete(req, cb));
    },

    waitForLog(match, timeoutMs = 5000) {
      return waitFor(() => engine.logs.find(match), timeoutMs, "a matching engine log");
    },

    waitForStderr(text, timeoutMs = 5000) {
      const hit = () => (typeof text === "string" ? stderr.includes(text) : text.test(stderr));
      return waitFor(
        () => (hit() ? stderr : undefined),
        timeoutMs,
        `stderr to contain ${String(text)}`,
      );
    },

    close,
  };

  if (options.configure ?? true) {
    try {
      await host.configure();
    } catch (err) {
      await close();
      throw err;
    }
  }
  return host;
}
