// online/*: accounts, their agents and their WhatsApp inboxes (partners-api.md §2, §5).
import crypto from "node:crypto";
import { type Body, type Endpoint, type HandlerContext, type Outcome, fail, ok } from "../endpoint";
import {
  isAbsent,
  isEmail,
  isInternationalPhone,
  isNonEmptyText,
  isReference,
  isStrongPassword,
  isHttpUrl,
  parseBinary,
  parseId,
  parsePositiveInt,
  parseTwoFactorMode,
  parseWhatsappNumber,
} from "../rules";
import type { SimAccount } from "../types";
import { findAccount, parseServer } from "./common";

function accountUrl(server: string): string {
  return `https://${server}.99digital.co.il`;
}

/** A one-time SSO link; the simulator does not serve it, it only has to look like one. */
export function loginLink(base: string): string {
  return `${base}/app/login?sso_token=${crypto.randomBytes(16).toString("hex")}`;
}

/** 0/1 of updateAccount and loginAgent's view of what getAccounts calls active/suspended. */
function statusNumber(account: SimAccount): 0 | 1 {
  return account.status === "active" ? 1 : 0;
}

/**
 * Checks fields in the order of the contract's table, so a request with
 * several bad fields reports the first. The admin's name, display name and
 * password are not checked when the email already belongs to an agent: the
 * contract says they are ignored then. The 2FA pair is still checked (the
 * contract does not list it as ignored) but not applied to the existing agent.
 */
function createAccount(body: Body, ctx: HandlerContext): Outcome {
  if (!isNonEmptyText(body.account_name, 100)) return fail(36);
  const agents = parsePositiveInt(body.agents, 4);
  const inboxes = parsePositiveInt(body.inboxes, 3);
  if (agents === undefined || inboxes === undefined) return fail(37);
  if (!isEmail(body.admin_email, 50)) return fail(38);
  const existing = ctx.state.agentByEmail(body.admin_email);
  if (!existing) {
    if (!isNonEmptyText(body.admin_name, 50) || !isNonEmptyText(body.admin_displayName, 50)) {
      return fail(39);
    }
    if (!isStrongPassword(body.admin_password, 50)) return fail(40);
  }
  const twoFactor = isAbsent(body.admin_2fa) ? 0 : parseTwoFactorMode(body.admin_2fa);
  if (twoFactor === undefined) return fail(41);
  const twoFactorValue = parseTwoFactorValue(twoFactor, body.admin_2fa_value);
  if (twoFactorValue === undefined) return fail(42);
  const server = parseServer(body.server, ctx, 30, false);
  if (server === undefined) return fail(34);
  const reference = isAbsent(body.reference) ? "" : body.reference;
  if (!isReference(reference, 50)) return fail(20);
  if (ctx.state.accounts().length >= ctx.maxAccounts) return fail(31);

  const { account, agent } = ctx.state.createAccount({
    accountName: body.account_name,
    server,
    reference,
    agents,
    inboxes,
    admin: {
      email: body.admin_email,
      name: String(body.admin_name),
      displayName: String(body.admin_displayName),
      password: String(body.admin_password),
      twoFactor,
      twoFactorValue,
    },
  });
  return ok({ account_id: account.accountId, agent_id: agent.agentId, server: account.server });
}

/**
 * Mode 1 wants an email, mode 2 an international number without "+". Mode 0
 * accepts no destination at all: a value there means the caller's idea of the
 * mode differs from what it sent, and silently dropping it would hide that.
 */
function parseTwoFactorValue(mode: 0 | 1 | 2, value: unknown): string | undefined {
  if (mode === 0) return isAbsent(value) || value === "" ? "" : undefined;
  if (mode === 1) return isEmail(value, 50) ? value : undefined;
  // At most 15 digits: well inside the field's 50 characters.
  const digits = typeof value === "number" ? String(value) : value;
  return isInternationalPhone(digits) ? digits : undefined;
}

function getAccounts(_body: Body, ctx: HandlerContext): Outcome {
  const list = ctx.state.accounts().map((a) => ({
    create_time: a.createTime,
    account_name: a.accountName,
    account_id: String(a.accountId),
    server: a.server,
    account_status: a.status,
    reference: a.reference,
  }));
  return ok({ totalOnline: list.length, list });
}

/** Validates every field before changing any, so a failure changes nothing. */
function updateAccount(body: Body, ctx: HandlerContext): Outcome {
  const found = findAccount(body, ctx, {
    idField: "account_id",
    badAccount: 33,
    serverRequired: true,
  });
  if ("reason" in found) return fail(found.reason);
  const { account } = found;
  if (!isAbsent(body.account_name) && !isNonEmptyText(body.account_name, 100)) return fail(36);
  const status = isAbsent(body.account_status) ? undefined : parseBinary(body.account_status);
  if (!isAbsent(body.account_status) && status === undefined) return fail(43);
  // "" clears the link: updateAccount is the only way to change it.
  const builderUrl = body.builder_url;
  if (!isAbsent(builderUrl) && builderUrl !== "" && !isHttpUrl(builderUrl, 150)) return fail(44);

  ctx.state.updateAccount(account, {
    accountName: isAbsent(body.account_name) ? undefined : body.account_name,
    status: status === undefined ? undefined : status === 1 ? "active" : "suspended",
    builderUrl: isAbsent(builderUrl) ? undefined : builderUrl,
  });
  return ok({
    account_id: account.accountId,
    server: account.server,
    account_name: account.accountName,
    account_status: statusNumber(account),
    builder_url: account.builderUrl,
  });
}

