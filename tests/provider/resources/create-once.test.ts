import assert from "node:assert/strict";
import type { AccountSummary, Agent, PartnersClient } from "../../../provider/client";
import { AccountList } from "../../../provider/resources/account-list";
import {
  createAccountOnce,
  CreationUncertainError,
  derivedReference,
  type CreateOnceOptions,
} from "../../../provider/resources/create-once";

// The reconciliation logic, step by step, against a scripted API: each
// createAccount answers, loses its answer, or commits late, exactly when
// the test says so.
type Params = Parameters<typeof createAccountOnce>[1];
type Behaviour = (
  params: Params,
) => Promise<{ accountId: string; adminAgentId: string; server: string }>;

class ScriptedPartners {
  accounts: AccountSummary[] = [];
  agents = new Map<string, Agent[]>();
  creates: Behaviour[] = [];
  lookupsFail = false;
  listings = 0;
  deletesFail = false;
  deleted: string[] = [];
  private nextId = 1;

  /** Makes the account as the API would, and returns what createAccount answers. */
  commit(params: Params, overrides: Partial<AccountSummary> = {}) {
    const accountId = String(this.nextId++);
    this.accounts.push({
      accountId,
      accountName: params.accountName,
      server: params.server,
      status: "active",
      reference: params.reference,
      createdAt: Math.floor(Date.now() / 1000),
      ...overrides,
    });
    const adminAgentId = String(100 + Number(accountId));
    this.agents.set(accountId, [
      {
        id: adminAgentId,
        email: params.adminEmail,
        name: params.adminName,
        role: "Admin",
        twoFactor: "none",
        createdAt: 0,
      },
    ]);
    return { accountId, adminAgentId, server: params.server };
  }

  readonly online = {
    getAccounts: () =>
      ++this.listings && this.lookupsFail
        ? Promise.reject(new Error("getAccounts is down"))
        : Promise.resolve(this.accounts.map((a) => ({ ...a }))),
    createAccount: (params: Params) => {
      const behaviour = this.creates.shift();
      if (!behaviour) throw new Error("no more scripted createAccount answers");
      return behaviour(params);
    },
    getAgents: ({ accountId }: { accountId: string }) =>
      Promise.resolve(this.agents.get(accountId) ?? []),
    deleteAccount: ({ accountId }: { accountId: string }) => {
      if (this.deletesFail) return Promise.reject(new Error("deleteAccount is down"));
      this.deleted.push(accountId);
      this.accounts = this.accounts.filter((a) => a.accountId !== accountId);
      return Promise.resolve();
    },
  };

  get client(): PartnersClient {
    return this as unknown as PartnersClient;
  }
}

const params = (reference: string): Params => ({
  accountName: "Acme Inc",
  agents: 10,
  inboxes: 3,
  adminEmail: "owner@acme.example",
  adminName: "Dana",
  adminDisplayName: "Dana",
  adminPassword: "Str0ng!Pass",
  server: "online",
  reference,
});
const ours = derivedReference("proj", "dev", "acme");

const lost = () => Object.assign(new Error("the answer was lost"), { ambiguous: true });
const refused = () => Object.assign(new Error("refused (reason 31)"), { ambiguous: false });

