#!/bin/sh
# Runs a command with Node.js 22 or newer first on PATH. The package targets
# Node >= 22 (@pulumi/pulumi and undici need it); where the machine's node is
# older, a Node 22 from the npm registry is installed once into .tools/.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 22 ]; then
  tools="$root/.tools/node_modules/.bin"
  if [ ! -x "$tools/node" ] || [ "$("$tools/node" -p 'process.versions.node.split(".")[0]')" -lt 22 ]; then
    echo "node $(node --version 2>/dev/null || echo missing) is older than 22: installing Node 22 into .tools/ (once)" >&2
    npm install --prefix "$root/.tools" --no-save --no-audit --no-fund node@22 >&2
  fi
  PATH="$tools:$PATH"
  export PATH
fi
exec "$@"
