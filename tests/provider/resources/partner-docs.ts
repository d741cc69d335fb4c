// Reads a resource page's inputs table (docs/<page>, section "## Inputs": input | rule | on change)
// so that a test can hold it against the resource's field table.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { FieldRule } from "../../../provider/resources/fields";

export interface DocsRow {
  input: string;
  rule: string;
  change: string;
}

export function docsTable(page: string): DocsRow[] {
  const text = readFileSync(path.resolve(__dirname, "..", "..", "..", "docs", page), "utf8");
  const section = text.split(/^## Inputs$/m)[1]?.split(/^## /m)[0];
  if (section === undefined) throw new Error(`docs/${page} has no "## Inputs" section`);
  const rows = section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  const [header, , ...body] = rows;
  if (header?.join(",") !== "input,rule (checked at preview, one error per bad field),on change") {
    throw new Error(`docs/${page}: unexpected inputs table header ${JSON.stringify(header)}`);
  }
  return body.map(([input, rule, change]) => ({ input: input.replace(/`/g, ""), rule, change }));
}

/** The "on change" words for a rule; `noun` names the remote object, e.g. "webhook". */
export function expectedChange(rule: FieldRule, noun: string): string {
  switch (rule.change) {
    case "inPlace":
      return "updated in place";
    case "stateOnly":
      return "kept in state";
    case "initialOnly":
      return "initial-only";
    case "replace":
      return `replaces the ${noun}`;
  }
}

/** What the rule cell must say about a default and a secret, by the table. */
export function ruleCellProblems(row: DocsRow, rule: FieldRule): string[] {
  const problems: string[] = [];
  const saysDefault = /\(default\)/.test(row.rule);
  if (
    rule.default !== undefined &&
    !row.rule.includes(`${JSON.stringify(rule.default)}\` (default)`)
  )
    problems.push(`${row.input}: the rule should give the default ${JSON.stringify(rule.default)}`);
  if (rule.default === undefined && saysDefault) problems.push(`${row.input}: has no default`);
  if ((rule.secret === true) !== /\bsecret\b/.test(row.rule))
    problems.push(`${row.input}: secret is ${rule.secret === true}`);
  return problems;
}
