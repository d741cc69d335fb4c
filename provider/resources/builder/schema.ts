// Builder's fields: their values (types), how a change to each applies (the field table), and
// the rules `check` holds them to, which are createBuilder's own (api/builder.ts) plus the few
// that belong to the resource alone.
import { z } from "zod";
import { createBuilder } from "../../client/api/builder";
import * as rules from "../../client/rules";
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

export const builderSchema = z
  .object({
    clientName: createBuilder.params.shape.clientName,
    reference: createBuilder.params.shape.reference,
    deletionProtection: rules.flag("deletionProtection"),
    existingBuilder: rules
      .text(
        "existingBuilder",
        "must be a builder id: 1 to 20 digits, as getBuilders lists it (e.g. 12)",
        isBuilderId,
        "format",
      )
      .optional(),
    resourceKey: rules.reference().optional(),
  })
  .superRefine((value, ctx) => {
    // getBuilders does not list it and no API sets it: an adopted builder's reference is
    // whatever it was created with, and a value here could only mislead.
    if (value.existingBuilder !== undefined && value.reference !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["reference"],
        message:
          "reference must be left out with existingBuilder: an existing builder keeps the reference it was created with (no API changes or lists it)",
        params: { rule: "match" },
      });
    }
  });
