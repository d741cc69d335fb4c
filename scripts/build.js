#!/usr/bin/env node
// Builds dist/ from a clean slate: tsc never deletes the output of a source that moved or was
// removed, and a stale declaration file next to a new folder of the same name would shadow it.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
fs.rmSync(path.join(root, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], {
  cwd: root,
  stdio: "inherit",
});
// The provider plugin serves its package schema from beside its code (plugin/main.ts).
fs.copyFileSync(
  path.join(root, "provider", "plugin", "schema.json"),
  path.join(root, "dist", "provider", "plugin", "schema.json"),
);
