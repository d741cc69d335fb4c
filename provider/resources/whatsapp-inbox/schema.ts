// WhatsAppInbox's fields: their values (types), how a change to each applies (the field
// table), and the rules `check` holds them to, which are createInbox's own (api/online.ts) plus
// the few that belong to the resource alone.
import type { FieldTable } from "../fields";

/** A WhatsAppInbox's inputs as the program gives them (documented for the program's author). A type
 * rather than an interface: provider code reads it as a record of props. */
export type WhatsAppInboxFields = {
  /** The id of the account the inbox belongs to, e.g. an OnlineAccount's accountId. Changing it replaces the inbox. */
  accountId: string;
  /** The account's server. Default "online". Changing it replaces the inbox. */
  server?: string;
  /** The inbox's name (at most 50 characters). Changing it replaces the inbox: no API renames one. */
  inboxName: string;
  /** One of the partner's working WhatsApp numbers, international digits without "+", e.g. 972501234567. One inbox per number. Changing it replaces the inbox. */
  whatsappNumber: string;
  /** The partner's own tag (letters and digits, at most 50), echoed on webhooks. Changing it replaces the inbox. */
  reference?: string;
  /** Import the number's chat history when the inbox is created (coexistence numbers only). Default false. Changing it replaces the inbox. */
  importHistory?: boolean;
  /** While true (the default), the inbox cannot be deleted or replaced by Pulumi. */
  deletionProtection?: boolean;
};

/** Taking over an inbox that exists: `existingInbox` is its id, `<server>/<accountId>/<inboxId>`. */
export type AdoptedInboxFields = Omit<WhatsAppInboxFields, "accountId"> &
  Partial<Pick<WhatsAppInboxFields, "accountId">> & {
    /** The id of an inbox that exists, `<server>/<accountId>/<inboxId>` (e.g. online/8/1000): it is taken into state instead of created. inboxName must be its current name; whatsappNumber is taken as given (getInboxes does not list numbers). Initial-only. */
    existingInbox: string;
  };

/** The inputs after `check`, as state holds them. */
export type WhatsAppInboxInputs = WhatsAppInboxFields & {
  server: string;
  importHistory: boolean;
  deletionProtection: boolean;
  existingInbox?: string;
  /** Set by the resource class: a hash of project, stack and resource path, unique to it. */
  resourceKey?: string;
};

export type WhatsAppInboxOutputs = WhatsAppInboxInputs & {
  /** The inbox's id within its account. */
  inboxId: string;
};

export const outputKeys = ["inboxId"] as const;

export const fields: FieldTable<WhatsAppInboxInputs> = {
  accountId: { change: "replace" },
  server: { change: "replace", default: "online" },
  inboxName: { change: "replace" },
  whatsappNumber: { change: "replace" },
  reference: { change: "replace" },
  importHistory: { change: "replace", default: false },
  deletionProtection: { change: "stateOnly", default: true },
  existingInbox: { change: "initialOnly" },
  resourceKey: { change: "initialOnly", internal: true },
};

// ---------------------------------------------------------------------------------------------
// Rules

const INBOX_ID = /^([a-z0-9-]{1,50})\/([0-9]{1,7})\/([0-9]{1,20})$/;

export interface InboxRef {
  server: string;
  accountId: string;
  inboxId: string;
}

/** `<server>/<accountId>/<inboxId>`, or undefined when `id` is not one. */
export function parseInboxRef(id: unknown): InboxRef | undefined {
  const match = typeof id === "string" ? INBOX_ID.exec(id) : null;
  return match ? { server: match[1], accountId: match[2], inboxId: match[3] } : undefined;
}

export function inboxIdOf(ref: InboxRef): string {
  return `${ref.server}/${ref.accountId}/${ref.inboxId}`;
}
