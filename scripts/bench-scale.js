#!/usr/bin/env node
// The scale benchmark: builds dist/ (the engine's provider process loads the package from it),
// then runs bench/scale/index.ts under tsx. It needs a Pulumi engine (.tools/pulumi/bin or PATH)
// and takes minutes: N accounts through up, preview, refresh, update and destroy, four times.
//   node scripts/bench-scale.js [--n 100,1000] [--latency-ms 50] [--existing 2000] [--no-write]
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const steps = [
  [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"],
  ["--import", "tsx", path.join("bench", "scale", "index.ts"), ...process.argv.slice(2)],
];
for (const args of steps) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (result.error) {
    console.error(`bench-scale: could not run node: ${result.error.message}`);
    process.exit(1);
  }
  if (result.signal) console.error(`bench-scale: stopped by ${result.signal}`);
  if (result.status !== 0) process.exit(result.status ?? 1);
}
