#!/usr/bin/env node
// The test command: builds dist/ (the provider host loads the serialized
// provider's implementation from it), finds a Pulumi engine for the
// end-to-end level, then runs every level with mocha.
//   node scripts/test.js [--coverage] [--level unit|provider|host|program|engine|gitops] [mocha args]
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const coverage = takeFlag(args, "--coverage");
const level = takeOption(args, "--level");

const levels = {
  unit: [
    "tests/provider/client/**/*.test.ts",
    "tests/provider/*.test.ts",
    "tests/simulator/**/*.test.ts",
    "tests/scripts/**/*.test.ts",
    "tests/suite/**/*.test.ts",
  ],
  provider: [
    "tests/provider/resources/**/*.test.ts",
    "tests/provider/cli/**/*.test.ts",
    "tests/provider/functions/**/*.test.ts",
    "tests/provider/plugin/**/*.test.ts",
    "tests/contract/**/*.test.ts",
  ],
  host: ["tests/harness/**/*.test.ts"],
  program: ["tests/examples/**/*.test.ts"],
  engine: ["tests/engine/**/*.test.ts"],
  gitops: ["tests/gitops/**/*.test.ts", "tests/policy/**/*.test.ts"],
};
if (level && !levels[level]) {
  console.error(`unknown --level ${level}; one of: ${Object.keys(levels).join(", ")}`);
  process.exit(2);
}

run(process.execPath, [path.join(__dirname, "build.js")]);

const env = { ...process.env };
const engineDir = findEngine();
if (engineDir) env.PATH = `${engineDir}${path.delimiter}${env.PATH}`;

// Paths given to mocha add to a configured spec, so the spec lives here.
const spec = level ? levels[level] : Object.values(levels).flat();
const mocha = [require.resolve("mocha/bin/mocha.js"), ...spec, ...args];
if (coverage) {
  run(
    process.execPath,
    [
      require.resolve("c8/bin/c8.js"),
      "--reporter=text-summary",
      "--reporter=html",
      process.execPath,
      ...mocha,
    ],
    env,
  );
} else {
  run(process.execPath, mocha, env);
}

function findEngine() {
  const cached = path.join(root, ".tools", "pulumi", "bin");
  if (fs.existsSync(path.join(cached, "pulumi"))) return cached;
  // The engine tests look on PATH and say loudly when they skip (which fails
  // the run in CI: .mocharc.js).
  return undefined;
}

function run(cmd, argv, runEnv = process.env) {
  const result = spawnSync(cmd, argv, { cwd: root, stdio: "inherit", env: runEnv });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function takeFlag(list, name) {
  const i = list.indexOf(name);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

function takeOption(list, name) {
  const i = list.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = list.splice(i, 2);
  return value;
}
