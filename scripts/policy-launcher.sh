#!/usr/bin/env bash
# policy-launcher.sh — give a Pulumi CLI built from Go modules the plugin that
# runs Node.js policy packs, and print the directory it is in.
#
# Usage:   bash scripts/policy-launcher.sh [DIR]
#          DIR: the directory holding `pulumi` (default: <repo>/.tools/pulumi/bin,
#          which scripts/pulumi-engine.sh fills)
#
# The engine starts `pulumi-analyzer-policy` (found beside `pulumi` or on
# PATH) in the policy pack's folder, with the engine's address and "." as
# arguments, and reads the port of the pack's gRPC server from its stdout.
# The official CLI distribution ships it as a script that runs
# @pulumi/pulumi's cmd/run-policy-pack from the pack's node_modules; a CLI
# built from Go modules has none, so this writes an equivalent one. An
# existing plugin (an official CLI's) is left alone. Idempotent.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-$REPO/.tools/pulumi/bin}"
PLUGIN="$DIR/pulumi-analyzer-policy"
MARK="written by scripts/policy-launcher.sh"

[[ -x "$DIR/pulumi" ]] || { echo "policy-launcher: no pulumi in $DIR" >&2; exit 1; }

if [[ -x "$PLUGIN" ]] && ! grep -q "$MARK" "$PLUGIN" 2>/dev/null; then
  echo "$DIR"   # the CLI's own plugin
  exit 0
fi

tmp="$(mktemp "$DIR/.pulumi-analyzer-policy.XXXXXX")"
cat > "$tmp" <<SCRIPT
#!/bin/sh
# Policy-pack plugin for Pulumi ($MARK):
# runs @pulumi/pulumi's run-policy-pack, resolved from the policy pack's
# folder (the engine's working directory for this plugin).
entry=\$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run-policy-pack"))') || entry=""
if [ -z "\$entry" ]; then
  echo "pulumi-analyzer-policy: cannot resolve @pulumi/pulumi/cmd/run-policy-pack from \$(pwd): run npm install in the policy pack's folder" >&2
  exit 1
fi
exec node "\$entry" "\$@"
SCRIPT
chmod +x "$tmp"
mv -f "$tmp" "$PLUGIN"   # atomic: a concurrent run never sees half a script
echo "$DIR"
