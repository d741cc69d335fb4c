// Exactly-once account creation. online/createAccount is not idempotent: an
// attempt whose answer is lost (timeout, reset, 5xx, cut body) may or may not
// have created the account, and a slow server may even create it after the
// client gave up. Resending blindly makes duplicates; giving up loses an
// account that exists but is not in state. So after every ambiguous attempt
// we look for the account, give a late creation time to show up, and only
// then try again.
//
// The account is recognised by its reference. When the program gives none,
// OnlineAccount derives one from the project, stack, parent and resource name
// (`derivedReference`), unique to the resource, so the lookup also works
// across runs: an account created by an interrupted `pulumi up` is adopted by
// the next one instead of being created twice, and a late duplicate of our
// own attempt can be told apart and removed. Name, server, creation time and
// the admin agent's email must match as well. With a reference the partner
// chose, which other accounts may share, more than one candidate is an
// error, never a guess, and a late duplicate is reported, not deleted.
import { createHash } from "node:crypto";
import type { AccountSummary, CreateAccountParams, PartnersClient } from "../client";

/** Prefix of references this package derives; lets it recognise its own accounts. */
export const derivedReferencePrefix = "pulumi";

/**
 * A stable reference for a resource: letters and digits, 30 characters.
 * `name` is the resource name, prefixed with its parent's URN when it has a
 * parent, so that two children of the same name get different references.
 */
export function derivedReference(project: string, stack: string, name: string): string {
  const digest = createHash("sha256").update(`${project}\u0000${stack}\u0000${name}`).digest("hex");
  return `${derivedReferencePrefix}${digest.slice(0, 24)}`;
}

export interface CreatedAccount {
  accountId: string;
  adminAgentId: string;
  server: string;
  /** What the account has now: a found account may have been suspended meanwhile. */
  status: "active" | "suspended";
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

export function createAccountOnce(
  client: PartnersClient,
  params: Params,
  options: CreateOnceOptions,
): Promise<CreatedAccount> {
  return new Creation(client, params, options).run();
}

/** Server and account clocks may differ; creation time only rules out old accounts. */
const creationClockSlackSeconds = 15 * 60;

/** One creation: what existed before it, and how to recognise what it made. */
class Creation {
  private readonly ours: boolean;
  private readonly describe: string;
  private preexisting = new Set<string>();
  private startedAt = 0;

  constructor(
    private readonly client: PartnersClient,
    private readonly params: Params,
    private readonly options: CreateOnceOptions,
  ) {
    this.ours = params.reference.startsWith(derivedReferencePrefix);
    this.describe = `account "${params.accountName}" (reference ${params.reference})`;
  }

