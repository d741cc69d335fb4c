// PartnerOnboarding's fields: the texts (and logo) customers see while onboarding, set with
// settings/setBusiness. Each input is one of setBusiness's fields under a shorter name, held to
// the client's own rule for it (api/settings.ts), so the lengths are stated once.
import type { SetBusinessParams } from "../../client/types";
import type { FieldTable } from "../fields";

/** A PartnerOnboarding's inputs as the program gives them; at least one is needed. */
export type PartnerOnboardingFields = {
  /** The logo shown while onboarding: an http(s) URL of at most 512 characters. Updated in place. */
  logo?: string;
  /** The onboarding message (at most 200 characters). Updated in place. */
  message?: string;
  /** The onboarding button's label (at most 50 characters). Updated in place. */
  button?: string;
  /** Shown when onboarding succeeds (at most 200 characters). Updated in place. */
  success?: string;
  /** Shown when onboarding fails (at most 200 characters). Updated in place. */
  failed?: string;
};

/** The inputs after `check`, as state holds them. */
export type PartnerOnboardingInputs = PartnerOnboardingFields & {
  /** Set by the resource class: a hash of project, stack and resource path, unique to it. */
  resourceKey?: string;
};

export type PartnerOnboardingOutputs = PartnerOnboardingInputs;

export const outputKeys = [] as const;

/** Each input's setBusiness field. */
export const businessField = {
  logo: "onboardingLogo",
  message: "onboardingMessage",
  button: "onboardingButton",
  success: "onboardingSuccess",
  failed: "onboardingFailed",
} as const satisfies Record<keyof PartnerOnboardingFields, keyof SetBusinessParams>;

export const textFields = Object.keys(businessField) as Array<keyof PartnerOnboardingFields>;

export const fields: FieldTable<PartnerOnboardingInputs> = {
  logo: { change: "inPlace" },
  message: { change: "inPlace" },
  button: { change: "inPlace" },
  success: { change: "inPlace" },
  failed: { change: "inPlace" },
  resourceKey: { change: "initialOnly", internal: true },
};

/** The id of the one set of onboarding texts a partner has. */
export const ONBOARDING_ID = "onboarding";
