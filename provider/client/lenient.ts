// Field types for successful answers, read leniently: ids come as numbers or strings, `server`
// sometimes as a number, counts under two spellings, timestamps as strings. Everything is
// normalised to one type here so that nothing above the endpoint declarations ever sees the
// API's inconsistencies.

import { z } from "zod";
import type { AccountStatus, TwoFactorMode } from "./types";

export const id = z
  .union([z.string().trim().min(1), z.number().finite()])
  .transform((v) => String(v));
export const str = z.union([z.string(), z.number()]).transform((v) => String(v));
/** Present-but-empty (null, "") counts as absent. */
export const optStr = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === "" ? undefined : String(v)));
export const unixSeconds = z
  .union([
    z.number().finite(),
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/),
  ])
  .transform((v) => Math.floor(Number(v)));
export const optUnixSeconds = z
  .union([unixSeconds, z.null(), z.literal("")])
  .optional()
  .transform((v) => (typeof v === "number" ? v : undefined));

/** "active"/"suspended" as getAccounts says it, or 1/0 as updateAccount takes it. */
export const accountStatus = z
  .union([z.string(), z.number(), z.boolean()])
  .transform((v, ctx): AccountStatus => {
    const s = String(v).trim().toLowerCase();
    if (["active", "1", "true", "enabled"].includes(s)) return "active";
    if (["suspended", "0", "false", "disabled", "inactive"].includes(s)) return "suspended";
    ctx.addIssue({ code: "custom", message: `unknown account status ${JSON.stringify(s)}` });
    return z.NEVER;
  });

/** The account's status the way updateAccount may echo it beside the envelope's `status`. */
export function echoedStatus(value: unknown): AccountStatus | undefined {
  if (typeof value === "string" && ["ok", "fail"].includes(value.trim().toLowerCase())) {
    return undefined;
  }
  const parsed = accountStatus.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export const twoFactorType = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v): TwoFactorMode => {
    const s = v === null || v === undefined ? "" : String(v).trim().toLowerCase();
    if (s === "email" || s === "1") return "email";
    if (s === "sms" || s === "2") return "sms";
    return "none";
  });

export const list = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), z.null()])
    .optional()
    .transform((v) => (v ?? []) as z.output<T>[]);

/** A listing answer (`list: [...]`), each item read leniently and mapped to the client's type. */
export function listAnswer<S extends z.ZodRawShape, R>(
  item: S,
  toItem: (raw: z.output<z.ZodObject<S>>) => R,
) {
  return z.object({ list: list(z.object(item)) }).transform((r) => r.list.map(toItem));
}

/** Drops the keys whose value is undefined, so results carry only what is known. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** For endpoints whose answer carries nothing the caller needs. */
export const nothing = z.unknown().transform((): void => undefined);

/** A short description of why an answer did not fit, naming fields but not values. */
export function describeShapeError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(".") || "(body)"}: ${i.code}`)
    .join("; ");
}
