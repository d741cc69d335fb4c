// Successful answers, read leniently: ids come as numbers or strings, `server` sometimes as a
// number, counts under two spellings, timestamps as strings. Everything is normalised to one
// type here so that nothing above this file ever sees the API's inconsistencies.

import { z } from "zod";
import type { AccountStatus, TwoFactorMode } from "./schemas";

// ---------------------------------------------------------------------------------------------
// Public result types

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
// Lenient field types

const id = z.union([z.string().trim().min(1), z.number().finite()]).transform((v) => String(v));
const str = z.union([z.string(), z.number()]).transform((v) => String(v));
/** Present-but-empty (null, "") counts as absent. */
const optStr = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === "" ? undefined : String(v)));
const unixSeconds = z
  .union([
    z.number().finite(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/),
  ])
  .transform((v) => Math.floor(Number(v)));
const optUnixSeconds = z
  .union([unixSeconds, z.null(), z.literal("")])
  .optional()
  .transform((v) => (typeof v === "number" ? v : undefined));

/** "active"/"suspended" as getAccounts says it, or 1/0 as updateAccount takes it. */
const accountStatus = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v, ctx): AccountStatus => {
    const s = String(v).trim().toLowerCase();
    if (["active", "1", "true", "enabled"].includes(s)) return "active";
    if (["suspended", "0", "false", "disabled", "inactive"].includes(s)) return "suspended";
    ctx.addIssue({ code: "custom", message: `unknown account status ${JSON.stringify(s)}` });
    return z.NEVER;
  });

const twoFactorType = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v): TwoFactorMode => {
    const s = v === null || v === undefined ? "" : String(v).trim().toLowerCase();
    if (s === "email" || s === "1") return "email";
    if (s === "sms" || s === "2") return "sms";
    return "none";
  });

const list = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), z.null()])
    .optional()
    .transform((v) => (v ?? []) as z.output<T>[]);

// ---------------------------------------------------------------------------------------------
// Answers

export const accessTokenResponse = z
  .object({ access_token: z.string().min(1), expiration_time: optUnixSeconds })
  .transform((r): AccessToken => ({ accessToken: r.access_token, expiresAt: r.expiration_time }));

export const createAccountResponse = (requestedServer: string) =>
  z.object({ account_id: id, agent_id: id, server: optStr }).transform((r): CreatedAccount => ({
    accountId: r.account_id,
    adminAgentId: r.agent_id,
    server: r.server ?? requestedServer,
  }));

export const getAccountsResponse = z
  .object({
    list: list(
      z.object({
        account_id: id,
        account_name: str,
        server: str,
        account_status: accountStatus,
        reference: optStr,
        create_time: unixSeconds,
      }),
    ),
  })
  .transform((r): AccountSummary[] =>
    r.list.map((a) => {
      const summary: AccountSummary = {
        accountId: a.account_id,
        accountName: a.account_name,
        server: a.server,
        status: a.account_status,
        createdAt: a.create_time,
      };
      if (a.reference !== undefined) summary.reference = a.reference;
      return summary;
    }),
  );

export const updateAccountResponse = (sent: UpdatedAccount) =>
  z
    .object({
      account_id: id.optional(),
      server: optStr,
      account_name: optStr,
      account_status: accountStatus.optional(),
      // The documented example repeats `status` for the account (1/0) beside the envelope's.
      status: z.unknown(),
      builder_url: optStr,
    })
    .transform((r): UpdatedAccount => {
      const out: UpdatedAccount = {
        accountId: r.account_id ?? sent.accountId,
        server: r.server ?? sent.server,
      };
      const accountName = r.account_name ?? sent.accountName;
      const status = r.account_status ?? echoedStatus(r.status) ?? sent.status;
      const builderUrl = r.builder_url ?? sent.builderUrl;
      if (accountName !== undefined) out.accountName = accountName;
      if (status !== undefined) out.status = status;
      if (builderUrl !== undefined) out.builderUrl = builderUrl;
      return out;
    });

