// The provider plugin's adapter: Pulumi's `Provider` interface over the same lifecycles the
// dynamic resources run (resources/kinds.ts). What it adds is only what the plugin boundary
// needs: the kind from the type token, the resource key from the URN (the dynamic resource class
// sets it in the program), secrets unwrapped on the way in and wrapped on the way out, the
// adoption input that `pulumi import` needs, and the read functions as invokes.
import type * as provider from "@pulumi/pulumi/provider";
import { PartnersValidationError } from "../client";
import type { ConfigLookup } from "../config";
import { reads, type ReadName } from "../functions/reads";
import { defaultsOf, type Props } from "../resources/fields";
import { kindSpec, Lifecycles, type KindSpec, type Lifecycle } from "../resources/kinds";
import { resourceKeyFromUrn, urnParts } from "../resources/resource-key";
import type { ProviderRuntime } from "../runtime";
import { conceal, concealAll, holdsSecret, reveal } from "./secrets";
import { nameOf } from "./tokens";

export class PluginProvider implements provider.Provider {
  private readonly lifecycles: Lifecycles;

  constructor(
    private readonly runtime: ProviderRuntime,
    readonly version: string,
    readonly schema: string,
  ) {
    this.lifecycles = new Lifecycles(() => runtime);
  }

  /** The stack's `digital99:*` config (see configure.ts for how it gets here). */
  configure(lookup: ConfigLookup): void {
    this.runtime.configure(lookup);
  }

  async check(urn: string, olds: Props, news: Props): Promise<provider.CheckResult> {
    const { spec, lifecycle } = this.kindOf(urn);
    const given = reveal(news ?? {});
    if ((given.resourceKey ?? null) === null) Object.assign(given, this.keyOf(spec, urn));
    const result = await lifecycle.check(reveal(olds ?? {}), given);
    return {
      inputs: conceal(spec.fields, result.inputs as Props, news, olds),
      failures: result.failures,
    };
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<provider.DiffResult> {
    return this.kindOf(urn).lifecycle.diff(id, reveal(olds), reveal(news));
  }

  async create(urn: string, inputs: Props): Promise<provider.CreateResult> {
    const { spec, lifecycle } = this.kindOf(urn);
    const created = await lifecycle.create(reveal(inputs)).catch((error: unknown) => {
      // An object made but not finished comes back as an error carrying its id and the
      // properties the engine saves as its state: they leave wrapped, as create's outputs do.
      if (isPartialState(error)) {
        error.properties = conceal(spec.fields, error.properties, inputs) as Props;
      }
      throw error;
    });
    return { id: created.id, outs: conceal(spec.fields, (created.outs ?? {}) as Props, inputs) };
  }

  /**
   * A refresh passes the state; an import passes none. An imported object is described as
   * adopted (`existingAccount` and the like hold its id), which is what makes its inputs pass
   * check without the initial-only fields no API can read back, such as an admin's password.
   */
  async read(id: string, urn: string, props?: Props): Promise<provider.ReadResult> {
    const { spec, lifecycle } = this.kindOf(urn);
    const state = reveal(props ?? {});
    const importing = Object.keys(state).length === 0;
    const result = await lifecycle.read(id, state);
    if (!result.id) return { id: "", props: {} };
    const inputs: Props = { ...((result.inputs ?? {}) as Props) };
    let outputs = (result.props ?? {}) as Props;
    if (importing) {
      if (spec.adoptionField) inputs[spec.adoptionField] = result.id;
      // What check will add to the program's inputs, state has from the start: no change shows.
      outputs = { ...defaultsOf(spec.fields), ...outputs, ...this.keyOf(spec, urn) };
    }
    return {
      id: result.id,
      props: conceal(spec.fields, outputs, props),
      inputs: conceal(spec.fields, inputs, props),
    };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
    const { spec, lifecycle } = this.kindOf(urn);
    const updated = await lifecycle.update(id, reveal(olds), reveal(news));
    return { outs: conceal(spec.fields, (updated.outs ?? {}) as Props, news, olds) };
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    await this.kindOf(urn).lifecycle.delete(id, reveal(props));
  }

  /** The read functions; a bad argument is a failure naming it, as a resource's check gives. */
  async invoke(token: string, inputs: Props): Promise<provider.InvokeResult> {
    const name = nameOf(token);
    if (name === undefined || !Object.hasOwn(reads, name)) {
      throw new Error(`pulumi-resource-digital99 has no function ${token}: upgrade the plugin`);
    }
    const read = reads[name as ReadName] as (
      client: ReturnType<ProviderRuntime["partners"]>,
      args: Props,
    ) => Promise<unknown>;
    try {
      const outputs = (await read(this.runtime.partners(), reveal(inputs ?? {}))) as Props;
      // What a secret argument selected may tell it (the agents of a secret account, say):
      // the whole result is as secret as its most secret argument.
      return { outputs: holdsSecret(inputs) ? concealAll(outputs) : outputs };
    } catch (error) {
      if (!(error instanceof PartnersValidationError)) throw error;
      return {
        failures: error.issues.map((issue) => ({ property: issue.field, reason: issue.message })),
      };
    }
  }

  /** The resource key the dynamic resource class would set, for the kinds that have one. */
  private keyOf(spec: KindSpec, urn: string): Props {
    return "resourceKey" in spec.fields ? { resourceKey: resourceKeyFromUrn(urn) } : {};
  }

  private kindOf(urn: string): { spec: KindSpec; lifecycle: Lifecycle } {
    const token = urnParts(urn).type;
    const kind = nameOf(token);
    const spec = kind === undefined ? undefined : kindSpec(kind);
    const lifecycle = kind === undefined ? undefined : this.lifecycles.of(kind);
    if (!spec || !lifecycle) {
      throw new Error(
        `pulumi-resource-digital99 ${this.version} has no resource type ${token}; the program or ` +
          `state was written for a newer plugin: install it (pulumi plugin install)`,
      );
    }
    return { spec, lifecycle };
  }
}

/**
 * An error from a create that made the object but could not finish: Pulumi's provider server
 * reports it to the engine as a resource that failed to initialise, with these properties.
 */
function isPartialState(error: unknown): error is Error & { id: string; properties: Props } {
  const e = error as { id?: unknown; properties?: unknown } | null;
  return (
    e instanceof Error &&
    typeof e.id === "string" &&
    e.id !== "" &&
    typeof e.properties === "object" &&
    e.properties !== null
  );
}
