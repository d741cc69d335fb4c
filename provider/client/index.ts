// The client's public surface: PartnersClient, its options, result types, errors, and the
// parameter schemas (the OnlineAccount resource validates its inputs with them).

export { PartnersClient } from "./client";
export type { BuilderApi, OnlineApi, SettingsApi } from "./client";
export { DEFAULT_API_URL } from "./options";
export type { PartnersClientOptions } from "./options";
export type { DebugSink } from "./debug";
export type { EndpointName } from "./endpoints";
export {
  Digital99Error,
  PartnersApiError,
  PartnersAuthError,
  PartnersRateLimitError,
  PartnersServerError,
  PartnersTransportError,
  PartnersValidationError,
} from "./errors";
export type { ValidationIssue } from "./errors";
export { describeReason, lookupReason, reasons } from "./reasons";
export type { ReasonInfo } from "./reasons";
export type {
  AccountSummary,
  Agent,
  BuilderSummary,
  BusinessSettings,
  CreatedAccount,
  CreatedBuilder,
  CreatedInbox,
  Inbox,
  LoginLink,
  UpdatedAccount,
  Webhook,
} from "./responses";
export {
  ADMIN_PASSWORD_RULE,
  PASSWORD_SPECIALS,
  accountRefSchema,
  builderRefSchema,
  createAccountParamsSchema,
  createBuilderParamsSchema,
  createInboxParamsSchema,
  deleteAccountParamsSchema,
  deleteBuilderParamsSchema,
  deleteInboxParamsSchema,
  getAgentsParamsSchema,
  getInboxesParamsSchema,
  loginAgentParamsSchema,
  loginBuilderParamsSchema,
  setBusinessParamsSchema,
  setWebhookParamsSchema,
  updateAccountParamsSchema,
  validationIssues,
} from "./schemas";
export type {
  AccountRef,
  AccountStatus,
  BuilderRef,
  CreateAccountParams,
  CreateBuilderParams,
  CreateInboxParams,
  DeleteAccountParams,
  DeleteInboxParams,
  GetAgentsParams,
  GetInboxesParams,
  LoginAgentParams,
  SetBusinessParams,
  SetWebhookParams,
  TwoFactorMode,
  UpdateAccountParams,
} from "./schemas";
