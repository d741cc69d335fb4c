// Every endpoint of the Partners API, grouped as the API groups them. PartnersClient binds the
// sections; the sender reads each endpoint's method, retry facts and reason codes from here.

import { exactly } from "../endpoints";
import type {
  BuilderSignatures,
  EndpointName,
  OnlineSignatures,
  SettingsSignatures,
} from "../types";
import * as builder from "./builder";
import * as online from "./online";
import * as settings from "./settings";

export const sections = {
  online: {
    createAccount: online.createAccount,
    getAccounts: online.getAccounts,
    updateAccount: online.updateAccount,
    deleteAccount: online.deleteAccount,
    getAgents: online.getAgents,
    loginAgent: online.loginAgent,
    createInbox: online.createInbox,
    getInboxes: online.getInboxes,
    deleteInbox: online.deleteInbox,
  },
  builder: {
    createBuilder: builder.createBuilder,
    getBuilders: builder.getBuilders,
    loginBuilder: builder.loginBuilder,
    deleteBuilder: builder.deleteBuilder,
  },
  settings: {
    setWebhook: settings.setWebhook,
    getWebhook: settings.getWebhook,
    setBusiness: settings.setBusiness,
  },
} as const satisfies {
  // Exactly the methods the public signatures (types.ts) list, no more, no fewer.
  online: Record<keyof OnlineSignatures, unknown>;
  builder: Record<keyof BuilderSignatures, unknown>;
  settings: Record<keyof SettingsSignatures, unknown>;
};

export const allEndpoints = [
  settings.accessToken,
  ...Object.values(sections.online),
  ...Object.values(sections.builder),
  ...Object.values(sections.settings),
];

// The public list of names (types.ts) is exactly the names declared here.
exactly<EndpointName, (typeof allEndpoints)[number]["name"]>(true);

export const endpointNames: readonly EndpointName[] = allEndpoints.map((e) => e.name);

export { builder, online, settings };
