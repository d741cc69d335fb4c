// The entry that serialized provider stubs load inside Pulumi's provider host
// (`require("pulumi-99digital/provider-host")`). Its one function,
// `providerFor(kind)`, is a contract with every state ever written: keep it.
import type * as pulumi from "@pulumi/pulumi";
import { ProviderRuntime } from "./runtime";
import { OnlineAccountProvider } from "./resources/online-account/provider";
import { BuilderProvider } from "./resources/builder/provider";
import { WhatsAppInboxProvider } from "./resources/whatsapp-inbox/provider";

import { PartnerOnboardingProvider } from "./resources/partner-onboarding/provider";
import { PartnerWebhookProvider } from "./resources/partner-webhook/provider";

export type ResourceKind =
  "OnlineAccount" | "Builder" | "WhatsAppInbox" | "PartnerWebhook" | "PartnerOnboarding";

const implementations: Record<
  ResourceKind,
  (runtime: ProviderRuntime) => Required<pulumi.dynamic.ResourceProvider>
> = {
  OnlineAccount: (runtime) => new OnlineAccountProvider(runtime),
  Builder: (runtime) => new BuilderProvider(runtime),
  WhatsAppInbox: (runtime) => new WhatsAppInboxProvider(runtime),
  PartnerWebhook: (runtime) => new PartnerWebhookProvider(runtime),
  PartnerOnboarding: (runtime) => new PartnerOnboardingProvider(runtime),
};

let runtime: ProviderRuntime | undefined;
const providers = new Map<string, Required<pulumi.dynamic.ResourceProvider>>();

export function providerFor(kind: string): Required<pulumi.dynamic.ResourceProvider> {
  let provider = providers.get(kind);
  if (!provider) {
    const make = implementations[kind as ResourceKind] as
      (typeof implementations)[ResourceKind] | undefined;
    if (!make) {
      throw new Error(
        `the installed pulumi-99digital has no resource kind "${kind}"; the state was written by a ` +
          `newer version of the package: upgrade it`,
      );
    }
    runtime ??= new ProviderRuntime({ warn: warnUser });
    provider = make(runtime);
    providers.set(kind, provider);
  }
  return provider;
}

/** Warnings reach the `pulumi up` output through the engine's log. */
function warnUser(message: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { log } = require("@pulumi/pulumi") as typeof pulumi;
  void log.warn(message);
}
