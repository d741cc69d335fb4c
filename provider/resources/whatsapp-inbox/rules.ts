// The rules WhatsAppInbox's check holds its inputs to: createInbox's own (api/online.ts) plus the
// resource's. Kept apart from schema.ts, whose declarations the public types reach: zod's must not.
import { z } from "zod";
import { createInbox } from "../../client/api/online";
import * as rules from "../../client/rules";
import type { InputSchema, Props } from "../fields";
import { parseInboxRef } from "./schema";

const params = createInbox.params.shape;

const inboxObject = z.object({
  accountId: params.accountId,
  server: params.server,
  inboxName: params.inboxName,
  whatsappNumber: params.whatsappNumber,
  reference: params.reference,
  importHistory: params.importHistory,
  deletionProtection: rules.flag("deletionProtection"),
  existingInbox: rules
    .text(
      "existingInbox",
      "must be an inbox id <server>/<accountId>/<inboxId> such as online/8/1000",
      (s) => parseInboxRef(s) !== undefined,
      "format",
    )
    .optional(),
  resourceKey: rules.reference("resourceKey").optional(),
});

const newInbox = inboxObject;

/** An adopted inbox's account and server come from its id; what cannot be read must be left out. */
const adoptedInbox = inboxObject
  .extend({ accountId: params.accountId.optional() })
  .superRefine((value, ctx) => {
    const ref = parseInboxRef(value.existingInbox);
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message, params: { rule: "match" } });
    if (ref && value.server !== undefined && value.server !== ref.server) {
      issue("server", `server must be left out or match existingInbox's server "${ref.server}"`);
    }
    if (ref && value.accountId !== undefined && value.accountId !== ref.accountId) {
      issue(
        "accountId",
        `accountId must be left out or match existingInbox's account "${ref.accountId}"`,
      );
    }
    // No API lists or sets them: state could only hold a guess.
    if (value.reference !== undefined) {
      issue(
        "reference",
        "reference must be left out with existingInbox: an existing inbox keeps the reference it was created with (no API changes or lists it)",
      );
    }
    if (value.importHistory === true) {
      issue(
        "importHistory",
        "importHistory must be left out with existingInbox: history is imported only when an inbox is created",
      );
    }
  });

/** The schema `check` applies: adopting an inbox takes its account from the id. */
export function inboxSchema(inputs: Props): InputSchema {
  return inputs.existingInbox === undefined ? newInbox : adoptedInbox;
}
