// What each read function asks the API, given a client: the program's own (index.ts) or the
// provider plugin's, which serves these as invokes. One body per function for both.
import type { AccountSummary, Agent, BuilderSummary, Inbox, PartnersClient } from "../client";
import { DEFAULT_SERVER } from "../client/api/online";

/** Which account: its id and its server (default "online"), e.g. an OnlineAccount's outputs. */
export interface AccountArgs {
  accountId: string;
  server?: string;
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

export const reads = {
  getAccounts: async (client: PartnersClient): Promise<GetAccountsResult> => {
    return { accounts: await client.online.getAccounts() };
  },
  getAgents: async (client: PartnersClient, args: AccountArgs): Promise<GetAgentsResult> => {
    const server = args.server ?? DEFAULT_SERVER;
    const agents = await client.online.getAgents({ accountId: args.accountId, server });
    return { accountId: args.accountId, server, agents };
  },
  getInboxes: async (client: PartnersClient, args: AccountArgs): Promise<GetInboxesResult> => {
    const server = args.server ?? DEFAULT_SERVER;
    const inboxes = await client.online.getInboxes({ accountId: args.accountId, server });
    return { accountId: args.accountId, server, inboxes };
  },
  getBuilders: async (client: PartnersClient): Promise<GetBuildersResult> => {
    return { builders: await client.builder.getBuilders() };
  },
};

export type ReadName = keyof typeof reads;