describe("createAccountOnce: reconciling lost answers", () => {
  let api: ScriptedPartners;
  let warnings: string[];
  let onSleep: Array<() => void>;
  let options: CreateOnceOptions;

  beforeEach(() => {
    api = new ScriptedPartners();
    warnings = [];
    onSleep = [];
    options = {
      settleMs: 0,
      maxAttempts: 3,
      warn: (message) => warnings.push(message),
      // Each settling pause is a moment at which the test may let a late commit land.
      sleep: () => {
        onSleep.shift()?.();
        return Promise.resolve();
      },
    };
  });

  it("creates once when the answer arrives", async () => {
    api.creates.push((p) => Promise.resolve(api.commit(p)));
    const created = await createAccountOnce(api.client, params(ours), options);
    assert.equal(created.outcome, "created");
    assert.equal(api.accounts.length, 1);
  });

  it("adopts the account a lost attempt made, without a second createAccount", async () => {
    api.creates.push((p) => (api.commit(p), Promise.reject(lost())));
    const created = await createAccountOnce(api.client, params(ours), options);
    assert.equal(created.outcome, "found-after-ambiguous-attempt");
    assert.equal(created.accountId, api.accounts[0].accountId);
    assert.equal(created.adminAgentId, "101");
    assert.equal(api.creates.length, 0);
  });

  it("waits for a late commit before trying again", async () => {
    let pending: Params | undefined;
    api.creates.push((p) => ((pending = p), Promise.reject(lost())));
    onSleep.push(() => api.commit(pending!));
    const created = await createAccountOnce(api.client, params(ours), options);
    assert.equal(created.outcome, "found-after-ambiguous-attempt");
    assert.equal(api.accounts.length, 1);
  });

  it("deletes a late duplicate of its own (derived reference) and keeps the answered one", async () => {
    let pending: Params | undefined;
    api.creates.push((p) => ((pending = p), Promise.reject(lost())));
    api.creates.push((p) => Promise.resolve(api.commit(p)));
    // Nothing lands during the two looks; the lost attempt lands after the retry succeeded.
    onSleep.push(
      () => undefined,
      () => api.commit(pending!),
    );
    const created = await createAccountOnce(api.client, params(ours), options);
    assert.equal(created.outcome, "created");
    assert.deepEqual(
      api.accounts.map((a) => a.accountId),
      [created.accountId],
    );
    assert.equal(api.deleted.length, 1);
    assert.match(
      warnings.join("\n"),
      /took effect late and made a second account .* has been deleted/,
    );
  });

  it("reports, and does not delete, a late duplicate under a partner-given reference", async () => {
    let pending: Params | undefined;
    api.creates.push((p) => ((pending = p), Promise.reject(lost())));
    api.creates.push((p) => Promise.resolve(api.commit(p)));
    onSleep.push(
      () => undefined,
      () => api.commit(pending!),
    );
    await createAccountOnce(api.client, params("crm42"), options);
    assert.equal(api.accounts.length, 2);
    assert.deepEqual(api.deleted, []);
    assert.match(warnings.join("\n"), /left alone because the reference is partner-given/);
  });

  it("still returns the created account when removing a late duplicate fails", async () => {
    let pending: Params | undefined;
    api.creates.push((p) => ((pending = p), Promise.reject(lost())));
    api.creates.push((p) => Promise.resolve(api.commit(p)));
    onSleep.push(
      () => undefined,
      () => ((api.deletesFail = true), api.commit(pending!)),
    );
    const created = await createAccountOnce(api.client, params(ours), options);
    assert.equal(created.outcome, "created");
    assert.match(warnings.join("\n"), /could not be deleted .*delete it by hand/);
  });

  it("looks once more when a retry is refused after a lost attempt", async () => {
    let pending: Params | undefined;
    api.creates.push((p) => ((pending = p), Promise.reject(lost())));
    api.creates.push(() => Promise.reject(refused()));
    onSleep.push(
      () => undefined,
      () => api.commit(pending!),
    );
    const created = await createAccountOnce(api.client, params("crm42"), options);
    assert.equal(created.outcome, "found-after-ambiguous-attempt");
    assert.equal(api.accounts.length, 1);
  });

  it("passes a refusal through when no attempt was lost", async () => {
    api.creates.push(() => Promise.reject(refused()));
    await assert.rejects(
      createAccountOnce(api.client, params(ours), options),
      /refused \(reason 31\)/,
    );
  });

  it("refuses to guess between several new matches under a partner-given reference", async () => {
    api.creates.push((p) => (api.commit(p), api.commit(p), Promise.reject(lost())));
    await assert.rejects(
      createAccountOnce(api.client, params("crm42"), options),
      (e: Error) =>
        e instanceof CreationUncertainError &&
        /several new accounts match \(online\/1, online\/2\)/.test(e.message),
    );
    assert.deepEqual(api.deleted, []);
  });

  it("says the account may exist, and what to do, when the lookup fails", async () => {
    api.creates.push(() => ((api.lookupsFail = true), Promise.reject(lost())));
    await assert.rejects(
      createAccountOnce(api.client, params(ours), options),
      (e: Error) =>
        e instanceof CreationUncertainError &&
        /may have been created.*getAccounts is down.*run pulumi up again/s.test(e.message),
    );
  });

  it("gives up after maxAttempts lost attempts that made nothing, without claiming certainty", async () => {
    for (let i = 0; i < 3; i++) api.creates.push(() => Promise.reject(lost()));
    await assert.rejects(
      createAccountOnce(api.client, params("crm42"), options),
      /was not created after 3 attempts.*may still take effect late.*adopted when it is the only one with reference crm42.*lists them instead of guessing/s,
    );
    assert.equal(api.accounts.length, 0);
  });

  it("never adopts a look-alike whose agents lack the admin email", async () => {
    api.creates.push(
      (p) => (api.commit({ ...p, adminEmail: "someone@else.example" }), Promise.reject(lost())),
    );
    await assert.rejects(
      createAccountOnce(api.client, params("crm42"), options),
      /none has owner@acme.example as an agent/,
    );
  });

  it("adopts an earlier run's account as it is now, and names further ones", async () => {
    api.commit(params(ours), { status: "suspended" });
    api.commit(params(ours));
    const created = await createAccountOnce(api.client, params(ours), options);
    assert.equal(created.outcome, "adopted-from-earlier-run");
    assert.equal(created.accountId, "1");
    assert.equal(created.status, "suspended");
    assert.match(
      warnings.join("\n"),
      /adopting it instead of creating a duplicate\. Also found online\/2, left alone/,
    );
  });

  it("matches a name the API stored trimmed", async () => {
    api.creates.push(
      (p) => (api.commit({ ...p, accountName: p.accountName.trim() }), Promise.reject(lost())),
    );
    const created = await createAccountOnce(
      api.client,
      { ...params(ours), accountName: " Acme Inc " },
      options,
    );
    assert.equal(created.outcome, "found-after-ambiguous-attempt");
  });
});

