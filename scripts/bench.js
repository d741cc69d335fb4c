#!/usr/bin/env node
// The benchmark command: runs bench/index.ts under tsx from the repository root and passes its
// exit status on. The figures go to stdout and to docs/benchmarks.md.
//   node scripts/bench.js [--no-write] [scenario ...]   (npm run bench -- ...)
//   node scripts/bench.js scale [options]               (npm run bench -- scale: through the
//                                                        real engine, see scripts/bench-scale.js)
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const [first, ...rest] = process.argv.slice(2);
const argv =
  first === "scale"
    ? [path.join(__dirname, "bench-scale.js"), ...rest]
    : ["--import", "tsx", path.join("bench", "index.ts"), ...process.argv.slice(2)];
const result = spawnSync(process.execPath, argv, { cwd: root, stdio: "inherit" });
if (result.error) {
  console.error(`bench: could not run node: ${result.error.message}`);
  process.exit(1);
}
if (result.signal) console.error(`bench: stopped by ${result.signal}`);
process.exit(result.status ?? 1);
