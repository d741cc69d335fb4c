// Exactly-once account creation. online/createAccount is not idempotent: an
// attempt whose answer is lost (timeout, reset, 5xx, cut body) may or may not
// have created the account, and a slow server may even create it after the
// client gave up. Resending blindly makes duplicates; giving up loses an
// account that exists but is not in state. So after every ambiguous attempt
// we look for the account, give a late creation time to show up, and only
// then try again.
//
// The account is recognised by its reference, server and name, and confirmed
// by its admin agent's email. When the program gives no reference,
// OnlineAccount derives one unique to the resource (reference.ts), so the
// lookup also works across runs: an account created by an interrupted
// `pulumi up` is adopted by the next one instead of being created twice, and
// a late duplicate of our own attempt can be told apart and removed. A
// reference the partner chose may be shared by other accounts: an earlier
// run's account is adopted only when exactly one unclaimed account matches
// everything, more than one candidate is an error, never a guess, and a late
// duplicate is reported, not deleted.
//
// The lookups read the provider process's shared account list
// (account-list.ts): one getAccounts for the whole run, plus fresh ones
// after ambiguous attempts only.
import type { AccountSummary, CreateAccountParams, PartnersClient } from "../client";
import { AccountList } from "./account-list";
import { removalCommand } from "./late-duplicates";
import { isDerivedReference } from "./reference";

export { derivedReference, derivedReferencePrefix, isDerivedReference } from "./reference";

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
  /**
   * The provider process's account list, shared by its creations. Without
   * one, this creation lists the accounts for itself.
   */
  accounts?: AccountList;
  /**
   * Whether OnlineAccount derived the reference. Absent in states written
   * before the resource said so: then only the exact derived shape counts.
   */
  referenceDerived?: boolean;
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
  const accounts = options.accounts ?? new AccountList(() => client.online.getAccounts());
  const creation = new Creation(client, accounts, params, options);
  // Look-alikes take turns, so that none adopts another's account half made.
  return accounts.serialised(creation.lookAlikeKey, () => creation.run());
}

/** Server and account clocks may differ; creation time only rules out old accounts. */
const creationClockSlackSeconds = 15 * 60;

/** One creation: what existed before it, and how to recognise what it made. */
class Creation {
  /** Creations with the same key could take each other's accounts: they take turns. */
  readonly lookAlikeKey: string;
  private readonly ours: boolean;
  private readonly describe: string;
  /** The shared list as this creation found it: accounts in it were not made by it. */
  private before: readonly AccountSummary[] = [];
  private preexisting: Set<string> | undefined;
  private startedAt = 0;

  constructor(
    private readonly client: PartnersClient,
    private readonly accounts: AccountList,
    private readonly params: Params,
    private readonly options: CreateOnceOptions,
  ) {
    this.ours = isDerivedReference(params.reference, options.referenceDerived);
    this.describe = `account "${params.accountName}" (reference ${params.reference})`;
    this.lookAlikeKey = [params.server, params.reference, params.accountName.trim()].join("\u0000");
  }

