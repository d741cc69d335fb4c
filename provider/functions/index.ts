// The read functions: what a program can ask 99digital about the partner's estate, as Pulumi's own
// functions do: `getX(args)` returns a Promise of a plain result, and `getXOutput(args)` takes
// Inputs and returns an Output (unknown while its arguments are, so a preview never asks with an
// unknown value). They only read, so they run during previews too.
import * as pulumi from "@pulumi/pulumi";
import {
  reads,
  type AccountArgs,
  type GetAccountsResult,
  type GetAgentsResult,
  type GetBuildersResult,
  type GetInboxesResult,
} from "./reads";
import { programClient } from "./program-client";

export type {
  AccountArgs,
  GetAccountsResult,
  GetAgentsResult,
  GetBuildersResult,
  GetInboxesResult,
} from "./reads";

/** The same, each value possibly an Output of a resource. */
export interface AccountInputArgs {
  accountId: pulumi.Input<string>;
  server?: pulumi.Input<string>;
}

export async function getAccounts(): Promise<GetAccountsResult> {
  return reads.getAccounts(programClient());
}

export async function getAgents(args: AccountArgs): Promise<GetAgentsResult> {
  return reads.getAgents(programClient(), args);
}

export async function getInboxes(args: AccountArgs): Promise<GetInboxesResult> {
  return reads.getInboxes(programClient(), args);
}

export async function getBuilders(): Promise<GetBuildersResult> {
  return reads.getBuilders(programClient());
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