function echoedStatus(value: unknown): AccountStatus | undefined {
  if (typeof value === "string" && ["ok", "fail"].includes(value.trim().toLowerCase())) {
    return undefined;
  }
  const parsed = accountStatus.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export const getAgentsResponse = z
  .object({
    list: list(
      z.object({
        id,
        create_time: unixSeconds,
        email: str,
        agent_name: str,
        role: str,
        two_factor_type: twoFactorType,
        two_factor_phone: optStr,
        two_factor_email: optStr,
      }),
    ),
  })
  .transform((r): Agent[] =>
    r.list.map((a) => {
      const agent: Agent = {
        id: a.id,
        createdAt: a.create_time,
        email: a.email,
        name: a.agent_name,
        role: a.role,
        twoFactor: a.two_factor_type,
      };
      if (a.two_factor_phone !== undefined) agent.twoFactorPhone = a.two_factor_phone;
      if (a.two_factor_email !== undefined) agent.twoFactorEmail = a.two_factor_email;
      return agent;
    }),
  );

export const loginResponse = z
  .object({ login: z.string().min(1) })
  .transform((r): LoginLink => ({ login: r.login }));

export const createInboxResponse = (sent: {
  accountId: string;
  server: string;
  whatsappNumber: string;
}) =>
  z
    .object({
      inboxID: id.optional(),
      inbox_id: id.optional(),
      account_id: id.optional(),
      server: optStr,
      whatsapp_number: optStr,
    })
    .refine((r) => r.inboxID !== undefined || r.inbox_id !== undefined, {
      message: "inboxID is missing",
      path: ["inboxID"],
    })
    .transform((r): CreatedInbox => ({
      inboxId: (r.inboxID ?? r.inbox_id) as string,
      accountId: r.account_id ?? sent.accountId,
      server: r.server ?? sent.server,
      whatsappNumber: r.whatsapp_number ?? sent.whatsappNumber,
    }));

export const getInboxesResponse = z
  .object({
    list: list(z.object({ id, name: str, channel_type: optStr, api_type: optStr })),
  })
  .transform((r): Inbox[] =>
    r.list.map((i) => {
      const inbox: Inbox = { id: i.id, name: i.name };
      if (i.channel_type !== undefined) inbox.channelType = i.channel_type;
      if (i.api_type !== undefined) inbox.apiType = i.api_type;
      return inbox;
    }),
  );

export const createBuilderResponse = (sentName: string) =>
  z.object({ builderID: id, client_name: optStr, url: str }).transform((r): CreatedBuilder => ({
    builderId: r.builderID,
    clientName: r.client_name ?? sentName,
    url: r.url,
  }));

export const getBuildersResponse = z
  .object({
    list: list(z.object({ builderID: id, client: str, url: str, create_time: unixSeconds })),
  })
  .transform((r): BuilderSummary[] =>
    r.list.map((b) => ({
      builderId: b.builderID,
      clientName: b.client,
      url: b.url,
      createdAt: b.create_time,
    })),
  );

export const webhookResponse = z
  .object({ url: optStr })
  .transform((r): Webhook => (r.url === undefined ? {} : { url: r.url }));

export const setBusinessResponse = (sent: BusinessSettings) =>
  z
    .object({
      onboarding_logo: optStr,
      onboarding_message: optStr,
      onboarding_button: optStr,
      onboarding_success: optStr,
      onboarding_failed: optStr,
    })
    .transform((r): BusinessSettings => {
      const out: BusinessSettings = {};
      const pick = <K extends keyof BusinessSettings>(key: K, value: string | undefined) => {
        const v = value ?? sent[key];
        if (v !== undefined) out[key] = v;
      };
      pick("onboardingLogo", r.onboarding_logo);
      pick("onboardingMessage", r.onboarding_message);
      pick("onboardingButton", r.onboarding_button);
      pick("onboardingSuccess", r.onboarding_success);
      pick("onboardingFailed", r.onboarding_failed);
      return out;
    });

/** A short description of why an answer did not fit, naming fields but not values. */
export function describeShapeError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.code}`)
    .join("; ");
}
