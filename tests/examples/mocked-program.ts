// Level 4: runs a Pulumi program (the quickstart, an example) under the SDK's
// mocks and records what it registers and exports. The mock plays the engine
// and the provider together: each OnlineAccount's inputs go through the
// provider's own check (its defaults are the provider's), and its ids and url
// name the resource, so an export wired to the wrong resource shows.
//
// `runProgram` calls `pulumi.runtime.setMocks` itself: call it from `before`,
// never at file load (the mocks are process-global and other test files install
// their own). The program module is loaded fresh on every call.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { OnlineAccountProvider } from "../../provider/resources/online-account/provider";
import { ProviderRuntime } from "../../provider/runtime";
import { findSecretPaths, unwrapSecrets } from "../harness/serialized-provider";

export const ONLINE_ACCOUNT = "pulumi-nodejs:dynamic/99digital:OnlineAccount";

export interface MockedResource {
  type: string;
  name: string;
  /** Inputs as sent, secrets unwrapped, `__provider` left out. */
  inputs: Record<string, unknown>;
  /** Paths of the inputs that went to the engine as secrets. */
  secretPaths: string[];
  /** What the mock answered: the outputs the program's exports read. */
  outputs: Record<string, unknown>;
}

export interface ProgramRun {
  resources: MockedResource[];
  /** The program module's exports, every Output resolved. */
  exports: Record<string, unknown>;
  /** Top-level export names whose value is, or contains, a secret. */
  secretExports: string[];
}

export interface ProgramOptions {
  /** Must be the `name:` of the program's Pulumi.yaml: config keys hang off it. */
  project: string;
  stack?: string;
  config?: Record<string, string>;
  secretConfigKeys?: string[];
}

/** A shallow copy of `props` without `key`. */
export function without(props: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...props };
  delete copy[key];
  return copy;
}

/**
 * The mock's outputs of an OnlineAccount, as the engine and the provider would make them: the
 * inputs after the provider's own `check` (which fills in the defaults: server, status,
 * protection, the derived reference), then the ids and url, which name the resource.
 */
export async function mockAccountOutputs(
  name: string,
  wire: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const inputs = unwrapSecrets(wire) as Record<string, unknown>;
  // Failures are for providerCheckFailures to report: a mock that throws hangs the program.
  const { inputs: checked } = await accountProvider().check({}, inputs);
  const server = String(checked?.server);
  // The program's own values keep their secret wrapping.
  const given = Object.fromEntries(Object.entries(wire).filter(([, v]) => v !== undefined));
  return {
    ...checked,
    ...given,
    accountId: `${name}-account-id`,
    adminAgentId: `${name}-admin-id`,
    url: `https://${server}.99digital.co.il`,
  };
}

/** The provider as the engine runs it; check needs no credentials and no network. */
function accountProvider(): OnlineAccountProvider {
  return new OnlineAccountProvider(new ProviderRuntime({ env: {} }));
}

const sdkRequire = createRequire(require.resolve("@pulumi/pulumi"));
const sdkState = sdkRequire("./runtime/state") as {
  getStore(): { config: Record<string, string> };
};

function resolved(value: unknown): Promise<unknown> {
  const output = pulumi.output(value) as pulumi.Output<unknown>;
  return new Promise((resolve) => {
    output.apply((v: unknown) => {
      resolve(v);
      return v;
    });
  });
}

export async function runProgram(
  programPath: string,
  options: ProgramOptions,
): Promise<ProgramRun> {
  const resources: MockedResource[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: async (args) => {
        const wire = without(args.inputs as Record<string, unknown>, "__provider");
        const inputs = unwrapSecrets(wire) as Record<string, unknown>;
        const outputs =
          args.type === ONLINE_ACCOUNT ? await mockAccountOutputs(args.name, wire) : { ...wire };
        resources.push({
          type: args.type,
          name: args.name,
          inputs,
          secretPaths: findSecretPaths(wire),
          outputs: unwrapSecrets(outputs) as Record<string, unknown>,
        });
        return { id: `${args.name}-id`, state: outputs };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    options.project,
    options.stack ?? "dev",
    false,
  );

  const store = sdkState.getStore();
  const savedConfig = { ...store.config };
  pulumi.runtime.setAllConfig(options.config ?? {}, options.secretConfigKeys);
  try {
    const file = require.resolve(programPath);
    delete require.cache[file];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(file) as Record<string, unknown>;
    const exports: Record<string, unknown> = {};
    const secretExports: string[] = [];
    for (const [key, value] of Object.entries(program)) {
      exports[key] = await resolved(value);
      if (await pulumi.isSecret(pulumi.output(value) as pulumi.Output<unknown>))
        secretExports.push(key);
    }
    return { resources, exports, secretExports };
  } finally {
    for (const key of Object.keys(store.config)) delete store.config[key];
    Object.assign(store.config, savedConfig);
  }
}

/** The provider's own `check` on a program's inputs: what `pulumi preview` would report. */
export async function providerCheckFailures(
  inputs: Record<string, unknown>,
): Promise<Array<{ property: string; reason: string }>> {
  const { failures } = await accountProvider().check({}, inputs);
  return failures ?? [];
}

/** The `name:` of a program's Pulumi.yaml: the namespace of its own config keys. */
export function projectName(pulumiYaml: string): string {
  const match = /^name:\s*(\S+)\s*$/m.exec(readFileSync(pulumiYaml, "utf8"));
  if (!match) throw new Error(`no name: in ${pulumiYaml}`);
  return match[1];
}
