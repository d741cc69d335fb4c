// The OnlineAccount lifecycle, run by Pulumi's provider host. The rules come
// from the design: what updates in place, what only applies at creation, what
// replaces the account, and how deletion protection guards customers' data.
import type * as pulumi from "@pulumi/pulumi";
import {
  createAccountParamsSchema,
  PartnersApiError,
  type AccountSummary,
  type CreateAccountParams,
  type TwoFactorMode,
} from "../client";
import type { ProviderRuntime } from "../runtime";
import { createAccountOnce } from "./create-once";

/** The value Pulumi sends for an input that is not known yet (preview). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type { TwoFactorMode };
export type AccountStatus = "active" | "suspended";

/** Inputs after `check`: the createAccount parameters with defaults applied, and the rest. */
export interface OnlineAccountInputs extends CreateAccountParams {
  adminTwoFactor: TwoFactorMode;
  server: string;
  reference: string;
  status: AccountStatus;
  builderUrl?: string;
  deletionProtection: boolean;
}

export interface OnlineAccountOutputs extends OnlineAccountInputs {
  accountId: string;
  adminAgentId: string;
  url: string;
}

type Props = Record<string, unknown>;

export const defaults = {
  server: "online",
  adminTwoFactor: "none",
  status: "active",
  deletionProtection: true,
} as const;

/** No API changes these: a new value means a new account. */
export const replacementFields = ["server", "agents", "inboxes"] as const;
/** Changed through online/updateAccount, or in state only (deletionProtection). */
export const inPlaceFields = ["accountName", "status", "builderUrl", "deletionProtection"] as const;
/** Belong to the customer once the account exists; a change is only warned about. */
export const initialOnlyFields = [
  "adminEmail",
  "adminName",
  "adminDisplayName",
  "adminPassword",
  "adminTwoFactor",
  "adminTwoFactorDestination",
  "reference",
] as const;

const inputFields = [...replacementFields, ...inPlaceFields, ...initialOnlyFields] as const;
/** The inputs that online/createAccount takes, as its parameter schema lists them. */
const apiFields = Object.keys(createAccountParamsSchema.shape) as Array<keyof CreateAccountParams>;

