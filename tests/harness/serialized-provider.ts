// Captures what a Pulumi program sends to the engine, using the SDK's own
// mock monitor (`pulumi.runtime.setMocks`). For a `pulumi.dynamic.Resource`
// that includes the `__provider` text the SDK serialized from the provider
// closure: exactly the string the engine later hands to the dynamic provider
// host (see provider-host.ts) in every Check/Diff/Create/Read/Update/Delete.
//
// Process-global state, and what this helper does about it:
// - Mocks live in the SDK's global store. Each call installs fresh mocks
//   (`setMocks` -> `resetOptions`), so calls can follow each other in one mocha
//   process; calls are serialized by a module-level queue. Afterwards the runtime
//   is left pointing at this helper's (inert) mock monitor: a test file that uses
//   its own `setMocks` must install them in `before`/`beforeEach`, not at load.
// - Stack config (`pulumi.Config`) lives in the same store but `setMocks` does not
//   reset it; `options.config` is installed for the call and the previous value is
//   restored afterwards.
// - `pulumi.dynamic.Resource` caches the serialized text per provider object for
//   the life of the process (PULUMI_NODEJS_CACHE_DYNAMIC_PROVIDERS). Under
//   `pulumi up` the program runs once per process, so the cache never serves a
//   stale closure; across several captures in one mocha process it would (same
//   provider object, changed captured variables). The cache is switched off for
//   the duration of a capture so each capture serializes the closure as it is now.
//
// Trap when the provider is defined in a *test* file: tsx compiles
// `import * as pulumi from "@pulumi/pulumi"` to an esbuild `__toESM` copy of the
// module, which the closure serializer does not recognise as a module, so a
// provider that mentions `pulumi.` serializes a large slice of the SDK (~80 kB)
// instead of `require("@pulumi/pulumi")`. tsc's `__importStar` (dist/) keeps the
// module identity and is fine. In test-defined providers, `require(...)` what you
// need inside the method, or keep the logic in a real module (as the project's
// OnlineAccount stub does with `require("pulumi-99digital/...")`).
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";

/** `__provider`: the input property holding the serialized dynamic provider. */
export const PROVIDER_KEY = "__provider";
/** Signature key of Pulumi's special wire values (secrets, assets, resource refs). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** `SIG_KEY` value marking a secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** Placeholder for values not known during a preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const DEFAULT_PROJECT = "proj";
export const DEFAULT_STACK = "test";

export interface Registered {
  /** Resource type token, e.g. `pulumi-nodejs:dynamic:Resource`. */
  type: string;
  name: string;
  /** `urn:pulumi:<stack>::<project>::<type>::<name>` (parent types prefixed with `$`). */
  urn: string;
  custom: boolean;
  /**
   * Inputs as the engine receives them, with every secret wrapper replaced by its
   * plain value. For a dynamic resource this includes `__provider`.
   */
  inputs: Record<string, unknown>;
  /** Top-level input keys whose value is, or contains, a secret. */
  secretKeys: string[];
  /** Where the secret wrappers sit, e.g. `password`, `auth.token`, `tags[1]`. */
  secretPaths: string[];
  /** `RegisterResourceRequest.object` untouched: secret wrappers included. */
  wireInputs: Record<string, unknown>;
  /** `inputs.__provider` when it is a string (dynamic resources), else undefined. */
  provider: string | undefined;
}

export interface CaptureOptions {
  /** Defaults to "proj", matching `urnFor` in provider-host.ts. */
  project?: string;
  /** Defaults to "test", matching `urnFor` in provider-host.ts. */
  stack?: string;
  /** Run as a preview (`pulumi.runtime.isDryRun()` true). Defaults to false. */
  preview?: boolean;
  /** Stack config for the program, namespaced keys (`proj:region`). */
  config?: Record<string, string>;
  /** Which `config` keys are secret (`pulumi.Config#requireSecret` etc.). */
  secretConfigKeys?: string[];
}

/** Is `value` Pulumi's wire form of a secret? */
export function isSecretWrapper(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

/** Wraps `value` the way the engine marks a secret on the wire. */
export function secretWrapper(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** Deep copy of `value` with every secret wrapper replaced by its plain value. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretWrapper(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** Paths (`a.b`, `list[2]`) of every secret wrapper inside `value`. */
export function findSecretPaths(value: unknown, prefix = ""): string[] {
  if (isSecretWrapper(value)) {
    return [prefix, ...findSecretPaths(value.value, prefix).filter((p) => p !== prefix)];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => findSecretPaths(v, `${prefix}[${i}]`));
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) =>
      findSecretPaths(v, prefix === "" ? k : `${prefix}.${k}`),
    );
  }
  return [];
}

