// Text from the API (account, builder and inbox names, references, URLs) and from the command
// line ends up in terminals, CI logs, and source files that people review. Some characters there
// act instead of showing: control characters move the cursor, rewrite a line or start a terminal
// escape sequence; a line end inside a value forges a log line of its own (a CI runner takes a
// line starting `::` as a command); bidirectional controls make text display in another order
// than a compiler reads it ("Trojan Source", CVE-2021-42574); U+2028 and U+2029 end a line in
// JavaScript, and so a `//` comment, while editors show one line; invisible characters make two
// different names look the same. Each of them is written as its `\uXXXX` escape instead, which
// is also what a JavaScript, TypeScript or JSON string literal reads back as the character.

/**
 * C0 controls (line ends included), DEL and C1 controls; the Arabic letter mark and the
 * left-to-right and right-to-left marks; U+2028 and U+2029; the bidi embeddings, overrides and
 * isolates; zero-width space, word joiner and invisible operators, and the byte order mark.
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- finding control characters is its job
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** `text` with every character that acts rather than shows escaped: for a value in a line. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * `text` as `printable` makes it, but keeping its line ends (`\n`) and tabs: for a whole
 * message or file whose own lines are meant. Values inside it must have been made printable
 * (or quoted with their line ends escaped) already, or one of them could add a line.
 */
export function printableLines(text: string): string {
  return text.replace(UNSAFE, (c) => (c === "\n" || c === "\t" ? c : escape(c)));
}
