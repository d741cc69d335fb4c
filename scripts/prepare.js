#!/usr/bin/env node
// Runs after `npm ci` / `npm install` in a clone: builds dist/ and links the
// package into its own node_modules. Pulumi's provider host resolves the
// serialized provider's `require("pulumi-99digital/...")` from the program's
// directory, so this repository's own programs (the root Pulumi.yaml,
// examples/) need the package installed there just as users have it.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const nodeModules = path.join(root, "node_modules");
if (!fs.existsSync(path.join(root, "tsconfig.json")) || !fs.existsSync(nodeModules)) {
  // Installed as a dependency or packed: dist/ ships prebuilt; nothing to do.
  process.exit(0);
}

execFileSync(process.execPath, [path.join(__dirname, "build.js")], { cwd: root, stdio: "inherit" });

const link = path.join(nodeModules, "pulumi-99digital");
let current;
try {
  current = fs.readlinkSync(link);
} catch {
  current = undefined;
}
if (current !== "..") {
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync("..", link, "dir");
}