export class OnlineAccountProvider implements Required<pulumi.dynamic.ResourceProvider> {
  constructor(private readonly runtime: ProviderRuntime) {}

  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.runtime.configure((key) => req.config.get(key));
    return Promise.resolve();
  }

  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const inputs: Props = { ...news };
    for (const [key, value] of Object.entries(defaults)) {
      if (inputs[key] === undefined || inputs[key] === null) inputs[key] = value;
    }
    const failures = [...validate(inputs), ...protectionFailures(olds, inputs)];
    return Promise.resolve({ inputs, failures });
  }

  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const changed = (key: string) => !same(olds[key], news[key]);
    const replaces = replacementFields.filter(changed);
    const updates = inPlaceChanges(olds, news);
    const ignored = initialOnlyFields.filter((key) => news[key] !== undefined && changed(key));
    if (ignored.length > 0) {
      this.runtime.warn(
        `OnlineAccount ${describe(id, olds)}: ${list(ignored)} ` +
          `${ignored.length === 1 ? "only applies" : "only apply"} when the account is ` +
          `created; the account belongs to the customer now and keeps its current ` +
          `${ignored.length === 1 ? "value" : "values"}. The change is ignored, nothing is replaced.`,
      );
    }
    return Promise.resolve({
      changes: replaces.length + updates.length > 0,
      replaces,
      // Always, so that `pulumi up --replace` and replaceOnChanges delete first too: the new
      // account carries the old one's reference and must not find and adopt it.
      deleteBeforeReplace: true,
      stables: ["accountId", "adminAgentId", ...initialOnlyFields],
    });
  }

  async create(raw: Props): Promise<pulumi.dynamic.CreateResult> {
    const inputs = raw as unknown as OnlineAccountInputs;
    const client = this.runtime.partners();
    const created = await createAccountOnce(client, pickApiParams(inputs), {
      settleMs: this.runtime.settleMs(),
      maxAttempts: this.runtime.createAttempts(),
      sleep: this.runtime.sleep,
      warn: this.runtime.warn,
      accounts: this.runtime.sharedAccounts(),
      referenceDerived:
        typeof raw.referenceDerived === "boolean" ? raw.referenceDerived : undefined,
    });
    const id = `${created.server}/${created.accountId}`;
    const outs: OnlineAccountOutputs = {
      ...pickInputs(inputs),
      server: created.server,
      accountId: created.accountId,
      adminAgentId: created.adminAgentId,
      url: accountUrl(created.server),
      status: created.status,
    };
    delete outs.builderUrl;

    // createAccount sets neither; a failure here keeps the account in state
    // with what it really has, and the next `pulumi up` finishes the job.
    const followUp = {
      ...(inputs.status !== created.status && { status: inputs.status }),
      ...(inputs.builderUrl !== undefined && { builderUrl: inputs.builderUrl }),
    };
    if (Object.keys(followUp).length > 0) {
      try {
        await client.online.updateAccount({
          accountId: created.accountId,
          server: created.server,
          ...followUp,
        });
      } catch (error) {
        const message =
          `OnlineAccount ${id} was created, but setting its ${list(Object.keys(followUp))} ` +
          `failed: ${(error as Error).message}. The account is kept in state; the next ` +
          `pulumi up applies the change.`;
        // An id makes the host report a resource that exists but failed to initialise;
        // the engine shows the reasons, not the message.
        throw Object.assign(new Error(message), {
          id,
          properties: { ...outs, __provider: raw.__provider },
          reasons: [message],
        });
      }
      Object.assign(outs, followUp);
    }
    return { id, outs };
  }

  async read(id: string, props: Props = {}): Promise<pulumi.dynamic.ReadResult> {
    const { server, accountId } = parseId(id);
    const remote = (await this.runtime.accounts()).find(
      (a) => a.accountId === accountId && a.server === server,
    );
    if (!remote) {
      this.runtime.warn(
        `OnlineAccount ${describe(id, props)} no longer exists on 99digital; it is removed from state`,
      );
      return { id: "" };
    }
    const drift = driftOf(props, remote);
    if (drift.length > 0) {
      this.runtime.warn(
        `OnlineAccount ${describe(id, props)} was changed outside Pulumi: ` +
          drift
            .map(
              (d) =>
                `${d.field} is ${JSON.stringify(d.remote)} (state had ${JSON.stringify(d.state)})`,
            )
            .join(", "),
      );
    }
    const refreshed: Props = {
      ...props,
      accountId,
      server,
      url: accountUrl(server),
      accountName: remote.accountName,
      status: remote.status,
      reference: remote.reference ?? "",
    };
    return { id, props: refreshed, inputs: pickInputs(refreshed) };
  }

  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const { server, accountId } = parseId(id);
    // deletionProtection lives in state only; the rest goes to the API.
    const changes: { accountName?: string; status?: AccountStatus; builderUrl?: string } = {};
    for (const key of inPlaceChanges(olds, news)) {
      if (key !== "deletionProtection") Object.assign(changes, { [key]: news[key] });
    }
    if (Object.keys(changes).length > 0) {
      await this.runtime.partners().online.updateAccount({ accountId, server, ...changes });
      this.runtime.accountChanged({ accountId, server }, changes);
    }
    // Initial-only fields keep what the account was created with.
    const outs: Props = { ...olds, ...pickInputs(news) };
    for (const key of initialOnlyFields) outs[key] = olds[key];
    if (news.builderUrl === undefined) outs.builderUrl = olds.builderUrl;
    // The provider host sends outs with Struct.fromJavaScript, which rejects undefined.
    for (const [key, value] of Object.entries(outs)) if (value === undefined) delete outs[key];
    return { outs: { ...outs, accountId, server, url: accountUrl(server) } };
  }

  async delete(id: string, props: Props): Promise<void> {
    const { server, accountId } = parseId(id);
    if (props.deletionProtection !== false) {
      throw new Error(
        `OnlineAccount ${describe(id, props)} is protected by deletionProtection: deleting it ` +
          `would erase the account with all its conversations, contacts, files and reports, for ` +
          `good. To delete it, set deletionProtection: false on the resource, run pulumi up, ` +
          `then remove it (or run pulumi destroy).`,
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
    this.runtime.accountDeleted({ accountId, server });
  }
}

/** One failure per bad field, naming the rule; unknown values are skipped. */
function validate(inputs: Props): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const unknown = new Set(Object.keys(inputs).filter((key) => containsUnknown(inputs[key])));

  const params: Props = {};
  for (const key of apiFields)
    if (!unknown.has(key) && inputs[key] !== undefined) params[key] = inputs[key];
  const parsed = createAccountParamsSchema.safeParse(params);
  if (!parsed.success) {
    const seen = new Set<string>();
    for (const issue of parsed.error.issues) {
      const property = String(issue.path[0] ?? "");
      // A required field that is unknown now is checked when it is known.
      if (unknown.has(property) || seen.has(property)) continue;
      if (property === "adminTwoFactorDestination" && unknown.has("adminTwoFactor")) continue;
      seen.add(property);
      failures.push({ property, reason: issue.message });
    }
  }

  const { status, builderUrl, deletionProtection } = inputs;
  if (!unknown.has("status") && status !== "active" && status !== "suspended") {
    failures.push({ property: "status", reason: `status must be "active" or "suspended"` });
  }
  if (!unknown.has("builderUrl") && builderUrl !== undefined && !isBuilderUrl(builderUrl)) {
    failures.push({
      property: "builderUrl",
      reason: "builderUrl must be an http or https URL of at most 150 characters",
    });
  }
  if (!unknown.has("deletionProtection") && typeof deletionProtection !== "boolean") {
    failures.push({
      property: "deletionProtection",
      reason: "deletionProtection must be true or false",
    });
  }
  for (const key of Object.keys(inputs)) {
    if (key !== "__provider" && !(inputFields as readonly string[]).includes(key)) {
      failures.push({ property: key, reason: `${key} is not an input of OnlineAccount` });
    }
  }
  return failures;
}

