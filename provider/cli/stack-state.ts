// What a stack already manages, read from `pulumi stack export`: the accounts, builders and
// inboxes (so adopting again skips them) and the resource names in use (so a newly adopted
// object never gets a name that is already taken in the stack).

import { nameOf } from "../plugin/tokens";
import { accountKey } from "./resource-names";

/** What Pulumi's Node.js SDK puts before a kind in the type token of the dynamic resources. */
const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic/99digital:";
/** The type token Pulumi's Node.js SDK gives the OnlineAccount dynamic resource. */
export const ONLINE_ACCOUNT_TYPE = `${DYNAMIC_TYPE_PREFIX}OnlineAccount`;
export const BUILDER_TYPE = `${DYNAMIC_TYPE_PREFIX}Builder`;
export const WHATSAPP_INBOX_TYPE = `${DYNAMIC_TYPE_PREFIX}WhatsAppInbox`;

/** The package's resource kind of a state resource, from either adapter's type token. */
export function kindOfType(type: string): string | undefined {
  if (type.startsWith(DYNAMIC_TYPE_PREFIX)) return type.slice(DYNAMIC_TYPE_PREFIX.length);
  return nameOf(type);
}

export interface ManagedAccounts {
  /** `<server>/<accountId>` of every account the stack manages. */
  keys: Set<string>;
  /** The builder id of every builder the stack manages. */
  builders: Set<string>;
  /** `<server>/<accountId>/<inboxId>` of every inbox the stack manages. */
  inboxes: Set<string>;
  /** Names of the stack's OnlineAccount, Builder and WhatsAppInbox resources. */
  names: Set<string>;
}

/** Thrown for a document that is not a stack export; the message says what was expected. */
export class StackStateError extends Error {
  override readonly name = "StackStateError";
}

const ID_FORM = /^([^/\s]+)\/([^/\s]+)$/;
const BUILDER_ID_FORM = /^[0-9]+$/;
const INBOX_ID_FORM = /^([^/\s]+)\/([^/\s]+)\/([^/\s]+)$/;

/**
 * Reads the text of a `pulumi stack export`. An account counts as managed when a resource's id
 * is `<server>/<accountId>`, or its inputs or outputs name it in `existingAccount`, or its
 * outputs carry `server` and `accountId` (for a state whose id was not recorded yet). Builders
 * and inboxes likewise, by id, by `existingBuilder` / `existingInbox`, or by their outputs.
 */
export function managedAccounts(text: string): ManagedAccounts {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new StackStateError(`it is not JSON (${(err as Error).message})`);
  }
  const deployment = isObject(document) ? document.deployment : undefined;
  if (!isObject(deployment)) {
    throw new StackStateError(
      'it has no "deployment" object: give the output of `pulumi stack export`',
    );
  }
  const resources = deployment.resources ?? [];
  if (!Array.isArray(resources)) {
    throw new StackStateError('its "deployment.resources" is not a list');
  }

  const keys = new Set<string>();
  const builders = new Set<string>();
  const inboxes = new Set<string>();
  const names = new Set<string>();
  for (const resource of resources as unknown[]) {
    if (!isObject(resource) || typeof resource.type !== "string") continue;
    // Either adapter's resources: a stack may have moved from one to the other.
    const kind = kindOfType(resource.type);
    if (kind === undefined || !ADOPTABLE_KINDS.has(kind)) continue;
    if (typeof resource.urn === "string")
      names.add(resource.urn.slice(resource.urn.lastIndexOf("::") + 2));
    const inputs = isObject(resource.inputs) ? resource.inputs : {};
    const outputs = isObject(resource.outputs) ? resource.outputs : {};
    if (kind === "OnlineAccount") {
      for (const id of [resource.id, inputs.existingAccount, outputs.existingAccount]) {
        if (typeof id === "string" && ID_FORM.test(id)) keys.add(id);
      }
      if (typeof outputs.server === "string" && typeof outputs.accountId === "string") {
        keys.add(accountKey({ server: outputs.server, accountId: outputs.accountId }));
      }
    } else if (kind === "Builder") {
      for (const id of [
        resource.id,
        inputs.existingBuilder,
        outputs.existingBuilder,
        outputs.builderId,
      ]) {
        if (typeof id === "string" && BUILDER_ID_FORM.test(id)) builders.add(id);
      }
    } else {
      for (const id of [resource.id, inputs.existingInbox, outputs.existingInbox]) {
        if (typeof id === "string" && INBOX_ID_FORM.test(id)) inboxes.add(id);
      }
      const { server, accountId, inboxId } = outputs;
      if ([server, accountId, inboxId].every((v) => typeof v === "string")) {
        inboxes.add(`${server as string}/${accountId as string}/${inboxId as string}`);
      }
    }
  }
  return { keys, builders, inboxes, names };
}

const ADOPTABLE_KINDS = new Set(["OnlineAccount", "Builder", "WhatsAppInbox"]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
