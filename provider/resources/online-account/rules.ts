// The rules OnlineAccount's check holds its inputs to: createAccount's own (api/online.ts), the
// same schema the client sends with, plus the few that belong to the resource alone.
import { z } from "zod";
import { builderUrlRule, createAccountFields, withTwoFactorRule } from "../../client/api/online";
import * as rules from "../../client/rules";
import type { InputSchema, Props } from "../fields";
import { notNeededWhenAdopting, parseAccountRef } from "./schema";

const resourceOnly = {
  status: rules.oneOf("status", ["active", "suspended"] as const),
  builderUrl: builderUrlRule().optional(),
  deletionProtection: rules.flag("deletionProtection"),
  existingAccount: rules
    .text(
      "existingAccount",
      "must be an account id <server>/<accountId> such as online/1234 (the id pulumi-99digital adopt prints)",
      (s) => parseAccountRef(s) !== undefined,
      "format",
    )
    .optional(),
  resourceKey: rules.reference("resourceKey").optional(),
};

const newAccount = withTwoFactorRule(
  z.object({
    ...createAccountFields,
    ...resourceOnly,
    // Required here: creation is recognised by it after a lost answer (see create-once.ts).
    reference: rules.reference(),
  }),
);

const adoptedAccount = withTwoFactorRule(
  z
    .object({
      ...createAccountFields,
      ...Object.fromEntries(
        notNeededWhenAdopting.map((k) => [k, createAccountFields[k].optional()]),
      ),
      ...resourceOnly,
    })
    .superRefine((value, ctx) => {
      const ref =
        typeof value.existingAccount === "string"
          ? parseAccountRef(value.existingAccount)
          : undefined;
      if (ref && value.server !== undefined && value.server !== ref.server) {
        ctx.addIssue({
          code: "custom",
          path: ["server"],
          message: `server must be left out or match existingAccount's server "${ref.server}"`,
          params: { rule: "match" },
        });
      }
    }),
);

/** The schema `check` applies: adopting an account needs fewer fields than creating one. */
export function accountSchema(inputs: Props): InputSchema {
  return inputs.existingAccount === undefined ? newAccount : adoptedAccount;
}
