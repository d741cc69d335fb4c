// What the provider implementations share inside one provider process: the
// configuration handed to `configure`, one PartnersClient built from it on
// first use, one account list for the whole run (account-list.ts: many
// reads and creations, one getAccounts), and the channel for warnings that
// users must see in `pulumi up`.
import { PartnersClient, type AccountSummary, type PartnersClientOptions } from "./client";
import type { ResolvedOptions } from "./client/options";
import { configKeys, resolveClientOptions, type ConfigLookup } from "./config";
import { printableLines } from "./printable";
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
  private configFingerprint: string | undefined;
  /** Who claimed each remote object in this run (see `claim`). */
  private readonly claims = new Map<string, Set<string>>();
  private client: PartnersClient | undefined;
  private accountList: AccountList;
  readonly warn: (message: string) => void;
  readonly sleep: (ms: number) => Promise<void>;
  private readonly env: NodeJS.ProcessEnv;
  private readonly clientOptions: Partial<PartnersClientOptions>;
  /** The client's options with its defaults applied, for what the provider derives from them. */
  private resolved: ResolvedOptions | undefined;

  constructor(options: ProviderRuntimeOptions = {}) {
    const sink = options.warn ?? ((message) => console.warn(`warning: ${message}`));
    // Warnings quote names and URLs from the API into CI logs: nothing in them may act there.
    this.warn = (message) => sink(printableLines(message));
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.env = options.env ?? process.env;
    this.clientOptions = options.clientOptions ?? {};
    this.accountList = this.newAccountList();
  }

  /**
   * Takes the stack configuration; the client is (re)built on next use. Every resource kind
   * configures its provider with the same stack config, so the same config keeps the client
   * and what it has learnt (token, account list) for the kinds that come later.
   */
  configure(lookup: ConfigLookup): void {
    const fingerprint = JSON.stringify(
      Object.keys(configKeys).map((key) => lookup(`digital99:${key}`) ?? null),
    );
    this.lookup = lookup;
    if (this.client && fingerprint === this.configFingerprint) return;
    this.configFingerprint = fingerprint;
    const previous = this.client;
    this.client = undefined;
    // Another configuration may mean another partner: nothing known so far holds.
    this.accountList = this.newAccountList();
    void previous?.close();
  }

  /** The client, built on first use so that check and diff need no credentials. */
  partners(): PartnersClient {
    if (!this.client) {
      this.resolved = resolveClientOptions(this.lookup, this.env, this.clientOptions);
      this.client = new PartnersClient(this.resolved);
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

  /**
   * Records that the resource `owner` manages the remote object `key` (e.g. an account id) and
   * returns another owner of it, if any: two resources of one stack must not manage one object.
   * An owner of unknown identity (state written before resources had keys) claims nothing.
   */
  claim(key: string, owner: string | undefined): string | undefined {
    if (owner === undefined) return undefined;
    const owners = this.claims.get(key) ?? new Set<string>();
    owners.add(owner);
    this.claims.set(key, owners);
    return [...owners].find((other) => other !== owner);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }
}