  async run(): Promise<CreatedAccount> {
    const before = await this.client.online.getAccounts();
    if (this.ours) {
      const orphans = before.filter((a) => this.matches(a));
      if (orphans.length > 0) return this.adoptOrphan(orphans);
    }
    // Accounts that exist now were not made by this creation.
    this.preexisting = new Set(before.map((a) => a.accountId));
    this.startedAt = Math.floor(Date.now() / 1000);

    const maxAttempts = this.options.maxAttempts ?? 4;
    let lastAmbiguous: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const created = await this.client.online.createAccount(this.params);
        if (lastAmbiguous !== undefined) await this.reportLateDuplicates(created.accountId);
        return { ...created, status: "active", outcome: "created" };
      } catch (error) {
        if (!isAmbiguous(error)) {
          // An earlier lost attempt may still have made the account.
          if (lastAmbiguous !== undefined) {
            const found = await this.lookForIt(error);
            if (found) return found;
          }
          throw error;
        }
        lastAmbiguous = error;
      }
      const found = await this.lookForIt(lastAmbiguous);
      if (found) return found;
    }
    throw new CreationUncertainError(
      `${this.describe} was not created after ${maxAttempts} attempts that got no clear answer ` +
        `(last: ${messageOf(lastAmbiguous)}), and no account with its reference showed up. A ` +
        `lost attempt may still take effect late: ${this.nextStep()}`,
    );
  }

  private matches(a: AccountSummary): boolean {
    return (
      a.reference === this.params.reference &&
      a.server === this.params.server &&
      a.accountName.trim() === this.params.accountName.trim()
    );
  }

  private async madeSinceStart(): Promise<AccountSummary[]> {
    return (await this.client.online.getAccounts()).filter(
      (a) =>
        !this.preexisting.has(a.accountId) &&
        this.matches(a) &&
        a.createdAt >= this.startedAt - creationClockSlackSeconds,
    );
  }

  /** Looks for the account a lost attempt may have made, giving a late one time to appear. */
  private async lookForIt(cause: unknown): Promise<CreatedAccount | undefined> {
    let confirmed: Confirmed[];
    try {
      let candidates = await this.madeSinceStart();
      if (candidates.length === 0) {
        await this.options.sleep(this.options.settleMs);
        candidates = await this.madeSinceStart();
      }
      if (candidates.length === 0) return undefined;
      confirmed = await this.confirmAdmin(candidates);
      if (confirmed.length === 0) throw this.notOurs(candidates);
    } catch (lookupError) {
      if (lookupError instanceof CreationUncertainError) throw lookupError;
      throw new CreationUncertainError(
        `${this.describe} may have been created: online/createAccount got no clear answer ` +
          `(${messageOf(cause)}) and the lookup that would tell failed ` +
          `(${messageOf(lookupError)}). ${this.nextStep()}`,
      );
    }
    if (confirmed.length > 1 && !this.ours) {
      throw new CreationUncertainError(
        `${this.describe}: several new accounts match (${ids(confirmed)}); with a partner-given ` +
          `reference they may belong to other resources, so none was adopted. Delete the ` +
          `extra ones or give each resource its own reference.`,
      );
    }
    const [kept, ...late] = confirmed;
    for (const extra of late) await this.removeDuplicate(extra, kept.accountId);
    return { ...kept, outcome: "found-after-ambiguous-attempt" };
  }

  /** An account with this resource's derived reference that existed before: an earlier run's. */
  private async adoptOrphan(orphans: AccountSummary[]): Promise<CreatedAccount> {
    const [adopted, ...others] = await this.confirmAdmin(orphans);
    if (!adopted) throw this.notOurs(orphans);
    this.options.warn(
      `${this.describe}: found account ${adopted.server}/${adopted.accountId} with this ` +
        `resource's reference, created by an earlier run whose result was lost; adopting it ` +
        `instead of creating a duplicate` +
        (others.length > 0 ? `. Also found ${ids(others)}, left alone: delete them if unused` : ""),
    );
    return { ...adopted, outcome: "adopted-from-earlier-run" };
  }

  /**
   * An earlier attempt may commit after a later one succeeded. With a derived
   * reference such an account is ours, new and empty: remove it. With a
   * partner-given one it may not be: report it. Never fails the creation.
   */
  private async reportLateDuplicates(keptId: string): Promise<void> {
    try {
      await this.options.sleep(this.options.settleMs);
      const extras = (await this.madeSinceStart()).filter((a) => a.accountId !== keptId);
      if (extras.length === 0) return;
      if (this.ours) {
        for (const extra of await this.confirmAdmin(extras))
          await this.removeDuplicate(extra, keptId);
      } else {
        this.options.warn(
          `${this.describe}: besides ${this.params.server}/${keptId}, accounts ${ids(extras)} ` +
            `were made with the same name and reference during this creation, probably by a ` +
            `lost attempt that took effect late. They were left alone because the reference is ` +
            `partner-given; delete them if they are duplicates.`,
        );
      }
    } catch (error) {
      this.options.warn(
        `${this.describe}: created as ${this.params.server}/${keptId}, but the check for a ` +
          `late duplicate failed (${messageOf(error)}); look in getAccounts for a second ` +
          `account with reference ${this.params.reference}`,
      );
    }
  }

  private async removeDuplicate(extra: Confirmed, keptId: string): Promise<void> {
    const label = `${extra.server}/${extra.accountId}`;
    try {
      await this.client.online.deleteAccount({ accountId: extra.accountId, server: extra.server });
      this.options.warn(
        `${this.describe}: a lost createAccount attempt took effect late and made a second ` +
          `account (${label}); it was new and empty and has been deleted, keeping ` +
          `${extra.server}/${keptId}`,
      );
    } catch (error) {
      this.options.warn(
        `${this.describe}: a lost createAccount attempt took effect late and made a second ` +
          `account (${label}), which could not be deleted (${messageOf(error)}); delete it by hand`,
      );
    }
  }

  /** The candidates whose agents include our admin, oldest first. */
  private async confirmAdmin(candidates: AccountSummary[]): Promise<Confirmed[]> {
    const confirmed: Confirmed[] = [];
    const email = this.params.adminEmail.toLowerCase();
    const sorted = [...candidates].sort((a, b) => Number(a.accountId) - Number(b.accountId));
    for (const account of sorted) {
      const agents = await this.client.online.getAgents({
        accountId: account.accountId,
        server: account.server,
      });
      const admin = agents.find((agent) => agent.email.toLowerCase() === email);
      if (admin) {
        confirmed.push({
          accountId: account.accountId,
          adminAgentId: admin.id,
          server: account.server,
          status: account.status,
        });
      }
    }
    return confirmed;
  }

  private notOurs(candidates: AccountSummary[]): CreationUncertainError {
    return new CreationUncertainError(
      `${this.describe}: accounts ${ids(candidates)} carry this reference but none has ` +
        `${this.params.adminEmail} as an agent; refusing to adopt an account that may not be ours`,
    );
  }

  private nextStep(): string {
    return this.ours
      ? "run pulumi up again once the API answers: an account made by this resource is found by " +
          "its reference and adopted, not created twice."
      : `before running pulumi up again, look in getAccounts for an account with reference ` +
          `${this.params.reference}: the next run cannot tell it from another account with the ` +
          `same partner-given reference.`;
  }
}

type Confirmed = Omit<CreatedAccount, "outcome">;

function ids(accounts: Array<{ server: string; accountId: string }>): string {
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
