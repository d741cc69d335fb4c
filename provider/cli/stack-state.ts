// What a stack already manages, read from `pulumi stack export`: the accounts (so adopting
// again skips them) and the resource names in use (so a newly adopted account never gets a
// name that is already taken in the stack).

import { accountKey } from "./resource-names";

/** The type token Pulumi's Node.js SDK gives the OnlineAccount dynamic resource. */
export const ONLINE_ACCOUNT_TYPE = "pulumi-nodejs:dynamic/99digital:OnlineAccount";

export interface ManagedAccounts {
  /** `<server>/<accountId>` of every account the stack manages. */
  keys: Set<string>;
  /** Names of the stack's OnlineAccount resources. */
  names: Set<string>;
}

/** Thrown for a document that is not a stack export; the message says what was expected. */
export class StackStateError extends Error {
  override readonly name = "StackStateError";
}

const ID_FORM = /^([^/\s]+)\/([^/\s]+)$/;

/**
 * Reads the text of a `pulumi stack export`. An account counts as managed when a resource's id
 * is `<server>/<accountId>`, or its inputs or outputs name it in `existingAccount`, or its
 * outputs carry `server` and `accountId` (for a state whose id was not recorded yet).
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
  const names = new Set<string>();
  for (const resource of resources as unknown[]) {
    if (!isObject(resource) || resource.type !== ONLINE_ACCOUNT_TYPE) continue;
    if (typeof resource.urn === "string")
      names.add(resource.urn.slice(resource.urn.lastIndexOf("::") + 2));
    const inputs = isObject(resource.inputs) ? resource.inputs : {};
    const outputs = isObject(resource.outputs) ? resource.outputs : {};
    for (const id of [resource.id, inputs.existingAccount, outputs.existingAccount]) {
      if (typeof id === "string" && ID_FORM.test(id)) keys.add(id);
    }
    if (typeof outputs.server === "string" && typeof outputs.accountId === "string") {
      keys.add(accountKey({ server: outputs.server, accountId: outputs.accountId }));
    }
  }
  return { keys, names };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
