// PartnerOnboarding: the logo and texts customers see while onboarding (settings/setBusiness).
import type * as pulumi from "@pulumi/pulumi";
import { DigitalResource, type Inputs, type Outputs } from "../dynamic";
import {
  fields,
  outputKeys,
  type PartnerOnboardingFields,
  type PartnerOnboardingOutputs,
} from "./schema";

export type PartnerOnboardingArgs = Inputs<PartnerOnboardingFields>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface PartnerOnboarding extends Outputs<PartnerOnboardingOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class PartnerOnboarding extends DigitalResource {
  constructor(name: string, args: PartnerOnboardingArgs, opts?: pulumi.CustomResourceOptions) {
    super("PartnerOnboarding", fields, outputKeys, name, args, opts);
  }
}
