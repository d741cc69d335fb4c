#!/usr/bin/env node
// The benchmark command: runs bench/index.ts under tsx from the repository root and passes its
// exit status on. The figures go to stdout and to docs/benchmarks.md.
//   node scripts/bench.js [--no-write] [scenario ...]   (npm run bench -- ...)
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", path.join("bench", "index.ts"), ...process.argv.slice(2)],
  { cwd: root, stdio: "inherit" },
);
if (result.error) {
  console.error(`bench: could not run node: ${result.error.message}`);
  process.exit(1);
}
if (result.signal) console.error(`bench: stopped by ${result.signal}`);
process.exit(result.status ?? 1);
