// Every resource kind of the package, once: its lifecycle (one provider class, the same code
// whichever adapter runs it), its field table, the outputs it adds, and the input that takes over
// an existing object. The dynamic resources' host (host.ts) and the provider plugin (plugin/)
// both look kinds up here, so a kind added here is served by both.
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderRuntime } from "../runtime";
import type { FieldTable } from "./fields";
import { BuilderProvider } from "./builder/provider";
import * as builder from "./builder/schema";
import { OnlineAccountProvider } from "./online-account/provider";
import * as onlineAccount from "./online-account/schema";
import { PartnerOnboardingProvider } from "./partner-onboarding/provider";
import * as partnerOnboarding from "./partner-onboarding/schema";
import { PartnerWebhookProvider } from "./partner-webhook/provider";
import * as partnerWebhook from "./partner-webhook/schema";
import { WhatsAppInboxProvider } from "./whatsapp-inbox/provider";
import * as whatsAppInbox from "./whatsapp-inbox/schema";

/** A resource kind's lifecycle: check, diff, create, read (returning inputs), update, delete. */
export type Lifecycle = Required<pulumi.dynamic.ResourceProvider>;

export interface KindSpec {
  lifecycle: (runtime: ProviderRuntime) => Lifecycle;
  fields: FieldTable<unknown>;
  outputKeys: readonly string[];
  /** The input whose value is an existing object's id: what `pulumi import` fills in. */
  adoptionField?: string;
}

export const kinds = {
  OnlineAccount: {
    lifecycle: (runtime) => new OnlineAccountProvider(runtime),
    fields: onlineAccount.fields,
    outputKeys: onlineAccount.outputKeys,
    adoptionField: "existingAccount",
  },
  Builder: {
    lifecycle: (runtime) => new BuilderProvider(runtime),
    fields: builder.fields,
    outputKeys: builder.outputKeys,
    adoptionField: "existingBuilder",
  },
  WhatsAppInbox: {
    lifecycle: (runtime) => new WhatsAppInboxProvider(runtime),
    fields: whatsAppInbox.fields,
    outputKeys: whatsAppInbox.outputKeys,
    adoptionField: "existingInbox",
  },
  PartnerWebhook: {
    lifecycle: (runtime) => new PartnerWebhookProvider(runtime),
    fields: partnerWebhook.fields,
    outputKeys: partnerWebhook.outputKeys,
  },
  PartnerOnboarding: {
    lifecycle: (runtime) => new PartnerOnboardingProvider(runtime),
    fields: partnerOnboarding.fields,
    outputKeys: partnerOnboarding.outputKeys,
  },
} satisfies Record<string, KindSpec>;

export type ResourceKind = keyof typeof kinds;

export function kindSpec(kind: string): KindSpec | undefined {
  return Object.hasOwn(kinds, kind) ? (kinds as Record<string, KindSpec>)[kind] : undefined;
}

/**
 * The lifecycles of one provider process: one per kind, all sharing one runtime (one client,
 * one account list), made on first use.
 */
export class Lifecycles {
  private readonly made = new Map<string, Lifecycle>();
  constructor(private readonly runtime: () => ProviderRuntime) {}

  /** Undefined for a kind this release does not have. */
  of(kind: string): Lifecycle | undefined {
    let lifecycle = this.made.get(kind);
    if (!lifecycle) {
      const spec = kindSpec(kind);
      if (!spec) return undefined;
      lifecycle = spec.lifecycle(this.runtime());
      this.made.set(kind, lifecycle);
    }
    return lifecycle;
  }
}
