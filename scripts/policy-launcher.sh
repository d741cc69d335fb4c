#!/usr/bin/env bash
# policy-launcher.sh — make a Node.js policy pack runnable by a Pulumi CLI
# whose Node.js language host cannot run policy packs, and print the path to
# give `--policy-pack`.
#
# Usage:   pulumi preview --policy-pack "$(bash scripts/policy-launcher.sh PACK_DIR)"
#
# How the engine starts a policy pack (pkg/resource/plugin/analyzer_plugin.go,
# NewPolicyAnalyzer, v3.276): `--policy-pack DIR` asks the language host of
# the pack's runtime to run it (RunPlugin); `--policy-pack FILE`, an
# executable, is started as the analyzer plugin itself, with the engine's
# address as its one argument and the program's folder as working directory,
# and must print its gRPC port as the first line of stdout. The Node.js
# language host that scripts/pulumi-engine.sh builds (sdk/v3@v3.68.0, the
# newest the Go module proxy serves) answers RunPlugin with "not supported",
# so this writes PACK_DIR/run-policy-pack: an executable that does what the
# language host would, running @pulumi/pulumi's cmd/run-policy-pack from the
# pack's folder and node_modules. An official CLI needs none of this.
# Idempotent.
set -euo pipefail

PACK="$(cd "${1:?usage: policy-launcher.sh PACK_DIR}" && pwd)"
[[ -f "$PACK/PulumiPolicy.yaml" ]] || { echo "policy-launcher: no PulumiPolicy.yaml in $PACK" >&2; exit 1; }
LAUNCHER="$PACK/run-policy-pack"

tmp="$(mktemp "$PACK/.run-policy-pack.XXXXXX")"
cat > "$tmp" <<'SCRIPT'
#!/bin/sh
# Starts the policy pack in this folder for the Pulumi engine whose address is
# $1 (written by scripts/policy-launcher.sh of pulumi-99digital).
cd "$(dirname "$0")" || exit 1
entry=$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run-policy-pack"))') || entry=""
if [ -z "$entry" ]; then
  echo "run-policy-pack: cannot resolve @pulumi/pulumi/cmd/run-policy-pack from $(pwd): run npm install here" >&2
  exit 1
fi
exec node "$entry" "$1" .
SCRIPT
chmod +x "$tmp"
mv -f "$tmp" "$LAUNCHER"   # atomic: a concurrent run never sees half a script
echo "$LAUNCHER"
