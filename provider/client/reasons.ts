// What each reason code means, per endpoint: the same number means different things on
// different endpoints (partners-api.md), so a single global table would mislead.
// Fields are the client's camelCase parameter names, so a caller can point at its own input.

import type { EndpointName } from "./endpoints";

export interface ReasonInfo {
  /** What happened and what to do, for a person. */
  message: string;
  /** The parameter the code names, when it names exactly one. */
  field?: string;
  /** Credentials or token: retrying the same request cannot help. */
  auth?: boolean;
}

type ReasonTable = Readonly<Record<number, ReasonInfo>>;

const credentials: ReasonInfo = {
  message:
    "the API rejected the credentials or could not parse the request body; check clientId/clientSecret or accessToken",
  auth: true,
};
const tokenExpired: ReasonInfo = {
  message:
    "the access token is missing or expired; give clientId and clientSecret so the client can renew it, or a fresh accessToken",
  auth: true,
};

function methodRequired(method: string): ReasonInfo {
  return {
    message: `the endpoint requires HTTP ${method}; apiUrl may point at a proxy that rewrites methods, or this client has a bug`,
  };
}

function common(method: string): ReasonTable {
  return { 2: credentials, 3: tokenExpired, 13: methodRequired(method) };
}

const accountId = (code: number): ReasonTable => ({
  [code]: {
    message:
      "accountId is empty or wrong: no such account on that server under this partner (it may have been deleted)",
    field: "accountId",
  },
});
const server: ReasonTable = {
  34: {
    message:
      'server is invalid or not available to this partner (only selected partners may use a server other than "online")',
    field: "server",
  },
};
const builderId: ReasonTable = {
  29: {
    message: "builderId is wrong: no such builder under this partner (it may have been deleted)",
    field: "builderId",
  },
};
const reference: ReasonTable = {
  20: { message: "reference is invalid: letters and digits only, at most 50", field: "reference" },
};

export const reasons: Readonly<Record<EndpointName, ReasonTable>> = {
  "settings/accessToken": {
    2: {
      message:
        "the clientId/clientSecret pair was rejected. Fix the credentials before trying again: this client never retries a credentials failure, because repeated wrong credentials get your IP address blocked",
      auth: true,
    },
    3: {
      message:
        "your IP address is blocked by 99digital after repeated wrong credentials. Wait before trying again, and fix clientId/clientSecret first; this client does not retry",
      auth: true,
    },
    13: methodRequired("POST"),
  },
  "online/createAccount": {
    ...common("POST"),
    ...reference,
    31: {
      message:
        "the account could not be created (nothing was created); try again later, or contact 99digital support if it persists",
    },
    ...server,
    36: {
      message: "accountName is invalid: it must be non-blank, at most 100 characters",
      field: "accountName",
    },
    37: {
      message:
        "agents or inboxes is invalid: each must be a positive whole number (agents at most 4 digits, inboxes at most 3)",
    },
    38: {
      message: "adminEmail is invalid: it must be a valid email address of at most 50 characters",
      field: "adminEmail",
    },
    39: {
      message:
        "adminName or adminDisplayName is invalid: each must be non-blank, at most 50 characters",
    },
    40: {
      message:
        "adminPassword is invalid or too weak: it needs at least 6 characters with an upper-case letter, a lower-case letter and a special character",
      field: "adminPassword",
    },
    41: {
      message: 'adminTwoFactor is invalid: it must be "none", "email" or "sms"',
      field: "adminTwoFactor",
    },
    42: {
      message:
        'adminTwoFactorDestination is invalid: an email address for "email", an international number in digits without + for "sms"',
      field: "adminTwoFactorDestination",
    },
  },
  "online/getAccounts": common("GET"),
  // The failure codes of updateAccount are undocumented; these are the simulator's
  // (partners-api.md section 5). An unknown code still gets a generic message.
  "online/updateAccount": {
    ...common("POST"),
    ...accountId(33),
    ...server,
    36: {
      message: "accountName is invalid: it must be non-blank, at most 100 characters",
      field: "accountName",
    },
    43: { message: 'status is invalid: it must be "active" or "suspended"', field: "status" },
    44: {
      message: "builderUrl is invalid: it must be an http(s) URL of at most 150 characters",
      field: "builderUrl",
    },
  },
  "online/deleteAccount": { ...common("DELETE"), ...accountId(33), ...server },
  "online/getAgents": { ...common("POST"), ...accountId(33), ...server },
  "online/loginAgent": {
    ...common("POST"),
    ...accountId(29),
    32: {
      message:
        'the account is suspended, so its agents cannot log in; set its status to "active" first',
    },
    ...server,
    35: {
      message: "agentId is wrong: no such agent in that account",
      field: "agentId",
    },
  },
  // createInbox's codes are undocumented; these are the simulator's (partners-api.md section 5).
  "online/createInbox": {
    ...common("POST"),
    ...reference,
    ...accountId(33),
    ...server,
    46: {
      message:
        "whatsappNumber is invalid or already used: it must be one of the partner's working WhatsApp numbers, international digits without +, not already in an inbox",
      field: "whatsappNumber",
    },
    47: {
      message: "inboxName is invalid: it must be non-blank, at most 50 characters",
      field: "inboxName",
    },
    // The simulator's own codes; a real server may use others.
    45: { message: "inbox_type or importHistory is invalid", field: "importHistory" },
    49: {
      message:
        "the account's inbox quota is used up: delete an inbox or create the account with more inboxes",
    },
  },
  "online/getInboxes": { ...common("POST"), ...accountId(33), ...server },
  "online/deleteInbox": {
    ...common("DELETE"),
    ...accountId(33),
    ...server,
    // The simulator's own code; a real server may use another.
    48: {
      message: "inboxId is wrong: no such inbox in that account (it may have been deleted)",
      field: "inboxId",
    },
  },
  "builder/createBuilder": {
    ...common("POST"),
    ...reference,
    30: {
      message: "clientName is invalid: it must be non-blank, at most 100 characters",
      field: "clientName",
    },
    31: {
      message:
        "the builder could not be created (nothing was created); try again later, or contact 99digital support if it persists",
    },
  },
  "builder/getBuilders": common("GET"),
  "builder/loginBuilder": { ...common("POST"), ...builderId },
  "builder/deleteBuilder": { ...common("DELETE"), ...builderId },
  "settings/setWebhook": {
    ...common("POST"),
    13: {
      message: "url is invalid: it must be an http(s) URL of at most 512 characters",
      field: "url",
    },
  },
  "settings/getWebhook": common("GET"),
  "settings/setBusiness": {
    2: credentials,
    3: tokenExpired,
    27: methodRequired("PATCH"),
    ...Object.fromEntries(
      [28, 29, 30, 31].map((code) => [
        code,
        {
          message:
            "one of the onboarding fields is invalid (the API does not say which): check the lengths (logo 512, message 200, button 50, success 200, failed 200)",
        },
      ]),
    ),
  },
};

/** The known meaning of `reason` on `endpoint`, or undefined. */
export function lookupReason(endpoint: EndpointName, reason: number): ReasonInfo | undefined {
  return reasons[endpoint][reason];
}

/** The message of a PartnersApiError: names the endpoint, the code and what to do. */
export function describeReason(endpoint: EndpointName, reason: number): ReasonInfo {
  const info = lookupReason(endpoint, reason);
  if (info === undefined) {
    return {
      message: `${endpoint} failed with reason ${reason}, which this client does not know; see the 99digital partner documentation for that endpoint`,
    };
  }
  return { ...info, message: `${endpoint} failed (reason ${reason}): ${info.message}` };
}
