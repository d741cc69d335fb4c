// The forms in which a server may echo what it received: HTML character references, percent
// encoding (URL, form) and JSON string escapes, possibly one inside another (a JSON body shown
// in an HTML page, a request body quoted in a JSON message). Each decoder remembers, for every
// UTF-16 unit it produces, the span of the original text it came from, so that a secret found
// in decoded text can be masked where it stands in the original. Every decoder is a single
// forward scan and never produces more units than it reads.

/** A text decoded from an original, with the original span of each of its units. */
export interface Decoded {
  text: string;
  /** from[i], to[i]: the original characters [from, to) that unit i of `text` came from. */
  from: Int32Array;
  to: Int32Array;
}

/**
 * The most original characters a decoder reads for one unit it produces: "&#x00FFFF;" and
 * "&#0065535;" are 10 (longer numbers are not decoded); "%E2%82%AC" is 9; "\u20ac" is 6.
 */
export const MAX_UNIT_SPAN = 10;

/** Layers of encoding undone, in any order: enough for JSON in HTML or a body quoted in JSON. */
export const MAX_LAYERS = 2;

/** The most original characters that a decoded text of `length` units can come from. */
export function maxOriginalLength(length: number): number {
  // One unit more: a match may start on the second half of a surrogate pair.
  return (length + 1) * MAX_UNIT_SPAN ** MAX_LAYERS;
}

/**
 * `text` itself, and `text` with up to MAX_LAYERS encodings undone, in every order. A decoding
 * that changes nothing is left out, and so is everything built on it (it would repeat another).
 */
export function decodings(text: string): Decoded[] {
  const all: Decoded[] = [identity(text)];
  const expand = (parent: Decoded, depth: number) => {
    if (depth === MAX_LAYERS) return;
    for (const decoder of decoders) {
      const child = decode(parent, decoder);
      if (child === undefined) continue;
      all.push(child);
      expand(child, depth + 1);
    }
  };
  expand(all[0], 0);
  return all;
}

function identity(text: string): Decoded {
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  for (let i = 0; i < text.length; i++) {
    from[i] = i;
    to[i] = i + 1;
  }
  return { text, from, to };
}

/** Collects a decoder's output: units, and the span of the decoder's input each came from. */
class Output {
  readonly units: Uint16Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  length = 0;
  changed = false;

  constructor(capacity: number) {
    this.units = new Uint16Array(capacity);
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
  }

  /** One code point read from input [from, to). */
  push(codePoint: number, from: number, to: number): void {
    if (codePoint > 0xffff) {
      const offset = codePoint - 0x10000;
      this.unit(0xd800 + (offset >> 10), from, to);
      this.unit(0xdc00 + (offset & 0x3ff), from, to);
    } else {
      this.unit(codePoint, from, to);
    }
    this.changed = true;
  }

  /** An input unit passed through as it is. */
  copy(input: string, at: number): void {
    this.unit(input.charCodeAt(at), at, at + 1);
  }

  private unit(code: number, from: number, to: number): void {
    this.units[this.length] = code;
    this.from[this.length] = from;
    this.to[this.length] = to;
    this.length += 1;
  }

  text(): string {
    return utf16.decode(this.units.subarray(0, this.length));
  }
}

// Units are decoded as they are (in the machine's byte order); a lone surrogate (no secret holds
// one) becomes U+FFFD, still one unit, so offsets stay true.
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf16 = new TextDecoder(littleEndian ? "utf-16le" : "utf-16be");

type Decoder = (input: string, out: Output) => void;

/** Undoes one layer on `parent`; undefined when there was nothing to undo. */
function decode(parent: Decoded, decoder: Decoder): Decoded | undefined {
  const out = new Output(parent.text.length);
  decoder(parent.text, out);
  if (!out.changed) return undefined;
  const from = new Int32Array(out.length);
  const to = new Int32Array(out.length);
  for (let i = 0; i < out.length; i++) {
    from[i] = parent.from[out.from[i]];
    to[i] = parent.to[out.to[i] - 1];
  }
  return { text: out.text(), from, to };
}

// ---------------------------------------------------------------------------------------------
// HTML character references: &#65; &#x41; &#X41; and the named ones an escaper uses

/** HTML's names for the ASCII characters an escaper may encode (names are case-sensitive). */
const NAMED: Record<string, number> = {
  amp: 0x26,
  AMP: 0x26,
  lt: 0x3c,
  LT: 0x3c,
  gt: 0x3e,
  GT: 0x3e,
  quot: 0x22,
  QUOT: 0x22,
  apos: 0x27,
  nbsp: 0xa0,
  excl: 0x21,
  num: 0x23,
  dollar: 0x24,
  percnt: 0x25,
  lpar: 0x28,
  rpar: 0x29,
  ast: 0x2a,
  plus: 0x2b,
  comma: 0x2c,
  period: 0x2e,
  sol: 0x2f,
  colon: 0x3a,
  semi: 0x3b,
  equals: 0x3d,
  quest: 0x3f,
  commat: 0x40,
  lsqb: 0x5b,
  bsol: 0x5c,
  rsqb: 0x5d,
  Hat: 0x5e,
  lowbar: 0x5f,
  grave: 0x60,
  lcub: 0x7b,
  verbar: 0x7c,
  rcub: 0x7d,
};
const LONGEST_NAME = 6;

