// What the partner-wide settings (the webhook, the onboarding texts) share: there is one of each
// per partner, so one resource of a stack may declare it. Both resources claim their setting in
// the provider process by a key derived from the resource itself, as OnlineAccount claims an
// adopted account, and `check` stops a second one at preview.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderRuntime } from "../runtime";

/**
 * The failure for a second resource declaring `setting`, or none. `property` is the field that
 * declares it, so the engine shows the message beside the resource.
 */
export function secondDeclaration(
  runtime: ProviderRuntime,
  kind: string,
  setting: string,
  property: string,
  resourceKey: unknown,
): pulumi.dynamic.CheckFailure[] {
  const owner = typeof resourceKey === "string" ? resourceKey : undefined;
  if (runtime.claim(`partner:${setting}`, owner) === undefined) return [];
  return [
    {
      property,
      reason:
        `another ${kind} of this stack already declares the partner's ${setting}: a partner has ` +
        `one ${setting}, so one ${kind} per stack may manage it (and only one stack should). ` +
        `Keep one of them.`,
    },
  ];
}