describe("createAccountOnce with the provider process's shared account list", () => {
  let api: ScriptedPartners;
  let warnings: string[];
  let onSleep: Array<() => void>;
  let list: AccountList;
  let options: CreateOnceOptions;

  beforeEach(() => {
    api = new ScriptedPartners();
    warnings = [];
    onSleep = [];
    list = new AccountList(
      () => api.online.getAccounts(),
      (message) => warnings.push(message),
    );
    options = {
      settleMs: 0,
      maxAttempts: 3,
      accounts: list,
      warn: (message) => warnings.push(message),
      sleep: () => {
        onSleep.shift()?.();
        return Promise.resolve();
      },
    };
  });

  const named = (i: number, reference: string): Params => ({
    ...params(reference),
    accountName: `Customer ${i}`,
    adminEmail: `owner${i}@acme.example`,
  });
  const answering = () => api.creates.push((p) => Promise.resolve(api.commit(p)));

  it("lists the accounts once for many creations, however many exist", async () => {
    for (let i = 0; i < 50; i++) api.commit(named(1000 + i, `other${i}`));
    for (let i = 0; i < 20; i++) answering();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createAccountOnce(api.client, named(i, derivedReference("p", "s", `a${i}`)), options),
      ),
    );
    assert.equal(api.accounts.length, 70);
    assert.equal(api.listings, 1);
  });

  it("lists again only for what an ambiguous attempt needs", async () => {
    answering();
    api.creates.push((p) => (api.commit(p), Promise.reject(lost())));
    answering();
    for (const i of [1, 2, 3])
      await createAccountOnce(api.client, named(i, derivedReference("p", "s", `a${i}`)), options);
    // The first listing, and one fresh one after the lost answer, which found the account.
    assert.equal(api.listings, 2);
    assert.equal(api.accounts.length, 3);
  });

  it("never lets two resources with the same reference and name take one account", async () => {
    answering();
    answering();
    const [a, b] = await Promise.all([
      createAccountOnce(api.client, params("crm42"), options),
      createAccountOnce(api.client, params("crm42"), options),
    ]);
    assert.notEqual(a.accountId, b.accountId);
    assert.deepEqual([a.outcome, b.outcome], ["created", "created"]);
    assert.equal(api.accounts.length, 2);
  });

  it("does not adopt a look-alike's account made while its answer is still on the way", async () => {
    // A's first attempt is lost before it commits; B's commits at once but answers later.
    let answerB: () => void = () => undefined;
    api.creates.push(() => Promise.reject(lost()));
    api.creates.push(
      (p) =>
        new Promise((resolve) => {
          const made = api.commit(p);
          answerB = () => resolve(made);
        }),
    );
    answering();
    const a = createAccountOnce(api.client, params("crm42"), options);
    const b = createAccountOnce(api.client, params("crm42"), options);
    // Whichever order the turns take, B's answer arrives once the test has let A run.
    setTimeout(() => answerB(), 20);
    const [first, second] = await Promise.all([a, b]);
    assert.notEqual(first.accountId, second.accountId);
    assert.equal(api.accounts.length, 2);
  });

  it("does not take a deleted predecessor for an earlier run's account", async () => {
    const reference = derivedReference("p", "s", "replaced");
    const old = api.commit(named(1, reference));
    await list.current();
    // deleteBeforeReplace: the old account goes first, then the replacement is created.
    api.accounts = [];
    list.recordDeleted(old);
    answering();
    const created = await createAccountOnce(api.client, named(1, reference), options);
    assert.equal(created.outcome, "created");
    assert.notEqual(created.accountId, old.accountId);
    assert.equal(api.listings, 1);
  });

  it("adopts an earlier run's account under a partner-given reference when exactly one matches", async () => {
    api.commit(named(2, "crm42"));
    const earlier = api.commit(named(1, "crm42"));
    api.commit({ ...named(1, "crm42"), server: "eu" });
    const created = await createAccountOnce(api.client, named(1, "crm42"), options);
    assert.equal(created.outcome, "adopted-from-earlier-run");
    assert.equal(created.accountId, earlier.accountId);
    assert.equal(api.accounts.length, 3, "nothing created");
    assert.match(warnings.join("\n"), /found account online\/2 .*adopting it/);
  });

  it("refuses to choose between several earlier accounts under a partner-given reference", async () => {
    api.commit(named(1, "crm42"));
    api.commit(named(1, "crm42"));
    answering();
    await assert.rejects(
      createAccountOnce(api.client, named(1, "crm42"), options),
      (e: Error) =>
        e instanceof CreationUncertainError &&
        /accounts online\/1 \(created .*\), online\/2 \(created .*\) all match.*Nothing was adopted.*nothing was created.*give this resource a reference no other account carries/s.test(
          e.message,
        ),
    );
    assert.equal(api.accounts.length, 2);
    assert.equal(api.creates.length, 1, "no createAccount was sent");
  });

  it("creates beside a partner-given look-alike whose admin is someone else, and says so", async () => {
    api.commit({ ...named(1, "crm42"), adminEmail: "someone@else.example" });
    answering();
    const created = await createAccountOnce(api.client, named(1, "crm42"), options);
    assert.equal(created.outcome, "created");
    assert.equal(api.accounts.length, 2);
    assert.match(warnings.join("\n"), /online\/1 carry the same reference.*creating a new account/);
  });

  it("never takes a partner reference that merely starts like a derived one for its own", async () => {
    for (const [reference, referenceDerived] of [
      ["pulumiAcme42", undefined],
      [derivedReference("p", "s", "x"), false],
    ] as const) {
      api = new ScriptedPartners();
      warnings.length = 0;
      let pending: Params | undefined;
      api.creates.push((p) => ((pending = p), Promise.reject(lost())));
      answering();
      onSleep.push(
        () => undefined,
        () => api.commit(pending!),
      );
      await createAccountOnce(api.client, params(reference), {
        ...options,
        accounts: undefined,
        referenceDerived,
      });
      assert.deepEqual(api.deleted, [], `${reference}: the late account is not deleted`);
      assert.match(warnings.join("\n"), /left alone because the reference is partner-given/);
    }
  });

  it("treats a reference of the exact derived shape as derived in a state that predates the flag", async () => {
    let pending: Params | undefined;
    api.creates.push((p) => ((pending = p), Promise.reject(lost())));
    answering();
    onSleep.push(
      () => undefined,
      () => api.commit(pending!),
    );
    await createAccountOnce(api.client, params(ours), { ...options, referenceDerived: undefined });
    assert.equal(api.deleted.length, 1);
  });

  it("reports a late duplicate that shows up after the creation returned, and keeps it", async () => {
    const reference = derivedReference("p", "s", "late");
    let pending: Params | undefined;
    api.creates.push((p) => ((pending = p), Promise.reject(lost())));
    answering();
    const created = await createAccountOnce(api.client, named(1, reference), {
      ...options,
      referenceDerived: true,
    });
    assert.equal(warnings.length, 0);
    // The lost attempt lands after the settle window; a later lookup of the run sees it.
    const late = api.commit(pending!);
    await list.fresh();
    assert.equal(api.accounts.length, 2);
    assert.deepEqual(api.deleted, []);
    assert.equal(warnings.length, 1);
    const [warning] = warnings;
    assert.ok(warning.includes(`online/${late.accountId} carries the same derived reference`));
    assert.ok(warning.includes(`online/${created.accountId} stays managed`));
    assert.ok(warning.includes(`deleteAccount({accountId:"${late.accountId}",server:"online"})`));
    await list.fresh();
    assert.equal(warnings.length, 1, "said once");
  });
});

