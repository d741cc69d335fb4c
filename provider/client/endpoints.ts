// How an endpoint of the Partners API is declared: once, with everything the client needs to
// call it (method, path, parameter schema, wire mapping, answer schema, reason codes, secrets).
// The declarations themselves live in api/, one file per section of the API.

import type { z } from "zod";
import type { ReasonTable } from "./reason-codes";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** What the one request sender needs to know about an endpoint. */
export interface Endpoint {
  /** The path below apiUrl, e.g. "online/createAccount". */
  name: string;
  method: HttpMethod;
  /**
   * Not idempotent: a second send creates a second object. Such a request is never re-sent
   * after an attempt that may have reached the server.
   */
  creates: boolean;
  /**
   * Can change something remotely. When false, a lost answer is never "ambiguous": there is
   * nothing to reconcile (reads, token and login links).
   */
  mutates: boolean;
  /** Needs `Authorization: Bearer`. */
  auth: boolean;
  /** The codes this endpoint answers, with what they mean here. */
  reasons: ReasonTable;
}

export interface EndpointDeclaration<S extends z.ZodType, A extends z.ZodType> extends Endpoint {
  /** The parameters in the client's camelCase, with the documented rules. */
  params: S;
  /** The body on the wire: exactly the documented names (account_id here, accountID there). */
  toWire(params: z.output<S>): Record<string, unknown>;
  /** The successful answer, normalised; some answers fall back on what was sent. */
  answer(params: z.output<S>): A;
  /** Parameters whose values are secret: masked wherever the server might echo them. */
  secrets: readonly (keyof z.output<S> & string)[];
}

export function declareEndpoint<
  const N extends string,
  S extends z.ZodType,
  A extends z.ZodType,
>(spec: {
  name: N;
  method: HttpMethod;
  creates?: boolean;
  mutates?: boolean;
  auth?: boolean;
  params: S;
  toWire: (params: z.output<S>) => Record<string, unknown>;
  answer: A | ((params: z.output<S>) => A);
  reasons: ReasonTable;
  secrets?: readonly (keyof z.output<S> & string)[];
}): EndpointDeclaration<S, A> & { name: N } {
  const { answer } = spec;
  return {
    name: spec.name,
    method: spec.method,
    creates: spec.creates ?? false,
    mutates: spec.creates === true || spec.mutates === true,
    auth: spec.auth ?? true,
    params: spec.params,
    toWire: spec.toWire,
    answer: typeof answer === "function" ? answer : () => answer,
    reasons: spec.reasons,
    secrets: spec.secrets ?? [],
  };
}

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * Compiles only when A and B are the same type: holds a schema to the public type it stands
 * for (types.ts), both ways, so neither can change without the other.
 */
export function exactly<A, B>(same: Equal<A, B>): void {
  void same;
}

/** A body without the keys whose value is undefined: only what the caller gave is sent. */
export function wire(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}
