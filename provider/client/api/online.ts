// online/*: customer accounts, their agents and their WhatsApp inboxes (partners-api.md, 2).

import { z } from "zod";
import { declareEndpoint, exactly, wire } from "../endpoints";
import * as lenient from "../lenient";
import {
  accountIdWrong,
  common,
  referenceInvalid,
  serverInvalid,
  type ReasonTable,
} from "../reason-codes";
import * as rules from "../rules";
import type * as t from "../types";

/** The server an account lives on when none is named. */
export const DEFAULT_SERVER = "online";

const accountRef = {
  accountId: rules.accountId(),
  server: rules.serverName(50).optional(),
};

/** accountID (not account_id) on these endpoints, as documented. */
const accountRefWire = (p: { accountId: string; server?: string }) => ({
  accountID: p.accountId,
  server: p.server ?? DEFAULT_SERVER,
});

// ---------------------------------------------------------------------------------------------

const twoFactorModes = { none: 0, email: 1, sms: 2 } as const;

/** createAccount's fields; the OnlineAccount resource checks its inputs with the same rules. */
export const createAccountFields = {
  accountName: rules.name("accountName", 100),
  agents: rules.wholeNumber("agents", 1, 9999, 4),
  inboxes: rules.wholeNumber("inboxes", 1, 999, 3),
  adminEmail: rules.email("adminEmail"),
  adminName: rules.name("adminName", 50),
  adminDisplayName: rules.name("adminDisplayName", 50),
  adminPassword: rules.password("adminPassword"),
  adminTwoFactor: rules.oneOf("adminTwoFactor", ["none", "email", "sms"] as const).optional(),
  adminTwoFactorDestination: z
    .string({ error: "adminTwoFactorDestination must be a string of at most 50 characters" })
    .optional(),
  server: rules.serverName(30).optional(),
  reference: rules.reference().optional(),
};

/** The destination must match the 2FA mode: the API checks them together (reason 42). */
export function withTwoFactorRule<S extends z.ZodType<Record<string, unknown>>>(schema: S): S {
  return schema.superRefine(
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
  );
}

export const createAccount = declareEndpoint({
  name: "online/createAccount",
  method: "POST",
  creates: true,
  params: withTwoFactorRule(z.object(createAccountFields)),
  toWire: (p) => {
    const mode = p.adminTwoFactor ?? "none";
    return wire({
      account_name: p.accountName,
      agents: p.agents,
      inboxes: p.inboxes,
      admin_email: p.adminEmail,
      admin_name: p.adminName,
      admin_displayName: p.adminDisplayName,
      admin_password: p.adminPassword,
      admin_2fa: p.adminTwoFactor === undefined ? undefined : twoFactorModes[mode],
      admin_2fa_value: mode === "none" ? undefined : p.adminTwoFactorDestination,
      server: p.server,
      reference: p.reference,
    });
  },
  answer: (p) =>
    z
      .object({ account_id: lenient.id, agent_id: lenient.id, server: lenient.optStr })
      .transform((r): t.CreatedAccount => ({
        accountId: r.account_id,
        adminAgentId: r.agent_id,
        server: r.server ?? p.server ?? DEFAULT_SERVER,
      })),
  reasons: {
    ...common("POST"),
    ...referenceInvalid,
    31: {
      message:
        "the account could not be created (nothing was created); try again later, or contact 99digital support if it persists",
    },
    ...serverInvalid,
    36: {
      message: "accountName is invalid: it must be non-blank, at most 100 characters",
      field: "accountName",
    },
    37: {
      message:
        "agents or inboxes is invalid: each must be a positive whole number (agents at most 4 digits, inboxes at most 3)",
    },
    38: {
      message: `adminEmail is invalid: it ${rules.EMAIL_RULE}`,
      field: "adminEmail",
    },
    39: {
      message:
        "adminName or adminDisplayName is invalid: each must be non-blank, at most 50 characters",
    },
    40: {
      message:
        "adminPassword is invalid or too weak: it needs at least 6 characters with an upper-case letter, a lower-case letter and a special character",
      field: "adminPassword",
    },
    41: {
      message: 'adminTwoFactor is invalid: it must be "none", "email" or "sms"',
      field: "adminTwoFactor",
    },
    42: {
      message:
        'adminTwoFactorDestination is invalid: an email address for "email", an international number in digits without + for "sms"',
      field: "adminTwoFactorDestination",
    },
  },
  secrets: ["adminPassword"],
});

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
  if (mode === "email" && !rules.isEmail(destination)) {
    return {
      rule: "match",
      message: `adminTwoFactorDestination ${rules.EMAIL_RULE} when adminTwoFactor is "email"`,
    };
  }
  if (mode === "sms" && !rules.isPhone(destination)) {
    return {
      rule: "match",
      message:
        'adminTwoFactorDestination must be an international phone number in digits without "+" (e.g. 972501234567) when adminTwoFactor is "sms"',
    };
  }
  return undefined;
}

