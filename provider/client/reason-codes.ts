// The reason codes several endpoints share, as building blocks for each endpoint's own table in
// api/: the same number means different things on different endpoints (partners-api.md), so
// every endpoint states its codes, and only their wording is shared here.
// Fields are the client's camelCase parameter names, so a caller can point at its own input.

export interface ReasonInfo {
  /** What happened and what to do, for a person. */
  message: string;
  /** The parameter the code names, when it names exactly one. */
  field?: string;
  /** Credentials or token: retrying the same request cannot help. */
  auth?: boolean;
}

export type ReasonTable = Readonly<Record<number, ReasonInfo>>;

export const credentials: ReasonInfo = {
  message:
    "the API rejected the credentials or could not parse the request body; check clientId/clientSecret or accessToken",
  auth: true,
};
export const tokenExpired: ReasonInfo = {
  message:
    "the access token is missing or expired; give clientId and clientSecret so the client can renew it, or a fresh accessToken",
  auth: true,
};

export function methodRequired(method: string): ReasonInfo {
  return {
    message: `the endpoint requires HTTP ${method}; apiUrl may point at a proxy that rewrites methods, or this client has a bug`,
  };
}

/** 2, 3 and "wrong method" (13 on most endpoints). */
export function common(method: string, methodCode = 13): ReasonTable {
  return { 2: credentials, 3: tokenExpired, [methodCode]: methodRequired(method) };
}

export const accountIdWrong = (code: number): ReasonTable => ({
  [code]: {
    message:
      "accountId is empty or wrong: no such account on that server under this partner (it may have been deleted)",
    field: "accountId",
  },
});
export const serverInvalid: ReasonTable = {
  34: {
    message:
      'server is invalid or not available to this partner (only selected partners may use a server other than "online")',
    field: "server",
  },
};
export const builderIdWrong: ReasonTable = {
  29: {
    message: "builderId is wrong: no such builder under this partner (it may have been deleted)",
    field: "builderId",
  },
};
export const referenceInvalid: ReasonTable = {
  20: { message: "reference is invalid: letters and digits only, at most 50", field: "reference" },
};
