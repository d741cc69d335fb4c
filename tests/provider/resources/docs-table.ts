// Holds a resource's docs page to its field table: every input is documented, with the change
// kind the table gives it, its default and its secrecy, and nothing else is.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Change, FieldRule, FieldTable } from "../../../provider/resources/fields";

/** The words each change kind has in a page's "on change" column. */
const changeWords: Record<Change, RegExp> = {
  inPlace: /^updated in place$/,
  stateOnly: /^kept in state$/,
  initialOnly: /^initial-only$/,
  replace: /^replaces the /,
};

export interface DocumentedInput {
  input: string;
  rule: string;
  onChange: string;
}

/** The rows of the first table under `## Inputs` in docs/<page>. */
export function documentedInputs(page: string): DocumentedInput[] {
  const text = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", page), "utf8");
  const section = text.split(/^## Inputs$/m)[1]?.split(/^## /m)[0] ?? "";
  return section
    .split("\n")
    .filter((line) => /^\|\s*`/.test(line))
    .map((line) => {
      const [input, rule, onChange] = line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim());
      return { input: input.replace(/`/g, ""), rule, onChange };
    });
}

export function assertDocsMatchTable<T>(page: string, table: FieldTable<T>): void {
  const rows = documentedInputs(page);
  const rules = Object.entries<FieldRule>(table);
  const documentable = rules.filter(([, rule]) => rule.internal !== true);
  assert.deepEqual(
    rows.map((r) => r.input).sort(),
    documentable.map(([key]) => key).sort(),
    `${page} documents exactly the inputs of the field table`,
  );
  for (const [key, rule] of documentable) {
    const row = rows.find((r) => r.input === key)!;
    assert.match(row.onChange, changeWords[rule.change], `${page}: ${key} "on change"`);
    if (rule.default !== undefined) {
      assert.ok(
        row.rule.includes(`\`${JSON.stringify(rule.default)}\` (default)`) ||
          row.rule.includes(`default \`${JSON.stringify(rule.default)}\``),
        `${page}: ${key} names its default ${JSON.stringify(rule.default)}`,
      );
    }
    assert.equal(/\bsecret\b/.test(row.rule), rule.secret === true, `${page}: ${key} secrecy`);
  }
}
