// Lookups several endpoints share: which account a request names, and on which server.
import type { Body, HandlerContext } from "../endpoint";
import { charLength, isAbsent, parsePositiveInt } from "../rules";
import type { SimAccount } from "../types";

/** Account ids have at most 7 digits (updateAccount/createInbox tables). */
export const ACCOUNT_ID_DIGITS = 7;

/** The contract's default for endpoints that do not require `server`. */
export const DEFAULT_SERVER = "online";

/**
 * The server a request names, if it is one the partner may use. `required`
 * endpoints (updateAccount, createInbox) reject an omitted server; the others
 * fall back to the default.
 */
export function parseServer(
  value: unknown,
  ctx: HandlerContext,
  maxLength: number,
  required: boolean,
): string | undefined {
  // The default is checked like a sent value: a simulator configured without
  // "online" must refuse it whether it was sent or implied.
  const name = isAbsent(value) && !required ? DEFAULT_SERVER : value;
  if (typeof name !== "string" || charLength(name) > maxLength) return undefined;
  return ctx.servers.includes(name) ? name : undefined;
}

export interface AccountLookup {
  /** Name of the id field on this endpoint: `account_id` or `accountID`. */
  idField: "account_id" | "accountID";
  /** Reason for a missing, malformed or unknown id: 33, but 29 on loginAgent. */
  badAccount: number;
  serverRequired: boolean;
}

/**
 * Checks the id's shape, then the server, then that the account exists on
 * that server: an account on another of the partner's servers is "not found".
 */
export function findAccount(
  body: Body,
  ctx: HandlerContext,
  lookup: AccountLookup,
): { account: SimAccount } | { reason: number } {
  const accountId = parsePositiveInt(body[lookup.idField], ACCOUNT_ID_DIGITS);
  if (accountId === undefined) return { reason: lookup.badAccount };
  const server = parseServer(body.server, ctx, 50, lookup.serverRequired);
  if (server === undefined) return { reason: 34 };
  const account = ctx.state.account(accountId, server);
  return account ? { account } : { reason: lookup.badAccount };
}