const html: Decoder = (input, out) => {
  for (let i = 0; i < input.length;) {
    const end = input.charCodeAt(i) === 0x26 ? characterReference(input, i, out) : -1;
    if (end === -1) out.copy(input, i++);
    else i = end;
  }
};

/** Decodes the reference at `at` ("&..."), returning where it ends, or -1 if there is none. */
function characterReference(input: string, at: number, out: Output): number {
  if (input[at + 1] === "#") {
    const hex = input[at + 2] === "x" || input[at + 2] === "X";
    const start = at + (hex ? 3 : 2);
    const { value, end } = number(input, start, hex ? 16 : 10, hex ? 6 : 7);
    if (end === start || !isCodePoint(value)) return -1;
    const stop = input[end] === ";" ? end + 1 : end;
    out.push(value, at, stop);
    return stop;
  }
  let end = at + 1;
  while (end < input.length && end - at <= LONGEST_NAME && /[A-Za-z]/.test(input[end])) end++;
  const name = input.slice(at + 1, end);
  if (input[end] !== ";" || !Object.hasOwn(NAMED, name)) return -1;
  out.push(NAMED[name], at, end + 1);
  return end + 1;
}

/** Digits from `start`, at most `maxDigits` of them; more digits than that is no number. */
function number(
  input: string,
  start: number,
  radix: number,
  maxDigits: number,
): { value: number; end: number } {
  let end = start;
  while (end < input.length && digit(input.charCodeAt(end), radix) !== -1) end++;
  if (end - start > maxDigits) return { value: -1, end: start };
  return { value: end > start ? parseInt(input.slice(start, end), radix) : -1, end };
}

function digit(code: number, radix: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (radix === 16 && code >= 65 && code <= 70) return code - 55;
  if (radix === 16 && code >= 97 && code <= 102) return code - 87;
  return -1;
}

function isCodePoint(value: number): boolean {
  return value > 0 && value <= 0x10ffff && (value < 0xd800 || value > 0xdfff);
}

// ---------------------------------------------------------------------------------------------
// Percent encoding: %XX bytes (either case) read as UTF-8. A "+" for a space is not decoded
// here: matching treats "+" and " " as the same character (see redact.ts).

const percent: Decoder = (input, out) => {
  for (let i = 0; i < input.length;) {
    const end = percentSequence(input, i, out);
    if (end === -1) out.copy(input, i++);
    else i = end;
  }
};

/** The byte %XX at `at`, or -1. */
function byteAt(input: string, at: number): number {
  if (input.charCodeAt(at) !== 0x25) return -1;
  const high = digit(input.charCodeAt(at + 1), 16);
  const low = digit(input.charCodeAt(at + 2), 16);
  return high === -1 || low === -1 ? -1 : high * 16 + low;
}

/** Decodes one UTF-8 character written as %XX bytes at `at`, returning its end, or -1. */
function percentSequence(input: string, at: number, out: Output): number {
  const lead = byteAt(input, at);
  if (lead === -1) return -1;
  if (lead < 0x80) {
    out.push(lead, at, at + 3);
    return at + 3;
  }
  // UTF-8's well-formed sequences: the lead byte fixes the length and the second byte's range.
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return -1;
  let codePoint = lead & (0xff >> (length + 1));
  for (let k = 1; k < length; k++) {
    const byte = byteAt(input, at + 3 * k);
    if (byte === -1 || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return -1;
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  out.push(codePoint, at, at + 3 * length);
  return at + 3 * length;
}

// ---------------------------------------------------------------------------------------------
// JSON string escapes: \" \\ \/ \b \f \n \r \t and \uXXXX (any unit, non-ASCII included)

const SHORT_ESCAPES: Record<string, number> = {
  '"': 0x22,
  "\\": 0x5c,
  "/": 0x2f,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
};

const json: Decoder = (input, out) => {
  for (let i = 0; i < input.length;) {
    const end = input.charCodeAt(i) === 0x5c ? jsonEscape(input, i, out) : -1;
    if (end === -1) out.copy(input, i++);
    else i = end;
  }
};

function jsonEscape(input: string, at: number, out: Output): number {
  const next = input[at + 1];
  if (next === "u") {
    let unit = 0;
    for (let k = 2; k < 6; k++) {
      const d = digit(input.charCodeAt(at + k), 16);
      if (d === -1) return -1;
      unit = unit * 16 + d;
    }
    out.push(unit, at, at + 6);
    return at + 6;
  }
  if (next === undefined || !Object.hasOwn(SHORT_ESCAPES, next)) return -1;
  out.push(SHORT_ESCAPES[next], at, at + 2);
  return at + 2;
}

const decoders: readonly Decoder[] = [html, percent, json];