function deleteAccount(body: Body, ctx: HandlerContext): Outcome {
  const found = findAccount(body, ctx, {
    idField: "accountID",
    badAccount: 33,
    serverRequired: false,
  });
  if ("reason" in found) return fail(found.reason);
  const { accountId, server } = found.account;
  ctx.state.deleteAccount(found.account);
  return ok({ accountID: accountId, server });
}

const TWO_FACTOR_TYPES = [null, "email", "sms"] as const;

function getAgents(body: Body, ctx: HandlerContext): Outcome {
  const found = findAccount(body, ctx, {
    idField: "accountID",
    badAccount: 33,
    serverRequired: false,
  });
  if ("reason" in found) return fail(found.reason);
  const list = found.account.agentIds.flatMap((id) => {
    const agent = ctx.state.agent(id);
    if (!agent) return [];
    return [
      {
        id: agent.agentId,
        create_time: agent.createTime,
        email: agent.email,
        agent_name: agent.name,
        role: "Admin",
        two_factor_type: TWO_FACTOR_TYPES[agent.twoFactor],
        two_factor_phone: agent.twoFactor === 2 ? agent.twoFactorValue : null,
        two_factor_email: agent.twoFactor === 1 ? agent.twoFactorValue : null,
      },
    ];
  });
  // The documentation spells the count both ways; answer both so either reading works.
  return ok({ totalagents: list.length, totalAgents: list.length, list });
}

function loginAgent(body: Body, ctx: HandlerContext): Outcome {
  const found = findAccount(body, ctx, {
    idField: "accountID",
    badAccount: 29,
    serverRequired: false,
  });
  if ("reason" in found) return fail(found.reason);
  const { account } = found;
  const agentId = parseId(body.agentID);
  if (agentId === undefined || !account.agentIds.includes(agentId)) return fail(35);
  if (account.status === "suspended") return fail(32);
  return ok({ login: loginLink(accountUrl(account.server)) });
}

/**
 * Reason codes beyond §5's 33/34/46/47 are the simulator's own: 45 inbox_type
 * or import_history invalid, 20 reference invalid (as on createAccount), 49
 * the account's inbox quota is used up.
 */
function createInbox(body: Body, ctx: HandlerContext): Outcome {
  const found = findAccount(body, ctx, {
    idField: "account_id",
    badAccount: 33,
    serverRequired: true,
  });
  if ("reason" in found) return fail(found.reason);
  const { account } = found;
  if (body.inbox_type !== "whatsapp") return fail(45);
  if (!isNonEmptyText(body.inbox_name, 50)) return fail(47);
  // 46 for a malformed number, one that is not the partner's, or one already in an inbox.
  const whatsappNumber = parseWhatsappNumber(body.whatsapp_number);
  if (whatsappNumber === undefined || !ctx.whatsappNumbers.has(whatsappNumber)) return fail(46);
  if (ctx.state.inboxByNumber(whatsappNumber)) return fail(46);
  const reference = isAbsent(body.reference) ? "" : body.reference;
  if (!isReference(reference, 50)) return fail(20);
  const importHistory = isAbsent(body.import_history) ? 0 : parseBinary(body.import_history);
  if (importHistory === undefined) return fail(45);
  if (ctx.state.inboxesOf(account.accountId).length >= account.inboxes) return fail(49);

  const inbox = ctx.state.createInbox({
    accountId: account.accountId,
    server: account.server,
    name: body.inbox_name,
    whatsappNumber,
    reference,
    importHistory: importHistory === 1,
  });
  return ok({
    inboxID: inbox.inboxId,
    account_id: account.accountId,
    server: account.server,
    whatsapp_number: inbox.whatsappNumber,
  });
}

function getInboxes(body: Body, ctx: HandlerContext): Outcome {
  const found = findAccount(body, ctx, {
    idField: "accountID",
    badAccount: 33,
    serverRequired: false,
  });
  if ("reason" in found) return fail(found.reason);
  const list = ctx.state.inboxesOf(found.account.accountId).map((i) => ({
    id: i.inboxId,
    name: i.name,
    channel_type: "Channel::Api",
    api_type: "wa_v2",
  }));
  return ok({ totalInboxes: list.length, list });
}

/** 48 (inboxID missing, malformed or not in this account) is the simulator's own code. */
function deleteInbox(body: Body, ctx: HandlerContext): Outcome {
  const found = findAccount(body, ctx, {
    idField: "accountID",
    badAccount: 33,
    serverRequired: false,
  });
  if ("reason" in found) return fail(found.reason);
  const { account } = found;
  const inboxId = parseId(body.inboxID);
  const inbox = ctx.state.inboxesOf(account.accountId).find((i) => i.inboxId === inboxId);
  if (!inbox) return fail(48);
  ctx.state.deleteInbox(inbox);
  return ok({
    accountID: account.accountId,
    server: account.server,
    inboxID: inbox.inboxId,
    whatsapp_number: inbox.whatsappNumber,
  });
}

function endpoint(method: Endpoint["method"], handle: Endpoint["handle"]): Endpoint {
  return { method, wrongMethodReason: 13, needsToken: true, handle };
}

export const onlineEndpoints: Record<string, Endpoint> = {
  "online/createAccount": endpoint("POST", createAccount),
  "online/getAccounts": endpoint("GET", getAccounts),
  "online/updateAccount": endpoint("POST", updateAccount),
  "online/deleteAccount": endpoint("DELETE", deleteAccount),
  "online/getAgents": endpoint("POST", getAgents),
  "online/loginAgent": endpoint("POST", loginAgent),
  "online/createInbox": endpoint("POST", createInbox),
  "online/getInboxes": endpoint("POST", getInboxes),
  "online/deleteInbox": endpoint("DELETE", deleteInbox),
};
