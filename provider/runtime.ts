// What the provider implementations share inside one provider process: the
// configuration handed to `configure`, one PartnersClient built from it on
// first use, one account list for the whole run (account-list.ts: many
// reads and creations, one getAccounts), and the channel for warnings that
// users must see in `pulumi up`.
import { PartnersClient, type AccountSummary, type PartnersClientOptions } from "./client";
import { resolveOptions, type ResolvedOptions } from "./client/options";
import { resolveClientOptions, type ConfigLookup } from "./config";
import { AccountList, type AccountKey } from "./resources/account-list";

export interface ProviderRuntimeOptions {
  /** Where warnings go; the provider host routes them to the engine. */
  warn?: (message: string) => void;
  /** Waits between reconciliation attempts; tests pass a faster one. */
  sleep?: (ms: number) => Promise<void>;
  env?: NodeJS.ProcessEnv;
  /** Merged over the configured client options (tests shorten backoff). */
  clientOptions?: Partial<PartnersClientOptions>;
}

export class ProviderRuntime {
  private lookup: ConfigLookup = () => undefined;
  private client: PartnersClient | undefined;
  private accountList: AccountList;
  readonly warn: (message: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  private readonly env: NodeJS.ProcessEnv;
  private readonly clientOptions: Partial<PartnersClientOptions>;
  /** The client's options with its defaults applied, for what the provider derives from them. */
  private resolved: ResolvedOptions | undefined;

  constructor(options: ProviderRuntimeOptions = {}) {
    this.warn = options.warn ?? ((message) => console.warn(`warning: ${message}`));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.env = options.env ?? process.env;
    this.clientOptions = options.clientOptions ?? {};
    this.accountList = this.newAccountList();
  }

  /** Takes the stack configuration; the client is (re)built on next use. */
  configure(lookup: ConfigLookup): void {
    this.lookup = lookup;
    const previous = this.client;
    this.client = undefined;
    // Another configuration may mean another partner: nothing known so far holds.
    this.accountList = this.newAccountList();
    void previous?.close();
  }

  /** The client, built on first use so that check and diff need no credentials. */
  partners(): PartnersClient {
    if (!this.client) {
      const options = { ...resolveClientOptions(this.lookup, this.env), ...this.clientOptions };
      this.client = new PartnersClient(options);
      this.resolved = resolveOptions(options);
    }
    return this.client;
  }

  /**
   * How long to give a request whose answer was lost to take effect before
   * concluding it did not: as long as the client waits for an answer.
   */
  settleMs(): number {
    this.partners();
    return this.resolved!.requestTimeoutMs;
  }

  /** createAccount attempts at most, counting the first: maxRetries applies here too. */
  createAttempts(): number {
    this.partners();
    return this.resolved!.maxRetries + 1;
  }

  /**
   * Every account of the partner, for reads: fetched once for the many reads
   * of a refresh, and again after this process changed something.
   * Creations share the list without refetching (sharedAccounts).
   */
  accounts(): Promise<readonly AccountSummary[]> {
    return this.accountList.sinceLastChange();
  }

  /** A fresh list from the API, which then serves later reads too. */
  freshAccounts(): Promise<readonly AccountSummary[]> {
    return this.accountList.fresh();
  }

  /** The shared list itself, for creations, which record and claim what they make. */
  sharedAccounts(): AccountList {
    return this.accountList;
  }

  /** After updateAccount: the list shows the new values, and the account belongs to a resource. */
  accountChanged(
    account: AccountKey,
    changes: Partial<Pick<AccountSummary, "accountName" | "status">>,
  ): void {
    this.accountList.recordChanged(account, changes);
  }

  /** After a confirmed deletion: a replacement must not find its predecessor. */
  accountDeleted(account: AccountKey): void {
    this.accountList.recordDeleted(account);
  }

  /** When a change may or may not have happened: the next use asks the API. */
  invalidateAccounts(): void {
    this.accountList.invalidate();
  }

  private newAccountList(): AccountList {
    return new AccountList(
      () => this.partners().online.getAccounts(),
      (message) => this.warn(message),
    );
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }
}
