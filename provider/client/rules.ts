// The documented field rules (partners-api.md) as zod builders, shared by every endpoint's
// parameter schema and by the resources' `check`. Each bad field yields exactly ONE issue whose
// path[0] is the camelCase field and whose message names the field and the rule, never the value.
// Lengths are counted in characters (code points), as the contract counts them, not UTF-16 units.

import { domainToASCII, domainToUnicode } from "node:url";
import { z } from "zod";
import { PartnersValidationError, type ValidationIssue } from "./errors";
import { ADMIN_PASSWORD_RULE, PASSWORD_SPECIALS } from "./password-rule";

export { ADMIN_PASSWORD_RULE, PASSWORD_SPECIALS };

/** Characters as a person counts them: an emoji or a Hebrew letter is one. */
export const characters = (s: string): number => [...s].length;

// Where partners-api.md says no more than "valid email" or "URL", the stricter reading is taken:
// only the plain form every parser agrees on, so that nothing the preview passes is refused by
// 99digital, and nothing is silently rewritten on its way there (docs/online-account.md,
// docs/partner-webhook.md, docs/partner-onboarding.md say the same to users).

/** A domain label: letters, digits and inner hyphens, at most 63 characters. */
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** The characters an address's local part may hold unquoted (RFC 5322's atext). */
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL_PART = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*$`);
/** IPv4 in dotted decimal, each part 0-255 without a leading zero (a parser reads 010 as octal). */
const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
/** What RFC 3986 allows unencoded after the host (path, query; the fragment adds no "#"). */
const URL_CHAR = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})";
/**
 * http or https in lower case, "://", a host, maybe a port, then path, query and fragment. No user
 * name or password (a "@" before the path makes the host invalid), no backslash, space, control
 * or non-ASCII character anywhere.
 */
const HTTP_URL = new RegExp(
  `^https?://([^/?#:]*)(?::([1-9][0-9]{0,4}))?(?:[/?]${URL_CHAR}*)?(?:#${URL_CHAR}*)?$`,
);

/**
 * An internationalised label in its ASCII form (xn--...): punycode that decodes to a label with a
 * non-ASCII character and encodes back to itself. `xn--a-` decodes to the plain "a", `xn---` and
 * `xn--zz` to nothing: a registry would refuse all three.
 */
function isALabel(label: string): boolean {
  const unicode = domainToUnicode(label);
  return /\P{ASCII}/u.test(unicode) && domainToASCII(unicode) === label.toLowerCase();
}

/**
 * A domain name in ASCII (letters in either case): two or more labels, at most 253 characters, the
 * last a top-level domain of two or more letters or an internationalised one. A label with "--"
 * in its 3rd and 4th places must be a well-formed xn-- label (IDNA reserves that form for them);
 * a domain in another script must be given in its xn-- form.
 */
export function isDomainName(s: string): boolean {
  const labels = s.split(".");
  const top = labels[labels.length - 1];
  return (
    s.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => LABEL.test(l) && (l.slice(2, 4) !== "--" || isALabel(l))) &&
    (/^[A-Za-z]{2,}$/.test(top) || isALabel(top))
  );
}

/** International phone number: digits only, no "+", no leading zero, E.164 length. */
const PHONE = /^[1-9][0-9]{6,14}$/;
const SERVER = /^[a-z0-9-]+$/;
const REFERENCE = /^[A-Za-z0-9]{1,50}$/;

const nonBlank = (max: number) => (s: string) => s.trim() !== "" && characters(s) <= max;
/**
 * An http(s) URL in the plain form (HTTP_URL) whose host is a domain name or an IPv4 address, and
 * whose port, if any, is 1-65535. A name without a dot (localhost, an intranet host) is refused:
 * 99digital's servers call the webhook and customers' browsers open the links, from elsewhere.
 */
export const isHttpUrl =
  (max: number) =>
  (s: string): boolean => {
    const parts = s.length <= max ? HTTP_URL.exec(s) : null;
    if (!parts) return false;
    const [, host, port] = parts;
    return (isDomainName(host) || IPV4.test(host)) && (port === undefined || Number(port) <= 65535);
  };
/** The URL rule in words, for every field that holds one. */
export const httpUrlRule = (max: number): string =>
  `must be an http(s) URL of at most ${max} characters: http:// or https:// in lower case, a domain name or IPv4 address, no user name or password, ASCII only (an internationalised domain in its xn-- form, other characters %-encoded)`;
export const isStrongPassword = (s: string): boolean =>
  characters(s) >= 6 &&
  characters(s) <= 50 &&
  /[A-Z]/.test(s) &&
  /[a-z]/.test(s) &&
  [...s].some((c) => PASSWORD_SPECIALS.includes(c));
/** The email rule in words, for every field and message that holds one. */
export const EMAIL_RULE = "must be a valid email address of at most 50 characters";
/** A plain address in ASCII: a dot-separated local part, one "@", a domain name. */
export const isEmail = (s: string): boolean => {
  const [local, domain, ...more] = s.split("@");
  return (
    characters(s) <= 50 &&
    more.length === 0 &&
    domain !== undefined &&
    LOCAL_PART.test(local) &&
    isDomainName(domain)
  );
};
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
/** A reference, or a field holding one (a resource's key) under its own name. */
export const reference = (field = "reference") =>
  text(field, "must be 1 to 50 letters and digits only", (s) => REFERENCE.test(s), "format");
export const httpUrl = (field: string, max: number) =>
  text(field, httpUrlRule(max), isHttpUrl(max), "format");
/** An http(s) URL, or "" where the API takes an empty one to remove what is set. */
export const httpUrlOrEmpty = (field: string, max: number, emptyMeans: string) =>
  text(
    field,
    `${httpUrlRule(max)}; or "" ${emptyMeans}`,
    (s) => s === "" || isHttpUrl(max)(s),
    "format",
  );
export const email = (field: string) => text(field, EMAIL_RULE, isEmail, "format");
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