describe("AccountList: one listing, kept true by the process's own changes", () => {
  const summary = (accountId: string, accountName = `Account ${accountId}`): AccountSummary => ({
    accountId,
    accountName,
    server: "online",
    status: "active",
    reference: `ref${accountId}`,
    createdAt: 1_700_000_000,
  });
  let remote: AccountSummary[];
  let listings: number;
  let list: AccountList;
  beforeEach(() => {
    remote = [summary("1"), summary("2")];
    listings = 0;
    list = new AccountList(() => (listings++, Promise.resolve(remote.map((a) => ({ ...a })))));
  });
  const ids = (accounts: readonly AccountSummary[]) => accounts.map((a) => a.accountId);

  it("applies creations, renames and deletions to the answer it has, without listing again", async () => {
    await list.current();
    remote = [summary("1", "Renamed"), summary("3")];
    list.recordCreated(summary("3"));
    list.recordChanged({ server: "online", accountId: "1" }, { accountName: "Renamed" });
    list.recordDeleted({ server: "online", accountId: "2" });
    const now = await list.current();
    assert.deepEqual(ids(now), ["1", "3"]);
    assert.equal(now[0].accountName, "Renamed");
    assert.equal(listings, 1);
  });

  it("gives reads the API's word after a change: an account deleted by hand since is gone", async () => {
    await list.current();
    list.recordCreated(summary("3"));
    remote = [summary("1", "Renamed by hand")];
    const read = await list.sinceLastChange();
    assert.deepEqual(ids(read), ["1"]);
    assert.equal(read[0].accountName, "Renamed by hand");
    await list.sinceLastChange();
    assert.equal(listings, 2, "one listing for all reads until the next change");
  });

  it("never shows an account it deleted, whatever a listing says", async () => {
    list.recordDeleted({ server: "online", accountId: "2" });
    assert.deepEqual(ids(await list.fresh()), ["1"]);
  });

  it("serves a failed listing to nobody", async () => {
    let fail = true;
    list = new AccountList(() =>
      fail ? Promise.reject(new Error("down")) : Promise.resolve(remote),
    );
    await assert.rejects(list.current(), /down/);
    fail = false;
    assert.deepEqual(ids(await list.current()), ["1", "2"]);
  });
});
