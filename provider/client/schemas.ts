// Request parameters and their documented rules (partners-api.md). The same schemas back the
// OnlineAccount resource's `check`, so each bad field yields exactly ONE issue whose path[0] is
// the camelCase field and whose message names the field and the rule — never the value.

import { z } from "zod";
import { PartnersValidationError, type ValidationIssue } from "./errors";

// ---------------------------------------------------------------------------------------------
// Rules

/** The special characters the API accepts in a password (at least one is required). */
export const PASSWORD_SPECIALS = "!@#$%^&*()_+-=[]{}|\"/\\.,<>:;?~'";

const EMAIL = z.regexes.email;
/** International phone number: digits only, no "+", no leading zero, E.164 length. */
const PHONE = /^[1-9][0-9]{6,14}$/;
const SERVER = /^[a-z0-9-]+$/;
const REFERENCE = /^[A-Za-z0-9]{1,50}$/;

const nonBlank = (max: number) => (s: string) => s.trim() !== "" && s.length <= max;
const isHttpUrl = (max: number) => (s: string) => {
  if (s.length > max) return false;
  try {
    const url = new URL(s);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
};
export const isStrongPassword = (s: string): boolean =>
  s.length >= 6 &&
  s.length <= 50 &&
  /[A-Z]/.test(s) &&
  /[a-z]/.test(s) &&
  [...s].some((c) => PASSWORD_SPECIALS.includes(c));
export const isEmail = (s: string): boolean => s.length <= 50 && EMAIL.test(s);
export const isPhone = (s: string): boolean => PHONE.test(s);

// ---------------------------------------------------------------------------------------------
// Field builders: one issue per field (a type error stops before the rule is checked)

function required(field: string, rule: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `${field} is required: it ${rule}` : `${field} ${rule}`;
}

function text(field: string, rule: string, ok: (s: string) => boolean, ruleId: string) {
  return z
    .string({ error: required(field, rule) })
    .refine(ok, { message: `${field} ${rule}`, params: { rule: ruleId } });
}

function wholeNumber(field: string, min: number, max: number, digits: number) {
  const rule = `must be a whole number from ${min} to ${max} (at most ${digits} digits)`;
  return z
    .number({ error: required(field, rule) })
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, {
      message: `${field} ${rule}`,
      params: { rule: "range" },
    });
}

