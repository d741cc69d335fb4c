// Deletion protection known at plan time. Pulumi's engine never asks a provider at preview
// whether a delete is allowed; what it does refuse at preview is deleting (or replacing) a
// resource whose `protect` option is set in state. So a resource of a protected kind registers
// `protect` from its own deletionProtection: removing it from the program, or `pulumi destroy`,
// then fails the preview, before anything of the run is applied. The lifecycle's delete keeps its
// own refusal as the last guard (a state that has not recorded `protect` yet, `--skip-preview`).
import type * as pulumi from "@pulumi/pulumi";
import { reveal } from "../plugin/secrets";
import type { FieldTable, Props } from "./fields";

/** The field that says whether an object may be deleted; a kind without it is never protected. */
const FIELD = "deletionProtection";

export function isProtectedKind(table: FieldTable<unknown>): boolean {
  return FIELD in table;
}

/**
 * Whether an object may not be deleted, from its deletionProtection as state or the program has
 * it: on unless it is false (absent is the default, on; unknown at a preview counts as on).
 */
export function deletionProtected(value: unknown): boolean {
  return value !== false;
}

/**
 * The options a resource of a protected kind registers with: `opts` with `protect` set while the
 * object's deletionProtection is on. A program's own `protect: true` stays; otherwise `protect`
 * is left as the program (or the parent) has it. Not set when removing the resource deletes
 * nothing remotely, so a removal must not be refused:
 * - `retainOnDelete`: the engine drops it from state without asking the provider;
 * - `deletedWith`: deleting the object it goes with deletes it (the engine skips its delete then;
 *   it cannot tell that case from a removal of this resource alone, which the lifecycle's delete
 *   still refuses, at the delete step).
 * A deletionProtection that is an Output is read where the engine resolves the registration (a
 * transform of this resource); still unknown there, at a preview, it counts as on.
 */
export function withDeletionProtection(
  table: FieldTable<unknown>,
  args: Props,
  opts: pulumi.CustomResourceOptions = {},
): pulumi.CustomResourceOptions {
  if (!isProtectedKind(table) || opts.retainOnDelete === true || opts.deletedWith) return opts;
  const value = args[FIELD];
  if (typeof value === "boolean" || value === undefined || value === null) {
    return deletionProtected(value) ? { ...opts, protect: true } : opts;
  }
  const fromResolved: pulumi.ResourceTransform = (registration) => ({
    props: registration.props,
    opts: {
      ...registration.opts,
      // A secret arrives wrapped; reveal leaves an unknown value as it is.
      protect:
        registration.opts.protect === true || deletionProtected(reveal(registration.props[FIELD])),
    },
  });
  return { ...opts, transforms: [...(opts.transforms ?? []), fromResolved] };
}
