// Exactly-once account creation. online/createAccount is not idempotent: an
// attempt whose answer is lost (timeout, reset, 5xx, cut body) may or may not
// have created the account, and a slow server may even create it after the
// client gave up. Resending blindly makes duplicates; giving up loses an
// account that exists but is not in state. So after every ambiguous attempt
// we look for the account, give a late creation time to show up, and only
// then try again.
//
// The account is recognised by its reference. When the program gives none,
// OnlineAccount derives one from the project, stack and resource name
// (`derivedReference`), unique to the resource, so the lookup also works
// across runs: an account created by an interrupted `pulumi up` is adopted by
// the next one instead of being created twice, and a late duplicate of our
// own attempt can be told apart and removed. Name, server, creation time and
// the admin agent's email must match as well. With a reference the partner
// chose, which other accounts may share, more than one candidate is an
// error, never a guess.
import { createHash } from "node:crypto";
import type { AccountSummary, CreateAccountParams, PartnersClient } from "../client";

/** Prefix of references this package derives; lets it recognise its own accounts. */
export const derivedReferencePrefix = "pulumi";

/** A stable reference for a resource: letters and digits, 30 characters. */
export function derivedReference(project: string, stack: string, name: string): string {
  const digest = createHash("sha256").update(`${project}\u0000${stack}\u0000${name}`).digest("hex");
  return `${derivedReferencePrefix}${digest.slice(0, 24)}`;
}

export interface CreatedAccount {
  accountId: string;
  adminAgentId: string;
  server: string;
  /** How the account was obtained: answered by createAccount, or found afterwards. */
  outcome: "created" | "found-after-ambiguous-attempt" | "adopted-from-earlier-run";
}

export interface CreateOnceOptions {
  /** createAccount attempts at most, counting the first. */
  maxAttempts?: number;
  /** How long a lost attempt gets to show up in getAccounts before we conclude it failed. */
  settleMs: number;
  sleep: (ms: number) => Promise<void>;
  warn: (message: string) => void;
}

/** Raised when we cannot tell whether, or which, account was created. */
export class CreationUncertainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CreationUncertainError";
  }
}

type Params = CreateAccountParams & { reference: string; server: string };

export async function createAccountOnce(
  client: PartnersClient,
  params: Params,
  options: CreateOnceOptions,
): Promise<CreatedAccount> {
  const maxAttempts = options.maxAttempts ?? 4;
  const ours = params.reference.startsWith(derivedReferencePrefix);
  const describe = `account "${params.accountName}" (reference ${params.reference})`;

  // Accounts that already carry this reference were not made by this call.
  const before = await client.online.getAccounts();
  const preexisting = new Set(before.map((a) => a.accountId));
  if (ours) {
    const orphans = before.filter((a) => matches(a, params));
    if (orphans.length > 0) {
      const [adopted] = await confirmAdmin(client, orphans, params);
      if (!adopted) throw notOurs(describe, orphans, params);
      options.warn(
        `${describe}: found account ${adopted.server}/${adopted.accountId} with this resource's ` +
          `reference, created by an earlier run whose result was lost; adopting it instead of ` +
          `creating a duplicate`,
      );
      return { ...adopted, outcome: "adopted-from-earlier-run" };
    }
  }

  const startedAt = Math.floor(Date.now() / 1000);
  const createdByUs = async (): Promise<AccountSummary[]> =>
    (await client.online.getAccounts()).filter(
      (a) =>
        !preexisting.has(a.accountId) &&
        matches(a, params) &&
        a.createdAt >= startedAt - creationClockSlackSeconds,
    );

  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      const created = await client.online.createAccount(params);
      if (lastError !== undefined && ours) {
        await removeLateDuplicates(client, created.accountId, createdByUs, options, describe);
      }
      return { ...created, outcome: "created" };
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      lastError = error;
    }

    // The attempt may have created the account, now or a little later.
    let candidates: AccountSummary[];
    try {
      candidates = await createdByUs();
      if (candidates.length === 0) {
        await options.sleep(options.settleMs);
        candidates = await createdByUs();
      }
    } catch (lookupError) {
      throw new CreationUncertainError(
        `${describe} may have been created: online/createAccount got no clear answer ` +
          `(${messageOf(lastError)}) and the lookup that would tell failed too ` +
          `(${messageOf(lookupError)}). ` +
          (ours
            ? `Run pulumi up again once the API answers: the account is found by its reference ` +
              `and adopted, not created twice.`
            : `Before running pulumi up again, check getAccounts for an account with reference ` +
              `${params.reference}: the next run cannot tell it from another account with the same ` +
              `partner-given reference.`),
      );
    }
    if (candidates.length > 0) {
      const confirmed = await confirmAdmin(client, candidates, params);
      if (confirmed.length === 0) throw notOurs(describe, candidates, params);
      if (confirmed.length > 1 && !ours) {
        throw new CreationUncertainError(
          `${describe}: several new accounts match (${ids(candidates)}); with a partner-given ` +
            `reference they may belong to other resources, so none was adopted. Delete the ` +
            `extra ones or give each resource its own reference.`,
        );
      }
      const [kept, ...late] = confirmed;
      for (const extra of late) await removeDuplicate(client, extra, kept, options, describe);
      return { ...kept, outcome: "found-after-ambiguous-attempt" };
    }
  }
  throw new CreationUncertainError(
    `${describe} was not created after ${maxAttempts} attempts that got no clear answer ` +
      `(last: ${messageOf(lastError)}); no account with its reference exists, so nothing was ` +
      `left behind. Try again later.`,
  );
}

