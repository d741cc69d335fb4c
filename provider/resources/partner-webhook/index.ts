// PartnerWebhook: the one URL 99digital POSTs the partner's events to (settings/setWebhook).
import type * as pulumi from "@pulumi/pulumi";
import { DigitalResource, type Inputs, type Outputs } from "../dynamic";
import {
  fields,
  outputKeys,
  type PartnerWebhookFields,
  type PartnerWebhookOutputs,
} from "./schema";

export type PartnerWebhookArgs = Inputs<PartnerWebhookFields>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface PartnerWebhook extends Outputs<PartnerWebhookOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PartnerWebhook extends DigitalResource {
  constructor(name: string, args: PartnerWebhookArgs, opts?: pulumi.CustomResourceOptions) {
    super("PartnerWebhook", fields, outputKeys, name, args, opts);
  }
}