/**
 * Replacing an account deletes it with all its data. While the current
 * state says deletionProtection is on, the plan stops here, at preview.
 */
function protectionFailures(olds: Props, news: Props): pulumi.dynamic.CheckFailure[] {
  if (Object.keys(olds).length === 0 || olds.deletionProtection === false) return [];
  return replacementFields
    .filter(
      (key) =>
        !containsUnknown(news[key]) && olds[key] !== undefined && !same(olds[key], news[key]),
    )
    .map((key) => ({
      property: key,
      reason:
        `changing ${key} from ${JSON.stringify(olds[key])} to ${JSON.stringify(news[key])} would ` +
        `replace the account: the Partners API cannot change ${key}, so the account "${String(olds.accountName)}" ` +
        `would be deleted with all its conversations, contacts and files, and a new empty one created. ` +
        `deletionProtection is on, so nothing was changed. To replace it anyway, first apply ` +
        `deletionProtection: false on its own, then apply the new ${key}.`,
    }));
}

/** The in-place fields whose value changes. */
function inPlaceChanges(olds: Props, news: Props): Array<(typeof inPlaceFields)[number]> {
  return inPlaceFields.filter(
    (key) =>
      !same(olds[key], news[key]) &&
      // An absent builderUrl means "no opinion": the contract documents no way to clear it.
      !(key === "builderUrl" && news[key] === undefined),
  );
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

function pickApiParams(
  inputs: OnlineAccountInputs,
): CreateAccountParams & { reference: string; server: string } {
  const params: Props = {};
  for (const key of apiFields) if (inputs[key] !== undefined) params[key] = inputs[key];
  return params as unknown as CreateAccountParams & { reference: string; server: string };
}

function pickInputs<T extends object>(source: T): OnlineAccountInputs {
  const picked: Props = {};
  for (const key of inputFields) {
    const value = (source as Props)[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked as unknown as OnlineAccountInputs;
}

export function parseId(id: string): { server: string; accountId: string } {
  const match = /^([^/]+)\/(\d+)$/.exec(id);
  if (!match) {
    throw new Error(
      `"${id}" is not an OnlineAccount id; ids look like <server>/<accountId>, e.g. online/8`,
    );
  }
  return { server: match[1], accountId: match[2] };
}

export function accountUrl(server: string): string {
  return `https://${server}.99digital.co.il`;
}

function describe(id: string, props: Props): string {
  return typeof props.accountName === "string" ? `${id} ("${props.accountName}")` : id;
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // Numbers may come back from state as strings and the other way round.
  const scalar = (v: unknown) => typeof v === "string" || typeof v === "number";
  return scalar(a) && scalar(b) && String(a) === String(b);
}

function containsUnknown(value: unknown): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

function isBuilderUrl(value: unknown): boolean {
  if (typeof value !== "string" || value.length > 150) return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

function list(fields: readonly string[]): string {
  return fields.length === 1
    ? fields[0]
    : `${fields.slice(0, -1).join(", ")} and ${fields[fields.length - 1]}`;
}
