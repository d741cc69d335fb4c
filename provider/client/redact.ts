// Everything the client shows a person (error messages and properties, debug lines) passes
// through here, because servers echo request bodies and a leaked client secret, token or
// password in a CI log cannot be taken back. A server may echo a secret encoded (HTML, URL or
// form, JSON, or one inside another), so secrets are looked for in every decoding of the text
// too (encodings.ts), and masked where they stand in the original.
//
// Answers can be large and hostile (an HTML error page, a body that is one long word), and
// redaction runs on the event loop where no request timeout can interrupt it. So every step here
// is a single forward scan: time linear in the text, never a regular expression that can
// backtrack. And `excerpt` reads only as much of a body as the excerpt it returns needs.

import { inspect } from "node:util";
import { printable } from "../printable";
import { decodings, maxOriginalLength } from "./encodings";

export const REDACTED = "[REDACTED]";

/** Field names whose values are secret whatever they hold. Alternatives of literals: linear. */
const SECRET_NAME = /pass|secret|token|authori[sz]ation|api[_-]?key|cookie/i;

/** Values shorter than this are not redacted by value: they would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** Keeps the most recent tokens only; older ones have expired long ago. */
const MAX_REMEMBERED = 32;

/** The most of an input `excerpt` looks at, unless a long secret needs a wider window. */
export const EXCERPT_WINDOW = 64 * 1024;

/** A range of the text to mask: [start, end). */
interface Span {
  start: number;
  end: number;
}

export class Redactor {
  /** The client's own credentials: masked for the client's whole life. */
  private readonly pinned: string[] = [];
  /** Issued tokens, the most recent only. */
  private readonly values: string[] = [];

  /**
   * Remembers a secret value so that it is masked wherever it shows up later. A pinned one (a
   * configured credential) is never forgotten; others (issued tokens) make room for newer ones.
   */
  add(value: string | undefined, options: { pinned?: boolean } = {}): void {
    if (
      value === undefined ||
      value.length < MIN_SECRET_LENGTH ||
      this.values.includes(value) ||
      this.pinned.includes(value)
    ) {
      return;
    }
    if (options.pinned) {
      this.pinned.push(value);
      return;
    }
    this.values.push(value);
    if (this.values.length > MAX_REMEMBERED) this.values.shift();
  }

  /** What JSON.stringify and util.inspect show: how many secrets it holds, never one of them. */
  toJSON(): { pinned: number; remembered: number } {
    return { pinned: this.pinned.length, remembered: this.values.length };
  }

  [inspect.custom](_depth: number, options: Parameters<typeof inspect>[1]): string {
    return `Redactor ${inspect(this.toJSON(), options)}`;
  }

  /** Masks remembered secrets, `extra` secrets and secret-named fields in free text. */
  text(input: string, extra: readonly string[] = []): string {
    return mask(input, this.spans(input, extra), input.length);
  }

  /**
   * The start of `input` as a person should see it: redacted, whitespace collapsed, characters
   * that would act on a terminal or CI log escaped (printable.ts), at most `maxLength`
   * characters ("…" marks a cut). Redaction happens before the cut, so a secret the
   * cut would split is still recognised. Only a window of the input is redacted: first just what
   * the excerpt needs, doubled while redaction and whitespace leave too little to show, up to
   * EXCERPT_WINDOW characters. So the work never grows with the size of the input.
   */
  excerpt(input: string, maxLength: number, extra: readonly string[] = []): string {
    // A secret that starts inside the kept part ends at most this far after it, in any encoding.
    const reach = maxOriginalLength(Math.max(0, ...this.secrets(extra).map((s) => s.length)));
    const limit = Math.max(EXCERPT_WINDOW, maxLength + reach);
    for (let size = maxLength + reach; ; size = Math.min(size * 2, limit)) {
      const whole = size >= input.length;
      const window = whole ? input : input.slice(0, size);
      const keep = whole ? window.length : size - reach;
      const shown = printable(
        mask(window, this.spans(window, extra), keep).replace(/\s+/g, " ").trim(),
      );
      if (shown.length > maxLength) return `${shown.slice(0, maxLength)}…`;
      if (whole) return shown;
      if (size === limit) return shown === "" ? "" : `${shown}…`;
    }
  }

  /** A deep copy of `value` with secret-named fields and secret values masked. */
  value(input: unknown, extra: readonly string[] = []): unknown {
    return redactValue(input, (s) => this.text(s, extra), 0);
  }

  /** What to mask, found in the text and in every decoding of it, as spans of the text. */
  private spans(text: string, extra: readonly string[]): Span[] {
    const secrets = this.secrets(extra);
    const spans: Span[] = [];
    for (const decoded of decodings(text)) {
      const found: Span[] = [];
      for (const secret of secrets) findAll(decoded.text, secret, found);
      secretFields(decoded.text, found);
      for (const { start, end } of found) {
        spans.push({ start: decoded.from[start], end: decoded.to[end - 1] });
      }
    }
    return spans;
  }

  private secrets(extra: readonly string[]): string[] {
    const all = [...this.pinned, ...this.values, ...extra].filter(
      (s) => s.length >= MIN_SECRET_LENGTH,
    );
    return [...new Set(all)];
  }
}