/** Server and account clocks may differ; creation time only rules out old accounts. */
const creationClockSlackSeconds = 15 * 60;

function matches(a: AccountSummary, params: Params): boolean {
  return (
    a.reference === params.reference &&
    a.server === params.server &&
    a.accountName === params.accountName
  );
}

type Confirmed = Omit<CreatedAccount, "outcome">;

/** The candidates whose agents include our admin, oldest first. */
async function confirmAdmin(
  client: PartnersClient,
  candidates: AccountSummary[],
  params: Params,
): Promise<Confirmed[]> {
  const confirmed: Confirmed[] = [];
  const sorted = [...candidates].sort((a, b) => Number(a.accountId) - Number(b.accountId));
  for (const account of sorted) {
    const agents = await client.online.getAgents({
      accountId: account.accountId,
      server: account.server,
    });
    const email = params.adminEmail.toLowerCase();
    const admin = agents.find((agent) => agent.email.toLowerCase() === email);
    if (admin) {
      confirmed.push({
        accountId: account.accountId,
        adminAgentId: admin.id,
        server: account.server,
      });
    }
  }
  return confirmed;
}

/**
 * An earlier attempt of ours may commit after a later one succeeded. With a
 * derived reference every such account is ours, new and empty: remove it.
 */
async function removeLateDuplicates(
  client: PartnersClient,
  keptId: string,
  createdByUs: () => Promise<AccountSummary[]>,
  options: CreateOnceOptions,
  describe: string,
): Promise<void> {
  await options.sleep(options.settleMs);
  const extras = (await createdByUs()).filter((a) => a.accountId !== keptId);
  for (const extra of extras) {
    await removeDuplicate(client, extra, { accountId: keptId }, options, describe);
  }
}

async function removeDuplicate(
  client: PartnersClient,
  extra: { accountId: string; server: string },
  kept: { accountId: string },
  options: CreateOnceOptions,
  describe: string,
): Promise<void> {
  await client.online.deleteAccount({ accountId: extra.accountId, server: extra.server });
  options.warn(
    `${describe}: a lost createAccount attempt took effect late and made a second account ` +
      `(${extra.server}/${extra.accountId}); it was new and empty and has been deleted, keeping ` +
      `${extra.server}/${kept.accountId}`,
  );
}

function notOurs(describe: string, candidates: AccountSummary[], params: Params) {
  return new CreationUncertainError(
    `${describe}: accounts ${ids(candidates)} carry this reference but none has ` +
      `${params.adminEmail} as an agent; refusing to adopt an account that may not be ours`,
  );
}

function ids(accounts: AccountSummary[]): string {
  return accounts.map((a) => `${a.server}/${a.accountId}`).join(", ");
}

function isAmbiguous(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { ambiguous?: unknown }).ambiguous === true
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
