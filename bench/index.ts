// The benchmarks: each scenario starts its own simulator, measures, and returns a section; the
// sections are printed as they finish and written to docs/benchmarks.md. Figures, not pass/fail
// timings: only the checks (properties that hold on any machine) decide the exit status.
//   node --import tsx bench/index.ts [--no-write] [scenario ...]   (npm run bench -- ...)

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  documentMarkdown,
  factsMarkdown,
  machineFacts,
  sectionMarkdown,
  type Section,
} from "./lib/report";
import { scalePart, withScalePart } from "./lib/generated-part";
import { concurrency } from "./scenarios/concurrency";
import { keepAlive } from "./scenarios/keep-alive";
import { providerCreates } from "./scenarios/provider";
import { retries } from "./scenarios/retries";
import { tokenSingleFlight } from "./scenarios/token";

const scenarios: Record<string, () => Promise<Section>> = {
  "keep-alive": keepAlive,
  concurrency,
  token: tokenSingleFlight,
  retries,
  provider: providerCreates,
};

/** Far above a normal run (about 30 s): only a hang gets here. */
const HARD_LIMIT_MS = 180_000;
const DOC = path.join(__dirname, "..", "docs", "benchmarks.md");

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const noWrite = args.includes("--no-write");
  const named = args.filter((a) => !a.startsWith("--"));
  const unknown = named.filter((n) => !(n in scenarios));
  if (unknown.length > 0 || args.some((a) => a.startsWith("--") && a !== "--no-write")) {
    console.error(
      `usage: npm run bench -- [--no-write] [scenario ...]; scenarios: ${Object.keys(scenarios).join(", ")}`,
    );
    return 2;
  }
  const chosen = named.length > 0 ? named : Object.keys(scenarios);

  const watchdog = setTimeout(() => {
    console.error(`bench: still running after ${HARD_LIMIT_MS / 1000} s; giving up`);
    process.exit(1);
  }, HARD_LIMIT_MS);
  watchdog.unref();

  const facts = machineFacts();
  console.log(`${factsMarkdown(facts)}\n`);
  const started = performance.now();
  const sections: Section[] = [];
  for (const name of chosen) {
    const t0 = performance.now();
    const section = await scenarios[name]();
    sections.push(section);
    console.log(sectionMarkdown(section));
    console.log(`\n(${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  const totalMs = performance.now() - started;

  if (noWrite || named.length > 0) {
    console.log("docs/benchmarks.md not written (--no-write or a subset of scenarios)");
  } else {
    // The scale benchmark's part is another script's figures: keep it.
    const scale = existsSync(DOC) ? scalePart(readFileSync(DOC, "utf8")) : "";
    const doc = documentMarkdown(facts, sections, totalMs);
    writeFileSync(DOC, scale === "" ? doc : withScalePart(doc, scale));
    console.log(`wrote docs/benchmarks.md (${(totalMs / 1000).toFixed(1)} s in all)`);
  }
  const failed = sections.flatMap((s) => s.checks.filter((c) => !c.ok));
  for (const c of failed) console.error(`check failed: ${c.label}`);
  return failed.length > 0 ? 1 : 0;
}

function finish(code: number): void {
  process.exitCode = code;
  // Everything is closed by now; should a handle linger anyway, do not wait for it.
  setTimeout(() => process.exit(code), 2_000).unref();
}

main().then(finish, (error: unknown) => {
  console.error("bench failed:", error);
  finish(1);
});
