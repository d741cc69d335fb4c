#!/usr/bin/env node
// `npm run plugin`: builds the provider plugin pulumi-resource-digital99 as the tarball that
// `pulumi plugin install resource digital99 <version> -f <tarball>` takes, in dist/plugin/:
// a launcher, the built code with its schema.json, and the production node_modules, copied
// (never linked: the engine's installer refuses links that point outside the plugin).
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
// The launcher is a POSIX shell script: Linux and macOS only.
const goOs = { linux: "linux", darwin: "darwin" }[process.platform];
if (!goOs) {
  console.error(
    `plugin: the launcher is a shell script; pack on Linux or macOS, not ${process.platform}`,
  );
  process.exit(1);
}
const goArch = { x64: "amd64", arm64: "arm64" }[process.arch] ?? process.arch;
const name = `pulumi-resource-digital99-v${pkg.version}-${goOs}-${goArch}.tar.gz`;
const outDir = path.join(root, "dist", "plugin");
const stage = path.join(outDir, "stage");

if (!process.argv.includes("--no-build")) {
  execFileSync(process.execPath, [path.join(root, "scripts", "build.js")], { stdio: "inherit" });
}
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(stage, { recursive: true });

fs.cpSync(path.join(root, "dist", "provider"), path.join(stage, "dist", "provider"), {
  recursive: true,
  filter: (source) => !source.endsWith(".map"),
});
fs.writeFileSync(
  path.join(stage, "package.json"),
  JSON.stringify(
    {
      name: "pulumi-resource-digital99",
      version: pkg.version,
      private: true,
      license: pkg.license,
    },
    null,
    2,
  ),
);

// The production dependencies: every package the lockfile does not mark as needed for
// development only (the package's link to itself, scripts/prepare.js, is no dependency), that
// is installed here (optional ones for other platforms are not).
const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
const listed = Object.entries(lock.packages)
  // devOptional: a development dependency that is also an optional peer of a production one
  // (TypeScript, for @pulumi/pulumi's program runner): the plugin runs no program.
  .filter(
    ([key, entry]) =>
      key.startsWith("node_modules/") && !entry.dev && !entry.devOptional && !entry.link,
  )
  .map(([key]) => path.join(root, key))
  .filter((dir) => fs.existsSync(dir))
  .sort();
let copied = 0;
let last;
for (const dir of listed) {
  if (last && dir.startsWith(last + path.sep)) continue; // copied with its parent
  fs.cpSync(dir, path.join(stage, path.relative(root, dir)), {
    recursive: true,
    dereference: true,
    // Command links point outside the package; the plugin runs none of them.
    filter: (source) => path.basename(source) !== ".bin",
  });
  last = dir;
  copied += 1;
}

const launcher = path.join(stage, "pulumi-resource-digital99");
fs.writeFileSync(
  launcher,
  `#!/bin/sh
# pulumi-resource-digital99 ${pkg.version}: runs the plugin with the node on PATH (Node.js 22 or newer).
dir=$(cd "$(dirname "$0")" && pwd)
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 22 ]; then
  echo "pulumi-resource-digital99: needs Node.js 22 or newer on PATH (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi
exec node "$dir/dist/provider/plugin/main.js" "$@"
`,
  { mode: 0o755 },
);

const tarball = path.join(outDir, name);
// The stage holds copies only (no links of any kind), which is what the engine's installer takes.
execFileSync("tar", ["-czf", tarball, "-C", stage, "."], { stdio: "inherit" });
fs.rmSync(stage, { recursive: true, force: true });
const size = (fs.statSync(tarball).size / 1024 / 1024).toFixed(1);
console.log(`plugin: ${path.relative(root, tarball)} (${size} MiB, ${copied} packages)`);
console.log(path.relative(root, tarball));
