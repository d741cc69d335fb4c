// Builder's fields: their values (types), how a change to each applies (the field table), and
// the rules `check` holds them to, which are createBuilder's own (api/builder.ts) plus the few
// that belong to the resource alone.
import type { FieldTable } from "../fields";

/** A Builder's inputs as the program gives them (documented for the program's author). A type
 * rather than an interface: provider code reads it as a record of props. */
export type BuilderFields = {
  /** The client the builder is for (at most 100 characters). Changing it replaces the builder: no API renames one. */
  clientName: string;
  /** The partner's own tag (letters and digits, at most 50), echoed on builder webhooks. Sent only when given. Initial-only. */
  reference?: string;
  /** While true (the default), the builder cannot be deleted or replaced by Pulumi. */
  deletionProtection?: boolean;
};

/** Taking over a builder that exists: `existingBuilder` is its id. */
export type AdoptedBuilderFields = BuilderFields & {
  /** The id of a builder that exists (digits, as getBuilders lists it): it is taken into state instead of created. clientName must be its current name. Initial-only. */
  existingBuilder: string;
};

/** The inputs after `check`, as state holds them. */
export type BuilderInputs = BuilderFields & {
  deletionProtection: boolean;
  existingBuilder?: string;
  /** Set by the resource class: a hash of project, stack and resource path, unique to it. */
  resourceKey?: string;
};

export type BuilderOutputs = BuilderInputs & {
  /** The builder's id. */
  builderId: string;
  /** The builder's login URL, e.g. for an OnlineAccount's builderUrl. */
  url: string;
};

export const outputKeys = ["builderId", "url"] as const;

export const fields: FieldTable<BuilderInputs> = {
  clientName: { change: "replace" },
  reference: { change: "initialOnly" },
  deletionProtection: { change: "stateOnly", default: true },
  existingBuilder: { change: "initialOnly" },
  resourceKey: { change: "initialOnly", internal: true },
};

const BUILDER_ID = /^[0-9]{1,20}$/;

/** Whether `id` looks like a builder id: digits, as getBuilders lists it. */
export function isBuilderId(id: unknown): id is string {
  return typeof id === "string" && BUILDER_ID.test(id);
}
