// What each reason code means, per endpoint, as the declarations in api/ state it: the same
// number means different things on different endpoints (partners-api.md).

import { allEndpoints } from "./api";
import type { ReasonInfo, ReasonTable } from "./reason-codes";
import type { EndpointName } from "./types";

export type { ReasonInfo, ReasonTable };

export const reasons = Object.fromEntries(allEndpoints.map((e) => [e.name, e.reasons])) as Readonly<
  Record<EndpointName, ReasonTable>
>;

/** The known meaning of `reason` on `endpoint`, or undefined. */
export function lookupReason(endpoint: string, reason: number): ReasonInfo | undefined {
  return (reasons as Readonly<Record<string, ReasonTable | undefined>>)[endpoint]?.[reason];
}

/** The message of a PartnersApiError: names the endpoint, the code and what to do. */
export function describeReason(endpoint: string, reason: number): ReasonInfo {
  const info = lookupReason(endpoint, reason);
  if (info === undefined) {
    return {
      message: `${endpoint} failed with reason ${reason}, which this client does not know; see the 99digital partner documentation for that endpoint`,
    };
  }
  return { ...info, message: `${endpoint} failed (reason ${reason}): ${info.message}` };
}
