// Field rules of partners-api.md, read independently of the provider's schemas
// so that the two readings check each other. Each function answers one
// question about one value and never throws: handlers turn a "no" into the
// endpoint's reason code.

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
/** A top-level domain: letters, or an IDN one in its ASCII form (xn--4dbrk0ce is .ישראל). */
const TOP_LEVEL_DOMAIN = /^(?:[A-Za-z]{2,}|xn--[A-Za-z0-9-]*[A-Za-z0-9])$/;

/**
 * A plain address `local@domain.tld` in ASCII: exactly one `@`; a dot-atom
 * local part; a domain of two or more labels whose last is a top-level
 * domain. No spaces, display names, comments, quoted local parts or IP
 * literals; a non-ASCII address (its domain included) is refused, since the
 * contract gives no sign the API takes one.
 */
export function isEmail(value: unknown, max = 50): value is string {
  if (typeof value !== "string" || charLength(value) > max) return false;
  const parts = value.split("@");
  if (parts.length !== 2) return false;
  const [local, domain] = parts;
  const labels = domain.split(".");
  return (
    EMAIL_LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    TOP_LEVEL_DOMAIN.test(labels[labels.length - 1])
  );
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

/** Whitespace (Unicode's too) and control characters: a URL parser would drop some silently. */
const NOT_IN_URL = /[\s\p{Cc}]/u;

/**
 * An absolute http(s) URL with a host, as sent: no whitespace or control
 * character anywhere (the WHATWG parser would quietly strip or drop them, so
 * the URL stored would not be the one used), and one the WHATWG parser takes.
 * Any host counts (`localhost`, an IP, a name without a dot); non-ASCII in the
 * host or path is fine, counted in characters as sent.
 */
export function isHttpUrl(value: unknown, max: number): value is string {
  if (typeof value !== "string" || charLength(value) > max) return false;
  if (!/^https?:\/\//i.test(value) || NOT_IN_URL.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
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
