// Everything the client shows a person (error messages and properties, debug lines) passes
// through here, because servers echo request bodies and a leaked client secret, token or
// password in a CI log cannot be taken back.

export const REDACTED = "[REDACTED]";

/** Field names whose values are secret whatever they hold. */
const SECRET_KEY = /pass(word)?|secret|token|authori[sz]ation|api[_-]?key|cookie/i;

/** Values shorter than this are not redacted by value: they would mangle ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** Keeps the most recent tokens only; older ones have expired long ago. */
const MAX_REMEMBERED = 32;

export class Redactor {
  private readonly values: string[] = [];

  /** Remembers a secret value so that it is masked wherever it shows up later. */
  add(value: string | undefined): void {
    if (value === undefined || value.length < MIN_SECRET_LENGTH || this.values.includes(value)) {
      return;
    }
    this.values.push(value);
    if (this.values.length > MAX_REMEMBERED) this.values.shift();
  }

  /** Masks remembered secrets, `extra` secrets and secret-named fields in free text. */
  text(input: string, extra: readonly string[] = []): string {
    let out = input;
    for (const secret of variants([...this.values, ...extra])) {
      out = out.split(secret).join(REDACTED);
    }
    return redactPatterns(out);
  }

  /** A deep copy of `value` with secret-named fields and secret values masked. */
  value(input: unknown, extra: readonly string[] = []): unknown {
    return redactValue(input, (s) => this.text(s, extra), 0);
  }
}

function redactValue(input: unknown, text: (s: string) => string, depth: number): unknown {
  if (typeof input === "string") return text(input);
  if (input === null || typeof input !== "object") return input;
  if (depth > 8) return REDACTED;
  if (Array.isArray(input)) return input.map((item) => redactValue(item, text, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(input)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(item, text, depth + 1);
  }
  return out;
}

/** The forms a secret takes when a server echoes it: raw, JSON-escaped, URL- and HTML-encoded. */
function variants(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    all.add(secret);
    all.add(JSON.stringify(secret).slice(1, -1));
    all.add(encodeURIComponent(secret));
    all.add(escapeHtml(secret));
  }
  // Longest first, so that a secret containing another one is masked whole.
  return [...all].sort((a, b) => b.length - a.length);
}

function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// Secret-named fields in JSON (possibly truncated), form or query text, and bearer tokens.
const JSON_FIELD =
  /("[^"\\]*(?:pass(?:word)?|secret|token|authori[sz]ation|api[_-]?key|cookie)[^"\\]*"\s*:\s*)(?:"(?:[^"\\]|\\.)*(?:"|$)|[^,}\]\s]+)/gi;
const FORM_FIELD = /(\b[\w-]*(?:pass(?:word)?|secret|token|api[_-]?key)[\w-]*=)[^&\s"'<]+/gi;
const BEARER = /(\bBearer\s+)[^\s"',;]+/gi;

function redactPatterns(s: string): string {
  return s
    .replace(JSON_FIELD, `$1"${REDACTED}"`)
    .replace(FORM_FIELD, `$1${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`);
}
