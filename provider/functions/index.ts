// The read functions: what a program can ask 99digital about the partner's estate, as Pulumi's own
// functions do: `getX(args)` returns a Promise of a plain result, and `getXOutput(args)` takes
// Inputs and returns an Output (unknown while its arguments are, so a preview never asks with an
// unknown value). They only read, so they run during previews too.
import * as pulumi from "@pulumi/pulumi";
import type { AccountSummary, Agent, BuilderSummary, Inbox } from "../client";
import { DEFAULT_SERVER } from "../client/api/online";
import { programClient } from "./program-client";

/** Which account: its id and its server (default "online"), e.g. an OnlineAccount's outputs. */
export interface AccountArgs {
  accountId: string;
  server?: string;
}

/** The same, each value possibly an Output of a resource. */
export interface AccountInputArgs {
  accountId: pulumi.Input<string>;
  server?: pulumi.Input<string>;
}

export interface GetAccountsResult {
  /** Every online account of the partner (the API has no filter). */
  accounts: AccountSummary[];
}

export interface GetAgentsResult {
  accountId: string;
  server: string;
  agents: Agent[];
}

export interface GetInboxesResult {
  accountId: string;
  server: string;
  inboxes: Inbox[];
}

export interface GetBuildersResult {
  builders: BuilderSummary[];
}

export async function getAccounts(): Promise<GetAccountsResult> {
  return { accounts: await programClient().online.getAccounts() };
}

export async function getAgents(args: AccountArgs): Promise<GetAgentsResult> {
  const server = args.server ?? DEFAULT_SERVER;
  const agents = await programClient().online.getAgents({ accountId: args.accountId, server });
  return { accountId: args.accountId, server, agents };
}

export async function getInboxes(args: AccountArgs): Promise<GetInboxesResult> {
  const server = args.server ?? DEFAULT_SERVER;
  const inboxes = await programClient().online.getInboxes({ accountId: args.accountId, server });
  return { accountId: args.accountId, server, inboxes };
}

export async function getBuilders(): Promise<GetBuildersResult> {
  return { builders: await programClient().builder.getBuilders() };
}

export function getAccountsOutput(): pulumi.Output<GetAccountsResult> {
  return pulumi.output(getAccounts());
}

export function getAgentsOutput(args: AccountInputArgs): pulumi.Output<GetAgentsResult> {
  return pulumi.output(args).apply((known) => getAgents(known));
}

export function getInboxesOutput(args: AccountInputArgs): pulumi.Output<GetInboxesResult> {
  return pulumi.output(args).apply((known) => getInboxes(known));
}

export function getBuildersOutput(): pulumi.Output<GetBuildersResult> {
  return pulumi.output(getBuilders());
}
