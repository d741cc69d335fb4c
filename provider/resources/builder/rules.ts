// The rules Builder's check holds its inputs to: createBuilder's own (api/builder.ts) plus the
// resource's. Kept apart from schema.ts, whose declarations the public types reach: zod's must not.
import { z } from "zod";
import { createBuilder } from "../../client/api/builder";
import * as rules from "../../client/rules";
import { isBuilderId } from "./schema";

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
    resourceKey: rules.reference("resourceKey").optional(),
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
