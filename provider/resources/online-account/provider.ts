// The OnlineAccount lifecycle, run by Pulumi's provider host. How each field's change applies
// comes from the field table (schema.ts); this file says what each step asks of the API, and how
// deletion protection guards customers' data.
import type * as pulumi from "@pulumi/pulumi";
import { PartnersApiError, type AccountSummary } from "../../client";
import type { ProviderRuntime } from "../../runtime";
import { createAccountOnce } from "../create-once";
import { lateDuplicatesOf, lateDuplicateWarning } from "../late-duplicates";
import {
  checkInputs,
  containsUnknown,
  defined,
  fieldsWhere,
  initialOnlyWarning,
  list,
  pickFields,
  plan,
  same,
  shown,
  type Props,
} from "../fields";
import { deletionProtected } from "../protection";
import { accountSchema } from "./rules";
import {
  fields,
  parseAccountRef,
  type OnlineAccountInputs,
  type OnlineAccountOutputs,
} from "./schema";

type Provider = Required<
  pulumi.dynamic.ResourceProvider<OnlineAccountInputs, OnlineAccountOutputs>
>;

/** What create and update always return: the outputs (the SDK's types leave them optional). */
type Created = pulumi.dynamic.CreateResult<OnlineAccountOutputs> & { outs: OnlineAccountOutputs };
type Updated = pulumi.dynamic.UpdateResult<OnlineAccountOutputs> & { outs: OnlineAccountOutputs };

const replacementFields = fieldsWhere(fields, "replace");
const initialOnlyFields = fieldsWhere(fields, "initialOnly");

/** The fields that online/updateAccount changes; the other in-place ones live in state only. */
const apiUpdatable = ["accountName", "status", "builderUrl"] as const;