/** Top-level keys of `props` whose value is, or contains, a secret wrapper. */
export function topLevelSecretKeys(props: Record<string, unknown>): string[] {
  return Object.keys(props).filter((k) => findSecretPaths(props[k]).length > 0);
}

// --- SDK internals used here (not in the public typings) ----------------------

const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));

interface SdkSettings {
  waitForRPCs(): Promise<void>;
  getMonitor(): unknown;
}
interface SdkStore {
  config: Record<string, string>;
  settings: { options: { cacheDynamicProviders?: boolean } };
}
interface SdkState {
  getStore(): SdkStore;
}
interface RegisterResourceRequestLike {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type RegisterCallback = (err: Error | null, resp?: { getUrn(): string }) => void;
interface MockMonitorLike {
  registerResource(req: RegisterResourceRequestLike, callback: RegisterCallback): unknown;
}

const settings = sdkRequire("./runtime/settings") as SdkSettings;
const state = sdkRequire("./runtime/state") as SdkState;

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `program` under the SDK's mock monitor and returns every resource it
 * registered, in registration order, with its inputs as the engine would see them.
 * Rejects if a registration failed (e.g. the provider closure could not be
 * serialized) or `program` threw.
 */
export function captureRegistration(
  program: () => void | Promise<void>,
  options: CaptureOptions = {},
): Promise<Registered[]> {
  const run = queue.then(() => captureNow(program, options));
  queue = run.catch(() => undefined);
  return run;
}

async function captureNow(
  program: () => void | Promise<void>,
  options: CaptureOptions,
): Promise<Registered[]> {
  const project = options.project ?? DEFAULT_PROJECT;
  const stack = options.stack ?? DEFAULT_STACK;
  const registered: Registered[] = [];
  const failures: Error[] = [];

  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: args.id || `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs as Record<string, unknown>,
    },
    project,
    stack,
    options.preview ?? false,
  );

  // Record the request on its way into the mock monitor: `req.getObject()` is the
  // very struct the engine would receive, secret wrappers and all.
  const monitor = settings.getMonitor() as MockMonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    const wireInputs = req.getObject()?.toJavaScript() ?? {};
    const entry: Registered = {
      type: req.getType(),
      name: req.getName(),
      urn: "",
      custom: req.getCustom(),
      inputs: unwrapSecrets(wireInputs) as Record<string, unknown>,
      secretKeys: topLevelSecretKeys(wireInputs),
      secretPaths: findSecretPaths(wireInputs),
      wireInputs,
      provider: undefined,
    };
    const provider = entry.inputs[PROVIDER_KEY];
    entry.provider = typeof provider === "string" ? provider : undefined;
    registered.push(entry);
    return register(req, (err, resp) => {
      if (err) failures.push(err);
      else if (resp) entry.urn = resp.getUrn();
      callback(err, resp);
    });
  };

  const store = state.getStore();
  const savedConfig = { ...store.config };
  const savedCache = store.settings.options.cacheDynamicProviders;
  store.settings.options.cacheDynamicProviders = false;
  if (options.config) pulumi.runtime.setAllConfig(options.config, options.secretConfigKeys);

  // A registration that fails before reaching the monitor (closure serialization,
  // bad inputs) rejects promises the program never awaits; collect those here.
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    await program();
    await settings.waitForRPCs();
    // Unhandled rejections are reported after the microtask queue drains.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off("unhandledRejection", onRejection);
    store.settings.options.cacheDynamicProviders = savedCache;
    Object.assign(store.config, savedConfig);
  }

  const problems = [...failures, ...rejections];
  if (problems.length > 0) {
    // Each output of a failed resource rejects with the same error: report it once.
    const messages = new Set(problems.map((p) => (p instanceof Error ? p.message : String(p))));
    const text = [...messages].join("\n");
    throw new Error(`captureRegistration: the program's registrations failed:\n${text}`);
  }
  return registered;
}

/** The single registration of a dynamic resource in `registered`; throws otherwise. */
export function onlyDynamic(registered: Registered[]): Registered & { provider: string } {
  const dynamic = registered.filter((r) => r.provider !== undefined);
  if (dynamic.length !== 1) {
    const types = registered.map((r) => `${r.type}::${r.name}`).join(", ");
    throw new Error(`expected exactly one dynamic resource, got ${dynamic.length}: [${types}]`);
  }
  return dynamic[0] as Registered & { provider: string };
}
