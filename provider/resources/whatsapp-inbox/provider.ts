// The WhatsAppInbox lifecycle, run by Pulumi's provider host. No API changes an inbox, so every
// change of the program replaces it (the field table, schema.ts); this file says what each step
// asks of the API, how the WhatsApp number keeps creation exactly-once, and how deletion
// protection guards an inbox's history.
import type * as pulumi from "@pulumi/pulumi";
import { PartnersApiError, type CreatedInbox, type Inbox } from "../../client";
import type { ProviderRuntime } from "../../runtime";
import { createListedOnce, OneAtATime } from "../create-once-listed";
import {
  adoptedNameFailures,
  checkInputs,
  containsUnknown,
  defined,
  fieldsWhere,
  initialOnlyWarning,
  pickFields,
  plan,
  same,
  shown,
  type Props,
} from "../fields";
import { deletionProtected } from "../protection";
import { SharedListings } from "../listings";
import { inboxSchema } from "./rules";
import {
  fields,
  inboxIdOf,
  parseInboxRef,
  type InboxRef,
  type WhatsAppInboxInputs,
  type WhatsAppInboxOutputs,
} from "./schema";

type Provider = Required<
  pulumi.dynamic.ResourceProvider<WhatsAppInboxInputs, WhatsAppInboxOutputs>
>;

const replacementFields = fieldsWhere(fields, "replace");
const initialOnlyFields = fieldsWhere(fields, "initialOnly");

/** The reason createInbox gives for a number that is not the partner's or already in an inbox. */
const NUMBER_REFUSED = 46;

export class WhatsAppInboxProvider implements Provider {
  /** Creations of same-named inboxes in one account, one at a time (see create-once-listed.ts). */
  private readonly creations = new OneAtATime();
  /** One getInboxes answer per account for the many reads of a run. */
  private readonly inboxes: SharedListings<Inbox>;

