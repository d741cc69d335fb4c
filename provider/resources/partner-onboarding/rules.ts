// The rules PartnerOnboarding's check holds its inputs to: setBusiness's own, named after the
// inputs. Kept apart from schema.ts, whose declarations the public types reach: zod's must not.
import { z } from "zod";
import { setBusiness } from "../../client/api/settings";
import * as rules from "../../client/rules";
import { businessField, textFields, type PartnerOnboardingFields } from "./schema";

/**
 * setBusiness's rule for `field`, its message naming the input rather than the API field, and
 * the resource's own: no blank text. The API takes an empty one but does not say what it does,
 * and the resource has no way to read it back, so an empty text is refused rather than sent.
 */
function ruleOf(input: keyof PartnerOnboardingFields) {
  const apiField = businessField[input];
  const rule = setBusiness.params.shape[apiField].unwrap();
  return z.unknown().superRefine((value, ctx) => {
    const parsed = rule.safeParse(value);
    if (parsed.success) {
      if (typeof value === "string" && value.trim() === "") {
        ctx.addIssue({
          code: "custom",
          message: `${input} must not be blank: 99digital does not say what an empty ${input} does; leave ${input} out to keep the current one`,
          params: { rule: "length" },
        });
      }
      return;
    }
    for (const issue of parsed.error.issues) {
      ctx.addIssue({
        code: "custom",
        message: issue.message.split(apiField).join(input),
        params: { rule: "format" },
      });
    }
  });
}

export const onboardingSchema = z.object({
  ...Object.fromEntries(textFields.map((k) => [k, ruleOf(k).optional()])),
  resourceKey: rules.reference("resourceKey").optional(),
});