export class OnlineAccountProvider implements Provider {
  constructor(private readonly runtime: ProviderRuntime) {}

  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.runtime.configure((key) => req.config.get(key));
    return Promise.resolve();
  }

  /** Takes whatever the program sent: any JSON in any field. */
  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<OnlineAccountInputs>> {
    const given: Props = { ...news };
    // An adopted account's server is the one in its id.
    const adopted =
      typeof given.existingAccount === "string"
        ? parseAccountRef(given.existingAccount)
        : undefined;
    if (adopted && (given.server === undefined || given.server === null))
      given.server = adopted.server;
    // A new account needs a reference to be found again after a lost answer: a program's
    // reference that resolved to nothing falls back on the resource's own key.
    if (!adopted && (given.reference === undefined || given.reference === null)) {
      given.reference = given.resourceKey;
    }

    const result = checkInputs(
      {
        kind: "OnlineAccount",
        table: fields,
        schema: accountSchema,
        dependsOn: { adminTwoFactorDestination: ["adminTwoFactor"] },
        stateful: protectionFailures,
      },
      olds ?? {},
      given,
    );
    const failures = [...(result.failures ?? [])];
    const inputs = (result.inputs ?? {}) as OnlineAccountInputs;
    const isNew = Object.keys(olds ?? {}).length === 0;
    if (isNew && adopted && !failures.some((f) => f.property === "existingAccount")) {
      const problem = await this.adoptionProblem(inputs, adopted);
      if (problem) failures.push({ property: "existingAccount", reason: problem });
    }
    return { inputs, failures };
  }

  diff(
    id: string,
    olds: OnlineAccountOutputs,
    news: OnlineAccountInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const planned = plan(fields, olds, news, []);
    if (planned.ignored.length > 0) {
      this.runtime.warn(
        initialOnlyWarning(`OnlineAccount ${describe(id, olds)}`, "account", planned.ignored),
      );
    }
    return Promise.resolve({
      changes: planned.replaces.length + planned.updates.length > 0,
      replaces: planned.replaces,
      // Always, so that `pulumi up --replace` and replaceOnChanges delete first too: the new
      // account carries the old one's reference and must not find and adopt it.
      deleteBeforeReplace: true,
      stables: ["accountId", "adminAgentId", ...initialOnlyFields],
    });
  }

  async create(inputs: OnlineAccountInputs): Promise<Created> {
    return inputs.existingAccount !== undefined ? this.adopt(inputs) : this.createNew(inputs);
  }

  private async createNew(inputs: OnlineAccountInputs): Promise<Created> {
    const client = this.runtime.partners();
    const created = await createAccountOnce(client, createParams(inputs), {
      settleMs: this.runtime.settleMs(),
      maxAttempts: this.runtime.createAttempts(),
      sleep: this.runtime.sleep,
      warn: this.runtime.warn,
      accounts: this.runtime.sharedAccounts(),
      referenceDerived: referenceDerivedOf(inputs),
    });
    const id = `${created.server}/${created.accountId}`;
    const outs: OnlineAccountOutputs = {
      ...inputs,
      server: created.server,
      accountId: created.accountId,
      adminAgentId: created.adminAgentId,
      url: accountUrl(created.server),
      status: created.status,
    };
    delete outs.builderUrl;
    return this.finish("created", id, outs, inputs);
  }

  /** Takes an existing account into state with what the API has, then applies the program. */
  private async adopt(inputs: OnlineAccountInputs): Promise<Created> {
    const ref = parseAccountRef(inputs.existingAccount ?? "");
    if (!ref)
      throw new Error(
        `OnlineAccount: existingAccount ${shown(inputs.existingAccount)} is not an account id <server>/<accountId>`,
      );
    const problem = await this.adoptionProblem(inputs, ref);
    if (problem) throw new Error(`OnlineAccount ${ref.server}/${ref.accountId}: ${problem}`);
    const remote = await this.findAccount(ref.server, ref.accountId);
    if (!remote) throw new Error(missingAccount(ref));
    const id = `${ref.server}/${ref.accountId}`;
    // Creations of this run must not take it for one of theirs.
    this.runtime.sharedAccounts().claim(ref);
    const outs: OnlineAccountOutputs = {
      ...inputs,
      server: ref.server,
      accountId: ref.accountId,
      url: accountUrl(ref.server),
      accountName: remote.accountName,
      status: remote.status,
      reference: remote.reference ?? "",
    };
    // The link cannot be read: state holds only what this package sets.
    delete outs.builderUrl;
    return this.finish("adopted", id, outs, inputs);
  }

  /**
   * Applies what createAccount cannot set (status, builder link) or what the program says about
   * an adopted account. A failure keeps the account in state with what it really has, and the
   * next `pulumi up` finishes the job.
   */
  private async finish(
    how: "created" | "adopted",
    id: string,
    outs: OnlineAccountOutputs,
    inputs: OnlineAccountInputs,
  ): Promise<Created> {
    const changes = updatableChanges(outs, inputs, true);
    if (Object.keys(changes).length > 0) {
      try {
        await this.runtime.partners().online.updateAccount({
          accountId: outs.accountId,
          server: outs.server,
          ...changes,
        });
        this.runtime.accountChanged(outs, changes);
      } catch (error) {
        // The update may have happened anyway: the next use of the list asks the API.
        this.runtime.invalidateAccounts();
        const message =
          `OnlineAccount ${id} was ${how}, but setting its ${list(Object.keys(changes))} ` +
          `failed: ${(error as Error).message}. The account is kept in state; the next ` +
          `pulumi up applies the change.`;
        // An id makes the host report a resource that exists but failed to initialise; the
        // engine shows the reasons and saves the properties. Secrets stay out of the error:
        // state then lacks them, which costs nothing (they are initial-only).
        const saved: Props = { ...outs };
        for (const key of fieldsWhere(fields, "initialOnly")) {
          if (fields[key].secret) delete saved[key];
        }
        throw Object.assign(new Error(message), {
          id,
          properties: { ...defined(saved), __provider: (inputs as Props).__provider },
          reasons: [message],
        });
      }
      Object.assign(outs, changes);
    }
    return { id, outs: defined(outs) as OnlineAccountOutputs };
  }

  async read(
    id: string,
    props?: OnlineAccountOutputs,
  ): Promise<pulumi.dynamic.ReadResult<OnlineAccountOutputs>> {
    const state: Props = { ...props };
    const { server, accountId } = parseId(id);
    const remote = await this.findAccount(server, accountId);
    if (!remote) {
      this.runtime.warn(
        `OnlineAccount ${describe(id, state)} no longer exists on 99digital; it is removed from state`,
      );
      return { id: "" };
    }
    // A lost creation that took effect late shows up here, at any later refresh.
    const inState = {
      accountId,
      server,
      accountName: remote.accountName,
      reference: remote.reference ?? "",
      referenceDerived: referenceDerivedOf(state),
    };
    const duplicates = lateDuplicatesOf(await this.runtime.accounts(), inState);
    if (duplicates.length > 0) this.runtime.warn(lateDuplicateWarning(inState, duplicates));
    const drift = driftOf(state, remote);
    if (drift.length > 0) {
      this.runtime.warn(
        `OnlineAccount ${describe(id, state)} was changed outside Pulumi: ` +
          drift
            .map((d) => `${d.field} is ${shown(d.remote)} (state had ${shown(d.state)})`)
            .join(", "),
      );
    }
    const refreshed = {
      ...state,
      accountId,
      server,
      url: accountUrl(server),
      accountName: remote.accountName,
      status: remote.status,
      reference: remote.reference ?? "",
    } as OnlineAccountOutputs;
    return { id, props: refreshed, inputs: pickFields(fields, refreshed) as OnlineAccountOutputs };
  }

  async update(
    id: string,
    olds: OnlineAccountOutputs,
    news: OnlineAccountInputs,
  ): Promise<Updated> {
    const { server, accountId } = parseId(id);
    const changes = updatableChanges(olds, news, false);
    if (Object.keys(changes).length > 0) {
      try {
        await this.runtime.partners().online.updateAccount({ accountId, server, ...changes });
        this.runtime.accountChanged({ accountId, server }, changes);
      } catch (error) {
        this.runtime.invalidateAccounts();
        if (error instanceof PartnersApiError && error.reason === 33) {
          throw new Error(
            `OnlineAccount ${describe(id, olds)} could not be updated: 99digital has no such ` +
              `account any more (it was probably deleted outside Pulumi). Run pulumi refresh to ` +
              `drop it from state, then pulumi up to create it again if the program still wants it.`,
            { cause: error },
          );
        }
        throw error;
      }
    }
    // Initial-only fields keep what the account was created (or adopted) with; what state
    // lacks (a secret kept out of a failed creation's error) is taken from the program.
    const outs: Props = { ...olds, ...pickFields(fields, news) };
    for (const key of initialOnlyFields) outs[key] = olds[key] ?? news[key];
    outs.builderUrl = news.builderUrl === "" ? undefined : news.builderUrl;
    return {
      outs: defined({
        ...outs,
        accountId,
        server,
        url: accountUrl(server),
      }) as OnlineAccountOutputs,
    };
  }

  async delete(id: string, props: OnlineAccountOutputs): Promise<void> {
    const { server, accountId } = parseId(id);
    if (deletionProtected(props.deletionProtection)) {
      throw new Error(
        `OnlineAccount ${describe(id, props)} is protected by deletionProtection: deleting it ` +
          `would erase the account with all its conversations, contacts, files and reports, for ` +
          `good. To delete it, set deletionProtection: false on the resource, run pulumi up, ` +
          `then remove it (or run pulumi destroy). To stop managing it without deleting it, set ` +
          `the resource option retainOnDelete: true, run pulumi up, then remove it.`,
      );
    }
    const client = this.runtime.partners();
    try {
      await client.online.deleteAccount({ accountId, server });
    } catch (error) {
      // 33 may mean "already gone"; only the list can say so.
      if (!(error instanceof PartnersApiError && error.reason === 33)) {
        this.runtime.invalidateAccounts();
        throw error;
      }
      const stillThere = (await this.runtime.freshAccounts()).some(
        (a) => a.accountId === accountId && a.server === server,
      );
      if (stillThere) throw error;
    }
    // A replacement created after this must not find its predecessor in the list.
    this.runtime.accountDeleted({ accountId, server });
  }

  private async findAccount(
    server: string,
    accountId: string,
  ): Promise<AccountSummary | undefined> {
    return (await this.runtime.accounts()).find(
      (a) => a.accountId === accountId && a.server === server,
    );
  }

  /**
   * Why the account cannot be adopted, or undefined: it must exist, and no other resource of
   * this run may claim it. A lookup that fails says nothing at preview; create asks again.
   */
  private async adoptionProblem(
    inputs: OnlineAccountInputs,
    ref: { server: string; accountId: string },
  ): Promise<string | undefined> {
    const claimant = this.runtime.claim(
      `account:${ref.server}/${ref.accountId}`,
      inputs.resourceKey,
    );
    if (claimant !== undefined) {
      return (
        `${ref.server}/${ref.accountId} is already managed by another resource of this stack; ` +
        `an account can belong to one resource only`
      );
    }
    let remote: AccountSummary | undefined;
    try {
      remote = await this.findAccount(ref.server, ref.accountId);
    } catch {
      return undefined;
    }
    return remote ? undefined : missingAccount(ref);
  }
}

