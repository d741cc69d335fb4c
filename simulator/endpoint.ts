// The shape every API endpoint shares, so the server can route, check the
// method and the token, and wrap the answer in the envelope in one place.
import type { Auth } from "./auth";
import type { State } from "./state";

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

export type Body = Record<string, unknown>;

export interface HandlerContext {
  state: State;
  auth: Auth;
  /** Servers accounts may live on. */
  servers: readonly string[];
  /** The partner's working WhatsApp numbers: the only ones createInbox accepts. */
  whatsappNumbers: ReadonlySet<string>;
  maxAccounts: number;
  maxBuilders: number;
  /** The caller's IP, for the brute-force guard. */
  remoteAddress: string;
}

/** An answer before the envelope: reason 1 with fields, or a failure reason alone. */
export type Outcome = { reason: 1; fields: Body } | { reason: number; fields?: undefined };

export interface Endpoint {
  method: Method;
  /** What a wrong HTTP method answers: 13, except 27 on setBusiness. */
  wrongMethodReason: number;
  /** False only for settings/accessToken. */
  needsToken: boolean;
  /** Runs before the body is parsed; a number ends the request with that reason. */
  guard?: (ctx: HandlerContext) => number | undefined;
  handle: (body: Body, ctx: HandlerContext) => Outcome;
}

export function ok(fields: Body = {}): Outcome {
  return { reason: 1, fields };
}

export function fail(reason: number): Outcome {
  return { reason };
}
