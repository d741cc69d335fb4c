// The partner's accounts as one provider process knows them. getAccounts has
// no filter and no paging, so every lookup lists the whole estate; a `pulumi
// up` of a thousand creates must not list it a thousand times. One answer is
// shared by every creation and read of the process, and what the process
// itself does afterwards (creates, renames, deletes) is applied to that
// answer rather than dropping it; a listing asked for later is the API's own
// word. That keeps the list as true as a fresh one for every question
// creation asks of it:
// - an earlier run's orphan existed before this process created anything, so
//   it is in the first answer;
// - what this process made is recorded as it is made, and claimed, so that
//   no other creation of the process takes it for its own;
// - what this process deleted is gone from the list, so a replacement never
//   finds its predecessor.
// Only an ambiguous attempt needs the API's current word (what appeared
// since): it asks for a fresh list, which then serves everyone.
import type { AccountSummary } from "../client";
import { lateDuplicatesOf, lateDuplicateWarning, type AccountInState } from "./late-duplicates";

export interface AccountKey {
  server: string;
  accountId: string;
}

type Changes = Partial<Pick<AccountSummary, "accountName" | "status">>;

export class AccountList {
  private fetched: Promise<AccountSummary[]> | undefined;
  /** The generation at which `fetched` was asked for. */
  private fetchedAt = -1;
  private view: readonly AccountSummary[] | undefined;
  private viewOf: AccountSummary[] | undefined;
  /** Bumped by every change this process makes; a fetch remembers the value it started at. */
  private generation = 0;
  private startedAt = new WeakMap<AccountSummary[], number>();
  private readonly created = new Map<string, { generation: number; account: AccountSummary }>();
  private readonly deleted = new Set<string>();
  private readonly changed = new Map<string, { generation: number; changes: Changes }>();
  private readonly claimed = new Set<string>();
  /** Accounts made here under a derived reference, watched for late duplicates. */
  private readonly watched = new Map<string, AccountInState>();
  private readonly reported = new Set<string>();
  private readonly exclusive = new Map<string, Promise<unknown>>();
  fetches = 0;

  constructor(
    private readonly fetch: () => Promise<AccountSummary[]>,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** The shared list: fetched on first use, then kept up to date by this process's own changes. */
  async current(): Promise<readonly AccountSummary[]> {
    if (!this.fetched) this.fetched = this.fetchOnce();
    const pending = this.fetched;
    const raw = await pending;
    return this.viewFor(raw);
  }

  /**
   * The list as of this process's last change: the shared one while nothing
   * changed since it was fetched, otherwise a new one (one for all callers).
   * Reads want this: what `pulumi refresh` reports must come from the API,
   * not from what this process believes it did.
   */
  async sinceLastChange(): Promise<readonly AccountSummary[]> {
    if (!this.fetched || this.fetchedAt !== this.generation) this.fetched = this.fetchOnce();
    return this.viewFor(await this.fetched);
  }

  /** The API's current list, which then replaces the shared one. */
  async fresh(): Promise<readonly AccountSummary[]> {
    const pending = this.fetchOnce();
    this.fetched = pending;
    return this.viewFor(await pending);
  }

  /** Forget the shared list: the next use asks the API. What this process did stays known. */
  invalidate(): void {
    this.fetched = undefined;
  }

  /** An account this process made (or adopted) for a resource: listed, and claimed by it. */
  recordCreated(account: AccountSummary, state?: { referenceDerived: boolean }): void {
    const key = keyOf(account);
    this.deleted.delete(key);
    this.created.set(key, { generation: this.generation + 1, account: { ...account } });
    this.claimed.add(key);
    if (state?.referenceDerived && account.reference !== undefined) {
      this.watched.set(key, {
        accountId: account.accountId,
        server: account.server,
        accountName: account.accountName,
        reference: account.reference,
        referenceDerived: true,
      });
    }
    this.changedSomething();
  }

  /** An account this process knows to belong to a resource (updated, adopted): never another's orphan. */
  claim(account: AccountKey): void {
    this.claimed.add(keyOf(account));
  }

  isClaimed(account: AccountKey): boolean {
    return this.claimed.has(keyOf(account));
  }

  recordChanged(account: AccountKey, changes: Changes): void {
    const key = keyOf(account);
    this.claimed.add(key);
    const previous = this.changed.get(key)?.changes ?? {};
    this.changed.set(key, {
      generation: this.generation + 1,
      changes: { ...previous, ...changes },
    });
    const made = this.created.get(key);
    if (made) made.account = { ...made.account, ...changes };
    this.changedSomething();
  }

  recordDeleted(account: AccountKey): void {
    const key = keyOf(account);
    this.deleted.add(key);
    this.created.delete(key);
    this.watched.delete(key);
    this.changedSomething();
  }

  /**
   * Runs `work` when no other work under the same key is running in this
   * process. Creations of look-alike accounts (same server, reference and
   * name) take turns, so none can see another's account half made, before
   * it is claimed, and take it for its own.
   */
  async serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.exclusive.get(key) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.exclusive.set(key, settled);
    try {
      return await mine;
    } finally {
      if (this.exclusive.get(key) === settled) this.exclusive.delete(key);
    }
  }

  private fetchOnce(): Promise<AccountSummary[]> {
    const generation = this.generation;
    this.fetchedAt = generation;
    this.fetches++;
    const pending = this.fetch().then((list) => {
      this.startedAt.set(list, generation);
      this.reportLateDuplicates(list);
      return list;
    });
    // A failed fetch must not be served to later users.
    pending.catch(() => {
      if (this.fetched === pending) this.fetched = undefined;
    });
    return pending;
  }

  private changedSomething(): void {
    this.generation++;
    this.view = undefined;
  }

  /** The fetched answer with this process's own changes applied; one copy per change, not per use. */
  private viewFor(raw: AccountSummary[]): readonly AccountSummary[] {
    if (this.view && this.viewOf === raw) return this.view;
    const startedAt = this.startedAt.get(raw) ?? 0;
    const listed = new Set<string>();
    const view: AccountSummary[] = [];
    for (const account of raw) {
      const key = keyOf(account);
      if (this.deleted.has(key)) continue;
      listed.add(key);
      const change = this.changed.get(key);
      // A change made after this fetch started may be missing from its answer.
      view.push(
        change && change.generation > startedAt ? { ...account, ...change.changes } : account,
      );
    }
    // Likewise a creation; a listing asked for since then is the API's word (deleted by hand?).
    for (const [key, made] of this.created) {
      if (!listed.has(key) && made.generation > startedAt) view.push(made.account);
    }
    this.view = Object.freeze(view);
    this.viewOf = raw;
    return this.view;
  }

  private reportLateDuplicates(list: AccountSummary[]): void {
    for (const state of this.watched.values()) {
      const extras = lateDuplicatesOf(list, state).filter(
        (a) => !this.claimed.has(keyOf(a)) && !this.reported.has(keyOf(a)),
      );
      if (extras.length === 0) continue;
      for (const extra of extras) this.reported.add(keyOf(extra));
      this.warn(lateDuplicateWarning(state, extras));
    }
  }
}

function keyOf(account: AccountKey): string {
  return `${account.server}/${account.accountId}`;
}