export const getAccounts = declareEndpoint({
  name: "online/getAccounts",
  method: "GET",
  params: z.object({}),
  toWire: () => ({}),
  answer: lenient.listAnswer(
    {
      account_id: lenient.id,
      account_name: lenient.str,
      server: lenient.str,
      account_status: lenient.accountStatus,
      reference: lenient.optStr,
      create_time: lenient.unixSeconds,
    },
    (a): t.AccountSummary =>
      lenient.compact({
        accountId: a.account_id,
        accountName: a.account_name,
        server: a.server,
        status: a.account_status,
        reference: a.reference,
        createdAt: a.create_time,
      }),
  ),
  reasons: common("GET"),
});

/** The link field of updateAccount: "" removes it (updateAccount is the only way to change it). */
export const builderUrlRule = () => rules.httpUrlOrEmpty("builderUrl", 150, "to remove the link");

export const updateAccount = declareEndpoint({
  name: "online/updateAccount",
  method: "POST",
  mutates: true,
  params: z
    .object({
      accountId: rules.accountId(),
      server: rules.serverName(50),
      accountName: rules.name("accountName", 100).optional(),
      status: rules.oneOf("status", ["active", "suspended"] as const).optional(),
      builderUrl: builderUrlRule().optional(),
    })
    .refine(
      (v) => v.accountName !== undefined || v.status !== undefined || v.builderUrl !== undefined,
      {
        message: "updateAccount needs at least one of accountName, status, builderUrl to change",
        params: { rule: "required" },
      },
    ),
  toWire: (p) =>
    wire({
      account_id: p.accountId,
      server: p.server,
      account_name: p.accountName,
      account_status: p.status === undefined ? undefined : p.status === "active" ? 1 : 0,
      builder_url: p.builderUrl,
    }),
  answer: (sent) =>
    z
      .object({
        account_id: lenient.id.optional(),
        server: lenient.optStr,
        account_name: lenient.optStr,
        account_status: lenient.accountStatus.optional(),
        // The documented example repeats `status` for the account (1/0) beside the envelope's.
        status: z.unknown(),
        builder_url: lenient.optStr,
      })
      .transform((r): t.UpdatedAccount =>
        lenient.compact({
          accountId: r.account_id ?? sent.accountId,
          server: r.server ?? sent.server,
          accountName: r.account_name ?? sent.accountName,
          status: r.account_status ?? lenient.echoedStatus(r.status) ?? sent.status,
          builderUrl: r.builder_url ?? sent.builderUrl,
        }),
      ),
  // The failure codes of updateAccount are undocumented; these are the simulator's
  // (partners-api.md section 5). An unknown code still gets a generic message.
  reasons: {
    ...common("POST"),
    ...accountIdWrong(33),
    ...serverInvalid,
    36: {
      message: "accountName is invalid: it must be non-blank, at most 100 characters",
      field: "accountName",
    },
    43: { message: 'status is invalid: it must be "active" or "suspended"', field: "status" },
    44: {
      message: `builderUrl is invalid: it ${rules.httpUrlRule(150)}`,
      field: "builderUrl",
    },
  },
});

export const deleteAccount = declareEndpoint({
  name: "online/deleteAccount",
  method: "DELETE",
  mutates: true,
  params: z.object(accountRef),
  toWire: accountRefWire,
  answer: lenient.nothing,
  reasons: { ...common("DELETE"), ...accountIdWrong(33), ...serverInvalid },
});

export const getAgents = declareEndpoint({
  name: "online/getAgents",
  method: "POST",
  params: z.object(accountRef),
  toWire: accountRefWire,
  answer: lenient.listAnswer(
    {
      id: lenient.id,
      create_time: lenient.unixSeconds,
      email: lenient.str,
      agent_name: lenient.str,
      role: lenient.str,
      two_factor_type: lenient.twoFactorType,
      two_factor_phone: lenient.optStr,
      two_factor_email: lenient.optStr,
    },
    (a): t.Agent =>
      lenient.compact({
        id: a.id,
        createdAt: a.create_time,
        email: a.email,
        name: a.agent_name,
        role: a.role,
        twoFactor: a.two_factor_type,
        twoFactorPhone: a.two_factor_phone,
        twoFactorEmail: a.two_factor_email,
      }),
  ),
  reasons: { ...common("POST"), ...accountIdWrong(33), ...serverInvalid },
});

export const loginAnswer = z
  .object({ login: z.string().min(1) })
  .transform((r): t.LoginLink => ({ login: r.login }));

export const loginAgent = declareEndpoint({
  name: "online/loginAgent",
  method: "POST",
  params: z.object({ ...accountRef, agentId: rules.digitsId("agentId", 20) }),
  toWire: (p) => ({ ...accountRefWire(p), agentID: p.agentId }),
  answer: loginAnswer,
  reasons: {
    ...common("POST"),
    ...accountIdWrong(29),
    32: {
      message:
        'the account is suspended, so its agents cannot log in; set its status to "active" first',
    },
    ...serverInvalid,
    35: { message: "agentId is wrong: no such agent in that account", field: "agentId" },
  },
});

