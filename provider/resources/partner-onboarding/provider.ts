// The PartnerOnboarding lifecycle. settings/setBusiness is a partial PATCH and nothing reads the
// texts back, so this resource sends only what changed, keeps in state what it last set, and
// cannot see changes made elsewhere. The contract documents no way to clear a text: one removed
// from the program stays on 99digital as it was, which is said (a warning) and is not a change.
import { onboardingSchema } from "./rules";
import type * as pulumi from "@pulumi/pulumi";
import type { SetBusinessParams } from "../../client/types";
import type { ProviderRuntime } from "../../runtime";
import { checkInputs, containsUnknown, list, pickFields, plan, shown, type Props } from "../fields";
import { secondDeclaration } from "../one-per-partner";
import {
  businessField,
  fields,
  ONBOARDING_ID,
  textFields,
  type PartnerOnboardingInputs,
  type PartnerOnboardingOutputs,
} from "./schema";

type Provider = Required<
  pulumi.dynamic.ResourceProvider<PartnerOnboardingInputs, PartnerOnboardingOutputs>
>;

const KIND = "PartnerOnboarding";

export class PartnerOnboardingProvider implements Provider {
  constructor(private readonly runtime: ProviderRuntime) {}

  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.runtime.configure((key) => req.config.get(key));
    return Promise.resolve();
  }

  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult<PartnerOnboardingInputs>> {
    const result = checkInputs(
      { kind: KIND, table: fields, schema: () => onboardingSchema },
      olds ?? {},
      news ?? {},
    );
    const inputs = (result.inputs ?? {}) as PartnerOnboardingInputs;
    const failures = [...(result.failures ?? [])];
    // An unknown value counts as given: it will be known at apply time.
    if (!textFields.some((k) => inputs[k] !== undefined)) {
      failures.push({
        property: "",
        reason: `${KIND} needs at least one of ${list(textFields)}`,
      });
    }
    failures.push(
      ...secondDeclaration(this.runtime, KIND, "onboarding texts", "", inputs.resourceKey),
    );
    return Promise.resolve({ inputs, failures });
  }

  diff(
    _id: string,
    olds: PartnerOnboardingOutputs,
    news: PartnerOnboardingInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const planned = plan(fields, olds, news, textFields);
    const kept = textFields.filter((k) => news[k] === undefined && olds[k] !== undefined);
    if (kept.length > 0) {
      this.runtime.warn(
        `${KIND}: ${list(kept)} ${kept.length === 1 ? "was" : "were"} removed from the program, ` +
          `but the Partners API cannot clear an onboarding text: 99digital keeps ` +
          kept.map((k) => `${k} ${shown(olds[k])}`).join(", ") +
          `. Nothing is changed; give a new value to change it.`,
      );
    }
    return Promise.resolve({
      changes: planned.updates.length > 0,
      replaces: [],
      deleteBeforeReplace: false,
      stables: ["resourceKey"],
    });
  }

  async create(
    inputs: PartnerOnboardingInputs,
  ): Promise<pulumi.dynamic.CreateResult<PartnerOnboardingOutputs>> {
    await this.send(inputs, {});
    return { id: ONBOARDING_ID, outs: pickFields(fields, inputs) };
  }

  /** Nothing can be read: the state is returned as it is (see the docs page). */
  read(
    id: string,
    props?: PartnerOnboardingOutputs,
  ): Promise<pulumi.dynamic.ReadResult<PartnerOnboardingOutputs>> {
    const state = { ...props } as PartnerOnboardingOutputs;
    return Promise.resolve({
      id,
      props: state,
      inputs: pickFields(fields, state),
    });
  }

  async update(
    _id: string,
    olds: PartnerOnboardingOutputs,
    news: PartnerOnboardingInputs,
  ): Promise<pulumi.dynamic.UpdateResult<PartnerOnboardingOutputs>> {
    await this.send(news, olds);
    // A text removed from the program is still on 99digital: state keeps it.
    const outs: Props = { ...pickFields(fields, olds), ...pickFields(fields, news) };
    outs.resourceKey = olds.resourceKey ?? news.resourceKey;
    return { outs: outs };
  }

  /** The texts cannot be cleared: nothing is sent, and the user is told. */
  delete(_id: string, props: PartnerOnboardingOutputs): Promise<void> {
    const set = textFields.filter((k) => props[k] !== undefined);
    this.runtime.warn(
      `${KIND}: the onboarding ${set.length > 0 ? list(set) : "texts"} stay on 99digital as ` +
        `they are: the Partners API has no way to clear them. Another PartnerOnboarding can ` +
        `change them.`,
    );
    return Promise.resolve();
  }

  /** setBusiness with the texts of `wanted` that differ from `current`, if any. */
  private async send(wanted: Props, current: Props): Promise<void> {
    const params: SetBusinessParams = {};
    for (const key of textFields) {
      const value = wanted[key];
      if (typeof value === "string" && !containsUnknown(value) && value !== current[key]) {
        params[businessField[key]] = value;
      }
    }
    if (Object.keys(params).length > 0) await this.runtime.partners().settings.setBusiness(params);
  }
}
