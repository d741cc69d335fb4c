// Text that reaches terminals, CI logs and generated files shows what it holds and does nothing.
import assert from "node:assert/strict";
import { printable, printableLines } from "../../provider/printable";

/** One of each kind of character that acts instead of showing. */
const acting: Array<[string, string]> = [
  ["\u0000", "NUL"],
  ["\u001b", "escape (terminal sequences)"],
  ["\r", "carriage return (rewrites a line)"],
  ["\u007f", "DEL"],
  ["\u0085", "next line (C1)"],
  ["\u009b", "control sequence introducer (C1)"],
  ["\u061c", "Arabic letter mark"],
  ["\u200b", "zero-width space"],
  ["\u200e", "left-to-right mark"],
  ["\u200f", "right-to-left mark"],
  ["\u2028", "line separator"],
  ["\u2029", "paragraph separator"],
  ["\u202a", "left-to-right embedding"],
  ["\u202e", "right-to-left override"],
  ["\u2060", "word joiner"],
  ["\u2066", "left-to-right isolate"],
  ["\u2069", "pop directional isolate"],
  ["\ufeff", "byte order mark"],
];

describe("printable text", () => {
  for (const [char, what] of acting) {
    it(`writes a ${what} as its \\u escape`, () => {
      const escape = `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
      assert.equal(printable(`a${char}b`), `a${escape}b`);
      assert.equal(printableLines(`a${char}b\n`), `a${escape}b\n`);
    });
  }

  it("escapes line ends and tabs in a value, keeps them in a whole message", () => {
    assert.equal(printable("a\nb\tc"), "a\\u000ab\\u0009c");
    assert.equal(printableLines("a\nb\tc"), "a\nb\tc");
  });

  it("leaves every other script alone: Hebrew, accents, CJK, emoji with joiners", () => {
    const text = 'שלום עולם בע"מ Café Müller 中文 👩‍💻 "quoted" \\ backslash';
    assert.equal(printable(text), text);
  });
});
