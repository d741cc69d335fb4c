// Field rules of partners-api.md, read independently of the provider's schemas
// so that the two readings check each other. Each function answers one
// question about one value and never throws: handlers turn a "no" into the
// endpoint's reason code.
import { domainToASCII, domainToUnicode } from "node:url";

/** Lengths are counted in characters (code points), not UTF-16 units or bytes. */
export function charLength(value: string): number {
  return Array.from(value).length;
}

/** Optional fields may be omitted or sent as null. */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** A string of 1..max characters that is not only whitespace. */
export function isNonEmptyText(value: unknown, max: number): value is string {
  return typeof value === "string" && value.trim() !== "" && charLength(value) <= max;
}

/** A string of 0..max characters. */
export function isText(value: unknown, max: number): value is string {
  return typeof value === "string" && charLength(value) <= max;
}

/**
 * A positive integer of at most `maxDigits` digits, sent as a JSON number or
 * as a digit string (the API itself mixes both). Returns undefined when invalid.
 */
export function parsePositiveInt(value: unknown, maxDigits: number): number | undefined {
  let digits: string;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) return undefined;
    digits = String(value);
  } else if (typeof value === "string" && /^[0-9]+$/.test(value)) {
    digits = value;
  } else {
    return undefined;
  }
  if (digits.length > maxDigits) return undefined;
  const n = Number(digits);
  return n >= 1 ? n : undefined;
}

/** An id of any length (the contract gives no limit for agent, inbox and builder ids). */
export function parseId(value: unknown): number | undefined {
  return parsePositiveInt(value, 15);
}

/** RFC 5322's dot-atom: ASCII letters, digits and these symbols, dots only between them. */
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A DNS label: letters, digits and inner hyphens. */
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

/**
 * An IDN label in its ASCII form, e.g. xn--4dbrk0ce (ישראל): "xn--" and punycode that decodes to
 * something non-ASCII and encodes back to the same label. xn--a- (the plain "a"), xn--- and
 * xn--zz are not.
 */
function isIdnLabel(label: string): boolean {
  if (!/^xn--/i.test(label)) return false;
  const decoded = domainToUnicode(label);
  if (decoded === "" || /^\p{ASCII}*$/u.test(decoded)) return false;
  return domainToASCII(decoded) === label.toLowerCase();
}

/**
 * A domain name as DNS spells it, in ASCII: two or more labels of at most 63
 * characters (253 in all), the last a top-level domain (letters, or an IDN one
 * in its ASCII form). "--" in a label's 3rd and 4th places is reserved for IDN
 * labels. partners-api.md does not say whether the API takes a name in another
 * script; the simulator reads it as no: such a name must come in its xn-- form.
 */
export function isDomainName(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split(".");
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (label.length > 63 || !DOMAIN_LABEL.test(label)) return false;
    if (label.slice(2, 4) === "--" && !isIdnLabel(label)) return false;
  }
  const tld = labels[labels.length - 1];
  return /^[A-Za-z]{2,}$/.test(tld) || isIdnLabel(tld);
}

/**
 * A plain address `local@domain.tld` in ASCII: exactly one `@`; a dot-atom
 * local part; a domain name (isDomainName). No spaces, display names,
 * comments, quoted local parts or IP literals; a non-ASCII address (its domain
 * included) is refused, since the contract gives no sign the API takes one.
 */
export function isEmail(value: unknown, max = 50): value is string {
  if (typeof value !== "string" || charLength(value) > max) return false;
  const parts = value.split("@");
  if (parts.length !== 2) return false;
  const [local, domain] = parts;
  return EMAIL_LOCAL.test(local) && isDomainName(domain);
}

/** The special characters the contract lists for admin_password. */
export const PASSWORD_SPECIALS = "!@#$%^&*()_+-=[]{}|\"/\\.,<>:;?~'";