function redactValue(input: unknown, text: (s: string) => string, depth: number): unknown {
  if (typeof input === "string") return text(input);
  if (input === null || typeof input !== "object") return input;
  if (depth > 8) return REDACTED;
  if (Array.isArray(input)) return input.map((item) => redactValue(item, text, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(input)) {
    out[key] = SECRET_NAME.test(key) ? REDACTED : redactValue(item, text, depth + 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Masking

/**
 * `text` up to `keep` with every span replaced by REDACTED. Overlapping spans become one mask;
 * a span that starts before `keep` is masked whole. Linear: spans are bucketed by start.
 */
function mask(text: string, spans: readonly Span[], keep: number): string {
  if (spans.length === 0) return text.slice(0, keep);
  const endAt = new Int32Array(text.length + 1);
  for (const { start, end } of spans) {
    if (end > start && end > endAt[start]) endAt[start] = end;
  }
  let out = "";
  let copied = 0;
  for (let i = 0; i < keep; i++) {
    if (endAt[i] === 0) continue;
    let end = endAt[i];
    for (let j = i + 1; j < end; j++) end = Math.max(end, endAt[j]);
    out += text.slice(copied, i) + REDACTED;
    copied = end;
    i = end - 1;
  }
  return copied < keep ? out + text.slice(copied, keep) : out;
}

/** A form-encoded space is "+": the two compare equal (a "+" in a secret may come back as " "). */
const fold = (code: number) => (code === 0x2b ? 0x20 : code);

/** Every occurrence of `pattern` in `text` (Knuth-Morris-Pratt: linear, whatever the input). */
function findAll(text: string, pattern: string, spans: Span[]): void {
  const m = pattern.length;
  if (m === 0 || m > text.length) return;
  const p = new Uint16Array(m);
  for (let i = 0; i < m; i++) p[i] = fold(pattern.charCodeAt(i));
  const fallback = new Int32Array(m);
  for (let i = 1, k = 0; i < m; i++) {
    while (k > 0 && p[i] !== p[k]) k = fallback[k - 1];
    if (p[i] === p[k]) k += 1;
    fallback[i] = k;
  }
  for (let i = 0, k = 0; i < text.length; i++) {
    const c = fold(text.charCodeAt(i));
    while (k > 0 && c !== p[k]) k = fallback[k - 1];
    if (c === p[k]) k += 1;
    if (k === m) {
      spans.push({ start: i - m + 1, end: i + 1 });
      k = fallback[k - 1];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Secret-named fields: in JSON (possibly truncated), in form or query text, and bearer tokens.
// Each scanner looks at every character a bounded number of times.

function secretFields(text: string, spans: Span[]): void {
  jsonFields(text, spans);
  formFields(text, spans);
  bearerTokens(text, spans);
}

const isSpace = (c: string | undefined) =>
  c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";

/** `"…password…": "value"` (or an unquoted value); the value may be cut off by the text's end. */
function jsonFields(text: string, spans: Span[]): void {
  let open = text.indexOf('"');
  while (open !== -1) {
    // A key has no escapes: it ends at the next quote, unless a backslash comes first.
    let close = open + 1;
    while (close < text.length && text[close] !== '"' && text[close] !== "\\") close++;
    if (close >= text.length) return;
    if (text[close] === "\\") {
      open = text.indexOf('"', close);
      continue;
    }
    let i = close + 1;
    if (SECRET_NAME.test(text.slice(open + 1, close))) {
      while (isSpace(text[i])) i++;
      if (text[i] === ":") {
        i++;
        while (isSpace(text[i])) i++;
        const end = text[i] === '"' ? endOfJsonString(text, i + 1) : endOfBareValue(text, i);
        const start = text[i] === '"' ? i + 1 : i;
        if (end > start) spans.push({ start, end });
        // The value's closing quote opens nothing: continue after it.
        open = text.indexOf('"', text[end] === '"' ? end + 1 : end);
        continue;
      }
    }
    // Not a secret field: its closing quote may open the next candidate, as a regex would try.
    open = close;
  }
}

function endOfJsonString(text: string, from: number): number {
  let i = from;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return Math.min(i, text.length);
}

function endOfBareValue(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isSpace(text[i]) && !",}]".includes(text[i])) i++;
  return i;
}

/** [A-Za-z0-9_-], as `[\w-]` in a regular expression. */
function isNameChar(c: string): boolean {
  const code = c.charCodeAt(0);
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    c === "_" ||
    c === "-"
  );
}

/** `client_secret=value` in form or query text. */
function formFields(text: string, spans: Span[]): void {
  let i = 0;
  while (i < text.length) {
    if (!isNameChar(text[i])) {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < text.length && isNameChar(text[i])) i++;
    if (text[i] !== "=" || !SECRET_NAME.test(text.slice(nameStart, i))) continue;
    const start = i + 1;
    let end = start;
    while (end < text.length && !isSpace(text[end]) && !"&\"'<".includes(text[end])) end++;
    if (end > start) spans.push({ start, end });
    i = end;
  }
}

/** `Bearer <token>` (a literal, then whitespace, then the token: nothing to backtrack over). */
function bearerTokens(text: string, spans: Span[]): void {
  const bearer = /\bBearer\s+/gi;
  for (let match = bearer.exec(text); match !== null; match = bearer.exec(text)) {
    const start = match.index + match[0].length;
    let end = start;
    while (end < text.length && !isSpace(text[end]) && !"\"',;".includes(text[end])) end++;
    if (end > start) spans.push({ start, end });
    bearer.lastIndex = end;
  }
}
