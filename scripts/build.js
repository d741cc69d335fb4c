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
markBinsExecutable();

/**
 * tsc writes every file without the execute bit. npm sets it when it installs the package, but
 * in a clone `npx <bin>` links the bins into npm's exec cache once and never sets the bit again,
 * so every rebuild would leave them "Permission denied".
 */
function markBinsExecutable() {
  const { bin } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  for (const [name, target] of Object.entries(bin ?? {})) {
    const file = path.join(root, target);
    if (!fs.readFileSync(file, "utf8").startsWith("#!/usr/bin/env node\n")) {
      throw new Error(`bin ${name} (${target}) must start with "#!/usr/bin/env node"`);
    }
    fs.chmodSync(file, 0o755);
  }
}