/** >= 6 characters with an A-Z, an a-z and a listed special character; digits are optional. */
export function isStrongPassword(value: unknown, max = 50): value is string {
  if (typeof value !== "string") return false;
  const length = charLength(value);
  if (length < 6 || length > max) return false;
  return (
    /[A-Z]/.test(value) &&
    /[a-z]/.test(value) &&
    [...value].some((c) => PASSWORD_SPECIALS.includes(c))
  );
}

/** What isInternationalPhone accepts, for messages that refuse a number. */
export const INTERNATIONAL_PHONE_RULE = "7 to 15 digits, without + or a leading 0";

/**
 * An international number without `+` or separators, E.164-sized: 7..15 digits (the shortest
 * numbers in use, a 3-digit country code and 4 digits, have 7), no leading 0.
 */
export function isInternationalPhone(value: unknown): value is string {
  return typeof value === "string" && /^[1-9][0-9]{6,14}$/.test(value);
}

/** Letters (ASCII) and digits only; empty means "no reference". */
export function isReference(value: unknown, max = 50): value is string {
  return typeof value === "string" && charLength(value) <= max && /^[A-Za-z0-9]*$/.test(value);
}

/** Dotted-decimal IPv4: four parts of 0-255, no leading zeros (which some parsers read as octal). */
function isIPv4(host: string): boolean {
  const parts = host.split(".");
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9][0-9]{0,2})$/.test(p) && +p <= 255);
}

/** What RFC 3986 lets a path, query or fragment hold: its unencoded characters and %XX. */
const URL_TAIL_PART = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;

/**
 * An absolute http(s) URL in its plain form, the strict reading of a contract
 * that says only "URL" (partners-api.md §2.3, §4):
 * - `http://` or `https://`, in lower case: no other scheme, no missing or extra slash;
 * - a host that is a domain name (isDomainName: a name without a dot such as
 *   localhost means nothing to a server elsewhere) or a dotted-decimal IPv4 address;
 * - no user name or password, an optional port of 1-65535;
 * - then a path, query and fragment of the characters RFC 3986 allows, others %-encoded;
 * - printable ASCII only: no space, control character or backslash, which the
 *   WHATWG parser would quietly drop, encode or turn into "/", so that the URL
 *   stored would not be the one used. An IDN host comes in its xn-- form.
 */
export function isHttpUrl(value: unknown, max: number): value is string {
  if (typeof value !== "string" || value.length > max) return false;
  if (!/^[\x21-\x7e]*$/.test(value) || value.includes("\\")) return false;
  const scheme = ["https://", "http://"].find((s) => value.startsWith(s));
  if (scheme === undefined) return false;
  const rest = value.slice(scheme.length);
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const tail = end === -1 ? "" : rest.slice(end);
  const colon = authority.lastIndexOf(":");
  const host = colon === -1 ? authority : authority.slice(0, colon);
  const port = colon === -1 ? undefined : authority.slice(colon + 1);
  if (port !== undefined && !(/^[1-9][0-9]*$/.test(port) && +port <= 65535)) return false;
  if (!isDomainName(host) && !isIPv4(host)) return false;
  const hash = tail.indexOf("#");
  const parts = hash === -1 ? [tail] : [tail.slice(0, hash), tail.slice(hash + 1)];
  return parts.every((part) => URL_TAIL_PART.test(part));
}

/** 0, 1 or 2 as a number or a one-digit string. */
export function parseTwoFactorMode(value: unknown): 0 | 1 | 2 | undefined {
  if (value === 0 || value === "0") return 0;
  if (value === 1 || value === "1") return 1;
  if (value === 2 || value === "2") return 2;
  return undefined;
}

/** 0 or 1 as a number or a one-digit string (account_status, import_history). */
export function parseBinary(value: unknown): 0 | 1 | undefined {
  if (value === 0 || value === "0") return 0;
  if (value === 1 || value === "1") return 1;
  return undefined;
}

/**
 * A WhatsApp number as the partner would send it (digits, maybe as a JSON
 * number): returns the canonical digit string or undefined.
 */
export function parseWhatsappNumber(value: unknown): string | undefined {
  const digits = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
  return isInternationalPhone(digits) ? digits : undefined;
}
