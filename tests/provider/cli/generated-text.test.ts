// The files adopt writes hold names from the API and patterns from the command line. Nothing in
// them may act instead of showing: end a comment, reorder what a reviewer reads, drive a
// terminal. And what a name holds must still reach the program unchanged.
import assert from "node:assert/strict";
import type { AccountSummary } from "../../../provider/client";
import { renderImportFile } from "../../../provider/cli/import-file";
import { renderProgram, type NamedAccount } from "../../../provider/cli/render-program";
import { ACTING, declared } from "./helpers";

const hostileNames = [
  "Acme\u202e\u2066 // admin\u2069\u2066",
  "\u001b[2J\u001b]0;title\u0007Red",
  "Line\u2028Separator",
  "Para\u2029graph",
  "Next\u0085Line",
  "Zero\u200bWidth",
  "Tab\there\r\nand CRLF",
];

const account = (accountName: string, i: number): NamedAccount => ({
  account: {
    accountId: String(i + 1),
    accountName,
    server: "online",
    status: "active",
    reference: `ref${i}\u202e`,
    createdAt: 0,
  } satisfies AccountSummary,
  name: `account${i}`,
});

describe("adopt's generated files", () => {
  it("a --name holding a line separator cannot put code into the module's header", () => {
    for (const separator of ["\u2028", "\u2029"]) {
      const text = renderProgram(
        [],
        ["--name", `x${separator}throw new Error("injected");${separator}//`],
      );
      // Evaluating the module runs no code from the pattern.
      assert.deepEqual(declared(text), []);
      assert.doesNotMatch(text, ACTING);
      const header = text.split("\n").slice(0, 5);
      assert.ok(
        header.every((line) => line.startsWith("//")),
        header.join("\n"),
      );
      assert.match(header[1], /--name 'x\\u202[89]throw new Error\("injected"\);\\u202[89]\/\/'/);
    }
  });

  it("escapes control, bidi and invisible characters of names, which read back unchanged", () => {
    const accounts = hostileNames.map(account);
    const text = renderProgram(accounts, ["--name", "*\u202e"]);
    assert.doesNotMatch(text, ACTING);
    assert.deepEqual(
      declared(text).map((d) => [d.args.accountName, d.args.reference]),
      accounts.map(({ account: a }) => [a.accountName, a.reference]),
    );
  });

  it("does the same in the pulumi import document, which JSON reads back unchanged", () => {
    const accounts = hostileNames.map(account);
    const text = renderImportFile(accounts);
    assert.doesNotMatch(text, ACTING);
    const parsed = JSON.parse(text) as {
      resources: Array<{ inputs: { accountName: string; reference: string } }>;
    };
    assert.deepEqual(
      parsed.resources.map((r) => [r.inputs.accountName, r.inputs.reference]),
      accounts.map(({ account: a }) => [a.accountName, a.reference]),
    );
  });
});