/**
 * Whether the account's reference is the one derived for this resource (its key), which makes
 * the account recognisably this resource's; undefined for a state written before keys existed.
 */
function referenceDerivedOf(props: Props): boolean | undefined {
  return typeof props.resourceKey === "string" ? props.reference === props.resourceKey : undefined;
}

function missingAccount(ref: { server: string; accountId: string }): string {
  return (
    `there is no account ${ref.server}/${ref.accountId} under this partner, so there is ` +
    `nothing to adopt (npx pulumi-99digital adopt --dry-run lists the accounts that exist)`
  );
}

/**
 * The createAccount parameters from the inputs: the resource's own fields and the ones only an
 * adoption uses stay out.
 */
function createParams(inputs: OnlineAccountInputs) {
  const { accountName, agents, inboxes, adminEmail, adminName, adminDisplayName, adminPassword } =
    inputs;
  if (
    agents === undefined ||
    inboxes === undefined ||
    adminEmail === undefined ||
    adminName === undefined ||
    adminDisplayName === undefined ||
    adminPassword === undefined ||
    inputs.reference === undefined
  ) {
    // check requires them for a new account; reaching here means the engine skipped check.
    throw new Error(
      "OnlineAccount: creating an account needs agents, inboxes, reference and the admin fields",
    );
  }
  return {
    accountName,
    agents,
    inboxes,
    adminEmail,
    adminName,
    adminDisplayName,
    adminPassword,
    adminTwoFactor: inputs.adminTwoFactor,
    ...(inputs.adminTwoFactorDestination !== undefined && {
      adminTwoFactorDestination: inputs.adminTwoFactorDestination,
    }),
    server: inputs.server,
    reference: inputs.reference,
  };
}