  constructor(private readonly runtime: ProviderRuntime) {
    this.inboxes = new SharedListings((key) => {
      const [server, accountId] = key.split("/");
      return this.runtime.partners().online.getInboxes({ accountId, server });
    });
  }

  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.runtime.configure((key) => req.config.get(key));
    this.inboxes.clear();
    return Promise.resolve();
  }

  /** Takes whatever the program sent: any JSON in any field. */
  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<WhatsAppInboxInputs>> {
    const given: Props = { ...news };
    // An adopted inbox's account and server are the ones in its id.
    const adopted = parseInboxRef(given.existingInbox);
    if (adopted) {
      given.server ??= adopted.server;
      given.accountId ??= adopted.accountId;
    }
    const result = checkInputs(
      { kind: "WhatsAppInbox", table: fields, schema: inboxSchema, stateful: protectionFailures },
      olds ?? {},
      given,
    );
    const failures = [...(result.failures ?? [])];
    const inputs = (result.inputs ?? {}) as WhatsAppInboxInputs;
    const failed = (field: string) => failures.some((f) => f.property === field);

    const number = inputs.whatsappNumber;
    if (typeof number === "string" && !containsUnknown(number) && !failed("whatsappNumber")) {
      if (this.runtime.claim(numberKey(number), inputs.resourceKey) !== undefined) {
        failures.push({
          property: "whatsappNumber",
          reason:
            `whatsappNumber ${number} is declared by another WhatsAppInbox of this stack too; ` +
            `99digital puts a number in one inbox only, so give each resource its own number`,
        });
      }
    }
    const isNew = Object.keys(olds ?? {}).length === 0;
    if (isNew && adopted && !failed("existingInbox")) {
      failures.push(...(await this.adoptionProblems(inputs, adopted)));
    }
    return { inputs, failures };
  }

  diff(
    id: string,
    olds: WhatsAppInboxOutputs,
    news: WhatsAppInboxInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    // The inbox is this resource's in this run: another resource must not take it over.
    const ref = parseInboxRef(id);
    if (ref) this.runtime.claim(inboxKey(ref), olds.resourceKey);
    const planned = plan(fields, olds, news);
    if (planned.ignored.length > 0) {
      this.runtime.warn(
        initialOnlyWarning(`WhatsAppInbox ${describe(id, olds)}`, "inbox", planned.ignored),
      );
    }
    return Promise.resolve({
      changes: planned.replaces.length + planned.updates.length > 0,
      replaces: planned.replaces,
      // Always: the old inbox holds the number until it is deleted, so a new inbox with the same
      // number can only be made after it (also under pulumi up --replace).
      deleteBeforeReplace: true,
      stables: ["inboxId", ...initialOnlyFields],
    });
  }

  async create(
    inputs: WhatsAppInboxInputs,
  ): Promise<pulumi.dynamic.CreateResult<WhatsAppInboxOutputs>> {
    const adopted = parseInboxRef(inputs.existingInbox);
    if (inputs.existingInbox !== undefined && !adopted) {
      throw new Error(
        `WhatsAppInbox: existingInbox ${shown(inputs.existingInbox)} is not an inbox id <server>/<accountId>/<inboxId>`,
      );
    }
    return adopted ? this.adopt(inputs, adopted) : this.createNew(inputs);
  }

  private async createNew(
    inputs: WhatsAppInboxInputs,
  ): Promise<pulumi.dynamic.CreateResult<WhatsAppInboxOutputs>> {
    const client = this.runtime.partners();
    const { accountId, server, inboxName, whatsappNumber, reference } = inputs;
    const account = `${server}/${accountId}`;
    const name = inboxName.trim();
    const describeIt = `WhatsAppInbox ${shown(inboxName)} (${whatsappNumber}) in account ${account}`;
    let existing: Inbox[] = [];
    let created: CreatedInbox;
    try {
      ({ made: created } = await createListedOnce<CreatedInbox, Inbox>(
        {
          describe: describeIt,
          scope: `${account}/${name}`,
          list: () => client.online.getInboxes({ accountId, server }),
          idOf: (i) => i.id,
          looksLike: (i) => i.name.trim() === name,
          create: () =>
            client.online.createInbox({
              accountId,
              server,
              inboxName,
              whatsappNumber,
              ...(reference !== undefined && { reference }),
              // Sent only to ask for it: coexistence numbers alone take it.
              ...(inputs.importHistory && { importHistory: true }),
            }),
          idOfMade: (made) => made.inboxId,
          found: (i) => ({ inboxId: i.id, accountId, server, whatsappNumber }),
          // The API refuses a second inbox with the number.
          duplicatesPossible: false,
          beforeCreating: (listed) => {
            existing = listed;
          },
          nextStep: (candidates) =>
            `Look in getInboxes of account ${account} for an inbox named ${shown(inboxName)} ` +
            `made just now` +
            (candidates.length > 0 ? ` (${candidates.map((i) => i.id).join(", ")})` : "") +
            `: if it holds ${whatsappNumber}, take it over with existingInbox: ` +
            `"${account}/<inboxId>". Running pulumi up again as it is fails while the number ` +
            `is in an inbox, so no second inbox can be made.`,
        },
        {
          maxAttempts: this.runtime.createAttempts(),
          settleMs: this.runtime.settleMs(),
          sleep: this.runtime.sleep,
          warn: this.runtime.warn,
          queue: this.creations,
        },
      ));
    } catch (error) {
      if (error instanceof PartnersApiError && error.reason === NUMBER_REFUSED) {
        throw new Error(numberRefused(describeIt, inputs, existing), { cause: error });
      }
      throw error;
    } finally {
      this.inboxes.drop(account);
    }
    const ref = { server, accountId, inboxId: created.inboxId };
    this.runtime.claim(inboxKey(ref), inputs.resourceKey);
    const outs: WhatsAppInboxOutputs = { ...inputs, inboxId: created.inboxId };
    return { id: inboxIdOf(ref), outs: defined(outs) as WhatsAppInboxOutputs };
  }

  /** Takes an existing inbox into state with what the API has. */
  private async adopt(
    inputs: WhatsAppInboxInputs,
    ref: InboxRef,
  ): Promise<pulumi.dynamic.CreateResult<WhatsAppInboxOutputs>> {
    const id = inboxIdOf(ref);
    const [problem] = await this.adoptionProblems(inputs, ref, true);
    if (problem) throw new Error(`WhatsAppInbox ${id}: ${problem.reason}`);
    const outs: WhatsAppInboxOutputs = {
      ...inputs,
      server: ref.server,
      accountId: ref.accountId,
      inboxId: ref.inboxId,
    };
    return { id, outs: defined(outs) as WhatsAppInboxOutputs };
  }

  async read(
    id: string,
    props?: WhatsAppInboxOutputs,
  ): Promise<pulumi.dynamic.ReadResult<WhatsAppInboxOutputs>> {
    const state: Props = { ...props };
    const ref = parseId(id);
    const { listed, remote } = await this.find(ref);
    if (!remote) {
      this.runtime.warn(
        `WhatsAppInbox ${describe(id, state)} no longer exists on 99digital` +
          (listed ? "" : ` (nor does its account ${ref.server}/${ref.accountId})`) +
          `; it is removed from state`,
      );
      return { id: "" };
    }
    this.runtime.claim(inboxKey(ref), props?.resourceKey);
    if (state.inboxName !== undefined && !same(state.inboxName, remote.name)) {
      this.runtime.warn(
        `WhatsAppInbox ${describe(id, state)} was changed outside Pulumi: inboxName is ` +
          `${shown(remote.name)} (state had ${shown(state.inboxName)}). Put the new name in the ` +
          `program: the old one would replace the inbox`,
      );
    }
    const refreshed = {
      ...state,
      server: ref.server,
      accountId: ref.accountId,
      inboxId: ref.inboxId,
      inboxName: remote.name,
    } as WhatsAppInboxOutputs;
    return { id, props: refreshed, inputs: pickFields(fields, refreshed) as WhatsAppInboxOutputs };
  }

  /** Only deletionProtection reaches here (anything else replaces or is ignored): state only. */
  update(
    _id: string,
    olds: WhatsAppInboxOutputs,
    news: WhatsAppInboxInputs,
  ): Promise<pulumi.dynamic.UpdateResult<WhatsAppInboxOutputs>> {
    const outs: Props = { ...olds, ...pickFields(fields, news) };
    for (const key of initialOnlyFields) outs[key] = olds[key] ?? news[key];
    return Promise.resolve({
      outs: defined({ ...outs, inboxId: olds.inboxId }) as WhatsAppInboxOutputs,
    });
  }

  async delete(id: string, props: WhatsAppInboxOutputs): Promise<void> {
    const ref = parseId(id);
    if (deletionProtected(props.deletionProtection)) {
      throw new Error(
        `WhatsAppInbox ${describe(id, props)} is protected by deletionProtection: deleting it ` +
          `would delete its conversation history for good and release its WhatsApp number. To ` +
          `delete it, set deletionProtection: false on the resource, run pulumi up, then remove ` +
          `it (or run pulumi destroy). When its account is deleted too, give the inbox the ` +
          `resource option deletedWith: <the account>: deleting the account deletes its inboxes. ` +
          `To stop managing it without deleting it, set retainOnDelete: true, run pulumi up, ` +
          `then remove it.`,
      );
    }
    const account = `${ref.server}/${ref.accountId}`;
    try {
      await this.runtime
        .partners()
        .online.deleteInbox({ accountId: ref.accountId, server: ref.server, inboxId: ref.inboxId });
    } catch (error) {
      // A refusal may mean "already gone" (the inbox, or its whole account); only the lists can
      // say so.
      if (!(error instanceof PartnersApiError && (error.reason === 48 || error.reason === 33))) {
        throw error;
      }
      this.inboxes.drop(account);
      const listed = await this.listOrGone(ref, true);
      if (listed?.some((i) => i.id === ref.inboxId)) throw error;
    } finally {
      this.inboxes.drop(account);
    }
  }

  /**
   * The inbox and its account's inboxes (undefined when the account is gone), from the run's
   * shared listing; an inbox missing there is confirmed by a fresh one.
   */
  private async find(ref: InboxRef): Promise<{ listed?: Inbox[]; remote?: Inbox }> {
    const match = (list: Inbox[] | undefined) => list?.find((i) => i.id === ref.inboxId);
    let listed = await this.listOrGone(ref);
    if (match(listed)) return { listed, remote: match(listed) };
    listed = await this.listOrGone(ref, true);
    return { listed, remote: match(listed) };
  }

  /**
   * The inboxes of the inbox's account, or undefined when the account no longer exists
   * (getInboxes answers 33, and getAccounts confirms the account is absent).
   */
  private async listOrGone(ref: InboxRef, fresh = false): Promise<Inbox[] | undefined> {
    const key = `${ref.server}/${ref.accountId}`;
    try {
      return await (fresh ? this.inboxes.fresh(key) : this.inboxes.get(key));
    } catch (error) {
      if (!(error instanceof PartnersApiError && error.reason === 33)) throw error;
      const accounts = await (fresh ? this.runtime.freshAccounts() : this.runtime.accounts());
      if (accounts.some((a) => a.accountId === ref.accountId && a.server === ref.server)) {
        throw error;
      }
      return undefined;
    }
  }

  /**
   * Why the inbox cannot be adopted: no other resource of the run may claim it, it must exist,
   * and inboxName must be its name (another would replace it). A lookup that fails says nothing
   * at preview; create asks again and then fails.
   */
  private async adoptionProblems(
    inputs: WhatsAppInboxInputs,
    ref: InboxRef,
    strict = false,
  ): Promise<pulumi.dynamic.CheckFailure[]> {
    const id = inboxIdOf(ref);
    if (this.runtime.claim(inboxKey(ref), inputs.resourceKey) !== undefined) {
      return [
        {
          property: "existingInbox",
          reason:
            `${id} is already managed by another resource of this stack; an inbox can belong ` +
            `to one resource only`,
        },
      ];
    }
    let remote: Inbox | undefined;
    try {
      ({ remote } = await this.find(ref));
    } catch (error) {
      if (strict) throw error;
      return [];
    }
    if (!remote) {
      return [
        {
          property: "existingInbox",
          reason:
            `there is no inbox ${id} under this partner, so there is nothing to adopt ` +
            `(getInboxes lists an account's inboxes)`,
        },
      ];
    }
    return adoptedNameFailures("inboxName", inputs.inboxName, remote.name, "inbox");
  }
}

