// What a killed run made at 99digital that the state does not hold. A create the engine started
// and never heard the end of stays in the checkpoint as a pending operation with the inputs it
// was sent; the objects at 99digital that match those inputs the way the provider matches them
// when it creates (create-once.ts, create-once-listed.ts), and that no resource of the stack
// holds, are what the killed run made. Accounts carry the resource's reference, so the next
// pulumi up finds and adopts them; builders and inboxes are only listed (their listings carry
// no key of ours), for the user to take over or delete.

import type { AccountSummary, BuilderSummary, PartnersClient } from "../client";
import { fields as accountFields } from "../resources/online-account/schema";
import { fields as inboxFields } from "../resources/whatsapp-inbox/schema";
import { kindOfType, type ManagedAccounts } from "./stack-state";

/** A create the killed run left pending: the resource's name, kind and the inputs it sent. */
export interface PendingCreate {
  name: string;
  kind: string;
  inputs: Record<string, unknown>;
}

/** The pending creates of a `pulumi stack export` document's deployment. */
export function pendingCreates(deployment: {
  pending_operations?: Array<{ type?: string; resource?: unknown }>;
}): PendingCreate[] {
  const creates: PendingCreate[] = [];
  for (const operation of deployment.pending_operations ?? []) {
    const resource = operation.resource as
      { urn?: unknown; type?: unknown; inputs?: Record<string, unknown> } | undefined;
    if (operation.type !== "creating" || typeof resource?.urn !== "string") continue;
    const kind = kindOfType(String(resource.type));
    if (kind === undefined) continue;
    const name = resource.urn.slice(resource.urn.lastIndexOf("::") + 2);
    creates.push({ name, kind, inputs: resource.inputs ?? {} });
  }
  return creates;
}

/** One object at 99digital the state does not hold, and what happens to it next. */
export interface Orphan {
  /** The pending resource it was made for. */
  resource: string;
  kind: "account" | "builder" | "inbox";
  /** `<server>/<accountId>`, the builder id, or `<server>/<accountId>/<inboxId>`. */
  id: string;
  name: string;
  /** What the next pulumi up does with it, or what the user should do. */
  next: string;
}

/**
 * The objects at 99digital made for `creates` that the stack does not manage. Reads only:
 * getAccounts once, getBuilders once when a builder is pending, getInboxes per pending inbox.
 */
export async function orphansOf(
  creates: readonly PendingCreate[],
  managed: ManagedAccounts,
  client: PartnersClient,
): Promise<Orphan[]> {
  const orphans: Orphan[] = [];
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : undefined);
  let accounts: AccountSummary[] | undefined;
  let builders: BuilderSummary[] | undefined;
  for (const { name, kind, inputs } of creates) {
    if (kind === "OnlineAccount") {
      accounts ??= await client.online.getAccounts();
      const server = text(inputs.server) ?? String(accountFields.server.default);
      const found = accounts.filter(
        (a) =>
          a.reference === text(inputs.reference) &&
          a.server === server &&
          a.accountName.trim() === text(inputs.accountName) &&
          !managed.keys.has(`${a.server}/${a.accountId}`),
      );
      const next =
        found.length === 1
          ? "the next pulumi up adopts it once its admin agent's email matches"
          : `one of ${found.length} look-alikes: under a reference derived for the resource the ` +
            `next pulumi up adopts one and names the others; under a reference you gave it stops ` +
            `and asks you to choose`;
      for (const a of found) {
        orphans.push({
          resource: name,
          kind: "account",
          id: `${a.server}/${a.accountId}`,
          name: a.accountName,
          next,
        });
      }
    } else if (kind === "Builder") {
      builders ??= await client.builder.getBuilders();
      for (const b of builders) {
        if (b.clientName.trim() !== text(inputs.clientName) || managed.builders.has(b.builderId)) {
          continue;
        }
        orphans.push({
          resource: name,
          kind: "builder",
          id: b.builderId,
          name: b.clientName,
          next:
            `not adopted by itself (getBuilders carries no reference): take it over with ` +
            `existingBuilder: "${b.builderId}", or delete it if another builder of that name is meant`,
        });
      }
    } else if (kind === "WhatsAppInbox") {
      const server = text(inputs.server) ?? String(inboxFields.server.default);
      const accountId = text(inputs.accountId);
      if (accountId === undefined) continue;
      const inboxes = await client.online.getInboxes({ accountId, server });
      for (const inbox of inboxes) {
        const id = `${server}/${accountId}/${inbox.id}`;
        if (inbox.name.trim() !== text(inputs.inboxName) || managed.inboxes.has(id)) continue;
        orphans.push({
          resource: name,
          kind: "inbox",
          id,
          name: inbox.name,
          next: `not adopted by itself (its number is taken now): take it over with existingInbox: "${id}"`,
        });
      }
    }
  }
  return orphans;
}