export const createInbox = declareEndpoint({
  name: "online/createInbox",
  method: "POST",
  creates: true,
  params: z.object({
    accountId: rules.accountId(),
    server: rules.serverName(50),
    inboxName: rules.name("inboxName", 50),
    whatsappNumber: rules.phone("whatsappNumber"),
    reference: rules.reference().optional(),
    importHistory: rules.flag("importHistory").optional(),
  }),
  toWire: (p) =>
    wire({
      inbox_type: "whatsapp",
      inbox_name: p.inboxName,
      whatsapp_number: p.whatsappNumber,
      account_id: p.accountId,
      server: p.server,
      reference: p.reference,
      import_history: p.importHistory === undefined ? undefined : p.importHistory ? 1 : 0,
    }),
  // The answer is undocumented; the simulator's shape (partners-api.md section 5), with what
  // was sent standing in for what it leaves out.
  answer: (sent) =>
    z
      .object({
        inboxID: lenient.id.optional(),
        inbox_id: lenient.id.optional(),
        account_id: lenient.id.optional(),
        server: lenient.optStr,
        whatsapp_number: lenient.optStr,
      })
      .refine((r) => r.inboxID !== undefined || r.inbox_id !== undefined, {
        message: "inboxID is missing",
        path: ["inboxID"],
      })
      .transform((r): t.CreatedInbox => ({
        inboxId: (r.inboxID ?? r.inbox_id) as string,
        accountId: r.account_id ?? sent.accountId,
        server: r.server ?? sent.server,
        whatsappNumber: r.whatsapp_number ?? sent.whatsappNumber,
      })),
  // createInbox's codes are undocumented; these are the simulator's (partners-api.md section 5).
  reasons: {
    ...common("POST"),
    ...referenceInvalid,
    ...accountIdWrong(33),
    ...serverInvalid,
    46: {
      message:
        "whatsappNumber is invalid or already used: it must be one of the partner's working WhatsApp numbers, international digits without +, not already in an inbox",
      field: "whatsappNumber",
    },
    47: {
      message: "inboxName is invalid: it must be non-blank, at most 50 characters",
      field: "inboxName",
    },
    // The simulator's own codes; a real server may use others.
    45: { message: "inbox_type or importHistory is invalid", field: "importHistory" },
    49: {
      message:
        "the account's inbox quota is used up: delete an inbox or create the account with more inboxes",
    },
  } satisfies ReasonTable,
});

export const getInboxes = declareEndpoint({
  name: "online/getInboxes",
  method: "POST",
  params: z.object(accountRef),
  toWire: accountRefWire,
  answer: lenient.listAnswer(
    {
      id: lenient.id,
      name: lenient.str,
      channel_type: lenient.optStr,
      api_type: lenient.optStr,
    },
    (i): t.Inbox =>
      lenient.compact({
        id: i.id,
        name: i.name,
        channelType: i.channel_type,
        apiType: i.api_type,
      }),
  ),
  reasons: { ...common("POST"), ...accountIdWrong(33), ...serverInvalid },
});

export const deleteInbox = declareEndpoint({
  name: "online/deleteInbox",
  method: "DELETE",
  mutates: true,
  params: z.object({ ...accountRef, inboxId: rules.digitsId("inboxId", 20) }),
  toWire: (p) => ({ ...accountRefWire(p), inboxID: p.inboxId }),
  answer: lenient.nothing,
  reasons: {
    ...common("DELETE"),
    ...accountIdWrong(33),
    ...serverInvalid,
    // The simulator's own code; a real server may use another.
    48: {
      message: "inboxId is wrong: no such inbox in that account (it may have been deleted)",
      field: "inboxId",
    },
  },
});

// The compiler holds each declaration to the public types, both ways.
exactly<z.input<typeof createAccount.params>, t.CreateAccountParams>(true);
exactly<z.output<ReturnType<typeof createAccount.answer>>, t.CreatedAccount>(true);
exactly<z.output<ReturnType<typeof getAccounts.answer>>, t.AccountSummary[]>(true);
exactly<z.input<typeof updateAccount.params>, t.UpdateAccountParams>(true);
exactly<z.output<ReturnType<typeof updateAccount.answer>>, t.UpdatedAccount>(true);
exactly<z.input<typeof deleteAccount.params>, t.DeleteAccountParams>(true);
exactly<z.input<typeof getAgents.params>, t.GetAgentsParams>(true);
exactly<z.output<ReturnType<typeof getAgents.answer>>, t.Agent[]>(true);
exactly<z.input<typeof loginAgent.params>, t.LoginAgentParams>(true);
exactly<z.output<ReturnType<typeof loginAgent.answer>>, t.LoginLink>(true);
exactly<z.input<typeof createInbox.params>, t.CreateInboxParams>(true);
exactly<z.output<ReturnType<typeof createInbox.answer>>, t.CreatedInbox>(true);
exactly<z.input<typeof getInboxes.params>, t.GetInboxesParams>(true);
exactly<z.output<ReturnType<typeof getInboxes.answer>>, t.Inbox[]>(true);
exactly<z.input<typeof deleteInbox.params>, t.DeleteInboxParams>(true);
