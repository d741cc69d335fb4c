// What every resource of this package registers with Pulumi: a dynamic resource whose provider
// is not a serialized function but the smallest module text Pulumi's provider host accepts (it
// `require`s the text and calls `handler()`). The text loads the implementation from the package
// installed beside the program, so it holds no logic and no secret, is identical for every
// resource of a kind and every release (an upgrade changes what runs without a diff, and destroy
// runs current code), and costs a few dozen bytes of state where a serialized closure cost KBs.
import * as pulumi from "@pulumi/pulumi";
import { defined, secretFields, type FieldTable, type Props } from "./fields";
import { withDeletionProtection } from "./protection";
import { resourceKeyFor } from "./resource-key";

/** The `__provider` of every resource of `kind`. Changing it rewrites every user's state. */
export function providerText(kind: string): string {
  const load = `require("pulumi-99digital/provider-host").providerFor(${JSON.stringify(kind)})`;
  return (
    `exports.handler=()=>{try{return ${load}}catch(e){throw new Error(` +
    `"install pulumi-99digital beside the program: "+e.message)}}`
  );
}

/** The type token Pulumi shows, the same as for `new pulumi.dynamic.Resource(..., "99digital", kind)`. */
export function typeToken(kind: string): string {
  return `pulumi-nodejs:dynamic/99digital:${kind}`;
}

/** A program's inputs: every field may be an Output of another resource. */
export type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };
/** A resource's outputs as properties. */
export type Outputs<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/**
 * Registers a resource of `kind`: every field of the table and every output key is registered
 * (the SDK drops what the provider returns for a key it was not given), secret fields are secret
 * in inputs, outputs and state even when the program passes plain text, the resource's key is
 * set unless the subclass computed it already, and Pulumi's `protect` follows deletionProtection
 * (protection.ts).
 */
export abstract class DigitalResource extends pulumi.CustomResource {
  protected constructor(
    kind: string,
    table: FieldTable<unknown>,
    outputKeys: readonly string[],
    name: string,
    args: Props,
    opts: pulumi.CustomResourceOptions | undefined,
  ) {
    const props: Props = {};
    for (const key of [...Object.keys(table), ...outputKeys]) props[key] = undefined;
    Object.assign(props, defined(args));
    // Every kind's resources carry their key: it tells them apart when two claim one object.
    if ("resourceKey" in table) props.resourceKey ??= resourceKeyFor(name, opts?.parent);
    const secrets = secretFields(table);
    for (const key of secrets) if (props[key] !== undefined) props[key] = pulumi.secret(props[key]);
    props.__provider = providerText(kind);
    super(typeToken(kind), name, props, {
      ...withDeletionProtection(table, props, opts),
      additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets],
    });
  }
}
