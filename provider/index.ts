// The public surface of pulumi-99digital.
export { OnlineAccount, type OnlineAccountArgs } from "./resources/online-account";
export type { AccountStatus, TwoFactorMode } from "./resources/online-account-provider";
export * from "./client";
