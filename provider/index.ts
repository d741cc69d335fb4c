// The public surface of pulumi-99digital.
export { OnlineAccount, type OnlineAccountArgs } from "./resources/online-account";
export type {
  AdoptedAccountFields,
  OnlineAccountFields,
  OnlineAccountOutputs,
} from "./resources/online-account/schema";
export { Builder, type BuilderArgs } from "./resources/builder";
export type {
  AdoptedBuilderFields,
  BuilderFields,
  BuilderOutputs,
} from "./resources/builder/schema";
export { WhatsAppInbox, type WhatsAppInboxArgs } from "./resources/whatsapp-inbox";
export type {
  AdoptedInboxFields,
  WhatsAppInboxFields,
  WhatsAppInboxOutputs,
} from "./resources/whatsapp-inbox/schema";
export { PartnerWebhook, type PartnerWebhookArgs } from "./resources/partner-webhook";
export { PartnerOnboarding, type PartnerOnboardingArgs } from "./resources/partner-onboarding";
export * from "./functions";
export * from "./client";
