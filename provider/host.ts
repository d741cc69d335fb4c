// The entry that serialized provider stubs load inside Pulumi's provider host
// (`require("pulumi-99digital/provider-host")`). Its one function,
// `providerFor(kind)`, is a contract with every state ever written: keep it.
// This is the dynamic resources' adapter; the provider plugin (plugin/) is the other one, and
// both run the lifecycles of resources/kinds.ts.
import type * as pulumi from "@pulumi/pulumi";
import { ProviderRuntime } from "./runtime";
import { Lifecycles, type Lifecycle } from "./resources/kinds";

export type { ResourceKind } from "./resources/kinds";

let runtime: ProviderRuntime | undefined;
const lifecycles = new Lifecycles(() => (runtime ??= new ProviderRuntime({ warn: warnUser })));

export function providerFor(kind: string): Lifecycle {
  const lifecycle = lifecycles.of(kind);
  if (!lifecycle) {
    throw new Error(
      `the installed pulumi-99digital has no resource kind "${kind}"; the state was written by a ` +
        `newer version of the package: upgrade it`,
    );
  }
  return lifecycle;
}

/** Warnings reach the `pulumi up` output through the engine's log. */
export function warnUser(message: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { log } = require("@pulumi/pulumi") as typeof pulumi;
  void log.warn(message);
}
