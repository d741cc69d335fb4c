// The rule PartnerWebhook's check holds its input to: setWebhook's own. Kept apart from
// schema.ts, whose declarations the public types reach: zod's must not.
import { z } from "zod";
import { setWebhook } from "../../client/api/settings";
import * as rules from "../../client/rules";

export const webhookSchema = z.object({
  url: setWebhook.params.shape.url,
  resourceKey: rules.reference("resourceKey").optional(),
});
