// PartnerWebhook's fields: the URL 99digital POSTs the partner's events to, a secret. Its rule is
// setWebhook's own (api/settings.ts).
import type { FieldTable } from "../fields";

/** A PartnerWebhook's inputs as the program gives them. */
export type PartnerWebhookFields = {
  /**
   * Where 99digital POSTs the partner's events: an http(s) URL of at most 512 characters. Updated
   * in place. Secret: the API signs nothing, so partners put a token in the URL.
   */
  url: string;
};

/** The inputs after `check`, as state holds them. */
export type PartnerWebhookInputs = PartnerWebhookFields & {
  /** Set by the resource class: a hash of project, stack and resource path, unique to it. */
  resourceKey?: string;
};

export type PartnerWebhookOutputs = PartnerWebhookInputs;

export const outputKeys = [] as const;

export const fields: FieldTable<PartnerWebhookInputs> = {
  // The only proof of origin an event has is a token in its URL: the Partners API signs nothing.
  url: { change: "inPlace", secret: true },
  resourceKey: { change: "initialOnly", internal: true },
};

/** The id of the one webhook a partner has. */
export const WEBHOOK_ID = "webhook";
