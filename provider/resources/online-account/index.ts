// OnlineAccount: one customer's omnichannel account on 99digital, created with its first admin
// agent through online/createAccount, or an existing account taken over (`existingAccount`).
import * as pulumi from "@pulumi/pulumi";
import { DigitalResource, type Inputs, type Outputs } from "../dynamic";
import { resourceKeyFor } from "../resource-key";
import {
  fields,
  outputKeys,
  parseAccountRef,
  type AdoptedAccountFields,
  type OnlineAccountFields,
  type OnlineAccountOutputs,
} from "./schema";

/** A new account's inputs, or an existing account's (`existingAccount`). */
export type OnlineAccountArgs =
  Inputs<OnlineAccountFields & { existingAccount?: undefined }> | Inputs<AdoptedAccountFields>;

// The SDK sets every registered output as a property of the resource; this merged interface
// gives them their types from the outputs' declaration instead of listing them again.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface OnlineAccount extends Outputs<OnlineAccountOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class OnlineAccount extends DigitalResource {
  constructor(name: string, args: OnlineAccountArgs, opts?: pulumi.CustomResourceOptions) {
    const resourceKey = resourceKeyFor(name, opts?.parent);
    const adopting = args.existingAccount !== undefined;
    super(
      "OnlineAccount",
      fields,
      outputKeys,
      name,
      {
        ...args,
        // An adopted account keeps the reference it has; a new one without one gets the key,
        // unique to the resource, by which a lost creation is found again (create-once.ts).
        reference: args.reference ?? (adopting ? undefined : resourceKey),
        resourceKey,
      },
      opts,
    );
    // At a preview, the engine knows the outputs of an account updated in place only as far as
    // its inputs go, so accountId would be unknown there: an inbox taking it would look replaced,
    // and, protected, be refused. The id keeps it: known through an update, unknown only while
    // the account is created or replaced, which is when an inbox really follows it.
    const fromOutputs = this.accountId;
    Object.defineProperty(this, "accountId", {
      value: this.id.apply((id) => parseAccountRef(id)?.accountId ?? fromOutputs),
    });
  }
}
