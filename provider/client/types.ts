// The client's public types: what each endpoint takes and gives, in the client's camelCase.
//
// They are written here as plain TypeScript rather than exported as `z.input`/`z.output` aliases
// because any zod type in the package's declarations pulls zod's own declaration files into the
// user's type check, which fails in a project without `esModuleInterop` or `skipLibCheck` (the
// layout `pulumi new typescript` produces). Each endpoint declaration in api/ is held to these
// types exactly, in both directions, by the compiler (see `exactly` in endpoints.ts), so the
// schemas stay the one statement of every rule and these cannot drift from them.

/** Every endpoint of the Partners API, as `<section>/<action>` below apiUrl. */
export type EndpointName =
  | "settings/accessToken"
  | "online/createAccount"
  | "online/getAccounts"
  | "online/updateAccount"
  | "online/deleteAccount"
  | "online/getAgents"
  | "online/loginAgent"
  | "online/createInbox"
  | "online/getInboxes"
  | "online/deleteInbox"
  | "builder/createBuilder"
  | "builder/getBuilders"
  | "builder/loginBuilder"
  | "builder/deleteBuilder"
  | "settings/setWebhook"
  | "settings/getWebhook"
  | "settings/setBusiness";

export type TwoFactorMode = "none" | "email" | "sms";
export type AccountStatus = "active" | "suspended";

// ---------------------------------------------------------------------------------------------
// Parameters

export interface CreateAccountParams {
  accountName: string;
  agents: number;
  inboxes: number;
  adminEmail: string;
  adminName: string;
  adminDisplayName: string;
  adminPassword: string;
  adminTwoFactor?: TwoFactorMode;
  adminTwoFactorDestination?: string;
  server?: string;
  reference?: string;
}

export interface UpdateAccountParams {
  accountId: string;
  server: string;
  accountName?: string;
  status?: AccountStatus;
  /** "" removes the link. */
  builderUrl?: string;
}

export interface AccountRef {
  accountId: string;
  /** Default "online". */
  server?: string;
}
export type DeleteAccountParams = AccountRef;
export type GetAgentsParams = AccountRef;
export type GetInboxesParams = AccountRef;

export interface LoginAgentParams extends AccountRef {
  agentId: string;
}

export interface CreateInboxParams {
  accountId: string;
  server: string;
  inboxName: string;
  whatsappNumber: string;
  reference?: string;
  /** Import the number's chat history (coexistence numbers only). */
  importHistory?: boolean;
}

export interface DeleteInboxParams extends AccountRef {
  inboxId: string;
}

export interface CreateBuilderParams {
  clientName: string;
  reference?: string;
}

export interface BuilderRef {
  builderId: string;
}

export interface SetWebhookParams {
  url: string;
}

export interface SetBusinessParams {
  onboardingLogo?: string;
  onboardingMessage?: string;
  onboardingButton?: string;
  onboardingSuccess?: string;
  onboardingFailed?: string;
}

// ---------------------------------------------------------------------------------------------
// Results

export interface CreatedAccount {
  accountId: string;
  adminAgentId: string;
  server: string;
}

export interface AccountSummary {
  accountId: string;
  accountName: string;
  server: string;
  status: AccountStatus;
  reference?: string;
  /** Unix seconds. */
  createdAt: number;
}

export interface UpdatedAccount {
  accountId: string;
  server: string;
  accountName?: string;
  status?: AccountStatus;
  builderUrl?: string;
}

export interface Agent {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  email: string;
  name: string;
  /** e.g. "Admin". */
  role: string;
  twoFactor: TwoFactorMode;
  twoFactorPhone?: string;
  twoFactorEmail?: string;
}

export interface CreatedInbox {
  inboxId: string;
  accountId: string;
  server: string;
  whatsappNumber: string;
}

export interface Inbox {
  id: string;
  name: string;
  /** e.g. "Channel::Api". */
  channelType?: string;
  /** e.g. "wa_v2". */
  apiType?: string;
}

export interface CreatedBuilder {
  builderId: string;
  clientName: string;
  url: string;
}

export interface BuilderSummary {
  builderId: string;
  clientName: string;
  url: string;
  /** Unix seconds. */
  createdAt: number;
}

export interface LoginLink {
  /** One-time login URL: open it within 5 minutes, once. */
  login: string;
}

export interface Webhook {
  url?: string;
}

export interface BusinessSettings {
  onboardingLogo?: string;
  onboardingMessage?: string;
  onboardingButton?: string;
  onboardingSuccess?: string;
  onboardingFailed?: string;
}

export interface AccessToken {
  accessToken: string;
  /** Unix seconds; absent when the API did not say. */
  expiresAt?: number;
}

// ---------------------------------------------------------------------------------------------
// The sections' signatures: [parameters, result] per method. PartnersClient's `online`,
// `builder` and `settings` are these, bound to the declarations in api/.

export interface OnlineSignatures {
  /** Creates an account and its first admin agent. Not idempotent: never re-sent when ambiguous. */
  createAccount: [CreateAccountParams, CreatedAccount];
  /** Every online account of the partner (the API has no filter and no paging). */
  getAccounts: [void, AccountSummary[]];
  /** Changes name, status or builder link; only the fields given change. */
  updateAccount: [UpdateAccountParams, UpdatedAccount];
  /** Deletes an account and everything in it, irreversibly. */
  deleteAccount: [DeleteAccountParams, void];
  getAgents: [GetAgentsParams, Agent[]];
  /** A one-time SSO link for an agent. */
  loginAgent: [LoginAgentParams, LoginLink];
  /** Not idempotent: never re-sent when ambiguous. */
  createInbox: [CreateInboxParams, CreatedInbox];
  getInboxes: [GetInboxesParams, Inbox[]];
  /** Deletes an inbox and its history, releasing the number. */
  deleteInbox: [DeleteInboxParams, void];
}

export interface BuilderSignatures {
  /** Not idempotent: never re-sent when ambiguous. */
  createBuilder: [CreateBuilderParams, CreatedBuilder];
  getBuilders: [void, BuilderSummary[]];
  /** A one-time login link for the builder. */
  loginBuilder: [BuilderRef, LoginLink];
  /** Deletes a builder with its workflows, connections and webhooks, irreversibly. */
  deleteBuilder: [BuilderRef, void];
}

export interface SettingsSignatures {
  setWebhook: [SetWebhookParams, { url: string }];
  getWebhook: [void, Webhook];
  /** Partial: only the fields given change. */
  setBusiness: [SetBusinessParams, BusinessSettings];
}

/** A section of methods from its signatures. */
export type Api<S> = {
  [K in keyof S]: S[K] extends [infer P, infer R]
    ? [P] extends [void]
      ? () => Promise<R>
      : (params: P) => Promise<R>
    : never;
};

export type OnlineApi = Api<OnlineSignatures>;
export type BuilderApi = Api<BuilderSignatures>;
export type SettingsApi = Api<SettingsSignatures>;
