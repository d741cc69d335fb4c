// Each resource page's inputs table says what the field table does: how a change applies, the
// default and whether the field is secret. A field added, renamed or changed in one place and
// not the other fails here.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { fields as builderFields } from "../../../provider/resources/builder/schema";
import type { Change, FieldRule } from "../../../provider/resources/fields";
import { fields as inboxFields } from "../../../provider/resources/whatsapp-inbox/schema";

const docs = path.resolve(__dirname, "..", "..", "..", "docs");

/** The "on change" wording of each change kind; `noun` is the resource's object. */
function onChange(change: Change, noun: string): string {
  return {
    replace: `replaces the ${noun}`,
    inPlace: "updated in place",
    stateOnly: "kept in state",
    initialOnly: "initial-only",
  }[change];
}

/** The rows of the table under "## Inputs": field name → [rule, on change]. */
function inputsTable(page: string): Map<string, { rule: string; change: string }> {
  const text = fs.readFileSync(path.join(docs, page), "utf8");
  const section = text.split(/^## Inputs$/m)[1]?.split(/^## /m)[0] ?? "";
  const rows = new Map<string, { rule: string; change: string }>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const field = /^`(\w+)`$/.exec(cells[1] ?? "")?.[1];
    if (field) rows.set(field, { rule: cells[2], change: cells[3] });
  }
  return rows;
}

const pages: Array<{ page: string; noun: string; table: Record<string, FieldRule> }> = [
  { page: "builder.md", noun: "builder", table: builderFields },
  { page: "whatsapp-inbox.md", noun: "inbox", table: inboxFields },
];

for (const { page, noun, table } of pages) {
  describe(`docs/${page} inputs table`, () => {
    const rows = inputsTable(page);
    const inputs = Object.entries(table).filter(([, rule]) => rule.internal !== true);

    it("lists every input of the field table, and nothing else", () => {
      assert.deepEqual([...rows.keys()].sort(), inputs.map(([field]) => field).sort());
    });

    for (const [field, rule] of inputs) {
      it(`${field}: how a change applies, its default and its secrecy match the field table`, () => {
        const row = rows.get(field);
        assert.ok(row, `${field} has a row`);
        assert.equal(row.change, onChange(rule.change, noun));
        if (rule.default !== undefined) {
          assert.ok(
            row.rule.includes(`default \`${JSON.stringify(rule.default)}\``),
            `${field}'s rule names its default ${JSON.stringify(rule.default)}: ${row.rule}`,
          );
        } else {
          assert.ok(!/\bdefault\b/.test(row.rule), `${field} has no default: ${row.rule}`);
        }
        assert.equal(/\bsecret\b/.test(row.rule), rule.secret === true, `${field}'s secrecy`);
      });
    }
  });
}
