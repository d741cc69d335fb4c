// WhatsAppInbox: a WhatsApp inbox of an account on one of the partner's numbers, created through
// online/createInbox, or an existing one taken over (`existingInbox`).
import type * as pulumi from "@pulumi/pulumi";
import { DigitalResource, type Inputs, type Outputs } from "../dynamic";
import {
  fields,
  outputKeys,
  type AdoptedInboxFields,
  type WhatsAppInboxFields,
  type WhatsAppInboxOutputs,
} from "./schema";

/** A new inbox's inputs, or an existing inbox's (`existingInbox`). */
export type WhatsAppInboxArgs =
  Inputs<WhatsAppInboxFields & { existingInbox?: undefined }> | Inputs<AdoptedInboxFields>;

// The SDK sets every registered output as a property of the resource; this merged interface
// gives them their types from the outputs' declaration instead of listing them again.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface WhatsAppInbox extends Outputs<WhatsAppInboxOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class WhatsAppInbox extends DigitalResource {
  constructor(name: string, args: WhatsAppInboxArgs, opts?: pulumi.CustomResourceOptions) {
    super("WhatsAppInbox", fields, outputKeys, name, args, opts);
  }
}
