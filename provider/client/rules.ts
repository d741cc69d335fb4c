// The documented field rules (partners-api.md) as zod builders, shared by every endpoint's
// parameter schema and by the resources' `check`. Each bad field yields exactly ONE issue whose
// path[0] is the camelCase field and whose message names the field and the rule, never the value.
// Lengths are counted in characters (code points), as the contract counts them, not UTF-16 units.

import { z } from "zod";
import { PartnersValidationError, type ValidationIssue } from "./errors";
import { ADMIN_PASSWORD_RULE, PASSWORD_SPECIALS } from "./password-rule";

export { ADMIN_PASSWORD_RULE, PASSWORD_SPECIALS };

/** Characters as a person counts them: an emoji or a Hebrew letter is one. */
export const characters = (s: string): number => [...s].length;

// A plain address: a dot-separated local part of the characters an address may hold unquoted,
// then a domain of letter-digit-hyphen labels ending in a top-level label of letters (or its
// internationalised xn-- form).
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const TOP_LEVEL = "(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]+)";
const EMAIL = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*@(?:${LABEL}\\.)+${TOP_LEVEL}$`);
/** International phone number: digits only, no "+", no leading zero, E.164 length. */
const PHONE = /^[1-9][0-9]{6,14}$/;
const SERVER = /^[a-z0-9-]+$/;
const REFERENCE = /^[A-Za-z0-9]{1,50}$/;

const nonBlank = (max: number) => (s: string) => s.trim() !== "" && characters(s) <= max;
export const isHttpUrl =
  (max: number) =>
  (s: string): boolean => {
    // A URL parser drops some whitespace and control characters silently: refuse them all.
    if (characters(s) > max || /[\s\p{Cc}]/u.test(s)) return false;
    try {
      const url = new URL(s);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch {
      return false;
    }
  };
export const isStrongPassword = (s: string): boolean =>
  characters(s) >= 6 &&
  characters(s) <= 50 &&
  /[A-Z]/.test(s) &&
  /[a-z]/.test(s) &&
  [...s].some((c) => PASSWORD_SPECIALS.includes(c));
export const isEmail = (s: string): boolean => characters(s) <= 50 && EMAIL.test(s);
export const isPhone = (s: string): boolean => PHONE.test(s);

// ---------------------------------------------------------------------------------------------
// Field builders: one issue per field (a type error stops before the rule is checked)

function required(field: string, rule: string) {
  return (issue: { input?: unknown }) =>
    issue.input === undefined ? `${field} is required: it ${rule}` : `${field} ${rule}`;
}

export function text(field: string, rule: string, ok: (s: string) => boolean, ruleId: string) {
  return z
    .string({ error: required(field, rule) })
    .refine(ok, { message: `${field} ${rule}`, params: { rule: ruleId } });
}

export function wholeNumber(field: string, min: number, max: number, digits: number) {
  const rule = `must be a whole number from ${min} to ${max} (at most ${digits} digits)`;
  return z
    .number({ error: required(field, rule) })
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, {
      message: `${field} ${rule}`,
      params: { rule: "range" },
    });
}

export function oneOf<const T extends readonly [string, ...string[]]>(field: string, values: T) {
  const rule = `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return z.enum(values, { error: required(field, rule) });
}

export function flag(field: string) {
  return z.boolean({ error: required(field, "must be true or false") });
}

export const name = (field: string, max: number) =>
  text(field, `must be non-blank text of at most ${max} characters`, nonBlank(max), "length");
/** Any text up to `max` characters, empty included (fields the contract does not require). */
export const upTo = (field: string, max: number) =>
  text(field, `must be text of at most ${max} characters`, (s) => characters(s) <= max, "length");
export const digitsId = (field: string, max: number) =>
  text(
    field,
    `must be a string of 1 to ${max} digits`,
    (s) => /^[0-9]+$/.test(s) && s.length <= max,
    "format",
  );
export const serverName = (max: number) =>
  text(
    "server",
    `must be 1 to ${max} characters of lower-case letters, digits and hyphens (default "online")`,
    (s) => SERVER.test(s) && s.length <= max,
    "format",
  );
export const reference = () =>
  text("reference", "must be 1 to 50 letters and digits only", (s) => REFERENCE.test(s), "format");
export const httpUrl = (field: string, max: number) =>
  text(field, `must be an http(s) URL of at most ${max} characters`, isHttpUrl(max), "format");
export const email = (field: string) =>
  text(field, "must be a valid email address of at most 50 characters", isEmail, "format");
export const phone = (field: string) =>
  text(
    field,
    'must be an international phone number in digits without "+" (e.g. 972501234567)',
    isPhone,
    "format",
  );
export const password = (field: string) =>
  text(field, ADMIN_PASSWORD_RULE, isStrongPassword, "strength");

export const accountId = () => digitsId("accountId", 7);

// ---------------------------------------------------------------------------------------------
// Applying a schema

/** The issues of a failed parse as {field, rule, message}, one per field. */
export function validationIssues(error: z.ZodError, input: unknown): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const field = typeof issue.path[0] === "string" ? issue.path[0] : "params";
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, rule: ruleOf(issue, field, input), message: messageOf(issue, field) });
  }
  return issues;
}

function ruleOf(issue: z.core.$ZodIssue, field: string, input: unknown): string {
  const params = (issue as { params?: { rule?: unknown } }).params;
  if (typeof params?.rule === "string") return params.rule;
  const missing =
    input === null ||
    typeof input !== "object" ||
    (input as Record<string, unknown>)[field] === undefined;
  if (issue.code === "invalid_type") return missing ? "required" : "type";
  if (issue.code === "invalid_value") return missing ? "required" : "enum";
  return issue.code;
}

function messageOf(issue: z.core.$ZodIssue, field: string): string {
  // zod's own messages (e.g. for a non-object) do not name a field; ours always do.
  if (field === "params" && issue.code === "invalid_type") return "parameters must be an object";
  return issue.message;
}

/** Parses `input` or throws a PartnersValidationError (nothing is sent). */
export function validate<T>(schema: z.ZodType<T>, input: unknown, endpoint?: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new PartnersValidationError(validationIssues(result.error, input), endpoint);
}