function oneOf<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  const rule = `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return z.enum(values, { error: required(field, rule) });
}

const name = (field: string, max: number) =>
  text(field, `must be non-blank text of at most ${max} characters`, nonBlank(max), "length");
const digitsId = (field: string, max: number) =>
  text(
    field,
    `must be a string of 1 to ${max} digits`,
    (s) => /^[0-9]+$/.test(s) && s.length <= max,
    "format",
  );
const serverName = (max: number) =>
  text(
    "server",
    `must be 1 to ${max} characters of lower-case letters, digits and hyphens (default "online")`,
    (s) => SERVER.test(s) && s.length <= max,
    "format",
  );
const reference = () =>
  text("reference", "must be 1 to 50 letters and digits only", (s) => REFERENCE.test(s), "format");
const httpUrl = (field: string, max: number) =>
  text(field, `must be an http(s) URL of at most ${max} characters`, isHttpUrl(max), "format");

const accountId = () => digitsId("accountId", 7);

// ---------------------------------------------------------------------------------------------
// online/createAccount

export type TwoFactorMode = "none" | "email" | "sms";

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

export const ADMIN_PASSWORD_RULE = `must be at least 6 characters (at most 50) with an upper-case letter, a lower-case letter and a special character from ${PASSWORD_SPECIALS}`;

export const createAccountParamsSchema = z
  .object({
    accountName: name("accountName", 100),
    agents: wholeNumber("agents", 1, 9999, 4),
    inboxes: wholeNumber("inboxes", 1, 999, 3),
    adminEmail: text(
      "adminEmail",
      "must be a valid email address of at most 50 characters",
      isEmail,
      "format",
    ),
    adminName: name("adminName", 50),
    adminDisplayName: name("adminDisplayName", 50),
    adminPassword: text("adminPassword", ADMIN_PASSWORD_RULE, isStrongPassword, "strength"),
    adminTwoFactor: oneOf("adminTwoFactor", ["none", "email", "sms"] as const).optional(),
    adminTwoFactorDestination: z
      .string({ error: "adminTwoFactorDestination must be a string of at most 50 characters" })
      .optional(),
    server: serverName(30).optional(),
    reference: reference().optional(),
  })
  .superRefine(
    (value, ctx) => {
      const issue = twoFactorIssue(value);
      if (issue) {
        ctx.addIssue({
          code: "custom",
          path: ["adminTwoFactorDestination"],
          message: issue.message,
          params: { rule: issue.rule },
        });
      }
    },
    {
      // Run even when other fields failed, so that every bad field is reported at once; skip
      // when the destination already has its own (type) issue: one issue per field.
      when: (payload) =>
        payload.value !== null &&
        typeof payload.value === "object" &&
        !payload.issues.some((i) => i.path?.[0] === "adminTwoFactorDestination"),
    },
  ) satisfies z.ZodType<CreateAccountParams>;

/** The destination must match the mode: the API checks them together (reason 42). */
function twoFactorIssue(value: {
  adminTwoFactor?: unknown;
  adminTwoFactorDestination?: unknown;
}): { message: string; rule: string } | undefined {
  const mode = value.adminTwoFactor ?? "none";
  const destination = value.adminTwoFactorDestination;
  if (typeof destination !== "undefined" && typeof destination !== "string") return undefined;
  if (mode !== "email" && mode !== "sms") {
    if (mode === "none" && destination !== undefined && destination !== "") {
      return {
        rule: "match",
        message:
          'adminTwoFactorDestination must be left out when adminTwoFactor is "none" (set adminTwoFactor to "email" or "sms" to use it)',
      };
    }
    return undefined;
  }
  if (destination === undefined || destination === "") {
    return {
      rule: "required",
      message: `adminTwoFactorDestination is required when adminTwoFactor is "${mode}": ${mode === "email" ? "the email address" : "the phone number"} that receives the codes`,
    };
  }
  if (mode === "email" && !isEmail(destination)) {
    return {
      rule: "match",
      message:
        'adminTwoFactorDestination must be an email address of at most 50 characters when adminTwoFactor is "email"',
    };
  }
  if (mode === "sms" && !isPhone(destination)) {
    return {
      rule: "match",
      message:
        'adminTwoFactorDestination must be an international phone number in digits without "+" (e.g. 972501234567) when adminTwoFactor is "sms"',
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// online/updateAccount, deleteAccount, getAgents, loginAgent

export type AccountStatus = "active" | "suspended";

export interface UpdateAccountParams {
  accountId: string;
  server: string;
  accountName?: string;
  status?: AccountStatus;
  builderUrl?: string;
}

export const updateAccountParamsSchema = z
  .object({
    accountId: accountId(),
    server: serverName(50),
    accountName: name("accountName", 100).optional(),
    status: oneOf("status", ["active", "suspended"] as const).optional(),
    // "" clears the link (updateAccount is the only way to change it).
    builderUrl: text(
      "builderUrl",
      'must be an http(s) URL of at most 150 characters, or "" to remove the link',
      (s) => s === "" || isHttpUrl(150)(s),
      "format",
    ).optional(),
  })
  .refine(
    (v) => v.accountName !== undefined || v.status !== undefined || v.builderUrl !== undefined,
    {
      message: "updateAccount needs at least one of accountName, status, builderUrl to change",
      params: { rule: "required" },
    },
  ) satisfies z.ZodType<UpdateAccountParams>;

export interface AccountRef {
  accountId: string;
  /** Default "online". */
  server?: string;
}

export const accountRefSchema = z.object({
  accountId: accountId(),
  server: serverName(50).optional(),
}) satisfies z.ZodType<AccountRef>;

export type DeleteAccountParams = AccountRef;
export const deleteAccountParamsSchema = accountRefSchema;
export type GetAgentsParams = AccountRef;
export const getAgentsParamsSchema = accountRefSchema;
export type GetInboxesParams = AccountRef;
export const getInboxesParamsSchema = accountRefSchema;

export interface LoginAgentParams extends AccountRef {
  agentId: string;
}
export const loginAgentParamsSchema = z.object({
  accountId: accountId(),
  agentId: digitsId("agentId", 20),
  server: serverName(50).optional(),
}) satisfies z.ZodType<LoginAgentParams>;

// ---------------------------------------------------------------------------------------------
// online/createInbox, deleteInbox

export interface CreateInboxParams {
  accountId: string;
  server: string;
  inboxName: string;
  whatsappNumber: string;
  reference?: string;
  /** Import the number's chat history (coexistence numbers only). */
  importHistory?: boolean;
}

export const createInboxParamsSchema = z.object({
  accountId: accountId(),
  server: serverName(50),
  inboxName: name("inboxName", 50),
  whatsappNumber: text(
    "whatsappNumber",
    'must be an international phone number in digits without "+" (e.g. 972501234567)',
    isPhone,
    "format",
  ),
  reference: reference().optional(),
  importHistory: z.boolean({ error: "importHistory must be true or false" }).optional(),
}) satisfies z.ZodType<CreateInboxParams>;

export interface DeleteInboxParams extends AccountRef {
  inboxId: string;
}
export const deleteInboxParamsSchema = z.object({
  accountId: accountId(),
  server: serverName(50).optional(),
  inboxId: digitsId("inboxId", 20),
}) satisfies z.ZodType<DeleteInboxParams>;

// ---------------------------------------------------------------------------------------------
// builder/*

export interface CreateBuilderParams {
  clientName: string;
  reference?: string;
}
export const createBuilderParamsSchema = z.object({
  clientName: name("clientName", 100),
  reference: reference().optional(),
}) satisfies z.ZodType<CreateBuilderParams>;

export interface BuilderRef {
  builderId: string;
}
export const builderRefSchema = z.object({
  builderId: digitsId("builderId", 20),
}) satisfies z.ZodType<BuilderRef>;
export const loginBuilderParamsSchema = builderRefSchema;
export const deleteBuilderParamsSchema = builderRefSchema;

// ---------------------------------------------------------------------------------------------
// settings/*

export interface SetWebhookParams {
  url: string;
}
export const setWebhookParamsSchema = z.object({
  url: httpUrl("url", 512),
}) satisfies z.ZodType<SetWebhookParams>;

export interface SetBusinessParams {
  onboardingLogo?: string;
  onboardingMessage?: string;
  onboardingButton?: string;
  onboardingSuccess?: string;
  onboardingFailed?: string;
}
export const setBusinessParamsSchema = z
  .object({
    onboardingLogo: httpUrl("onboardingLogo", 512).optional(),
    onboardingMessage: name("onboardingMessage", 200).optional(),
    onboardingButton: name("onboardingButton", 50).optional(),
    onboardingSuccess: name("onboardingSuccess", 200).optional(),
    onboardingFailed: name("onboardingFailed", 200).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message:
      "setBusiness needs at least one of onboardingLogo, onboardingMessage, onboardingButton, onboardingSuccess, onboardingFailed",
    params: { rule: "required" },
  }) satisfies z.ZodType<SetBusinessParams>;

// ---------------------------------------------------------------------------------------------
// Applying a schema

/** The issues of a failed parse as {field, rule, message}, one per field. */
export function validationIssues(error: z.ZodError, input: unknown): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const field = typeof issue.path[0] === "string" ? issue.path[0] : "params";
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, rule: ruleOf(issue, field, input), message: messageOf(issue, field) });
  }
  return issues;
}

function ruleOf(issue: z.core.$ZodIssue, field: string, input: unknown): string {
  const params = (issue as { params?: { rule?: unknown } }).params;
  if (typeof params?.rule === "string") return params.rule;
  const missing =
    input === null ||
    typeof input !== "object" ||
    (input as Record<string, unknown>)[field] === undefined;
  if (issue.code === "invalid_type") return missing ? "required" : "type";
  if (issue.code === "invalid_value") return missing ? "required" : "enum";
  return issue.code;
}

function messageOf(issue: z.core.$ZodIssue, field: string): string {
  // zod's own messages (e.g. for a non-object) do not name a field; ours always do.
  if (field === "params" && issue.code === "invalid_type") return "parameters must be an object";
  return issue.message;
}

/** Parses `input` or throws a PartnersValidationError (nothing is sent). */
export function validate<T>(schema: z.ZodType<T>, input: unknown, endpoint?: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new PartnersValidationError(validationIssues(result.error, input), endpoint);
}
