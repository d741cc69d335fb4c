// Builder: a Workflow Builder instance for one of the partner's clients, created through
// builder/createBuilder, or an existing one taken over (`existingBuilder`).
import type * as pulumi from "@pulumi/pulumi";
import { DigitalResource, type Inputs, type Outputs } from "../dynamic";
import {
  fields,
  outputKeys,
  type AdoptedBuilderFields,
  type BuilderFields,
  type BuilderOutputs,
} from "./schema";

/** A new builder's inputs, or an existing builder's (`existingBuilder`). */
export type BuilderArgs =
  Inputs<BuilderFields & { existingBuilder?: undefined }> | Inputs<AdoptedBuilderFields>;

// The SDK sets every registered output as a property of the resource; this merged interface
// gives them their types from the outputs' declaration instead of listing them again.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Builder extends Outputs<BuilderOutputs> {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Builder extends DigitalResource {
  constructor(name: string, args: BuilderArgs, opts?: pulumi.CustomResourceOptions) {
    super("Builder", fields, outputKeys, name, args, opts);
  }
}