/**
 * What online/updateAccount must send to bring `current` to `wanted`. On create, an absent
 * builderUrl needs nothing; later, removing it from the program removes the link ("").
 */
function updatableChanges(
  current: Props,
  wanted: Props,
  creating: boolean,
): { accountName?: string; status?: "active" | "suspended"; builderUrl?: string } {
  const changes: Props = {};
  for (const key of apiUpdatable) {
    const from = current[key] ?? (key === "builderUrl" ? "" : undefined);
    const to = wanted[key] ?? (key === "builderUrl" ? "" : undefined);
    if (creating && key === "builderUrl" && to === "") continue;
    if (to !== undefined && !same(from, to)) changes[key] = to;
  }
  return changes;
}

/**
 * Replacing an account deletes it with all its data. While the current state says
 * deletionProtection is on, the plan stops here, at preview.
 */
function protectionFailures(olds: Props, news: Props): pulumi.dynamic.CheckFailure[] {
  if (!deletionProtected(olds.deletionProtection)) return [];
  return replacementFields
    .filter(
      (key) =>
        !containsUnknown(news[key]) && olds[key] !== undefined && !same(olds[key], news[key]),
    )
    .map((key) => ({
      property: key,
      reason:
        `changing ${key} from ${shown(olds[key])} to ${shown(news[key])} would ` +
        `replace the account: the Partners API cannot change ${key}, so the account ${shown(olds.accountName)} ` +
        `would be deleted with all its conversations, contacts and files, and a new empty one created. ` +
        `deletionProtection is on, so nothing was changed. To replace it anyway, first apply ` +
        `deletionProtection: false on its own, then apply the new ${key}.`,
    }));
}

function driftOf(props: Props, remote: AccountSummary) {
  const remoteValues: Props = {
    accountName: remote.accountName,
    status: remote.status,
    reference: remote.reference ?? "",
  };
  return Object.entries(remoteValues)
    .filter(([field, value]) => props[field] !== undefined && !same(props[field], value))
    .map(([field, value]) => ({ field, remote: value, state: props[field] }));
}

export function parseId(id: string): { server: string; accountId: string } {
  const ref = parseAccountRef(id);
  if (!ref) {
    throw new Error(
      `${shown(id)} is not an OnlineAccount id; ids look like <server>/<accountId>, e.g. online/8`,
    );
  }
  return ref;
}

export function accountUrl(server: string): string {
  return `https://${server}.99digital.co.il`;
}

function describe(id: string, props: Props): string {
  return typeof props.accountName === "string" ? `${id} (${shown(props.accountName)})` : id;
}