function numberKey(whatsappNumber: string): string {
  return `whatsapp:${whatsappNumber}`;
}

function inboxKey(ref: InboxRef): string {
  return `inbox:${inboxIdOf(ref)}`;
}

/** createInbox's refusal of the number, with what the user can do about it. */
function numberRefused(what: string, inputs: WhatsAppInboxInputs, existing: Inbox[]): string {
  const account = `${inputs.server}/${inputs.accountId}`;
  const sameName = existing.filter((i) => i.name.trim() === inputs.inboxName.trim());
  return (
    `${what}: 99digital refused whatsappNumber ${inputs.whatsappNumber} (reason 46): it is not ` +
    `one of the partner's working WhatsApp numbers, or it is already in an inbox. Nothing was ` +
    `created. If an inbox on this number exists (an earlier run may have made it), take it over ` +
    `with existingInbox: "${account}/<inboxId>"` +
    (sameName.length > 0
      ? `; inboxes named ${shown(inputs.inboxName)} in that account: ${sameName.map((i) => `${account}/${i.id}`).join(", ")}`
      : "") +
    `.`
  );
}

/**
 * Replacing an inbox deletes it with its history. While the current state says
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
        `changing ${key} from ${shown(olds[key])} to ${shown(news[key])} would replace the ` +
        `inbox: no API changes an inbox, so the inbox ${shown(olds.inboxName)} would be deleted ` +
        `with its conversation history, its number released, and a new empty one created. ` +
        `deletionProtection is on, so nothing was changed. To replace it anyway, first apply ` +
        `deletionProtection: false on its own, then apply the new ${key}.`,
    }));
}

export function parseId(id: string): InboxRef {
  const ref = parseInboxRef(id);
  if (!ref) {
    throw new Error(
      `${shown(id)} is not a WhatsAppInbox id; ids look like <server>/<accountId>/<inboxId>, e.g. online/8/1000`,
    );
  }
  return ref;
}

function describe(id: string, props: Props): string {
  return typeof props.inboxName === "string" ? `${id} (${shown(props.inboxName)})` : id;
}
