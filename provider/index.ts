// The public surface of pulumi-99digital.
export { OnlineAccount, type OnlineAccountArgs } from "./resources/online-account";
export type {
  AdoptedAccountFields,
  OnlineAccountFields,
  OnlineAccountOutputs,
} from "./resources/online-account/schema";
export { PartnerWebhook, type PartnerWebhookArgs } from "./resources/partner-webhook";
export { PartnerOnboarding, type PartnerOnboardingArgs } from "./resources/partner-onboarding";
export * from "./functions";
export * from "./client";
