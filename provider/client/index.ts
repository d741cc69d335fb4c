// The client's public surface: PartnersClient, its options, parameter and result types, and
// errors. The endpoint declarations (zod schemas) stay inside the package: zod types in the
// public declarations would break users' type checks (see types.ts).

export { PartnersClient } from "./client";
export { DEFAULT_API_URL } from "./options";
export type { PartnersClientOptions } from "./options";
export type { DebugSink } from "./debug";
export {
  Digital99Error,
  PartnersApiError,
  PartnersAuthError,
  PartnersRateLimitError,
  PartnersServerError,
  PartnersTransportError,
  PartnersValidationError,
} from "./errors";
export type { ValidationIssue } from "./errors";
export { describeReason, lookupReason, reasons } from "./reasons";
export type { ReasonInfo } from "./reasons";
export { ADMIN_PASSWORD_RULE, PASSWORD_SPECIALS } from "./password-rule";
export type * from "./types";
