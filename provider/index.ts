// The public surface of pulumi-99digital.
export { OnlineAccount, type OnlineAccountArgs } from "./resources/online-account";
export type {
  AdoptedAccountFields,
  OnlineAccountFields,
  OnlineAccountOutputs,
} from "./resources/online-account/schema";
export * from "./client";