  async run(): Promise<CreatedAccount> {
    const before = await this.accounts.current();
    const earlier = before.filter((a) => this.matches(a) && !this.accounts.isClaimed(a));
    if (earlier.length > 0) {
      const adopted = await this.adoptEarlier(earlier);
      if (adopted) return this.settle(adopted, "adopted-from-earlier-run");
    }
    this.before = before;
    this.startedAt = Math.floor(Date.now() / 1000);

    const maxAttempts = this.options.maxAttempts ?? 4;
    let lastAmbiguous: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const created = await this.client.online.createAccount(this.params);
        if (lastAmbiguous !== undefined) await this.reportLateDuplicates(created.accountId);
        return this.settle({ ...created, status: "active", createdAt: this.startedAt }, "created");
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

  /** Records the account in the shared list, claimed by this resource, and returns it. */
  private settle(account: Confirmed, outcome: CreatedAccount["outcome"]): CreatedAccount {
    const { accountId, adminAgentId, server, status, createdAt } = account;
    this.accounts.recordCreated(
      {
        accountId,
        server,
        status,
        createdAt,
        accountName: this.params.accountName.trim(),
        reference: this.params.reference,
      },
      { referenceDerived: this.ours },
    );
    return { accountId, adminAgentId, server, status, outcome };
  }

  private matches(a: AccountSummary): boolean {
    return (
      a.reference === this.params.reference &&
      a.server === this.params.server &&
      a.accountName.trim() === this.params.accountName.trim()
    );
  }

  /** Accounts that match and appeared since this creation began, as the API lists them now. */
  private async madeSinceStart(): Promise<AccountSummary[]> {
    const now = await this.accounts.fresh();
    this.preexisting ??= new Set(this.before.map(keyOf));
    const preexisting = this.preexisting;
    return now.filter(
      (a) =>
        !preexisting.has(keyOf(a)) &&
        !this.accounts.isClaimed(a) &&
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
    return this.settle(kept, "found-after-ambiguous-attempt");
  }

  /**
   * Accounts that match this resource and existed before this creation: an
   * earlier run's, whose result was lost when it was stopped. Under a
   * derived reference they are ours. Under a partner-given one, only a
   * single account that also has our admin and no resource of this run
   * claims is taken; several are an error, never a guess.
   */
  private async adoptEarlier(candidates: AccountSummary[]): Promise<Confirmed | undefined> {
    const confirmed = await this.confirmAdmin(candidates);
    if (this.ours) {
      const [adopted, ...others] = confirmed;
      if (!adopted) throw this.notOurs(candidates);
      this.options.warn(
        `${this.describe}: found account ${adopted.server}/${adopted.accountId} with this ` +
          `resource's reference, created by an earlier run whose result was lost; adopting it ` +
          `instead of creating a duplicate` +
          (others.length > 0
            ? `. Also found ${ids(others)}, left alone: if unused, delete ` +
              `${others.length > 1 ? "each" : "it"} with ${others.map(removalCommand).join(" ; ")}`
            : ""),
      );
      return adopted;
    }
    if (confirmed.length === 0) {
      this.options.warn(
        `${this.describe}: accounts ${ids(candidates)} carry the same reference, name and ` +
          `server, but none has ${this.params.adminEmail} as an agent, so none is this ` +
          `resource's; creating a new account`,
      );
      return undefined;
    }
    if (confirmed.length > 1) {
      throw new CreationUncertainError(
        `${this.describe}: accounts ${describeAll(candidates, confirmed)} all match this ` +
          `resource (reference, name, server and admin email). One may have been created for ` +
          `it by an earlier run that was stopped; the others may belong to other resources or ` +
          `stacks. Nothing was adopted, to avoid a guess, and nothing was created, to avoid ` +
          `one more duplicate. Delete the ones that are unused duplicates, or give this ` +
          `resource a reference no other account carries; then run pulumi up again.`,
      );
    }
    const [adopted] = confirmed;
    this.options.warn(
      `${this.describe}: found account ${adopted.server}/${adopted.accountId} with this ` +
        `resource's reference, name, server and admin email, and no other resource of this ` +
        `run claims it: adopting it, as the account an earlier run created before it was ` +
        `stopped, instead of creating a duplicate. If it belongs to another stack, remove ` +
        `this resource from the state (pulumi state delete) and give it a reference of its own.`,
    );
    return adopted;
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
      this.accounts.recordDeleted(extra);
      this.options.warn(
        `${this.describe}: a lost createAccount attempt took effect late and made a second ` +
          `account (${label}); it was new and empty and has been deleted, keeping ` +
          `${extra.server}/${keptId}`,
      );
    } catch (error) {
      this.options.warn(
        `${this.describe}: a lost createAccount attempt took effect late and made a second ` +
          `account (${label}), which could not be deleted (${messageOf(error)}); delete it by ` +
          `hand: ${removalCommand(extra)}`,
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
          createdAt: account.createdAt,
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
      : `run pulumi up again once the API answers: an account made by this resource is adopted ` +
          `when it is the only one with reference ${this.params.reference}, its name, server ` +
          `and admin email; when several are, the run stops and lists them instead of guessing.`;
  }
}

type Confirmed = Omit<CreatedAccount, "outcome"> & { createdAt: number };

function keyOf(account: { server: string; accountId: string }): string {
  return `${account.server}/${account.accountId}`;
}

function ids(accounts: Array<{ server: string; accountId: string }>): string {
  return accounts.map(keyOf).join(", ");
}

/** Each candidate with its creation time, so that a person can tell an earlier run's from others. */
function describeAll(candidates: AccountSummary[], confirmed: Confirmed[]): string {
  const ours = new Set(confirmed.map(keyOf));
  return candidates
    .filter((a) => ours.has(keyOf(a)))
    .map((a) => `${keyOf(a)} (created ${new Date(a.createdAt * 1000).toISOString()})`)
    .join(", ");
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
